// "Exit this page" in Chromium: the button on sensitive pages leaves for the neutral site
// named in site.yaml, replacing the page in the tab's history; Shift pressed three times does
// the same; typing capitals does not; search results that include a sensitive service show
// the button; without JavaScript it is still a working link. The neutral site is answered
// locally, so nothing leaves the machine.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';

const SENSITIVE = '/needs/domestic-abuse/';
const SENSITIVE_SERVICE = '/services/eastgate-womens-safe-space/';

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
 * A context where every other host answers with a stub page (the exit site included) and
 * records that it was asked, and where script errors are collected.
 */
async function open(options = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  const origin = new URL(server.url).origin;
  const outside = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    outside.push(url.href);
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  return { context, page, outside, problems };
}

async function exitHref(page) {
  const href = await page.locator('.exit-button').getAttribute('href');
  assert.match(href, /^https:\/\//, 'the exit link goes to another website');
  return href;
}

/** Goes from a plain page to `path` through a real link, so there is history behind it. */
async function arrive(page, path) {
  await page.goto(server.url + '/needs/');
  await page.evaluate((p) => {
    const a = document.createElement('a');
    a.href = p;
    a.textContent = 'go';
    document.body.prepend(a);
    a.click();
  }, path);
  await page.waitForURL(server.url + path);
  await page.waitForLoadState('load');
}

test('clicking "Exit this page" leaves, and Back does not return to the sensitive page', async () => {
  for (const path of [SENSITIVE, SENSITIVE_SERVICE]) {
    const { context, page, problems } = await open();
    try {
      await arrive(page, path);
      const href = await exitHref(page);
      const before = await page.evaluate(() => history.length);
      await page.locator('.exit-button').click();
      await page.waitForURL(href);
      assert.equal(await page.evaluate(() => history.length), before, `${path}: the exit added a history entry`);
      await page.goBack();
      assert.equal(page.url(), server.url + '/needs/', `${path}: Back went to ${page.url()}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('a Ctrl click on the button also leaves this tab rather than opening another', async () => {
  const { context, page } = await open();
  try {
    await arrive(page, SENSITIVE);
    const href = await exitHref(page);
    await page.locator('.exit-button').click({ modifiers: ['Control'] });
    await page.waitForURL(href);
    assert.equal(context.pages().length, 1, 'a second tab was opened');
  } finally {
    await context.close();
  }
});

test('pressing Shift three times leaves the page, from the page or from a search box', async () => {
  for (const focus of [null, '#site-search']) {
    const { context, page } = await open();
    try {
      await arrive(page, SENSITIVE);
      const href = await exitHref(page);
      if (focus) await page.locator(focus).focus();
      await page.keyboard.press('Shift');
      // Screen reader users hear how many presses are left.
      await assert.doesNotReject(
        page.locator('.exit-bar [role=status]', { hasText: 'Press Shift 2 more times' }).waitFor({ timeout: 2000 }),
      );
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForURL(href, { timeout: 5000 });
      await page.goBack();
      assert.equal(page.url(), server.url + '/needs/', `Back went to ${page.url()}`);
    } finally {
      await context.close();
    }
  }
});

test('typing capital letters or pausing between presses does not leave the page', async () => {
  const { context, page, outside } = await open();
  try {
    await page.clock.install();
    await arrive(page, SENSITIVE);
    const box = page.locator('#site-search');
    await box.focus();
    // "NHS" typed holding Shift throughout, then "A B C" with Shift released before the letter
    // (fast typists roll over keys); each is three or more Shift presses.
    await page.keyboard.down('Shift');
    for (const k of ['KeyN', 'KeyH', 'KeyS']) await page.keyboard.press(k);
    await page.keyboard.up('Shift');
    for (const k of ['KeyA', 'KeyB', 'KeyC']) {
      await page.keyboard.press('Space');
      await page.keyboard.down('Shift');
      await page.keyboard.down(k);
      await page.keyboard.up('Shift');
      await page.keyboard.up(k);
    }
    // Shift, Shift, a letter, Shift: the letter starts the count again.
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('KeyX');
    await page.keyboard.press('Shift');
    // Two presses, a pause longer than the 5 seconds allowed, then one more.
    await page.keyboard.press('Shift');
    await page.clock.fastForward(6000);
    await page.keyboard.press('Shift');
    await page.waitForTimeout(300);
    assert.equal(page.url(), server.url + SENSITIVE);
    assert.deepEqual(outside, []);
    assert.equal(await box.inputValue(), 'NHS A B Cx', 'the letters reached the box');
  } finally {
    await context.close();
  }
});

test('search results with a sensitive service show "Exit this page"; others do not', async () => {
  const { context, page, problems } = await open();
  try {
    await page.goto(server.url + '/search/#q=domestic%20abuse');
    await page.locator('.results .card').first().waitFor();
    const bar = page.locator('.exit-bar');
    await bar.waitFor({ state: 'visible', timeout: 5000 });
    const href = await exitHref(page);
    // It works there too, with the shortcut and with a click.
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.waitForURL(href);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
  for (const q of ['baby', 'speech']) {
    const { context, page, outside } = await open();
    try {
      await page.goto(server.url + '/search/#q=' + q);
      await page.locator('.results .card').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.locator('.exit-bar').isVisible(), false, `exit shown for "${q}"`);
      // No visible button, so the shortcut does nothing either.
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      await page.waitForTimeout(300);
      assert.equal(new URL(page.url()).pathname, '/search/');
      assert.deepEqual(outside, []);
    } finally {
      await context.close();
    }
  }
});

test('without JavaScript the button is a plain link to the neutral site', async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  try {
    await page.goto(server.url + SENSITIVE);
    const button = page.locator('.exit-button');
    assert.ok(await button.isVisible());
    const href = await exitHref(page);
    await button.click();
    await page.waitForURL(href);
    // The ordinary link adds to history; only the script can replace the entry.
    await page.goBack();
    assert.equal(page.url(), server.url + SENSITIVE);
  } finally {
    await context.close();
  }
});
