/* signpost "My list": services saved on this device to reorder, print as a signposting
 * sheet, share as a link or copy as text. Kept in localStorage only: no cookie, nothing sent
 * anywhere. Services for a sensitive need (domestic abuse…) are kept for this tab only, in
 * sessionStorage, and "Exit this page" (exit.js) removes whatever this visit added: the
 * keys below are named there too. Without JavaScript no button appears and the list page
 * says why. */
(function () {
  'use strict';
  var KEY = 'signpost-my-list', TAB = 'signpost-my-list-tab', VISIT = 'signpost-my-list-visit';
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/, store, tab, list, live, nav;
  // The site's root ('/' or a sub-path such as '/families/'), from the page's data block.
  // The site's base path and the wording, from the page (page-data.js).
  var base = window.signpostPage.base, t = window.signpostPage.t;
  try { store = localStorage; store.getItem(KEY); } catch (e) { return; } // storage blocked
  try { tab = sessionStorage; tab.getItem(TAB); } catch (e) { tab = null; }

  function el(tag, attrs, kid) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (kid) e.append(kid);
    return e;
  }
  function plural(n) { return t('list.services', { count: n }); }
  function valid(id) { return id.length <= 80 && ID.test(id); }
  function read(st, key) {
    try { var v = st && JSON.parse(st.getItem(key)); } catch (e) { /* unreadable: start again */ }
    return Array.isArray(v) ? v.filter(function (x) { return x && valid(String(x.id)); }) : [];
  }
  // The kept list, then this tab's sensitive services (marked s).
  function load() {
    var kept = read(store, KEY).filter(function (x) { return !x.s; });
    return kept.concat(read(tab, TAB).filter(function (x) {
      x.s = 1;
      return !kept.some(function (k) { return k.id === x.id; });
    }));
  }
  function ix(id) { return list.findIndex(function (x) { return x.id === id; }); }
  function say(t) { live.textContent = t; }
  function save() {
    try {
      store.setItem(KEY, JSON.stringify(list.filter(function (x) { return !x.s; })));
      if (tab) tab.setItem(TAB, JSON.stringify(list.filter(function (x) { return x.s; })));
    } catch (e) { say(t('list.not_saved')); }
    sync();
  }
  // What this visit added, for "Exit this page" to take away again.
  function visited(id) {
    if (!tab) return;
    var v = read(tab, VISIT);
    v.push({ id: id });
    try { tab.setItem(VISIT, JSON.stringify(v)); } catch (e) { /* nothing to undo then */ }
  }
  function label(b) {
    b.replaceChildren(t(ix(b.dataset.id) < 0 ? 'list.add' : 'list.remove'), el('span', { class: 'visually-hidden' }, ': ' + b.dataset.name));
  }
  // The header link and every add or remove button show the list as it is now.
  function sync() {
    nav.textContent = list.length ? t('list.nav_count', { count: list.length }) : t('list.nav');
    document.querySelectorAll('.mylist-toggle').forEach(label);
    // A list holding a sensitive service brings up "Exit this page".
    var bar = document.querySelector('.exit-bar');
    if (bar && list.some(function (x) { return x.s; })) bar.hidden = false;
  }
  function toggle(id, name, sensitive) {
    var b = el('button', { type: 'button', class: 'button-secondary mylist-toggle', 'data-id': id, 'data-name': name });
    if (sensitive != null) b.dataset.s = sensitive ? '1' : '0';
    label(b);
    return el('p', { class: 'mylist-add' }, b);
  }
  // Cards on list pages and in search results name their service in the title link. Only
  // new cards are touched, so the observer that calls this does not wake itself.
  function cards() {
    document.querySelectorAll('main .card:not([data-mylist])').forEach(function (c) {
      var a = c.querySelector('.card__title a'), m = a && /^\/services\/([a-z0-9-]+)\/$/.exec(a.getAttribute('href'));
      c.setAttribute('data-mylist', '');
      if (m) c.append(toggle(m[1], a.textContent, c.hasAttribute('data-sensitive') ? c.dataset.sensitive === '1' : null));
    });
  }

  // Service details come from each service's own page, so a shared list works anywhere.
  var got = {};
  function details(id) {
    return got[id] = got[id] || fetch(base + 'services/' + id + '/').then(function (r) {
      if (r.status === 404) return { id: id, gone: 1 };
      if (!r.ok) throw r.status;
      return r.text().then(function (t) {
        var d = new DOMParser().parseFromString(t, 'text/html').getElementById('service-data');
        return d ? JSON.parse(d.textContent) : { id: id, gone: 1 };
      });
    }).catch(function () { delete got[id]; return { id: id, failed: 1 }; });
  }

  // The list page: its parts are in a <template> in my-list.html, with the words.
  function page(box) {
    var ui = document.getElementById('my-list-ui').content, shared, ol, out;
    var today = new Date().toLocaleDateString(t('locale'), { day: 'numeric', month: 'long', year: 'numeric' });
    function part(sel, v) {
      var n = ui.querySelector(sel).cloneNode(true);
      n.querySelectorAll('[data-if]').forEach(function (e) { if (!v[e.dataset.if]) e.remove(); });
      n.querySelectorAll('[data-f]').forEach(function (e) {
        var k = e.dataset.f, x = v[k];
        if (!x) return (e.closest('dl div') || e).remove();
        e.textContent = x;
        if (e.tagName === 'A' && !v.gone) e.href = k === 'phone' ? 'tel:' + x.replace(/[^\d+]/g, '') : k === 'name' ? base + 'services/' + v.id + '/' : x;
      });
      return n;
    }
    function readHash() {
      var m = /(?:^#|&)ids=([^&]*)/.exec(location.hash), seen = {};
      shared = m && decodeURIComponent(m[1]).split(',').filter(function (id) { return valid(id) && !seen[id] && (seen[id] = 1); }).slice(0, 50);
      if (shared && shared.every(function (id) { return ix(id) >= 0; })) shared = null;
    }
    function asText() {
      return box.querySelector('.mylist__title strong').textContent + ', ' + today + '\n' + [].map.call(ol.children, function (li, i) {
        return '\n' + (i + 1) + '. ' + li.querySelector('h2').textContent + '\n' + [].map.call(li.querySelectorAll('dl div'), function (r) {
          return r.children[0].textContent + ': ' + r.children[1].textContent + '\n';
        }).join('');
      }).join('');
    }
    function copy(text, done) {
      function fail() {
        var t = out.querySelector('textarea');
        t.value = text; out.hidden = false; t.focus(); t.select();
      }
      if (!navigator.clipboard) return fail();
      navigator.clipboard.writeText(text).then(function () { out.hidden = true; say(done); }, fail);
    }
    function draw(focus) {
      var want = (shared || []).concat(list.map(function (x) { return x.id; }));
      return Promise.all(want.map(details)).then(function (all) {
        var n = list.length, v = { today: today, count: plural(n), mine: n }, kids = [part('.mylist__intro', v), part('.mylist__title', v)];
        if (shared) {
          v.shared = plural(shared.length) + ': ' + all.slice(0, shared.length).map(function (d) { return d.name || d.id; }).join(', ');
          kids.push(part('.mylist__shared', v));
        }
        if (n) {
          ol = part('ol', v);
          ol.replaceChildren.apply(ol, all.slice(-n).map(function (d, i) {
            if (d.name) list[i].name = d.name;
            d = Object.assign({ ok: !d.gone && !d.failed, up: i > 0, down: i < n - 1, page: location.origin + base + 'services/' + d.id + '/' }, d);
            d.name = list[i].name || d.id;
            d.when = d.when && d.when.join('; ');
            d.where = d.where && d.where.join('; ');
            var li = part('li', d);
            li.id = 'item-' + d.id;
            return li;
          }));
          var acts = part('.mylist__actions', v);
          out = acts.querySelector('.mylist__out');
          kids.push(part('#list-h', v), ol, part('.mylist__notes', v), acts);
        } else kids.push(part('.mylist__empty', v));
        box.replaceChildren.apply(box, kids);
        var f = focus && (box.querySelector(focus[0]) || box.querySelector(focus[1]));
        if (f) f.focus();
      });
    }
    box.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-act]'), act = b && b.dataset.act, li = b && b.closest('li'), i = li ? [].indexOf.call(ol.children, li) : -1;
      if (!act) return;
      var x = list[i], name = x && (x.name || x.id), sel = x && '#item-' + x.id;
      if (act === 'up' || act === 'down') {
        var j = act === 'up' ? i - 1 : i + 1;
        list.splice(i, 1); list.splice(j, 0, x); save();
        draw([sel + ' [data-act=' + act + ']', sel + ' [data-act]']);
        say(t(act === 'up' ? 'list.moved_up' : 'list.moved_down', { name: name, position: j + 1, total: list.length }));
      } else if (act === 'remove') {
        list.splice(i, 1); save();
        var n = list[i] || list[i - 1];
        draw([n ? '#item-' + n.id + ' h2 a, #item-' + n.id + ' [data-act]' : '.mylist__head', '.mylist__head']);
        say(t('list.removed', { name: name, services: plural(list.length) }));
      } else if (act === 'print') print();
      else if (act === 'link') copy(location.origin + base + 'my-list/#ids=' + list.map(function (x) { return x.id; }).join(','), t('list.link_copied'));
      else if (act === 'text') copy(asText(), t('list.text_copied'));
      else {
        var before = list.length;
        if (act === 'replace') list = [];
        if (act !== 'ignore') shared.forEach(function (id) { if (ix(id) < 0) list.push({ id: id }); });
        save(); shared = null;
        history.replaceState(null, '', location.pathname);
        draw(['.mylist__head']);
        say(act === 'ignore' ? t('list.shared_ignored') : act === 'add' ? t('list.has_added', { services: plural(list.length), count: list.length - before }) : t('list.has', { services: plural(list.length) }));
      }
    });
    // Only a shared list in the address redraws: the skip link's #main must not, or the
    // redraw takes focus away from whatever a keyboard user has just tabbed to.
    addEventListener('hashchange', function () { if (/(?:^#|&)ids=/.test(location.hash)) { readHash(); draw(); } });
    addEventListener('storage', function () { draw(); });
    readHash(); draw();
  }

  function boot() {
    var navList = document.querySelector('.nav ul'), main = document.getElementById('main'), box = document.getElementById('my-list'), d = document.getElementById('service-data');
    if (!navList || !main) return;
    list = load();
    main.append(live = el('p', { class: 'visually-hidden', role: 'status' }));
    navList.append(el('li', {}, nav = el('a', { href: base + 'my-list/' })));
    document.addEventListener('click', function (e) {
      var b = e.target.closest('.mylist-toggle'), i = b && ix(b.dataset.id), name = b && b.dataset.name, id = b && b.dataset.id;
      if (!b) return;
      if (i >= 0) {
        list.splice(i, 1); save();
        return say(t('list.removed_from', { name: name, services: plural(list.length) }));
      }
      function add(sensitive) {
        if (ix(id) >= 0) return;
        list.push(sensitive ? { id: id, name: name, s: 1 } : { id: id, name: name });
        visited(id); save();
        say(t(sensitive ? 'list.added_tab' : 'list.added_to', { name: name, services: plural(list.length) }));
      }
      // Whether the service is sensitive: known from the page or the search result, or
      // read from its page (its data block) before keeping it.
      if (b.dataset.s) add(b.dataset.s === '1');
      else details(id).then(function (d) { add(!!d.sensitive || !!d.failed); });
    });
    addEventListener('storage', function (e) { if (e.key === KEY) { list = load(); sync(); } });
    // Coming back to a page Exit left (the back/forward cache) shows the list as Exit left it.
    addEventListener('pageshow', function (e) { if (e.persisted) { list = load(); sync(); } });
    if (d) {
      d = JSON.parse(d.textContent);
      (main.querySelector('.summary') || main.querySelector('.lead') || main.querySelector('h1')).after(toggle(d.id, d.name, !!d.sensitive));
    }
    if (box) { nav.setAttribute('aria-current', 'page'); page(box); }
    else new MutationObserver(cards).observe(main, { childList: true, subtree: true });
    cards();
    sync();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
