// The form editor (/admin/, Decap CMS) in Chromium: it loads under its own headers (those of
// netlify/edge-functions/admin-csp.js, which Netlify applies to /admin/* in place of the
// public pages' policy) with no Content-Security-Policy violation and no script error,
// reaches its sign-in screen without asking any other host for anything, and a public
// page never loads its script. docs/editor.md.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM, REPO } from './serve.js';
import { ADMIN_HEADERS } from '../../netlify/edge-functions/admin-csp.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

/** A page that records problems and requests, with /admin/ answered as Netlify's edge function would. */
async function open(context) {
  const problems = [];
  const requests = [];
  const origin = new URL(server.url).origin;
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    requests.push(url);
    if (url.origin !== origin) {
      problems.push(`request to another host: ${url.href}`);
      return route.abort();
    }
    if (!url.pathname.startsWith('/admin/')) return route.continue();
    // The edge function replaces these headers; everything else stays as netlify.toml says.
    const response = await route.fetch();
    const headers = { ...response.headers() };
    for (const [name, value] of Object.entries(ADMIN_HEADERS)) headers[name.toLowerCase()] = value;
    return route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // Opened from this computer (127.0.0.1), Decap first looks for its local proxy
    // (decap-server) on localhost:8081; the policy refuses that, and on the live site
    // Decap does not look.
    if (/localhost:8081/.test(m.text())) return;
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  return { page, problems, requests };
}

test('the editor loads under its own Content-Security-Policy and shows its sign-in screen', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems } = await open(context);
    const response = await page.goto(server.url + '/admin/', { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-security-policy'], /style-src 'self' 'unsafe-inline'/);
    // The GitHub backend's sign-in button: Decap has read config.yml and started.
    await page.getByRole('button', { name: /Login with GitHub/i }).waitFor({ timeout: 60_000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the editor\'s sign-in screen has no WCAG 2.2 AA violations (axe-core)', async () => {
  // The policy would refuse axe-core's injected script; bypassing it only lets the checker in.
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const { page } = await open(context);
    await page.goto(server.url + '/admin/', { waitUntil: 'load' });
    await page.getByRole('button', { name: /Login with GitHub/i }).waitFor({ timeout: 60_000 });
    await page.addScriptTag({ path: AXE });
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }),
    );
    assert.ok(results.passes.length > 5, `axe ran only ${results.passes.length} passing rules`);
    const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
    assert.deepEqual(found, []);
  } finally {
    await context.close();
  }
});

test('public pages keep their own policy and never load the editor', async () => {
  const context = await browser.newContext();
  try {
    const { page, problems, requests } = await open(context);
    const response = await page.goto(server.url + '/services/brookside-baby-bank/', { waitUntil: 'networkidle' });
    assert.doesNotMatch(response.headers()['content-security-policy'], /unsafe-inline/);
    assert.equal(requests.filter((u) => u.pathname.startsWith('/admin/')).length, 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a council\'s repository gets the same edge function as signpost\'s own site', async () => {
  // `signpost init` writes init/ as it is, and its netlify.toml takes the [[edge_functions]]
  // block from signpost's own, so the function file must be the same: init/ holds a
  // symbolic link to signpost's own file, which the binary embeds as a file.
  const ours = await readFile(path.join(REPO, 'netlify/edge-functions/admin-csp.js'), 'utf8');
  const councils = await readFile(path.join(REPO, 'init/netlify/edge-functions/admin-csp.js'), 'utf8');
  assert.equal(councils, ours, 'init/netlify/edge-functions/admin-csp.js differs: make it a link to ../../../netlify/edge-functions/admin-csp.js again');
});
