// Keyboard only, in Chromium: a practitioner tabs from the skip link through the header
// search and navigation, the search page's box, filters and results, adds services with
// "Add to my list", then works the list page. At every stop the test checks which element
// has focus, that focus moved forward through the page (the order is the reading order), and
// that the focused element looks different from when it is not focused (a visible focus
// indicator, WCAG 2.4.7), inside the window.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function open() {
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const problems = await watch(context, page, server.url);
  // Helpers inside the page: what the focused element is called, and how it looks.
  await page.addInitScript(() => {
    const squash = (s) => (s || '').replace(/\s+/g, ' ').trim();
    window.__name = (el) =>
      squash(el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent);
    // Only what can be seen: a transparent or zero-width outline (kept for Windows high
    // contrast mode) is no indicator in ordinary colours.
    window.__look = (el) => {
      const cs = getComputedStyle(el);
      const clear = (c) => /^rgba\(.*,\s*0\)$|^transparent$/.test(c);
      const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && !clear(cs.outlineColor)
        ? `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}` : 'no outline';
      return [outline, cs.boxShadow, cs.backgroundColor, cs.color, cs.textDecorationLine].join(' | ');
    };
    window.__seen = [];
  });
  return { context, page, problems };
}

/** Presses `key` and describes the element that then has focus. */
async function press(page, key = 'Tab') {
  await page.keyboard.press(key);
  return page.evaluate(() => {
    const el = document.activeElement;
    const prev = window.__seen[window.__seen.length - 1];
    window.__seen.push(el);
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: window.__name(el),
      look: window.__look(el),
      // Forward in document order from the previous stop (true for the first).
      forward: !prev || prev === el ? true : !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
      inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      skip: el.classList.contains('skip-link'),
    };
  });
}

/** Tabs until `want` (a predicate on the description) has focus; returns every stop. */
async function tabUntil(page, want, limit = 80) {
  const stops = [];
  for (let i = 0; i < limit; i++) {
    const s = await press(page);
    stops.push(s);
    if (want(s)) return stops;
  }
  assert.fail(`never reached the element; stopped at ${stops.map((s) => s.name).join(' → ')}`);
}

/** Checks every stop moved forward and, unfocused, every element looks different. */
async function checkStops(page, stops) {
  for (const s of stops) {
    assert.ok(s.forward, `focus went backwards to "${s.name}"`);
    assert.ok(s.inView, `"${s.name}" has focus but is outside the window`);
  }
  const unfocused = await page.evaluate(() => {
    document.activeElement.blur();
    return window.__seen.map((el) => window.__look(el));
  });
  const offset = unfocused.length - stops.length;
  stops.forEach((s, i) => {
    // The skip link's indicator is that it appears at all (it sits off screen otherwise).
    if (s.skip) return;
    assert.notEqual(s.look, unfocused[offset + i], `"${s.name}" (${s.tag}) looks the same focused and unfocused`);
  });
}

/** The order of the named stops: each must appear after the one before. */
function assertInOrder(stops, names) {
  let at = -1;
  for (const n of names) {
    const i = stops.findIndex((s, k) => k > at && (n instanceof RegExp ? n.test(s.name) : s.name === n));
    assert.ok(i > at, `"${n}" should come after "${at >= 0 ? stops[at].name : 'the start'}"; the order was:\n${stops.map((s) => s.name).join('\n')}`);
    at = i;
  }
}

test('keyboard only: skip link, header search, search filters and results, then "Add to my list"', async () => {
  const { context, page, problems } = await open();
  await page.goto(server.url + '/search/#q=' + encodeURIComponent('stay and play'));
  await page.locator('.results .card .mylist-toggle').nth(1).waitFor();
  const titles = await page.locator('.results .card__title a').allTextContents();
  const groups = await page.locator('.filters summary').allTextContents();
  assert.ok(groups.length >= 3, 'the search page has filter groups');

  const first = await press(page);
  assert.ok(first.skip && first.name === 'Skip to main content', `the first Tab reaches the skip link (got "${first.name}")`);
  assert.ok(first.inView, 'the skip link shows when it has focus');
  const stops = [first, ...(await tabUntil(page, (s) => s.name === `Add to my list: ${titles[1]}`))];
  assertInOrder(stops, [
    'Skip to main content',
    'Marlbrook Family Directory',
    'Search for help',
    'Search',
    'Find help by need',
    'Family hubs',
    'Areas',
    'A to Z',
    'My list',
    'Home',
    'What do you need help with?',
    'Search',
    ...groups.map((g) => g.trim()),
    'Clear filters',
    titles[0],
    `Add to my list: ${titles[0]}`,
    titles[1],
    `Add to my list: ${titles[1]}`,
  ]);
  // Between the two search buttons and the filters, only the need hints may come.
  const afterBox = stops.findIndex((s) => s.name === 'What do you need help with?') + 2;
  const firstFilter = stops.findIndex((s) => s.tag === 'summary');
  for (const s of stops.slice(afterBox, firstFilter)) {
    assert.ok(await page.locator('.search-hint a', { hasText: s.name }).count(), `unexpected stop "${s.name}" before the filters`);
  }
  // Closed filter groups keep their checkboxes out of the way.
  assert.equal(stops.filter((s) => s.tag === 'input' && s.id.startsWith('f-')).length, 0);
  await checkStops(page, stops);

  // Add the first two results with the keyboard: Enter, then Space.
  await page.locator('.results .card').nth(0).locator('.mylist-toggle').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.__name(document.activeElement)), `Remove from my list: ${titles[0]}`, 'focus stays on the button, which now removes');
  assert.equal(await page.locator('.nav a[href="/my-list/"]').textContent(), 'My list (1)');
  await press(page);
  const add2 = await press(page);
  assert.equal(add2.name, `Add to my list: ${titles[1]}`);
  await page.keyboard.press('Space');
  assert.equal(await page.locator('.nav a[href="/my-list/"]').textContent(), 'My list (2)');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard only: the list page, from the skip link through every control, moving and removing', async () => {
  const { context, page, problems } = await open();
  for (const id of ['central-stay-and-play', 'eastgate-baby-massage']) {
    await page.goto(`${server.url}/services/${id}/`);
    await page.locator('.mylist-add button').click();
  }
  await page.goto(server.url + '/my-list/');
  await page.locator('.mylist__item').nth(1).waitFor();
  const names = await page.locator('.mylist__item h2').allTextContents();
  await page.evaluate(() => { window.__firstItem = document.querySelector('.mylist__item'); });

  const skip = await press(page);
  assert.ok(skip.skip && skip.inView);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'the skip link moves focus to the main content');
  // The skip link's #main must not redraw the list: a redraw takes focus from whatever the
  // user tabs to next (it did, when the script redrew on every change of the address).
  await page.waitForTimeout(300);
  assert.ok(
    await page.evaluate(() => document.querySelector('.mylist__item') === window.__firstItem),
    'the list was drawn again after the skip link',
  );
  await page.evaluate(() => window.__seen.push(document.activeElement));
  const stops = await tabUntil(page, (s) => s.name === 'Copy the list as text');
  assertInOrder(stops, [
    names[0],
    `Move down: ${names[0]}`,
    `Remove: ${names[0]}`,
    names[1],
    `Move up: ${names[1]}`,
    `Remove: ${names[1]}`,
    'Print a sheet for the family',
    'Copy a link to this list',
    'Copy the list as text',
  ]);
  assert.equal(stops[0].name, names[0], 'the first stop in the main content is the first service');
  // Inside a service, only its own links (phone, web addresses) come before its buttons.
  for (const s of stops) assert.ok(['a', 'button'].includes(s.tag), `unexpected ${s.tag} "${s.name}"`);
  await checkStops(page, stops);

  // Move the first service down: focus stays with it, on its "Move up" button now.
  await page.locator('.mylist__item').first().getByRole('button', { name: /^Move down/ }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('.mylist__item:last-child h2').textContent === n, names[0]);
  assert.equal(await page.evaluate(() => window.__name(document.activeElement)), `Move up: ${names[0]}`);
  const next = await press(page);
  assert.equal(next.name, `Remove: ${names[0]}`, 'Tab goes on from the moved service');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.mylist__item').length === 1);
  assert.equal(await page.evaluate(() => window.__name(document.activeElement)), names[1], 'after removing, focus goes to the service left');
  // Focus the script moved shows the indicator too.
  const [focusedLook, blurredLook] = await page.evaluate(() => {
    const el = document.activeElement;
    const a = window.__look(el);
    el.blur();
    return [a, window.__look(el)];
  });
  assert.notEqual(focusedLook, blurredLook, 'the focused service link shows its focus');
  assert.deepEqual(problems, []);
  await context.close();
});
