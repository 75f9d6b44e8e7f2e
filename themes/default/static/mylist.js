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
  // Said where everyone sees it, not only screen readers (issue 22), then cleared.
  var quiet = 0;
  function say(t) { live.textContent = t; clearTimeout(quiet); quiet = setTimeout(function () { live.textContent = ''; }, 8000); }
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
      // Under the site's base path (`/families/services/<id>/` when published there).
      var a = c.querySelector('.card__title a'), h = a ? a.getAttribute('href') : '';
      var m = h.indexOf(base + 'services/') === 0 && /^([a-z0-9-]+)\/$/.exec(h.slice(base.length + 9));
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

  function boot() {
    var navList = document.querySelector('.nav ul'), main = document.getElementById('main'), box = document.getElementById('my-list'), d = document.getElementById('service-data');
    if (!navList || !main) return;
    list = load();
    main.append(live = el('p', { class: 'said', role: 'status' }));
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
    if (box) {
      nav.setAttribute('aria-current', 'page');
      if (window.signpostMyListPage) {
        window.signpostMyListPage(box, { list: function () { return list; }, plural: plural, valid: valid, ix: ix, say: say, save: save, details: details, el: el });
      }
    }
    else new MutationObserver(cards).observe(main, { childList: true, subtree: true });
    cards();
    sync();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
