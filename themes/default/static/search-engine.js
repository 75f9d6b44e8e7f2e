/* signpost search engine: analysis (words, folding, stemming), the index decoder, the query
 * plan and the ranking, run on the static index under /search/ so nothing a family types
 * leaves their device. It mirrors src/search/mod.rs step by step (same analysis, plan and f32
 * BM25) so results match `signpost search`. Pure functions and data, no DOM: the page code
 * (search.js) draws the results, and tests/search/engine.cjs runs this file in Node for the
 * parity tests. Published as the global `signpostSearchEngine`, or module.exports in Node. */
(function () {
  'use strict';

  /* ---------- Analysis: words, folding, stop words, English (Porter2) stemming ---------- */

  var WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu;
  var utf8 = new TextEncoder();
  // Letters NFKD does not split into a base letter and accents.
  var FOLD = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'œ': 'oe', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i', 'ŀ': 'l', 'ŉ': 'n', 'ĸ': 'k', 'ſ': 's' };
  function fold(w) {
    w = w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return /^[\x00-\x7f]*$/.test(w) ? w : w.replace(/[^\x00-\x7f]/g, function (c) { return FOLD[c] || c; });
  }
  // Words of a text with where they are: {text, start, end, folded}.
  function tokens(text, maxBytes) {
    var out = [];
    for (var m of text.matchAll(WORD)) {
      if (utf8.encode(m[0]).length >= maxBytes) continue;
      var f = fold(m[0].toLowerCase());
      out.push({ start: m.index, end: m.index + m[0].length, folded: f });
    }
    return out;
  }

  function isV(c) { return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y'; }
  var EXC1 = { skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes' };
  var EXC2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
  var STEP2 = [['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'], ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', '']];
  var STEP3 = [['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'], ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', '']];
  var STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];

  // The Snowball English stemmer, as tantivy's Stemmer (rust-stemmers) applies it.
  function stem(word) {
    if (EXC1[word]) return EXC1[word];
    if (word.length <= 2) return word;
    var w = word.split('');
    if (w[0] === "'") w.shift();
    if (w[0] === 'y') w[0] = 'Y';
    for (var i = 1; i < w.length; i++) if (w[i] === 'y' && isV(w[i - 1])) w[i] = 'Y';
    var s = w.join('');
    var r1 = s.length, r2 = s.length;
    var m = /^(gener|commun|arsen)/.exec(s);
    if (m) r1 = m[0].length;
    else for (i = 1; i < s.length; i++) if (!isV(s[i]) && isV(s[i - 1])) { r1 = i + 1; break; }
    for (i = r1 + 1; i < s.length; i++) if (!isV(s[i]) && isV(s[i - 1])) { r2 = i + 1; break; }
    function ends(x) { return s.length >= x.length && s.slice(s.length - x.length) === x; }
    function inR1(x) { return s.length - x.length >= r1; }
    function inR2(x) { return s.length - x.length >= r2; }
    function cut(x, by) { s = s.slice(0, s.length - x.length) + by; }
    function shortSyl(t) {
      var n = t.length;
      if (n === 2) return isV(t[0]) && !isV(t[1]);
      return n >= 3 && !isV(t[n - 3]) && isV(t[n - 2]) && !isV(t[n - 1]) && 'wxY'.indexOf(t[n - 1]) < 0;
    }
    function hasV(t) { for (var k = 0; k < t.length; k++) if (isV(t[k])) return true; return false; }
    // Step 0: apostrophes.
    if (ends("'s'")) cut("'s'", ''); else if (ends("'s")) cut("'s", ''); else if (ends("'")) cut("'", '');
    // Step 1a.
    if (ends('sses')) cut('sses', 'ss');
    else if (ends('ied') || ends('ies')) cut('ies', s.length > 4 ? 'i' : 'ie');
    else if (ends('us') || ends('ss')) { /* unchanged */ }
    else if (ends('s') && hasV(s.slice(0, s.length - 2))) cut('s', '');
    if (EXC2[s]) return s;
    // Step 1b.
    var suf = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find(ends);
    if (suf === 'eed' || suf === 'eedly') { if (inR1(suf)) cut(suf, 'ee'); }
    else if (suf && hasV(s.slice(0, s.length - suf.length))) {
      cut(suf, '');
      if (ends('at') || ends('bl') || ends('iz')) s += 'e';
      else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
      else if (r1 >= s.length && shortSyl(s)) s += 'e';
    }
    // Step 1c.
    if (s.length > 2 && (ends('y') || ends('Y')) && !isV(s[s.length - 2])) s = s.slice(0, -1) + 'i';
    // Step 2.
    var p = STEP2.find(function (x) { return ends(x[0]); });
    if (p && inR1(p[0])) {
      if (p[0] === 'ogi') { if (ends('logi')) cut('ogi', 'og'); }
      else if (p[0] === 'li') { if ('cdeghkmnrt'.indexOf(s[s.length - 3]) >= 0) cut('li', ''); }
      else cut(p[0], p[1]);
    }
    // Step 3.
    p = STEP3.find(function (x) { return ends(x[0]); });
    if (p && inR1(p[0])) { if (p[0] !== 'ative' || inR2('ative')) cut(p[0], p[1]); }
    // Step 4.
    var q = STEP4.find(ends);
    if (q && inR2(q)) {
      if (q !== 'ion') cut(q, '');
      else if ('st'.indexOf(s[s.length - 4]) >= 0 && s.length >= 4) cut('ion', '');
    }
    // Step 5.
    if (ends('e')) {
      if (inR2('e') || (inR1('e') && !shortSyl(s.slice(0, -1)))) cut('e', '');
    } else if (ends('l') && inR2('l') && s[s.length - 2] === 'l') cut('l', '');
    return s.replace(/Y/g, 'y');
  }

  /* ---------- Index access ---------- */

  function cmp(a, b) { // code point order, as Rust compares strings
    var ia = 0, ib = 0;
    while (ia < a.length && ib < b.length) {
      var ca = a.codePointAt(ia), cb = b.codePointAt(ib);
      if (ca !== cb) return ca < cb ? -1 : 1;
      ia += ca > 0xffff ? 2 : 1; ib += cb > 0xffff ? 2 : 1;
    }
    return (a.length - ia) - (b.length - ib) > 0 ? 1 : (ia < a.length ? 1 : (ib < b.length ? -1 : 0));
  }

  function Reader(bytes) { this.b = bytes; this.p = 0; }
  Reader.prototype.v = function () {
    var v = 0, s = 1, x;
    do { x = this.b[this.p++]; v += (x & 0x7f) * s; s *= 128; } while (x & 0x80);
    return v;
  };

  function decodeShard(bytes) {
    var r = new Reader(bytes), dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var dec = new TextDecoder(), map = new Map(), n = r.v();
    for (var i = 0; i < n; i++) {
      var len = r.v(), term = dec.decode(bytes.subarray(r.p, r.p + len)); r.p += len;
      var nf = bytes[r.p++], fields = [];
      for (var j = 0; j < nf; j++) {
        var field = bytes[r.p++], idf = dv.getFloat32(r.p, true); r.p += 4;
        var df = r.v(), docs = new Uint32Array(df), tfs = new Uint32Array(df), d = 0, k;
        for (k = 0; k < df; k++) { d += r.v(); docs[k] = d; }
        for (k = 0; k < df; k++) tfs[k] = r.v();
        var norms = bytes.subarray(r.p, r.p + df); r.p += df;
        fields.push({ field: field, idf: idf, docs: docs, tfs: tfs, norms: norms });
      }
      map.set(term, fields);
    }
    return map;
  }

  // tantivy's fieldnorm code: lengths above 24 are stored on a log scale.
  function fieldnorm(id) {
    if (id < 24) return id;
    var b = id - 24, bits = b & 7, shift = b >> 3;
    return 24 + (shift === 0 ? bits : (bits | 8) * Math.pow(2, shift - 1));
  }

  var f32 = Math.fround, K1 = f32(1.2), B = f32(0.75);

  // fetchGz(path) resolves to the inflated bytes of a file under the index root.
  function Engine(fetchGz) {
    this.fetchGz = fetchGz;
    this.shards = new Map(); this.docs = new Map(); this.facets = new Map();
    this.manifest = null; this.vocab = null;
  }
  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.fetchGz('manifest.gz').then(function (bytes) {
        var m = JSON.parse(new TextDecoder().decode(bytes));
        self.manifest = m;
        self.stop = new Set(m.stop);
        var n = f32(m.docs);
        self.fields = m.fields.map(function (f) {
          var avg = f32(f32(f[2]) / n), cache = new Float32Array(256);
          for (var i = 0; i < 256; i++) cache[i] = f32(K1 * f32(f32(1 - B) + f32(f32(B * fieldnorm(i)) / avg)));
          return { name: f[0], boost: f32(f[1]), cache: cache };
        });
      });
    }
    return this.ready;
  };
  Engine.prototype.get = function (path) { return this.fetchGz(this.manifest.dir + path); };
  Engine.prototype.words = function (q) {
    var self = this;
    return tokens(q, this.manifest.maxTokenBytes).map(function (t) {
      return { folded: t.folded, term: self.stop.has(t.folded) ? null : stem(t.folded) };
    });
  };
  Engine.prototype.shardOf = function (term) {
    var s = this.manifest.shards, lo = 0, hi = s.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (cmp(s[mid], term) <= 0) lo = mid; else hi = mid - 1; }
    return lo;
  };
  // Loads the shards holding the given terms, in parallel.
  Engine.prototype.load = function (terms) {
    var self = this, pending = [];
    terms.forEach(function (t) {
      var i = self.shardOf(t), e = self.shards.get(i);
      if (!e) {
        e = { map: null };
        e.ready = self.get('t/' + i + '.gz').then(function (b) { e.map = decodeShard(b); });
        self.shards.set(i, e);
      }
      if (!e.map) pending.push(e.ready);
    });
    return Promise.all(pending);
  };
  Engine.prototype.postings = function (term) {
    var e = this.shards.get(this.shardOf(term));
    return (e && e.map && e.map.get(term)) || [];
  };
  Engine.prototype.loadVocab = function () {
    var self = this;
    if (!this.vocabReady) {
      this.vocabReady = this.get('vocab.gz').then(function (bytes) {
        // Lines of "word df", or "word term df" when the word is not its own term.
        var lines = new TextDecoder().decode(bytes).split('\n'), v = [];
        for (var i = 0; i < lines.length; i++) {
          var f = lines[i].split(' ');
          if (f.length === 2) v.push([f[0], f[0], +f[1]]);
          else if (f.length === 3) v.push([f[0], f[1], +f[2]]);
        }
        self.vocab = v;
      });
    }
    return this.vocabReady;
  };

  // Optimal string alignment distance, or -1 when above max (as edit_distance in Rust).
  function distance(a, b, max) {
    a = Array.from(a); b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return -1;
    var w = b.length + 1, d = new Array((a.length + 1) * w), i, j;
    for (i = 0; i <= a.length; i++) d[i * w] = i;
    for (j = 0; j < w; j++) d[j] = j;
    for (i = 1; i <= a.length; i++) {
      var rowMin = Infinity;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return -1;
    }
    var r = d[a.length * w + b.length];
    return r <= max ? r : -1;
  }

  // Which text fields (bitmask) hold a term; 0 when it is not a word of the index.
  Engine.prototype.mask = function (term) {
    var m = 0;
    this.postings(term).forEach(function (f) { if (f.field < 6) m |= 1 << f.field; });
    return m;
  };

  // Needs named by the query, [need, words of its longest phrase found]: every word of one
  // of a need's phrases among as many neighbouring query words, in any order (needs_named
  // in Rust).
  function needsNamed(needs, standing) {
    var out = [];
    needs.forEach(function (n, ni) {
      var longest = 0;
      n[2].forEach(function (p) {
        for (var i = 0; i + p.length <= standing.length; i++) {
          var win = standing.slice(i, i + p.length);
          if (p.every(function (t) { return win.some(function (s) { return s.indexOf(t) >= 0; }); })) { longest = Math.max(longest, p.length); break; }
        }
      });
      if (longest) out.push([ni, longest]);
    });
    return out;
  }
  // How many of n query words a service must match (min_match in Rust).
  function minMatch(n, P) { return n <= P.matchAllUpTo ? n : n - Math.floor(n / P.matchDropEvery); }
  function wordBit(wi) { return (1 << Math.min(wi, 31)) >>> 0; }
  function bits(x) { var c = 0; for (; x; x >>>= 1) c += x & 1; return c; }

  // The plan of src/search/mod.rs `plan`, loading what it needs on the way.
  Engine.prototype.plan = async function (query, typing) {
    await this.init();
    var self = this, m = this.manifest, P = m.params, ws = this.words(query);
    var endsInWord = /[\p{Alphabetic}\p{N}]$/u.test(query);
    var exact = ws.filter(function (w) { return w.term; }).map(function (w) { return w.term; });
    // Guess the needs from the words as typed, so their postings come in the same trip.
    var guess = needsNamed(m.needs, ws.filter(function (w) { return w.term; }).map(function (w) { return [w.term]; }));
    var first = exact.concat(guess.map(function (g) { return '#' + m.needs[g[0]][0]; }));
    var lastTyping = typing && endsInWord && ws.length > 0 && Array.from(ws[ws.length - 1].folded).length >= P.prefixMin;
    var needVocab = false;
    await Promise.all([this.load(first), lastTyping ? this.loadVocab() : null]);
    ws.forEach(function (w) {
      if (w.term && !self.mask(w.term) && Array.from(w.folded).length >= P.typoMin) needVocab = true;
    });
    if (needVocab) await this.loadVocab();
    function edits(n) { return n >= P.typoTwo ? 2 : n >= P.typoOne ? 1 : 0; }
    var expansions = [], standing = [];
    ws.forEach(function (w, wi) {
      var last = wi + 1 === ws.length && typing && endsInWord, stands = [];
      var typed = Array.from(w.folded).length;
      if (w.term) {
        if (self.mask(w.term)) { expansions.push([w.term, 1, wi]); stands.push(w.term); }
        else if (typed >= P.typoMin) {
          var cands = [];
          self.vocab.forEach(function (v) {
            var d = distance(w.folded, v[0], edits(Math.max(typed, Array.from(v[0]).length)));
            if (d >= 0) cands.push([d, v[2], v[0], v[1]]);
          });
          cands.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] || cmp(a[2], b[2]); });
          var best = cands.length ? cands[0][0] : -1, taken = [];
          for (var c = 0; c < cands.length && taken.length < P.maxTypo; c++) {
            if (taken.indexOf(cands[c][3]) >= 0) continue;
            taken.push(cands[c][3]);
            expansions.push([cands[c][3], P.typo[cands[c][0]], wi]);
            if (cands[c][0] === best) stands.push(cands[c][3]);
          }
        }
      }
      if (last && typed >= P.prefixMin) {
        var v = self.vocab, lo = 0, hi = v.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(v[mid][0], w.folded) < 0) lo = mid + 1; else hi = mid; }
        var pre = [];
        for (var i = lo; i < v.length && v[i][0].startsWith(w.folded); i++) {
          if (v[i][1] !== w.term && !pre.some(function (p) { return p[1] === v[i][1]; })) pre.push([v[i][2], v[i][1]]);
        }
        pre.sort(function (a, b) { return b[0] - a[0] || cmp(a[1], b[1]); });
        pre.slice(0, P.maxPrefix).forEach(function (c) { expansions.push([c[1], P.prefix, wi]); });
      }
      if (w.term) standing.push(stands);
    });
    var named = needsNamed(m.needs, standing), needs = named.map(function (g) { return g[0]; });
    await this.load(expansions.map(function (e) { return e[0]; }).concat(needs.map(function (ni) { return '#' + m.needs[ni][0]; })));
    var clauses = [], seen = new Set(), terms = [], counted = 0, every = 0;
    // A word counts towards minMatch unless every term it stands for is common (see
    // Plan::counted); a query of common words only counts them all.
    expansions.forEach(function (e) {
      var df = 0;
      if (!self.mask(e[0])) return;
      self.postings(e[0]).forEach(function (f) { if (f.field < 6) df += f.docs.length; });
      every = (every | wordBit(e[2])) >>> 0;
      if (df * P.commonDivisor <= m.docs) counted = (counted | wordBit(e[2])) >>> 0;
    });
    if (!counted) counted = every;
    expansions.forEach(function (e) {
      var mask = self.mask(e[0]);
      if (!mask) return;
      for (var fi = 0; fi < 6; fi++) {
        if (mask & (1 << fi) && !seen.has(fi + ' ' + e[0])) {
          seen.add(fi + ' ' + e[0]);
          clauses.push({ field: fi, term: e[0], boost: f32(self.fields[fi].boost * f32(e[1])), word: e[2] });
        }
      }
      if (terms.indexOf(e[0]) < 0) terms.push(e[0]);
    });
    named.forEach(function (g) { clauses.push({ field: 6, term: '#' + m.needs[g[0]][0], boost: self.fields[6].boost, word: -1, weight: g[1] }); });
    return { clauses: clauses, needs: needs, terms: terms, words: ws, counted: counted };
  };

  // Scores every matching service: one tantivy BM25 term score per clause, added in order.
  // A service is found when tagged with a named need or matching minMatch of the words
  // (or, when none does, as many as the best one: `partial`), as IndexSearch::find.
  Engine.prototype.score = function (plan) {
    var n = this.manifest.docs, scores = new Float32Array(n), hit = new Uint8Array(n), docs = [];
    var masks = new Uint32Array(n), tiers = new Uint32Array(n), all = 0;
    var self = this, w22 = f32(1 + K1);
    plan.clauses.forEach(function (c) {
      var bit = c.word >= 0 ? wordBit(c.word) : 0;
      all = (all | bit) >>> 0;
      var fp = self.postings(c.term).find(function (f) { return f.field === c.field; });
      if (!fp) return;
      var weight = f32(f32(fp.idf * w22) * c.boost), cache = self.fields[c.field].cache;
      for (var k = 0; k < fp.docs.length; k++) {
        var d = fp.docs[k], tf = fp.tfs[k];
        var s = f32(weight * f32(tf / f32(tf + cache[fp.norms[k]])));
        scores[d] = scores[d] + s; // a Float32Array stores the f32 sum
        if (bit) masks[d] |= bit; else tiers[d] += c.weight;
        if (!hit[d]) { hit[d] = 1; docs.push(d); }
      }
    });
    var counted = plan.counted, need = minMatch(bits(all & counted), this.manifest.params);
    function enough(d) { return tiers[d] > 0 || bits(masks[d] & counted) >= need; }
    var partial = docs.length > 0 && !docs.some(enough);
    if (partial) need = docs.reduce(function (m, d) { return Math.max(m, bits(masks[d] & counted)); }, 0);
    docs = docs.filter(enough);
    return { docs: rank(docs, scores, n, plan.needs.length ? tiers : null), scores: scores, partial: partial };
  };

  // Highest score first, equal scores by ordinal. A positive f32's bits order as its value,
  // so score bits and ordinal pack into one exact double and a plain numeric sort (much
  // faster than a comparator at 100,000 results) does it.
  // With named needs, services tagged with more of them come first (a comparator sort).
  function rank(docs, scores, n, tiers) {
    if (tiers) return docs.sort(function (a, b) { return tiers[b] - tiers[a] || scores[b] - scores[a] || a - b; });
    var bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if (bits > 21) return docs.sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var u = new Uint32Array(scores.buffer), top = Math.pow(2, bits), max = top - 1;
    var keys = new Float64Array(docs.length);
    for (var i = 0; i < docs.length; i++) keys[i] = u[docs[i]] * top + (max - docs[i]);
    keys.sort();
    for (i = 0; i < keys.length; i++) docs[i] = max - (keys[keys.length - 1 - i] % top);
    return docs;
  }

  Engine.prototype.search = async function (query, typing) {
    var plan = await this.plan(query, typing);
    var r = this.score(plan);
    r.plan = plan;
    return r;
  };

  // Facet groups: for each value, a bitset of the services it applies to.
  Engine.prototype.facet = function (id) {
    var self = this;
    if (!this.facets.has(id)) {
      var n = this.manifest.docs;
      this.facets.set(id, this.get('f/' + id + '.gz').then(function (bytes) {
        var r = new Reader(bytes), g = self.manifest.facets.find(function (f) { return f.id === id; });
        return g.values.map(function () {
          var bits = new Uint32Array((n + 31) >> 5), c = r.v(), d = 0;
          for (var k = 0; k < c; k++) { d += r.v(); bits[d >> 5] |= 1 << (d & 31); }
          return bits;
        });
      }));
    }
    return this.facets.get(id);
  };

  // Each service's sessions ("when") and venues ("where"): fetched only for the "Open
  // today" filter and sorting by distance (formats in src/whenwhere.rs).
  Engine.prototype.extra = function (name) {
    var self = this;
    if (!this.docs.has(name)) {
      this.docs.set(name, this.get(name + '.gz').then(function (b) {
        var t = new TextDecoder().decode(b);
        return name === 'when' ? t.split('\n') : JSON.parse(t);
      }));
    }
    return this.docs.get(name);
  };

  Engine.prototype.rows = function (docs) {
    var self = this, size = this.manifest.docShard;
    return Promise.all(docs.map(function (d) {
      var i = Math.floor(d / size);
      if (!self.docs.has(i)) {
        self.docs.set(i, self.get('d/' + i + '.gz').then(function (b) { return JSON.parse(new TextDecoder().decode(b)); }));
      }
      return self.docs.get(i).then(function (rows) { return rows[d % size]; });
    }));
  };

  // The text's ranges [start, end) holding words whose terms are among `terms` (a Set), for
  // highlighting; the same analysis as the query.
  Engine.prototype.matches = function (text, terms) {
    var stop = this.stop, out = [];
    tokens(text || '', 40).forEach(function (t) {
      var term = stop.has(t.folded) ? null : stem(t.folded);
      if (term && terms.has(term)) out.push([t.start, t.end]);
    });
    return out;
  };

  // An engine reading the index under `root` (an address ending in /search/) over the network,
  // inflating each file with DecompressionStream; browsers without it (iOS 15 and older)
  // fetch the build's uncompressed copy (the name without ".gz").
  function open(root) {
    var ds = typeof DecompressionStream == 'function';
    return new Engine(function (path) {
      return fetch(root + (ds ? path : path.slice(0, -3))).then(function (res) {
        if (!res.ok) throw new Error(path + ': ' + res.status);
        return ds ? new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer() : res.arrayBuffer();
      }).then(function (b) { return new Uint8Array(b); });
    });
  }

  var api = { Engine: Engine, open: open, stem: stem, fold: fold, tokens: tokens, distance: distance };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else globalThis.signpostSearchEngine = api;
})();
