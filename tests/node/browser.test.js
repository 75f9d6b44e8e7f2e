// Loads the built sample site in Chromium, served with netlify.toml's headers, and fails on
// any Content-Security-Policy violation, any console error or warning, any script error, or
// any request to a host other than the site itself.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';

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
 * Opens `path` in a fresh context and records what went wrong. `act` may interact with the
 * page before the checks.
 */
async function visit(path, act) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  const violations = [];
  const origin = new URL(server.url).origin;
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  // Stop and report anything leaving the site, before it leaves.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    problems.push(`request to another host: ${url.href}`);
    return route.abort();
  });
  await page.exposeBinding('__reportViolation', (_source, v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-undef
      window.__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const response = await page.goto(server.url + path, { waitUntil: 'load' });
  if (act) await act(page);
  // Let late events (lazy fetches, reports) arrive.
  await page.waitForLoadState('networkidle');
  const h1 = await page.locator('h1').allTextContents();
  await context.close();
  return { response, problems, violations, h1 };
}

const PAGES = [
  ['home', '/'],
  ['needs index', '/needs/'],
  ['category', '/categories/family-support/'],
  ['need', '/needs/infant-feeding/'],
  ['sensitive need with "Exit this page"', '/needs/domestic-abuse/'],
  ['service', '/services/central-stay-and-play/'],
  ['hub', '/hubs/central-family-hub/'],
  ['locality', '/localities/riverside-east/'],
  ['venue', '/venues/northfield-library/'],
  ['organisation', '/organisations/safe-harbour/'],
  ['A to Z', '/services/'],
  ['search', '/search/?q=baby'],
  ['add your group', '/add-your-group/'],
  ['accessibility statement', '/accessibility/'],
];

for (const [kind, path] of PAGES) {
  test(`${kind} page (${path}) loads with no CSP violation or outside request`, async () => {
    const { response, problems, violations } = await visit(path);
    assert.equal(response.status(), 200, `${path} status`);
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/, 'the CSP header is applied');
    assert.deepEqual(violations, [], `${path}: CSP violations`);
    assert.deepEqual(problems, [], `${path}: problems`);
  });
}

test('an unknown address gets the 404 page with status 404 and no violations', async () => {
  const { response, problems, violations, h1 } = await visit('/no-such-page/');
  assert.equal(response.status(), 404);
  assert.deepEqual(h1, ['Page not found']);
  assert.deepEqual(violations, []);
  // Chromium logs the 404 status of the page itself; anything else is a problem.
  const others = problems.filter((p) => !/status of 404/.test(p));
  assert.deepEqual(others, []);
});

test('the policy is really enforced: injected inline script is blocked and reported', async () => {
  // Without this, a server that forgot the header would pass every test above.
  const { violations } = await visit('/', async (page) => {
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.append(s);
    });
    assert.equal(await page.evaluate(() => window.__ran === true), false, 'inline script ran');
  });
  assert.ok(
    violations.some((v) => v.startsWith('script-src')),
    `expected a script-src violation, got ${JSON.stringify(violations)}`,
  );
});
