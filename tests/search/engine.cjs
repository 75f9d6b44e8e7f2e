// Runs the browser search engine (themes/default/static/search-engine.js) in Node on a built
// site's /search/ folder, for the parity test and the benchmark.
//   node engine.cjs search SEARCH_DIR QUERIES.json [LIMIT] [GROUP=VALUE,VALUE]
//        -> [{query, ids, scores, needs, total, partial}]; with a filter, only the services in
//           any of the group's values, as the search page (search.js `passes`) keeps them
//   node engine.cjs stem WORDS.json                         -> [stem, ...]
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const api = require(path.join(__dirname, '../../themes/default/static/search-engine.js'));

async function main() {
  const [mode, a, b, c, filter] = process.argv.slice(2);
  if (mode === 'stem') {
    const words = JSON.parse(fs.readFileSync(a, 'utf8'));
    process.stdout.write(JSON.stringify(words.map(w => api.stem(w))));
    return;
  }
  const limit = c ? +c : 10;
  const engine = new api.Engine(p => Promise.resolve(new Uint8Array(zlib.gunzipSync(fs.readFileSync(path.join(a, p))))));
  const out = [];
  for (const q of JSON.parse(fs.readFileSync(b, 'utf8'))) {
    const r = await engine.search(q, false);
    if (filter) {
      const [group, values] = filter.split('=');
      const meta = engine.manifest.facets.find(f => f.id === group);
      const sets = await engine.facet(group);
      const any = values.split(',').map(v => sets[meta.values.findIndex(x => x[0] === v)]).filter(Boolean);
      r.docs = r.docs.filter(d => any.some(bits => bits[d >> 5] & (1 << (d & 31))));
    }
    const top = r.docs.slice(0, limit);
    const rows = await engine.rows(top);
    out.push({ query: q, ids: rows.map(x => x[0]), scores: top.map(d => r.scores[d]), needs: r.plan.needs, total: r.docs.length, partial: r.partial });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch(e => { console.error(e); process.exit(1); });
