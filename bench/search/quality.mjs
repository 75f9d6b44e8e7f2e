// Pagefind's success at 1 and at 10 on the search quality set (tests/search/quality.txt),
// on the sample's service pages, for comparison with `cargo test --test search_quality`. A
// service is a right answer when its page's need tags include an accepted need; the few
// language queries are left out (Pagefind does not index the language list).
//   SITE=/tmp/pf-site bench/search/quality.sh
// (quality.sh builds the sample into $SITE, indexes it with Pagefind and serves it without
// netlify.toml's CSP, which forbids Pagefind's WebAssembly.)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
const SITE = process.env.SITE;
const CHROMIUM = { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] };
const needsOf = (id) => {
  const html = fs.readFileSync(path.join(SITE, 'services', id, 'index.html'), 'utf8');
  const ul = /<ul class="need-tags">([\s\S]*?)<\/ul>/.exec(html);
  return ul ? [...ul[1].matchAll(/href="\/needs\/([^/"]+)\/"/g)].map((m) => m[1]) : [];
};
const cases = fs.readFileSync(new URL('../../tests/search/quality.txt', import.meta.url), 'utf8').split('\n')
  .filter((l) => l.trim() && !l.startsWith('#')).map((l) => { const [q, a] = l.split(' => '); return { q: q.trim(), accept: a.split(',').map((s) => s.trim()) }; });
const server = { url: process.env.URL, close: async () => {} };
const browser = await chromium.launch(CHROMIUM);
const page = await (await browser.newContext({ bypassCSP: true })).newPage();
await page.goto(server.url + '/');
let at1 = 0, at10 = 0, n = 0, share = 0;
const total = fs.readdirSync(path.join(SITE, 'services')).filter((d) => fs.existsSync(path.join(SITE, 'services', d, 'index.html'))).length;
for (const c of cases) {
  if (c.accept.some((a) => a.startsWith('lang:'))) continue;
  n++;
  const r = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    const s = await pf.search(q);
    const d = await Promise.all(s.results.slice(0, 10).map((x) => x.data()));
    return { ids: d.map((x) => x.url.replace(/^\/services\/|\/$/g, '')), total: s.results.length };
  }, c.q);
  const good = (id) => needsOf(id).some((x) => c.accept.includes(x));
  if (r.ids[0] && good(r.ids[0])) at1++;
  if (r.ids.some(good)) at10++;
  share += r.total / total;
}
console.log(`pagefind on the sample: ${n} need queries (of ${cases.length}; language ones left out), success@1 ${(100 * at1 / n).toFixed(1)}%, success@10 ${(100 * at10 / n).toFixed(1)}%, mean share matched ${(100 * share / n).toFixed(1)}%`);
await browser.close(); await server.close();
