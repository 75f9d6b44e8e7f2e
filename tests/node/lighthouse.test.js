// Lighthouse (npm, pinned) in Debian's Chromium with --headless=new, on every page type of
// pages.js but the 404 page (Lighthouse does not audit a page served with status 404), served
// with netlify.toml's headers: 100 for accessibility, best practices and SEO, and
// mobile performance (Lighthouse's simulated slow 4G phone) printed. LIGHTHOUSE_RUNS=3 (`npm
// run lighthouse:median`, about half an hour) measures each page three times and asserts a
// median performance of at least 95. Chromium resolves no host but this one, so the run is
// offline by construction. Pages are loaded as they are: pages.js's `act` steps (open a
// filter, fill My list) need a person.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer, SITE_DIR, CHROMIUM } from './serve.js';
import { PAGES } from './pages.js';

const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const PERFORMANCE = 95;
const ASSERTED = ['accessibility', 'best-practices', 'seo'];
const VERSION = createRequire(import.meta.url)('lighthouse/package.json').version;

let server;
let chrome;

before(async () => {
  server = await startServer(SITE_DIR);
  // serve.js's flags without its --headless (Lighthouse needs the new headless mode), and any
  // name but the test server's fails to resolve.
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? CHROMIUM.executablePath,
    chromeFlags: [
      '--headless=new',
      ...CHROMIUM.args.filter((a) => a !== '--headless'),
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
    logLevel: 'silent',
  });
});

after(async () => {
  await chrome?.kill();
  await server?.close();
});

/** The scored audits of a category that fell short, with what Lighthouse says about each. */
function shortfalls(lhr, id) {
  return lhr.categories[id].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => {
      const a = lhr.audits[ref.id];
      const items = (a.details?.items ?? []).slice(0, 3).map((i) => JSON.stringify(i.node?.selector ?? i.url ?? i.source ?? i).slice(0, 160));
      return `- ${a.id}: ${a.title}${a.explanation ? ` (${a.explanation})` : ''}${items.length ? `\n    ${items.join('\n    ')}` : ''}`;
    })
    .join('\n');
}

const results = [];

// Lighthouse cannot audit a page served with status 404 (ERRORED_DOCUMENT_REQUEST).
for (const p of PAGES.filter((x) => x.status !== 404)) {
  test(`lighthouse: ${p.kind} page (${p.path}) scores at least ${PERFORMANCE} for performance and 100 for accessibility, best practices and SEO`, async (t) => {
    const audit = () =>
      lighthouse(server.url + p.path, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', ...ASSERTED],
        // Screenshots and the back/forward cache check (both unscored) take most of the time.
        disableFullPageScreenshot: true,
        skipAudits: ['screenshot-thumbnails', 'final-screenshot', 'bf-cache'],
      });
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      let lhr = (await audit()).lhr;
      // Lighthouse sometimes loses the trace of a page load on a busy machine (NO_NAVSTART and
      // the like: "Please run Lighthouse again"). That says nothing about the page, so such a
      // run is repeated, up to twice; a low score never is.
      for (let retry = 0; retry < 2 && lhr.runtimeError; retry++) {
        t.diagnostic(`Lighthouse could not run (${lhr.runtimeError.code}); running it again`);
        lhr = (await audit()).lhr;
      }
      assert.equal(lhr.runtimeError, undefined, `Lighthouse could not run: ${lhr.runtimeError?.message}`);
      runs.push(lhr);
    }
    // The run with the median performance score.
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const lhr = runs[Math.floor(runs.length / 2)];
    const score = (id) => Math.round(lhr.categories[id].score * 100);
    const timing = (id) => lhr.audits[id].displayValue;
    const row = {
      kind: p.kind,
      path: p.path,
      performance: score('performance'),
      all: runs.map((r) => Math.round(r.categories.performance.score * 100)),
      ...Object.fromEntries(ASSERTED.map((id) => [id, score(id)])),
      fcp: timing('first-contentful-paint'),
      lcp: timing('largest-contentful-paint'),
      tbt: timing('total-blocking-time'),
      cls: timing('cumulative-layout-shift'),
    };
    results.push(row);
    t.diagnostic(
      `performance ${row.performance} (FCP ${row.fcp}, LCP ${row.lcp}, TBT ${row.tbt}, CLS ${row.cls}); ` +
        ASSERTED.map((id) => `${lhr.categories[id].title.toLowerCase()} ${row[id]}`).join(', '),
    );
    for (const warning of lhr.runWarnings) t.diagnostic(`Lighthouse warning: ${warning}`);
    for (const id of ASSERTED) {
      assert.equal(row[id], 100, `${p.path}: ${lhr.categories[id].title} is ${row[id]}:\n${shortfalls(lhr, id)}`);
    }
    // One run moves with the machine's load (the same page scored 74 and 100 on this shared
    // machine within minutes), so the target is asserted on the median of three.
    if (RUNS >= 3) assert.ok(row.performance >= PERFORMANCE, `${p.path}: performance ${row.performance} (runs ${row.all}):\n${shortfalls(lhr, 'performance')}`);
  });
}

test('lighthouse: figures', (t) => {
  // (--test-name-pattern may pick some page types.)
  assert.ok(results.length > 0, 'no page was measured');
  t.diagnostic(`Lighthouse ${VERSION}, mobile, simulated throttling, ${RUNS} run(s) a page (median): performance / accessibility / best practices / SEO`);
  for (const r of results) {
    t.diagnostic(`${r.kind.padEnd(40)} ${r.performance} (${r.all}) / ${r.accessibility} / ${r['best-practices']} / ${r.seo}   FCP ${r.fcp}, LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}`);
  }
});
