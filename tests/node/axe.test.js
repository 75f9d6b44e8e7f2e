// Accessibility of every page type, checked by axe-core (WCAG 2.2 A and AA rules) in Debian's
// Chromium at a phone width and a desktop width, plus checks that nothing scrolls sideways
// at 320 CSS pixels (WCAG 1.4.10 Reflow) or at 200% zoom. Pages are served with netlify.toml's
// headers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';
import { PAGES } from './pages.js';

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

/**
 * Whether `page` scrolls sideways, naming the innermost elements poking past the right edge
 * (outside any scrolling box, such as a wide table's) so a failure says where to look.
 */
async function sideways(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
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
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, innerWidth, dpr: devicePixelRatio, wide };
  });
}

function assertNoSideways(path, r) {
  assert.ok(
    r.scrollWidth <= r.clientWidth,
    `${path} is ${r.scrollWidth}px wide in a ${r.clientWidth}px window; too wide: ${r.wide.join(', ')}`,
  );
}

for (const p of PAGES) {
  test(`reflow: ${p.kind} page (${p.path}) does not scroll sideways at 320 CSS pixels`, async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await load(page, p);
      assertNoSideways(p.path, await sideways(page));
    } finally {
      await context.close();
    }
  });
}

// 200% zoom (WCAG 1.4.4 and 1.4.10) in a 1280 by 900 window, two ways: emulated as a phone-like
// screen of 640 CSS pixels at device scale 2 (what zooming does to layout), and with
// Chromium's own page zoom set to 200% in a fresh profile's preferences, as a user would.
for (const p of PAGES) {
  test(`zoom: ${p.kind} page (${p.path}) does not scroll sideways at 200% (640 CSS px, scale 2)`, async () => {
    const context = await browser.newContext({
      viewport: { width: 640, height: 450 },
      deviceScaleFactor: 2,
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      await load(page, p);
      assertNoSideways(p.path, await sideways(page));
    } finally {
      await context.close();
    }
  });
}

let zoomed;
let zoomProfile;
/** A Chromium whose default page zoom is 200%, shared by the page-zoom tests. */
async function zoomedBrowser() {
  if (zoomed) return zoomed;
  zoomProfile = await mkdtemp(path.join(tmpdir(), 'signpost-zoom-'));
  await mkdir(path.join(zoomProfile, 'Default'));
  // Chromium stores zoom as a level: the factor is 1.2 to the power of the level.
  const level = Math.log(2) / Math.log(1.2);
  await writeFile(
    path.join(zoomProfile, 'Default', 'Preferences'),
    JSON.stringify({ partition: { default_zoom_level: { x: level } } }),
  );
  zoomed = await chromium.launchPersistentContext(zoomProfile, {
    ...CHROMIUM,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'block',
  });
  return zoomed;
}

after(async () => {
  await zoomed?.close();
  if (zoomProfile) await rm(zoomProfile, { recursive: true, force: true });
});

for (const p of PAGES) {
  test(`zoom: ${p.kind} page (${p.path}) does not scroll sideways at 200% page zoom in a 1280px window`, async () => {
    const context = await zoomedBrowser();
    const page = await context.newPage();
    try {
      await load(page, p);
      const r = await sideways(page);
      // The zoom really applied: half the CSS pixels, twice the device pixels.
      assert.equal(r.innerWidth, 640, `page zoom did not apply (window is ${r.innerWidth} CSS px)`);
      assert.equal(r.dpr, 2);
      assertNoSideways(p.path, r);
    } finally {
      await page.close();
    }
  });
}
