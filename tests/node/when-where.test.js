// "Open today" and "near me" in a real browser, on the built sample served with netlify.toml's
// headers. The clock is fixed and the browser is put in New York, so every "open" line is
// proved to be worked out in UK time. Postcodes and locations never leave the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, watch } from './serve.js';

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

/**
 * A browser context at UK time `uk` (an ISO instant), in New York's time zone, that records
 * errors and any request leaving the site. `options` go to newContext (geolocation...).
 */
async function open(uk, options = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', timezoneId: 'America/New_York', ...options });
  const page = await context.newPage();
  if (uk) await page.clock.setFixedTime(new Date(uk));
  const problems = await watch(context, page, server.url);
  return { context, page, problems };
}

async function openLine(page, url) {
  await page.goto(server.url + url);
  const line = page.locator('.when-now').first();
  await line.waitFor();
  return (await line.textContent()).trim();
}

// Central Stay and Play: Mondays 09:30 to 11:00 and Thursdays 13:30 to 15:00, term time only.
const STAY_AND_PLAY = '/services/central-stay-and-play/';

test('a service page says when it is open, in UK time, aware of terms and bank holidays', async () => {
  for (const [uk, expect, why] of [
    // 14:00 in the UK is 09:00 in New York, before the session: UK time must win.
    ['2026-11-26T14:00:00Z', 'Open now until 15:00', 'during Thursday\'s session'],
    ['2026-11-26T12:00:00Z', 'Open today 13:30 to 15:00', 'Thursday morning'],
    ['2026-11-24T10:00:00Z', 'Next session Thursday 13:30', 'a Tuesday, no session'],
    ['2026-11-26T15:30:00Z', 'Next session Monday 09:30', 'after Thursday\'s session'],
    ['2026-10-26T09:45:00Z', 'Not on today (school holiday). Next session Monday 2 November, 09:30', 'half term'],
    ['2027-05-03T09:45:00Z', 'Not on today (bank holiday). Next session Thursday 13:30', 'a bank holiday in term'],
    // British Summer Time: 08:45 UTC is 09:45 in the UK.
    ['2027-05-10T08:45:00Z', 'Open now until 11:00', 'in summer time'],
  ]) {
    const { context, page, problems } = await open(uk);
    assert.equal(await openLine(page, STAY_AND_PLAY), expect, why);
    assert.deepEqual(problems, [], why);
    await context.close();
  }
});

test('without JavaScript the schedule is still written out', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + STAY_AND_PLAY);
  assert.equal(await page.locator('.when-now').isVisible(), false, 'no empty line');
  assert.match(await page.locator('#when + .sessions').textContent(), /Mondays, 09:30 to 11:00, term time only/);
  await context.close();
});

test('a paused service says so, and a hub shows whether it is open', async () => {
  const { context, page, problems } = await open('2026-11-28T10:00:00Z'); // a Saturday
  await page.goto(server.url + '/hubs/central-family-hub/');
  assert.equal((await page.locator('#opening ~ .when-now').textContent()).trim(), 'Open now until 12:30');
  await page.clock.setFixedTime(new Date('2026-11-28T13:00:00Z'));
  await page.reload();
  assert.equal((await page.locator('#opening ~ .when-now').textContent()).trim(), 'Closed now. Opens Monday 08:30');
  const href = '/services/dads-walk-and-talk/';
  assert.equal(await openLine(page, href), 'Paused at the moment');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the "Open today" filter keeps what is on now or later today, and its count is what is shown', async () => {
  const { context, page, problems } = await open('2026-11-26T10:00:00Z'); // Thursday, term time
  await page.goto(server.url + '/search/');
  await page.locator('#search-results details[data-group="when"]').waitFor();
  await page.locator('details[data-group="when"] summary').click();
  await page.locator('details[data-group="when"] input[value="today"]').check();
  await page.waitForFunction(() => /^\d+ services? match the filters/.test(document.querySelector('.search-status').textContent));
  const label = page.locator('details[data-group="when"] label');
  await page.waitForFunction(() => /\(\d+\)/.test(document.querySelector('details[data-group="when"] label').textContent));
  const count = Number((await label.textContent()).match(/\((\d+)\)/)[1]);
  const status = Number((await page.locator('.search-status').textContent()).match(/^\d+/)[0]);
  assert.equal(status, count, 'the count beside the filter is the number of results');
  assert.ok(count > 3, `some services are open on a term-time Thursday (${count})`);
  while (await page.locator('button', { hasText: 'Show more results' }).isVisible()) {
    await page.locator('button', { hasText: 'Show more results' }).click();
  }
  await page.waitForFunction((n) => document.querySelectorAll('.results .card').length === n, count);
  const lines = await page.locator('.results .card .when-now').allTextContents();
  assert.equal(lines.length, count, 'every result says when');
  for (const l of lines) assert.match(l, /^Open (now until|today) \d\d:\d\d/);
  assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('when'), 'today', 'in the address');

  // On Christmas Day nothing regular is open.
  await page.clock.setFixedTime(new Date('2026-12-25T10:00:00Z'));
  await page.reload();
  await page.waitForFunction(() => /No services match/.test(document.querySelector('.search-status')?.textContent ?? ''));
  assert.deepEqual(problems, []);
  await context.close();
});

/** Distance in miles, written here independently of the site's script. */
function haversine(a, b) {
  const r = Math.PI / 180;
  const h = Math.sin(((b[0] - a[0]) * r) / 2) ** 2 + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.sin(((b[1] - a[1]) * r) / 2) ** 2;
  return 2 * 3958.8 * Math.asin(Math.sqrt(h));
}

async function postcodeTable(page) {
  const data = JSON.parse(await page.locator('#when-where-data').textContent());
  return JSON.parse(await readFile(path.join(SITE_DIR, data.postcodes), 'utf8'));
}

test('a postcode sorts the family hubs by distance and shows the miles', async () => {
  const { context, page, problems } = await open('2026-11-26T10:00:00Z');
  await page.goto(server.url + '/hubs/');
  const hubs = await page.locator('.hub-area .card').evaluateAll((cards) =>
    cards.map((c) => ({ name: c.querySelector('.card__title').textContent.trim(), at: [+c.dataset.lat, +c.dataset.lon] })));
  const table = await postcodeTable(page);
  await page.getByLabel('Your postcode').fill('  mb2 5ht ');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.locator('.distance').first().waitFor();
  const from = table['MB2 5'];
  const want = hubs.map((h) => ({ ...h, miles: haversine(from, h.at) })).sort((a, b) => a.miles - b.miles);
  const shown = await page.locator('ol[aria-label="Family hubs, nearest first"] .card').evaluateAll((cards) =>
    cards.map((c) => [c.querySelector('.card__title').textContent.trim(), c.querySelector('.distance').textContent]));
  assert.deepEqual(shown.map((s) => s[0]), want.map((h) => h.name), 'nearest first');
  assert.deepEqual(shown.map((s) => s[1]), want.map((h) => `${h.miles.toFixed(1)} miles away`));
  assert.ok(want[0].miles < 1 && want.at(-1).miles > 3, 'a spread of distances');
  assert.equal(await page.locator('.hub-area').first().isVisible(), false, 'the lists by area are hidden');
  assert.match(await page.locator('.nearby__status').textContent(), /^Sorted by distance from MB2 5HT\. The nearest family hub is /);

  // A district alone works; a postcode outside the table says so, and focus returns to the box.
  await page.getByLabel('Your postcode').fill('MB7');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.waitForFunction(() => document.querySelector('.nearby__status').textContent.includes('from MB7.'));
  await page.getByLabel('Your postcode').fill('mb99zz');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.waitForFunction(() => document.querySelector('.nearby__status').textContent.startsWith('We could'));
  assert.equal(await page.locator('.nearby__status').textContent(), 'We could not find MB9 9ZZ. Check it, or try the first part, like MB1.');
  assert.equal(await page.evaluate(() => document.activeElement.id), await page.getByLabel('Your postcode').getAttribute('id'));

  await page.getByRole('button', { name: 'Clear distance' }).click();
  assert.equal(await page.locator('.hub-area').first().isVisible(), true, 'back to the lists by area');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Use my location" sorts by distance when allowed and explains when it is not', async () => {
  // Beside the Canal Quarter hub's building.
  const here = { latitude: 53.0466, longitude: -1.3335 };
  const { context, page, problems } = await open('2026-11-26T10:00:00Z', { geolocation: here, permissions: ['geolocation'] });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + '/hubs/');
  await page.getByRole('button', { name: 'Use my location' }).click();
  await page.locator('.distance').first().waitFor();
  const first = await page.locator('ol[aria-label="Family hubs, nearest first"] .card').first();
  const at = [Number(await first.getAttribute('data-lat')), Number(await first.getAttribute('data-lon'))];
  assert.equal(await first.locator('.distance').textContent(), `${haversine([here.latitude, here.longitude], at).toFixed(1)} miles away`);
  assert.match(await page.locator('.nearby__status').textContent(), /^Sorted by distance from your location\./);
  assert.ok(!requests.some((u) => u.includes('53.04') || u.includes('1.33')), 'the location was sent');
  assert.deepEqual(problems, []);
  await context.close();

  const denied = await open('2026-11-26T10:00:00Z', { geolocation: here, permissions: [] });
  await denied.page.goto(server.url + '/hubs/');
  await denied.page.getByRole('button', { name: 'Use my location' }).click();
  await denied.page.waitForFunction(() => document.querySelector('.nearby__status').textContent.includes('not shared'));
  assert.equal(
    await denied.page.locator('.nearby__status').textContent(),
    'Your location was not shared, so we cannot sort by distance. You can type your postcode instead.',
  );
  assert.equal(await denied.page.locator('.hub-area').first().isVisible(), true, 'the list is as it was');
  assert.deepEqual(denied.problems, []);
  await denied.context.close();
});

test('search results sort by distance from a postcode, with the miles, and nothing typed is sent', async () => {
  const { context, page, problems } = await open('2026-11-26T10:00:00Z');
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + '/search/#q=baby');
  await page.locator('.results .card').first().waitFor();
  const all = Number((await page.locator('.search-status').textContent()).match(/^\d+/)[0]);
  await page.getByLabel('Your postcode').fill('MB4 3SL');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.waitForFunction(() => /nearest to MB4 3SL first/.test(document.querySelector('.search-status').textContent));
  assert.equal(Number((await page.locator('.search-status').textContent()).match(/^\d+/)[0]), all, 'the same results, reordered');
  const miles = (await page.locator('.results .card .distance').allTextContents()).map((t) => parseFloat(t));
  assert.ok(miles.length >= 5, `distances shown (${miles.length})`);
  assert.deepEqual([...miles].sort((a, b) => a - b), miles, 'nearest first');
  assert.ok(miles[0] < 1, `something near MB4 3SL: ${miles[0]}`);
  assert.ok(!requests.some((u) => /MB4|mb4/.test(u)), 'the postcode was sent');
  assert.deepEqual(problems, []);
  await context.close();
});
