// The answer first (issue 22), at phone size (390x844) in Chromium: on every service page the
// first way to get the service (call, email, website) is a real link within the first
// screen; on the search page the first result is within the first screen after typing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, watch } from './serve.js';

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

async function open() {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  return { context, page, problems };
}

test('every service page shows a way to get the service within the first phone screen', async () => {
  const ids = fs.readdirSync(path.join(SITE_DIR, 'services'), { withFileTypes: true })
    .filter((d) => d.isDirectory()).map((d) => d.name)
    .filter((id) => fs.existsSync(path.join(SITE_DIR, 'services', id, 'index.html')) &&
      fs.readFileSync(path.join(SITE_DIR, 'services', id, 'index.html'), 'utf8').includes('id="service-data"'));
  assert.ok(ids.length >= 100, `the sample's service pages (${ids.length})`);
  const { context, page, problems } = await open();
  const late = [];
  for (const id of ids) {
    await page.goto(`${server.url}/services/${id}/`);
    const way = page.locator('.way').first();
    if (!(await way.count())) { late.push(`${id}: no way to get it`); continue; }
    const box = await way.boundingBox();
    const href = await way.getAttribute('href');
    assert.match(href, /^(tel:|mailto:|https?:)/, `${id}: a real link`);
    assert.ok(box.height >= 44 && box.width >= 44, `${id}: ${box.width}x${box.height} is too small to tap`);
    if (box.y + box.height > PHONE.height) late.push(`${id}: at ${Math.round(box.y)} px`);
  }
  assert.deepEqual(late, [], `the first way to get the service is below the first screen on ${late.length} pages`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the first search result is within the first screen, and filters are named and removable', async () => {
  const { context, page, problems } = await open();
  await page.goto(`${server.url}/search/`);
  await page.locator('#page-search').pressSequentially('debt', { delay: 20 });
  const first = page.locator('.results .card').first();
  await first.waitFor();
  const box = await first.boundingBox();
  assert.ok(box.y + 60 < PHONE.height, `the first result starts at ${Math.round(box.y)} px`);
  // The filters wait behind "Filter results".
  const toggle = page.locator('.filters-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.filters').isVisible(), false, 'filters are folded away on a phone');
  await toggle.click();
  assert.equal(await page.locator('.filters').isVisible(), true);
  await page.locator('details[data-group="cost"] summary').click();
  await page.locator('input[name="cost"][value="free"]').check();
  await page.waitForFunction(() => /with the filters: Free/.test(document.querySelector('.search-status').textContent));
  assert.match(await toggle.textContent(), /Filter results \(1 on\)/);
  const tag = page.locator('.filter-tag');
  assert.equal(await tag.getAttribute('aria-label'), 'Remove filter: Free');
  const tb = await tag.boundingBox();
  assert.ok(tb.height >= 44, `the tag is ${tb.height} px tall`);
  await tag.click();
  await page.waitForFunction(() => !/filters/.test(document.querySelector('.search-status').textContent));
  assert.equal(await page.locator('.filter-tag').count(), 0);
  assert.doesNotMatch(page.url(), /cost=/, 'the address forgets the filter');
  assert.deepEqual(problems, []);
  await context.close();
});
