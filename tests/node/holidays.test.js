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

/** Unfolded content lines of a calendar file. */
function lines(ics) {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
}

test('"Add to calendar" downloads a calendar file with the dates the page lists', async () => {
  const { context, page, problems } = await open('2026-11-24T09:00:00Z');
  await page.goto(`${server.url}/services/holiday-activities-and-food-programme/`);
  const link = page.getByRole('link', { name: /Add to calendar/ });
  // Within reach on a phone: a real, tappable link.
  const box = await link.boundingBox();
  assert.ok(box.height >= 44, `${box.height} px high`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'holiday-activities-and-food-programme.ics');
  const { readFile } = await import('node:fs/promises');
  const ics = await readFile(await download.path(), 'utf8');
  const all = lines(ics);
  assert.equal(all[0], 'BEGIN:VCALENDAR');
  assert.equal(all.at(-1), 'END:VCALENDAR');
  assert.ok(all.includes('VERSION:2.0'));
  // Every date of the HAF programme the calendar gives (DTSTART and RDATE)...
  const dates = new Set();
  for (const l of all) {
    const m = /^(DTSTART|RDATE)[^:]*:(.*)$/.exec(l);
    if (m) for (const v of m[2].split(',')) dates.add(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`);
  }
  // ...includes every Christmas date the holidays page lists for it, and the page's
  // one-off dates in words match.
  await page.goto(`${server.url}/holidays/`);
  const listed = await page.locator('section.holiday-day')
    .filter({ hasText: 'Holiday activities and food programme' })
    .evaluateAll((s) => s.map((e) => e.dataset.date));
  assert.deepEqual(listed, ['2026-12-21', '2026-12-22', '2026-12-23', '2027-01-04']);
  for (const d of listed) assert.ok(dates.has(d), `${d} is not in the calendar file`);
  // Easter (30 March to 8 April, Tuesdays to Thursdays) and summer dates are in it too.
  for (const d of ['2027-03-30', '2027-04-08', '2027-07-26', '2027-08-26']) assert.ok(dates.has(d), d);
  assert.ok(!dates.has('2027-04-05'), 'Easter Monday is not one of its days');
  const summaries = all.filter((l) => l.startsWith('SUMMARY:'));
  assert.deepEqual(new Set(summaries), new Set(['SUMMARY:Holiday activities and food programme']));
  assert.deepEqual(problems, []);
  await context.close();
});
