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
