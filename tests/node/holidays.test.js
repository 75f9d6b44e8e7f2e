// "What's on in the holidays" at phone size (390x844) in Chromium, on the sample built on
// 24 November 2026 (SIGNPOST_TODAY). The build leaves out dates before that day; the page's
// script hides the dates that have passed by the device's own date, when an old copy of the
// page is opened later.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

/** The holidays page at phone size with the device's clock at `now` (an ISO instant). */
async function open(now) {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: 'block', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(now));
  const problems = await watch(context, page, server.url);
  await page.goto(`${server.url}/holidays/`);
  await page.waitForLoadState('load');
  return { context, page, problems };
}

/** The dates shown under "By date", and the items shown under "By area". */
async function shown(page) {
  const dates = await page.locator('section.holiday-day:visible').evaluateAll((s) => s.map((e) => e.dataset.date));
  const areaItems = await page.locator('section.holiday-area li:visible').count();
  const areas = await page.locator('section.holiday-area:visible h3').allTextContents();
  return { dates, areaItems, areas };
}

test('the home page links to the holidays page, which lists every date of the next holidays', async () => {
  const { context, page, problems } = await open('2026-11-24T09:00:00Z');
  await page.goto(`${server.url}/`);
  await page.getByRole('link', { name: "What's on in the school holidays" }).click();
  await page.waitForURL(/\/holidays\/$/);
  const { dates, areaItems, areas } = await shown(page);
  assert.deepEqual(dates, ['2026-12-21', '2026-12-22', '2026-12-23', '2026-12-30', '2027-01-04']);
  assert.equal(areaItems, 6);
  assert.deepEqual(areas, ['Marlbrook Town', 'Northfield and Ashby', 'Western Villages']);
  assert.equal(await page.locator('#holidays-passed').isVisible(), false);
  // Nothing wider than the phone.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `the page is ${wide} px wide`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('opened later, the dates that have passed are hidden, and areas left with none', async () => {
  // 23 December: 21 and 22 December have passed; the swim (22nd, Marlbrook Town) has gone.
  const { context, page, problems } = await open('2026-12-23T08:00:00Z');
  const { dates, areaItems, areas } = await shown(page);
  assert.deepEqual(dates, ['2026-12-23', '2026-12-30', '2027-01-04']);
  assert.equal(areaItems, 3);
  assert.deepEqual(areas, ['Northfield and Ashby', 'Western Villages']);
  assert.equal(await page.locator('#holidays-passed').isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('once every date has passed the page says so', async () => {
  const { context, page, problems } = await open('2027-01-05T10:00:00Z');
  const { dates, areaItems } = await shown(page);
  assert.deepEqual(dates, []);
  assert.equal(areaItems, 0);
  assert.equal(await page.locator('#holidays-passed').isVisible(), true);
  assert.match(await page.locator('#holidays-passed').textContent(), /have passed/);
  assert.deepEqual(problems, []);
  await context.close();
});
