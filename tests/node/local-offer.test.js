// The SEND Local Offer (issue 21) at phone size (390x844) in Chromium: choosing a SEND need
// on the search page keeps exactly the results whose Local Offer names that need, and the
// Local Offer page's links open the search with the need chosen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, REPO, watch } from './serve.js';

const PHONE = { width: 390, height: 844 };
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

/** The ids of the sample services whose `local_offer.send_needs` names `need`. */
function meeting(need) {
  const dir = path.join(REPO, 'content', 'services');
  return new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.md')).filter((f) => {
    const line = fs.readFileSync(path.join(dir, f), 'utf8').split('\n').find((l) => /^\s+send_needs:/.test(l));
    return line && line.replace(/[[\],]/g, ' ').split(/\s+/).includes(need);
  }).map((f) => f.slice(0, -3)));
}

/** The services the results show, every page of them ("Show more" until it goes). */
async function shownIds(page) {
  const more = page.getByRole('button', { name: 'Show more' });
  while (await more.isVisible()) await more.click();
  return page.$$eval('.results .card a[href*="/services/"]', (as) =>
    [...new Set(as.map((a) => a.getAttribute('href').split('/services/')[1].replace(/\/.*$/, '')))]);
}

/** The number the status line gives ("3 services match …"). */
async function statusCount(page) {
  const text = await page.locator('.search-status').textContent();
  const m = text.match(/(\d+) services?/);
  assert.ok(m, `the status says how many: ${text}`);
  return Number(m[1]);
}

test('on a phone, choosing a SEND need keeps only the results whose Local Offer names it', async () => {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  await page.goto(`${server.url}/search/`);
  await page.locator('#page-search').pressSequentially('club', { delay: 20 });
  await page.locator('.results .card').first().waitFor();
  await page.waitForFunction(() => /match/.test(document.querySelector('.search-status').textContent));
  const before = await statusCount(page);

  await page.locator('.filters-toggle').click();
  const group = page.locator('details[data-group="send"]');
  assert.equal(await group.locator('summary').textContent().then((t) => t.trim().startsWith('SEND needs')), true);
  await group.locator('summary').click();
  await group.getByLabel(/^Autism/).check();
  await page.waitForFunction(() => /with the filters: Autism/.test(document.querySelector('.search-status').textContent));
  const after = await statusCount(page);
  assert.ok(after > 0 && after < before, `the filter narrows ${before} results to ${after}`);
  const ids = await shownIds(page);
  assert.equal(ids.length, after, `the status counts what is shown: ${ids}`);
  const autism = meeting('autism');
  const wrong = ids.filter((id) => !autism.has(id));
  assert.deepEqual(wrong, [], 'every result meets the need');
  assert.match(await page.locator('.filter-tag').first().getAttribute('aria-label'), /Remove filter: Autism/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Local Offer page links each SEND need to the search with it chosen', async () => {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  await page.goto(`${server.url}/local-offer/`);
  const link = page.locator('.send-need-links li', { hasText: 'Physical disability' });
  const count = Number((await link.locator('.count').textContent()).replace(/\D/g, ''));
  await link.getByRole('link').click();
  await page.waitForFunction(() => /filters: Physical disability/.test(document.querySelector('.search-status')?.textContent ?? ''));
  assert.equal(await statusCount(page), count, 'as many services as the Local Offer page says');
  const ids = await shownIds(page);
  assert.deepEqual(new Set(ids), meeting('physical'));
  assert.deepEqual(problems, []);
  await context.close();
});
