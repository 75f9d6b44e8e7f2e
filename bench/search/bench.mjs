// Search benchmark: signpost's browser search against Pagefind on the same built site, in
// Debian's Chromium. Run through bench/search/run.sh, which builds the sites and indexes
// them with Pagefind first.
//
//   node bench.mjs SITE_DIR [SITE_DIR...]
//
// For every query of tests/search/queries.txt, in a fresh browser context (empty cache):
// - bytes: everything fetched after a blank page of the site has loaded (search code,
//   manifest, index shards, result data for the first 10 results), as transferred (gzip);
// - round trips: the longest chain of requests where each starts only after the one
//   before it has finished (the server delays responses by LATENCY ms to keep waves apart);
// - ranking time: the same query again once everything has arrived (signpost only: plan,
//   BM25 and sort).
// Typo recall: each word of 5+ letters in the query set is misspelt once (a letter
// dropped, doubled, swapped or replaced); a hit is when the misspelt query's top 10 holds
// a service the correctly spelt query ranks first (any of those tied at the top score),
// in the same engine.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LATENCY = 20;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };

function serve(root) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let body;
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (url.pathname === '/__bench.html') {
      body = Buffer.from('<!doctype html><html lang="en"><title>bench</title><p>bench</p></html>');
      file = 'x.html';
    } else {
      if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
      try {
        if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
        body = await readFile(file);
      } catch { res.writeHead(404).end(); return; }
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' };
    // A CDN compresses what is not compressed already (Pagefind's and signpost's index
    // files are gzip inside).
    const gz = body[0] === 0x1f && body[1] === 0x8b;
    if (!gz && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body, { level: 9 });
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    setTimeout(() => res.writeHead(200, headers).end(body), LATENCY);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[s.length >> 1] : NaN; };

function typos(queries) {
  const out = [];
  const abc = 'etaoinshrdlucmfwypvbgkqjxz';
  queries.forEach((q, qi) => {
    q.split(' ').forEach((w, wi) => {
      if (!/^[a-z]{5,}$/i.test(w)) return;
      const k = (qi + wi) % 4, mid = Math.floor(w.length / 2);
      let t;
      if (k === 0) t = w.slice(0, mid) + w.slice(mid + 1); // dropped
      else if (k === 1) t = w.slice(0, mid) + w[mid] + w.slice(mid); // doubled
      else if (k === 2) t = w.slice(0, mid - 1) + w[mid] + w[mid - 1] + w.slice(mid + 1); // swapped
      else { const c = abc[(qi * 7 + wi) % abc.length]; t = w.slice(0, mid) + (c === w[mid] ? 'x' : c) + w.slice(mid + 1); } // replaced
      out.push({ query: q, typo: q.split(' ').map((x, i) => (i === wi ? t : x)).join(' ') });
    });
  });
  return out;
}

async function measure(browser, base, engine, query, scriptUrls) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const hosts = new Set();
  context.on('request', (r) => hosts.add(new URL(r.url()).host));
  await page.goto(base + '/__bench.html');
  // Requests from the page and its workers (Pagefind searches in a worker).
  const done = [];
  context.on('requestfinished', (r) => done.push(r));
  const result = await page.evaluate(async ([engine, query, scriptUrls]) => {
    const t0 = performance.now();
    if (engine === 'signpost') {
      // As the search page does: the manifest is preloaded beside the script.
      const l = document.createElement('link');
      Object.assign(l, { rel: 'preload', as: 'fetch', href: '/search/manifest.gz', crossOrigin: 'anonymous' });
      document.head.append(l);
      // The engine and the page code, in the search page's order.
      for (const src of scriptUrls) {
        await new Promise((ok, fail) => { const s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = fail; document.head.append(s); });
      }
      const e = window.signpostSearchEngine.open('/search/');
      const r = await e.search(query, false);
      const rows = await e.rows(r.docs.slice(0, 10));
      const elapsed = performance.now() - t0;
      const t1 = performance.now();
      await e.search(query, false);
      const rank = performance.now() - t1;
      const best = r.docs.length ? r.scores[r.docs[0]] : 0;
      return {
        ids: rows.map((x) => x[0]), elapsed, rank, total: r.docs.length,
        keys: r.docs.slice(0, 10), tied: r.docs.filter((d) => r.scores[d] === best),
      };
    }
    const pf = await import('/pagefind/pagefind.js');
    const s = await pf.search(query);
    const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    const elapsed = performance.now() - t0;
    const best = s.results.length ? s.results[0].score : 0;
    return {
      ids: data.map((d) => d.url.replace(/^\/services\/|\/$/g, '')), elapsed, total: s.results.length,
      keys: s.results.slice(0, 10).map((r) => r.id), tied: s.results.filter((r) => r.score === best).map((r) => r.id),
    };
  }, [engine, query, scriptUrls]);
  await page.waitForTimeout(50);
  const reqs = [];
  for (const r of done) {
    const t = r.timing(), sizes = await r.sizes();
    reqs.push({ start: t.startTime, end: t.startTime + t.responseEnd, bytes: sizes.responseBodySize });
  }
  // Round trips: a request waits for every request that finished before it started.
  reqs.sort((a, b) => a.start - b.start);
  for (const r of reqs) r.depth = 1 + Math.max(0, ...reqs.filter((q) => q.end <= r.start).map((q) => q.depth || 0));
  await context.close();
  return {
    ...result,
    bytes: reqs.reduce((a, r) => a + r.bytes, 0),
    requests: reqs.length,
    trips: Math.max(0, ...reqs.map((r) => r.depth)),
    hosts: [...hosts],
  };
}

async function site(browser, dir) {
  const server = await serve(path.resolve(dir));
  const base = `http://127.0.0.1:${server.address().port}`;
  const queries = readFileSync(path.join(HERE, '../../tests/search/queries.txt'), 'utf8')
    .split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const html = readFileSync(path.join(dir, 'search/index.html'), 'utf8');
  const scriptUrls = ['search-engine', 'search'].map((name) => html.match(new RegExp(`src="(/assets/${name}\\.[0-9a-f]+\\.js)"`))[1]);
  const docs = JSON.parse(zlib.gunzipSync(readFileSync(path.join(dir, 'search/manifest.gz')))).docs;
  const report = { site: dir, services: docs };
  for (const engine of ['signpost', 'pagefind']) {
    const runs = [];
    for (const q of queries) runs.push(await measure(browser, base, engine, q, scriptUrls));
    // What the correctly spelt query ranks first (all services tied at the top score).
    const top = new Map(queries.map((q, i) => [q, runs[i].tied.length ? new Set(runs[i].tied) : null]));
    let hits = 0, tried = 0;
    for (const t of typos(queries)) {
      const want = top.get(t.query);
      if (!want) continue;
      const r = await measure(browser, base, engine, t.typo, scriptUrls);
      tried += 1;
      if (r.keys.some((k) => want.has(k))) hits += 1;
    }
    report[engine] = {
      medianBytes: median(runs.map((r) => r.bytes)),
      maxBytes: Math.max(...runs.map((r) => r.bytes)),
      medianRequests: median(runs.map((r) => r.requests)),
      medianTrips: median(runs.map((r) => r.trips)),
      maxTrips: Math.max(...runs.map((r) => r.trips)),
      medianRankMs: engine === 'signpost' ? median(runs.map((r) => r.rank)) : undefined,
      typoRecall: `${hits}/${tried} (${((100 * hits) / Math.max(tried, 1)).toFixed(1)}%)`,
      otherHosts: [...new Set(runs.flatMap((r) => r.hosts))].filter((h) => !h.startsWith('127.0.0.1')),
    };
  }
  report.bytesRatio = +(report.pagefind.medianBytes / report.signpost.medianBytes).toFixed(2);
  server.close();
  return report;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
for (const dir of process.argv.slice(2)) console.log(JSON.stringify(await site(browser, dir), null, 2));
await browser.close();
