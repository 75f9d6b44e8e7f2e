/* signpost search, the page code: the search page (results, filters, "Show more"), the header
 * box's quick results on other pages, and search boxes that open the search page. The
 * engine (search-engine.js: analysis, index, plan, ranking) is loaded by the search page
 * itself, and on other pages only once someone types in the header box. Result cards are
 * copies of the theme's <template id="search-card"> (the search_card macro) filled with
 * text, never with markup: results come from content written by strangers. */
(function () {
  'use strict';

  // The site's base path and the wording, from the page (page-data.js).
  var BASE = window.signpostPage.base, t = window.signpostPage.t;

  // A message with a page element in place of {name}: the parts to append.
  function withElement(message, element) {
    var at = message.indexOf('\u0000');
    return at < 0 ? [message] : [message.slice(0, at), element, message.slice(at + 1)];
  }

  var SEARCH = BASE + 'search/';
  // Childcare providers' ids are `childcare/<id>` (docs/search-index.md).
  function serviceAddress(id) {
    return id.indexOf('childcare/') === 0 ? BASE + 'childcare/providers/' + id.slice(10) + '/' : BASE + 'services/' + id + '/';
  }
  function needAddress(id) { return BASE + 'needs/' + id + '/'; }
  function searchAddress(q) { return SEARCH + (q ? '#q=' + encodeURIComponent(q) : ''); }

  // The engine: already on the search page (loaded before this script); elsewhere fetched
  // from the address this script's tag names, the first time it is needed.
  var ENGINE_SRC = document.currentScript && document.currentScript.getAttribute('data-engine');
  var engineReady = null;
  function loadEngine() {
    if (!engineReady) {
      engineReady = new Promise(function (ok, fail) {
        if (window.signpostSearchEngine || !ENGINE_SRC) return ok();
        var s = document.createElement('script');
        s.src = ENGINE_SRC; s.onload = ok; s.onerror = fail;
        document.head.append(s);
      }).then(function () { return window.signpostSearchEngine.open(SEARCH); });
    }
    return engineReady;
  }

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (attrs[k] != null) e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { if (k != null) e.append(k); });
    return e;
  }

  // The text with words matching the query's terms in <mark>.
  function highlight(engine, text, terms) {
    var frag = document.createDocumentFragment(), at = 0;
    if (!text) return frag;
    engine.matches(text, terms).forEach(function (r) {
      frag.append(text.slice(at, r[0]), el('mark', null, [text.slice(r[0], r[1])]));
      at = r[1];
    });
    frag.append(text.slice(at));
    return frag;
  }

  // "Open today" and "near me" (when-where.js), on pages that load it.
  function ww() { return window.signpostWhenWhere; }

  // The theme's result card: the search page holds it; other pages take it from there.
  var cardReady = null;
  function cardTemplate() {
    if (!cardReady) {
      var here = document.getElementById('search-card');
      cardReady = here ? Promise.resolve(here) : fetch(SEARCH).then(function (res) {
        if (!res.ok) throw new Error(SEARCH + ': ' + res.status);
        return res.text();
      }).then(function (html) {
        return new DOMParser().parseFromString(html, 'text/html').getElementById('search-card');
      });
    }
    return cardReady;
  }

  // One result as a copy of the card template. Each element with data-slot gets its value as
  // text (or highlighted text), or is removed when the result has none; data-link elements
  // link to the service. Row fields are listed in docs/search-index.md.
  function card(template, engine, row, terms, miles) {
    var W = ww(), paused = row[8] & 2, st = W && row[9] && !paused && W.status(W.parse(row[9]), W.now(), W.calendarOfPage());
    var values = {
      title: highlight(engine, row[1], terms),
      paused: paused ? true : null,
      distance: miles != null ? W.milesText(miles) : null,
      'open-now': st ? st.text : null,
      summary: highlight(engine, row[2], terms),
      meta: [row[3], row[4], row[5], row[6]].filter(Boolean).join(' · '),
      'first-session': row[7] || null
    };
    var item = template.content.firstElementChild.cloneNode(true);
    item.setAttribute('data-sensitive', row[8] & 8 ? '1' : '0'); // for My list (mylist.js)
    item.querySelectorAll('[data-link]').forEach(function (a) { a.removeAttribute('data-link'); a.setAttribute('href', serviceAddress(row[0])); });
    item.querySelectorAll('[data-slot]').forEach(function (e) {
      var slot = e.getAttribute('data-slot'), v = values[slot];
      e.removeAttribute('data-slot');
      if (v == null) e.remove();
      else if (v !== true) e.replaceChildren(v);
      if (slot === 'open-now' && st && st.open) e.classList.add('when-now--open');
    });
    return item;
  }

  // The query and filters live in the address's fragment (#q=…), which browsers never send
  // to a server: a shared link works, and the words stay on the device. Old ?q= links are
  // read once and moved into the fragment.
  var GROUPS = null;
  function readState() {
    var p = new URLSearchParams(location.hash.slice(1)), f = {};
    if (location.search) {
      new URLSearchParams(location.search).forEach(function (v, k) { if (!p.has(k) || k !== 'q') p.append(k, v); });
      history.replaceState(null, '', location.pathname + (p.toString() ? '#' + p : ''));
    }
    (GROUPS || []).forEach(function (g) { var v = p.getAll(g.id); if (v.length) f[g.id] = v; });
    return { q: p.get('q') || '', filters: f };
  }
  function writeState(state, push) {
    var p = new URLSearchParams();
    if (state.q) p.set('q', state.q);
    Object.keys(state.filters).forEach(function (g) { state.filters[g].forEach(function (v) { p.append(g, v); }); });
    var url = location.pathname + (p.toString() ? '#' + p : '');
    if (url !== location.pathname + location.hash) history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  var PAGE = 20;

  function SearchPage(box) {
    this.box = box;
    this.input = document.getElementById('page-search');
    this.form = this.input.form;
    this.shown = PAGE;
    this.seq = 0;
  }
  SearchPage.prototype.start = async function () {
    var self = this, engine = this.engine = await loadEngine();
    this.template = await cardTemplate();
    await engine.init();
    // "Open today" is worked out on the device at the time of looking, not at build time.
    GROUPS = (ww() ? [{ id: 'when', label: t('search.when'), values: [['today', t('search.open_today')]] }] : []).concat(engine.manifest.facets);
    this.status = el('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
    this.hint = el('p', { class: 'search-hint' });
    this.list = el('ol', { class: 'results', 'aria-label': t('search.results_label') });
    this.more = el('button', { type: 'button', class: 'button-secondary' }, [t('search.show_more')]);
    this.more.hidden = true;
    this.filters = this.buildFilters();
    var near = el('div', { class: 'nearby' });
    near.hidden = true;
    // Results first on phones: the filters and the postcode box wait behind "Filter
    // results"; active filters show as tags that remove them. Wide screens show the
    // filters beside the results (site.css).
    var side = el('div', { class: 'search-side', id: 'search-side' }, [this.filters, near]);
    this.toggle = el('button', { type: 'button', class: 'filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'search-side' }, [t('search.filters_title')]);
    this.toggle.addEventListener('click', function () {
      var open = self.toggle.getAttribute('aria-expanded') !== 'true';
      self.toggle.setAttribute('aria-expanded', String(open));
      side.classList.toggle('search-side--open', open);
    });
    this.tags = el('ul', { class: 'filter-tags', 'aria-label': t('search.active_filters') });
    // Put on the page once the first answer is drawn, in one go, so the page does not move
    // line by line as the status, the hint and the results arrive (layout shift).
    var parts = [this.status, this.hint, this.toggle, this.tags, el('div', { class: 'search-layout' }, [side, el('div', { class: 'search-layout__results' }, [el('h2', { class: 'visually-hidden' }, [t('search.results_label')]), this.list, this.more])])];
    this.mount = function () { self.mount = function () {}; self.box.replaceChildren.apply(self.box, parts); };
    if (ww()) ww().locator(near, function (p) { self.near = p; self.shown = PAGE; return self.run(false); });
    this.more.addEventListener('click', function () { self.shown += PAGE; self.render(false); });
    this.input.addEventListener('input', function () { self.shown = PAGE; self.state.q = self.input.value; writeState(self.state, false); self.run(true); });
    this.form.addEventListener('submit', function (e) { e.preventDefault(); self.state.q = self.input.value; writeState(self.state, true); self.run(false); });
    window.addEventListener('popstate', function () { self.load(); });
    window.addEventListener('hashchange', function () { self.load(); });
    this.load();
  };
  SearchPage.prototype.load = function () {
    this.state = readState();
    this.input.value = this.state.q;
    var f = this.state.filters;
    this.filters.querySelectorAll('input[type=checkbox]').forEach(function (c) {
      c.checked = (f[c.name] || []).indexOf(c.value) >= 0;
    });
    this.filters.querySelectorAll('details').forEach(function (d) { if (f[d.dataset.group]) d.open = true; });
    this.run(false);
  };
  SearchPage.prototype.buildFilters = function () {
    var self = this;
    var form = el('form', { class: 'filters', 'aria-label': t('search.filters_label') }, [el('h2', { class: 'filters__title' }, [t('search.filters_title')])]);
    GROUPS.forEach(function (g) {
      var fs = el('fieldset', null, [el('legend', { class: 'visually-hidden' }, [g.label])]);
      g.values.forEach(function (v, vi) {
        var id = 'f-' + g.id + '-' + vi;
        fs.append(el('div', { class: 'check' }, [
          el('input', { type: 'checkbox', id: id, name: g.id, value: v[0] }),
          el('label', { for: id }, [v[1] + ' ', el('span', { class: 'count', 'data-count': g.id + ' ' + vi })])
        ]));
      });
      var d = el('details', { 'data-group': g.id }, [el('summary', null, [g.label]), fs]);
      d.addEventListener('toggle', function () { if (d.open) self.counts(); });
      form.append(d);
    });
    var clear = el('button', { type: 'button', class: 'button-secondary' }, [t('search.filters_clear')]);
    clear.addEventListener('click', function () { self.state.filters = {}; writeState(self.state, true); self.load(); });
    form.append(clear);
    form.addEventListener('change', function (e) {
      if (e.target.type !== 'checkbox') return;
      var f = {};
      form.querySelectorAll('input[type=checkbox]:checked').forEach(function (c) { (f[c.name] = f[c.name] || []).push(c.value); });
      self.state.filters = f; self.shown = PAGE;
      writeState(self.state, true);
      self.run(false);
    });
    return form;
  };
  // Services passing every active filter group except `skip`.
  SearchPage.prototype.passes = async function (docs, skip) {
    var f = this.state.filters, groups = Object.keys(f).filter(function (g) { return g !== skip; });
    var self = this, sets = await Promise.all(groups.map(function (g) {
      var meta = GROUPS.find(function (x) { return x.id === g; });
      return self.facet(g).then(function (bits) {
        return f[g].map(function (v) { return bits[meta.values.findIndex(function (x) { return x[0] === v; })]; }).filter(Boolean);
      });
    }));
    return docs.filter(function (d) {
      return sets.every(function (any) { return any.length === 0 || any.some(function (b) { return b[d >> 5] & (1 << (d & 31)); }); });
    });
  };
  // A filter group's bitsets; "when" is computed from the services' sessions for now.
  SearchPage.prototype.facet = function (g) {
    if (g !== 'when') return this.engine.facet(g);
    var W = ww(), t = W.now(), key = t.day * 1440 + t.min, self = this;
    if (this.open && this.open.key === key) return this.open.bits;
    var bits = this.engine.extra('when').then(function (lines) {
      var b = new Uint32Array((lines.length + 31) >> 5), cal = W.calendarOfPage();
      lines.forEach(function (l, d) { if (l && W.openToday(W.parse(l), t, cal)) b[d >> 5] |= 1 << (d & 31); });
      return [b];
    });
    this.open = { key: key, bits: bits };
    bits.catch(function () { self.open = null; });
    return bits;
  };
  // Nearest first: services by their closest venue; those with none (online, by phone,
  // home visits) after, in their order. Keeps each service's distance for its card.
  SearchPage.prototype.byDistance = async function (docs) {
    var w = await this.engine.extra('where'), p = this.near, W = ww(), dist = this.dist = new Map();
    docs.forEach(function (d) {
      (w[1][d] || []).forEach(function (v) {
        var m = W.miles(p, { lat: w[0][2 * v], lon: w[0][2 * v + 1] });
        if (!(dist.get(d) <= m)) dist.set(d, m);
      });
    });
    var has = function (d) { return dist.has(d); };
    return docs.filter(has).sort(function (a, b) { return dist.get(a) - dist.get(b); }).concat(docs.filter(function (d) { return !has(d); }));
  };
  SearchPage.prototype.run = async function (typing) {
    var seq = ++this.seq, q = this.state.q.trim(), engine = this.engine, r;
    if (q) r = await engine.search(this.state.q, typing);
    else if (Object.keys(this.state.filters).length || this.near) {
      var all = []; for (var i = 0; i < engine.manifest.docs; i++) all.push(i);
      r = { docs: all, plan: { needs: [], terms: [] } };
    } else r = null;
    if (seq !== this.seq) return; // a newer keystroke won
    this.all = r ? r.docs : [];
    this.result = r;
    this.docs = r ? await this.passes(r.docs, null) : [];
    if (this.near) this.docs = await this.byDistance(this.docs);
    if (seq !== this.seq) return;
    this.render(true);
    this.counts();
  };
  // The status line: how many services match what, or what to try when none do.
  // The active filters as [group, value, label], in the order of the groups.
  SearchPage.prototype.active = function () {
    var f = this.state.filters, out = [];
    (GROUPS || []).forEach(function (g) {
      (f[g.id] || []).forEach(function (v) {
        var named = g.values.find(function (x) { return x[0] === v; });
        if (named) out.push([g.id, v, named[1]]);
      });
    });
    return out;
  };
  // Tags for the active filters: each removes its filter; the toggle says how many are on.
  SearchPage.prototype.drawTags = function () {
    var self = this, active = this.active();
    this.tags.replaceChildren.apply(this.tags, active.map(function (a) {
      var b = el('button', { type: 'button', class: 'filter-tag', 'aria-label': t('search.remove_filter', { filter: a[2] }) }, [a[2]]);
      b.addEventListener('click', function () {
        var f = self.state.filters, left = (f[a[0]] || []).filter(function (v) { return v !== a[1]; });
        if (left.length) f[a[0]] = left; else delete f[a[0]];
        self.shown = PAGE;
        writeState(self.state, true);
        self.load();
        var next = self.tags.querySelector('button') || self.toggle;
        next.focus();
      });
      return el('li', null, [b]);
    }));
    this.toggle.textContent = active.length ? t('search.filters_on', { count: active.length }) : t('search.filters_title');
  };
  SearchPage.prototype.statusText = function (n, q) {
    var filtered = Object.keys(this.state.filters).length > 0, values = { query: q };
    values.filters = this.active().map(function (a) { return a[2]; }).join(t('search.list_separator'));
    if (n === 0) return t(q ? (filtered ? 'search.none_query_filters' : 'search.none_query') : (filtered ? 'search.none_filters' : 'search.none'), values);
    values.services = t('search.services', { count: n });
    var found = t(q ? (this.result.partial ? 'search.found_partial' : filtered ? 'search.found_query_filters' : 'search.found_query') : filtered ? 'search.found_filters' : 'search.found', values);
    return this.near ? t('search.found_nearest', { found: found, place: this.near.label }) : found;
  };
  // The needs and areas to browse: shown with no query and when nothing (or not everything)
  // matched, hidden under results.
  SearchPage.prototype.browse = function (show) {
    var b = document.getElementById('search-browse');
    if (b) b.hidden = !show;
  };
  SearchPage.prototype.render = async function (fresh) {
    var seq = this.seq, r = this.result, q = this.state.q.trim(), engine = this.engine, template = this.template;
    if (!r) {
      var blank = document.getElementById('search-none');
      if (blank) blank.hidden = true;
      this.drawTags();
      this.status.textContent = t('search.prompt');
      this.hint.replaceChildren(); this.list.replaceChildren(); this.more.hidden = true;
      this.browse(true);
      this.mount();
      return;
    }
    var shown = this.docs.slice(0, this.shown), rows = await engine.rows(shown), dist = this.near && this.dist;
    if (seq !== this.seq) return;
    var terms = new Set(r.plan.terms);
    var n = this.docs.length;
    this.status.textContent = this.statusText(n, q);
    this.drawTags();
    // Nothing (or not everything) matched: the needs below and the service's phone number.
    var none = document.getElementById('search-none');
    if (none) none.hidden = !(n === 0 || r.partial);
    var needs = document.createDocumentFragment();
    r.plan.needs.forEach(function (ni, i) {
      var nd = engine.manifest.needs[ni];
      if (i) needs.append(t('search.list_separator'));
      needs.append(el('a', { href: needAddress(nd[0]) }, [nd[1]]));
    });
    if (r.plan.needs.length) this.hint.replaceChildren.apply(this.hint, withElement(t('search.help_with', { needs: '\u0000' }), needs));
    else this.hint.replaceChildren();
    this.list.replaceChildren.apply(this.list, rows.map(function (row, i) { return card(template, engine, row, terms, dist ? dist.get(shown[i]) : null); }));
    // A sensitive service among the results brings up "Exit this page" (exit.js); it then stays
    // for the visit, as this tab's history already holds the search that found it.
    var exit = document.querySelector('.exit-bar');
    if (exit && rows.some(function (row) { return row[8] & 8; })) exit.hidden = false;
    this.more.hidden = n <= this.shown;
    this.browse(n === 0 || r.partial);
    this.mount();
    if (!fresh) { var items = this.list.querySelectorAll('li a'); var a = items[this.shown - PAGE]; if (a) a.focus(); }
  };
  // Counts beside the filters of open groups: services matching the query and the other groups.
  SearchPage.prototype.counts = async function () {
    var self = this, seq = this.seq;
    var open = Array.from(this.filters.querySelectorAll('details[open]')).map(function (d) { return d.dataset.group; });
    for (var g of open) {
      var bits = await self.facet(g), base = await self.passes(self.all, g);
      if (seq !== self.seq) return;
      bits.forEach(function (b, vi) {
        var c = 0;
        for (var k = 0; k < base.length; k++) if (b[base[k] >> 5] & (1 << (base[k] & 31))) c++;
        var span = self.filters.querySelector('[data-count="' + g + ' ' + vi + '"]');
        if (span) span.textContent = t('search.filter_count', { count: String(c) });
      });
    }
  };

  // The header box on other pages: top results as you type, and a link to all of them.
  function QuickSearch(input) {
    var panel = el('div', { class: 'quick-results', id: 'quick-results' });
    panel.hidden = true;
    input.form.after(panel);
    input.setAttribute('aria-controls', 'quick-results');
    var seq = 0;
    input.addEventListener('input', async function () {
      var my = ++seq, q = input.value;
      if (!q.trim()) { panel.hidden = true; return; }
      var found = await Promise.all([loadEngine(), cardTemplate()]), engine = found[0], template = found[1];
      var r = await engine.search(q, true);
      var rows = await engine.rows(r.docs.slice(0, 5));
      if (my !== seq) return;
      var terms = new Set(r.plan.terms);
      panel.replaceChildren(
        el('p', { role: 'status' }, [r.docs.length ? t('search.quick_found', { count: r.docs.length }) : t('search.quick_none')]),
        el('ol', { class: 'results results--quick' }, rows.map(function (row) { return card(template, engine, row, terms); })),
        r.docs.length ? el('p', null, [el('a', { href: searchAddress(q) }, [t('search.see_all')])]) : null
      );
      panel.hidden = false;
    });
  }

  function boot() {
    // Search boxes have no name, so without JavaScript nothing typed is sent anywhere; with
    // it, a search opens the search page with the words in the fragment.
    document.querySelectorAll('form[role=search]').forEach(function (form) {
      if (form.querySelector('#page-search')) return;
      form.addEventListener('submit', function (e) {
        var input = form.querySelector('input[type=search]');
        e.preventDefault();
        location.href = searchAddress(input && input.value.trim() ? input.value : '');
      });
    });
    var box = document.getElementById('search-results');
    if (box && document.getElementById('page-search')) new SearchPage(box).start();
    var header = document.getElementById('site-search');
    if (header && !box) QuickSearch(header);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
