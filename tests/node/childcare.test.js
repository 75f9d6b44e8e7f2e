// "Find childcare" on /childcare/ at phone size (390x844) in Chromium, used with the keyboard:
// a child's age, the funded hours wanted and a postcode narrow the providers to the ones the
// content says they should, the counts beside each choice follow, and nothing leaves the
// page. The expected providers are worked out here from content/childcare/*.md and
// content/postcodes.yaml, not from the data file the script reads.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, watch } from './serve.js';

const PHONE = { width: 390, height: 844 };
const REPO = path.resolve(import.meta.dirname, '../..');
let server;
let browser;

before(async () => {
  server = await startServer(SITE_DIR);
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Ages as the content writes them ("9 months", 4) in months; "to 4" takes a child of four.
function months(v) {
  const m = /^(\d+) months?$/.exec(String(v).trim());
  return m ? +m[1] : +v * 12;
}
function upper(v) {
  const n = months(v);
  return n >= 24 && n % 12 === 0 ? n + 11 : n;
}
const round4 = (x) => Math.round(x * 1e4) / 1e4;
function miles(a, b) {
  const r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const postcodes = new Map(
  YAML.parse(fs.readFileSync(path.join(REPO, 'content/postcodes.yaml'), 'utf8')).postcodes
    .map((p) => [p.code, { lat: round4(p.latitude), lon: round4(p.longitude) }]),
);
const district = (pc) => pc.replace(/\s+/g, '').slice(0, -3).toUpperCase();

// Each provider with its place as it may be published: a childminder's or home
// childcarer's home without consent is the centre of its postcode district.
const providers = fs.readdirSync(path.join(REPO, 'content/childcare')).filter((f) => f.endsWith('.md')).map((f) => {
  const p = YAML.parse(fs.readFileSync(path.join(REPO, 'content/childcare', f), 'utf8').split('---\n')[1]);
  const home = ['childminder', 'home-childcarer'].includes(p.type);
  const own = p.latitude != null && (!home || p.address_consent === true);
  p.place = own ? { lat: round4(p.latitude), lon: round4(p.longitude) } : postcodes.get(district(p.postcode));
  p.from = months(p.ages.from);
  p.to = upper(p.ages.to);
  return p;
});

test('age, funded hours and a postcode narrow Find childcare to the providers the content says', async () => {
  const age = 10; // 0 years and 10 months: working-parent hours start at 9 months
  const wanted = 'working-parents-under-3';
  const typed = 'MB7 4AB', within = 2;
  const home = postcodes.get('MB7 4');
  const byAge = providers.filter((p) => p.from <= age && age <= p.to);
  const byFunded = byAge.filter((p) => (p.funded || []).includes(wanted));
  const near = byFunded.filter((p) => p.place && miles(home, p.place) <= within);
  // The scenario must narrow at each step, or the test proves nothing.
  assert.ok(byAge.length < providers.length && byFunded.length < byAge.length, 'age and funded hours each narrow');
  assert.ok(near.length > 0 && near.length < byFunded.length, `the postcode narrows (${near.length} of ${byFunded.length})`);

  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  await page.goto(server.url + '/childcare/');
  const finder = page.locator('.finder');
  await finder.waitFor({ state: 'visible' });
  const status = page.locator('[data-status]');
  const count = (id) => page.locator(`label[for="${id}"] [data-count]`).textContent();
  const titles = async () => (await page.locator('[data-results] .card__title').allTextContents()).map((s) => s.trim());

  // Everything is listed before a choice, with counts beside each choice.
  assert.equal((await titles()).length, providers.length);
  assert.equal(await count(`cf-funded-${wanted}`), `(${providers.filter((p) => (p.funded || []).includes(wanted)).length})`);

  // A 9-year-old: not the nurseries, nor the childminders who take children up to 8.
  const nine = providers.filter((p) => p.from <= 108 && 108 <= p.to);
  assert.ok(nine.length > 0 && providers.some((p) => p.from <= 108 && p.to < 108), 'the upper age matters');
  await page.locator('#cf-years').fill('9');
  await page.waitForFunction((n) => document.querySelectorAll('[data-results] .card').length === n, nine.length);
  assert.deepEqual((await titles()).sort(), nine.map((p) => p.name).sort(), 'a 9-year-old');
  await page.locator('#cf-years').fill('');

  // The keyboard only: years, Tab to months, then Tab to the funded hours boxes.
  await page.locator('#cf-years').focus();
  await page.keyboard.type('0');
  await page.keyboard.press('Tab');
  await page.keyboard.type(String(age));
  await page.waitForFunction((n) => document.querySelectorAll('[data-results] .card').length === n, byAge.length);
  assert.deepEqual((await titles()).sort(), byAge.map((p) => p.name).sort(), 'the age alone');
  // The count beside the funded hours now counts only providers that take a child this age.
  assert.equal(await count(`cf-funded-${wanted}`), `(${byFunded.length})`);
  assert.match(await status.textContent(), new RegExp(`: ${byAge.length}$`));

  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.value), wanted, 'Tab reaches the second funded hours box');
  await page.keyboard.press('Space');
  await page.waitForFunction((n) => document.querySelectorAll('[data-results] .card').length === n, byFunded.length);

  await page.locator('#cf-within').selectOption(String(within));
  await page.locator('#cf-postcode').focus();
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /MB7 4AB/.test(document.querySelector('[data-status]').textContent));
  const shown = await titles();
  assert.deepEqual([...shown].sort(), near.map((p) => p.name).sort(), 'age, funded hours and postcode');
  // Nearest first, each with its distance and the facts a parent asks first.
  const nearest = [...near].sort((a, b) => miles(home, a.place) - miles(home, b.place))[0];
  assert.equal(shown[0], nearest.name);
  const first = page.locator('[data-results] .card').first();
  assert.match(await first.locator('.distance').textContent(), /mile/);
  for (const label of ['Ages', 'Hours', 'Funded hours', 'Vacancies']) {
    assert.equal(await first.locator('dt').filter({ hasText: new RegExp(`^${label}$`) }).count(), 1, `${label} on the card`);
  }
  assert.match(await status.textContent(), new RegExp(`: ${near.length} Nearest to MB7 4AB first\\.$`));

  // A postcode not in the table says so and sorts nothing.
  await page.locator('#cf-postcode').fill('ZZ9 9ZZ');
  await page.keyboard.press('Enter');
  await page.locator('[data-error-for="postcode"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#cf-postcode').getAttribute('aria-invalid'), 'true');

  // "Clear all choices" brings every provider back.
  await page.locator('[data-clear]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-results] .card').length === n, providers.length);
  assert.deepEqual(problems, [], 'no errors and no request leaves the site');
  await context.close();
});

test('without JavaScript the page keeps its lists by area and type, and no finder', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + '/childcare/');
  assert.equal(await page.locator('.finder').isVisible(), false);
  assert.ok((await page.locator('a[href*="/childcare/areas/"]').count()) >= 4);
  assert.ok((await page.locator('a[href*="/childcare/types/"]').count()) >= 5);
  await context.close();
});
