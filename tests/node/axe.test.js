// Accessibility of every page type, checked by axe-core (WCAG 2.2 A and AA rules) in Debian's
// Chromium at a phone width and a desktop width, plus a check that nothing scrolls sideways
// at 320 CSS pixels (WCAG 1.4.10 Reflow). Pages are served with netlify.toml's headers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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

/** Opens the search page's "Cost" filter group and waits for the script to fill in its counts. */
async function openCostFilter(page) {
  await page.locator('.results .card').first().waitFor();
  await page.locator('details[data-group="cost"] summary').click();
  await page.waitForFunction(() =>
    /\(\d+\)/.test(document.querySelector('details[data-group="cost"] label')?.textContent ?? ''),
  );
}

/** Sorts the family hubs by distance from a postcode (when-where.js) and waits for the miles. */
async function sortHubsByPostcode(page) {
  await page.getByLabel('Your postcode').fill('MB2 5HT');
  await page.getByRole('button', { name: 'Sort by distance' }).click();
  await page.locator('.distance').first().waitFor();
}

/** Fills "My list" with two services (one out of date) and opens a shared link to a third,
 *  so the list, its buttons and the "shared with you" prompt are all on the page. */
async function fillMyList(page) {
  await page.evaluate(() =>
    localStorage.setItem('signpost-my-list', JSON.stringify([{ id: 'central-stay-and-play' }, { id: 'eastgate-baby-massage' }])),
  );
  await page.reload();
  await page.locator('.mylist__shared').waitFor();
  await page.locator('.mylist__item').nth(1).waitFor();
}

// One of each page type in the built sample site; `act` brings the page to the state tested.
const PAGES = [
  { kind: 'home', path: '/' },
  { kind: 'search with results and a filter open', path: '/search/?q=baby', act: openCostFilter },
  { kind: 'needs index', path: '/needs/' },
  { kind: 'sensitive need', path: '/needs/domestic-abuse/' },
  { kind: 'need', path: '/needs/infant-feeding/' },
  { kind: 'category', path: '/categories/family-support/' },
  { kind: 'hub', path: '/hubs/central-family-hub/' },
  { kind: 'family hubs sorted by distance', path: '/hubs/', act: sortHubsByPostcode },
  { kind: 'locality', path: '/localities/riverside-east/' },
  { kind: 'venue', path: '/venues/northfield-library/' },
  { kind: 'organisation', path: '/organisations/safe-harbour/' },
  { kind: 'sensitive service', path: '/services/eastgate-womens-safe-space/' },
  { kind: 'service', path: '/services/central-stay-and-play/' },
  { kind: 'A to Z', path: '/services/' },
  { kind: 'Start for Life', path: '/start-for-life/' },
  { kind: 'coverage', path: '/coverage/' },
  { kind: 'add your group', path: '/add-your-group/' },
  { kind: 'my list with services and a shared link', path: '/my-list/#ids=perinatal-mental-health-team', act: fillMyList },
  { kind: 'accessibility statement', path: '/accessibility/' },
  { kind: '404', path: '/no-such-page/', status: 404 },
];

const WIDTHS = [
  { name: 'phone', viewport: { width: 360, height: 740 } },
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
];

async function load(page, { path, act, status = 200 }) {
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  assert.equal(response.status(), status, `${path} status`);
  if (act) await act(page);
  await page.waitForLoadState('networkidle');
}

/** A readable list of axe violations: rule, what it asks for, and where. */
function describe(violations) {
  return violations
    .map((v) => {
      const where = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
      const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
      return `- ${v.id} (${v.impact}): ${v.help}\n    at ${where}${more}\n    ${v.helpUrl}`;
    })
    .join('\n');
}

for (const width of WIDTHS) {
  for (const p of PAGES) {
    test(`axe: ${p.kind} page (${p.path}) at ${width.name} width has no WCAG 2.2 AA violations`, async () => {
      // The site's CSP (script-src 'self', no inline code) would block axe-core's injected
      // script; bypassing it here only lets the checker in. browser.test.js checks the CSP.
      const context = await browser.newContext({ viewport: width.viewport, bypassCSP: true, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        await load(page, p);
        await page.addScriptTag({ path: AXE });
        const results = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        // A run that checked nothing would pass vacuously.
        assert.ok(results.passes.length > 10, `axe ran only ${results.passes.length} passing rules on ${p.path}`);
        assert.equal(
          results.violations.length,
          0,
          `${p.path} at ${width.viewport.width}px has accessibility violations:\n${describe(results.violations)}`,
        );
      } finally {
        await context.close();
      }
    });
  }
}

for (const p of PAGES) {
  test(`reflow: ${p.kind} page (${p.path}) does not scroll sideways at 320 CSS pixels`, async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await load(page, p);
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const root = document.documentElement;
        // Name the innermost elements poking past the right edge (outside any scrolling box,
        // such as a wide table's), so a failure says where to look.
        const past = (el) => el.getBoundingClientRect().right > root.clientWidth + 0.5;
        const inScroller = (el) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
          }
          return false;
        };
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => past(el) && !inScroller(el) && ![...el.children].some(past))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} "${el.textContent.trim().slice(0, 40)}" (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
      assert.ok(
        scrollWidth <= clientWidth,
        `${p.path} is ${scrollWidth}px wide in a ${clientWidth}px window; too wide: ${wide.join(', ')}`,
      );
    } finally {
      await context.close();
    }
  });
}
