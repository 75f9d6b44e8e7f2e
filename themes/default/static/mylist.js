/* signpost "My list": services saved on this device to reorder, print as a signposting
 * sheet, share as a link or copy as text. Kept in localStorage only: no cookie, nothing sent
 * anywhere. Without JavaScript no button appears and the list page says why. */
(function () {
  'use strict';
  var KEY = 'signpost-my-list', ID = /^[a-z0-9]+(-[a-z0-9]+)*$/, store, list, live, nav;
  try { store = localStorage; store.getItem(KEY); } catch (e) { return; } // storage blocked

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    (kids || []).forEach(function (c) { if (c != null) e.append(c); });
    return e;
  }
  function hidden(t) { return el('span', { class: 'visually-hidden' }, [t]); }
  function btn(text, name, act) {
    return el('button', { type: 'button', class: 'button-secondary', 'data-act': act }, [text, name ? hidden(': ' + name) : null]);
  }
  function plural(n) { return n === 1 ? '1 service' : n + ' services'; }
  function valid(id) { return typeof id === 'string' && id.length <= 80 && ID.test(id); }
  function load() {
    try { var v = JSON.parse(store.getItem(KEY)); } catch (e) { v = null; }
    return Array.isArray(v) ? v.filter(function (x) { return x && valid(x.id); }) : [];
  }
  function ix(id) { return list.findIndex(function (x) { return x.id === id; }); }
  function say(t) { live.textContent = t; }
  function save() {
    try { store.setItem(KEY, JSON.stringify(list)); } catch (e) { say('Your browser did not let this site save your list.'); }
    sync();
  }
  function label(b) {
    b.replaceChildren(ix(b.dataset.id) < 0 ? 'Add to my list' : 'Remove from my list', hidden(': ' + b.dataset.name));
  }
  // The header link and every add or remove button show the list as it is now.
  function sync() {
    nav.textContent = 'My list' + (list.length ? ' (' + list.length + ')' : '');
    document.querySelectorAll('.mylist-toggle').forEach(label);
  }
  function toggle(id, name) {
    var b = el('button', { type: 'button', class: 'button-secondary mylist-toggle', 'data-id': id, 'data-name': name });
    label(b);
    return b;
  }
  // Cards on list pages and in search results name their service in the title link. Only
  // new cards are touched, so the observer that calls this does not wake itself.
  function cards() {
    document.querySelectorAll('main .card:not([data-mylist])').forEach(function (c) {
      var a = c.querySelector('.card__title a'), m = a && /^\/services\/([a-z0-9-]+)\/$/.exec(a.getAttribute('href'));
      c.setAttribute('data-mylist', '');
      if (m) c.append(el('p', { class: 'mylist-card' }, [toggle(m[1], a.textContent)]));
    });
  }

  // Service details come from each service's own page, so a shared list works anywhere.
  var got = {};
  function details(id) {
    return got[id] = got[id] || fetch('/services/' + id + '/').then(function (r) {
      if (r.status === 404) return { id: id, gone: 1 };
      if (!r.ok) throw r.status;
      return r.text().then(function (t) {
        var d = new DOMParser().parseFromString(t, 'text/html').getElementById('service-data');
        return d ? JSON.parse(d.textContent) : { id: id, gone: 1 };
      });
    }).catch(function () { delete got[id]; return { id: id, failed: 1 }; });
  }

  function page(box) {
    var site = document.querySelector('.header__name').textContent, shared, data = [], ol, out;
    var today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    var base = location.origin + '/services/';
    function readHash() {
      var m = /(?:^#|&)ids=([^&]*)/.exec(location.hash), seen = {};
      shared = m ? decodeURIComponent(m[1]).split(',').filter(function (id) { return valid(id) && !seen[id] && (seen[id] = 1); }).slice(0, 50) : null;
      if (shared && shared.every(function (id) { return ix(id) >= 0; })) shared = null;
    }
    function fields(d) {
      return [['What it is', d.summary], ['Who it is for', d.who], ['How to get it', d.how], ['Cost', d.cost],
        ['When', (d.when || []).join('; ')], ['Where', (d.where || []).join('; ')], ['Phone', d.phone], ['Email', d.email],
        ['Website', d.website], ['More details', base + d.id + '/']].filter(function (f) { return f[1]; });
    }
    function item(d, i) {
      var name = d.name || (list[i] && list[i].name) || 'A saved service', kids = [];
      if (d.gone) kids.push(el('p', null, ['This service is no longer listed. It may have closed or changed its name. ', el('a', { href: '/search/' }, ['Search for it']), ' or remove it from your list.']));
      else if (d.failed) kids.push(el('p', null, ['The details of this service could not be loaded. Check your connection and reload the page.']));
      else {
        if (d.organisation) kids.push(el('p', { class: 'caption' }, [d.organisation]));
        if (d.note) kids.push(el('p', { class: 'notice' }, [d.note]));
        kids.push(el('dl', { class: 'mylist__facts' }, fields(d).map(function (f) {
          var v = f[0] === 'Phone' ? el('a', { href: 'tel:' + f[1].replace(/[^\d+]/g, '') }, [f[1]])
            : /^(Website|More)/.test(f[0]) ? el('a', { href: f[1], class: 'url' }, [f[1]]) : f[1];
          return el('div', null, [el('dt', null, [f[0]]), el('dd', null, [v])]);
        })));
      }
      return el('li', { class: 'mylist__item', id: 'item-' + d.id }, [
        el('h2', null, [d.gone || d.failed ? name : el('a', { href: '/services/' + d.id + '/' }, [name])])
      ].concat(kids, el('p', { class: 'mylist__controls' }, [
        i ? btn('Move up', name, 'up') : null, i < list.length - 1 ? btn('Move down', name, 'down') : null, btn('Remove', name, 'remove')
      ])));
    }
    function asText() {
      return 'Services from ' + site + ', ' + today + '\n\n' + data.map(function (d, i) {
        return (i + 1) + '. ' + (d.name || d.id) + '\n' + (d.gone || d.failed ? '' : fields(d).map(function (f) { return f[0] + ': ' + f[1] + '\n'; }).join(''));
      }).join('\n');
    }
    function copy(text, done) {
      var fail = function () {
        out.replaceChildren(el('label', { for: 'mylist-copy' }, ['Your browser did not let this page copy. Select and copy this text:']),
          el('textarea', { id: 'mylist-copy', rows: 6, readonly: '' }, [text]));
        out.hidden = false; out.querySelector('textarea').select(); out.querySelector('textarea').focus();
      };
      if (!navigator.clipboard) return fail();
      navigator.clipboard.writeText(text).then(function () { out.hidden = true; say(done); }, fail);
    }
    function draw(focus) {
      var want = (shared || []).concat(list.map(function (x) { return x.id; }));
      return Promise.all(want.map(details)).then(function (all) {
        data = all.slice(want.length - list.length);
        data.forEach(function (d, i) { if (d.name && list[i]) list[i].name = d.name; });
        var kids = [el('p', { class: 'screen-only' }, ['Services you add are kept on this device only. Nothing is sent anywhere.']),
          el('div', { class: 'print-only mylist__title' }, [el('p', null, [el('strong', null, ['Services from ' + site])]), el('p', null, ['Printed on ' + today])])];
        if (shared) {
          var names = all.slice(0, shared.length).map(function (d) { return d.name || d.id; });
          kids.push(el('div', { class: 'notice mylist__shared screen-only', role: 'region', 'aria-labelledby': 'shared-h' }, [
            el('h2', { id: 'shared-h' }, ['A list shared with you']),
            el('p', null, ['This link has ' + plural(shared.length) + ': ' + names.join(', ') + '.' + (list.length ? ' Your list on this device has ' + plural(list.length) + '.' : '')]),
            el('p', { class: 'mylist__controls' }, [btn('Add them to my list', null, 'add'), list.length ? btn('Replace my list with them', null, 'replace') : null, btn('Do not add them', null, 'ignore')])
          ]));
        }
        if (list.length) {
          ol = el('ol', { class: 'mylist', 'aria-labelledby': 'list-h' }, data.map(item));
          out = el('div', { class: 'mylist__out', hidden: '' });
          kids.push(el('h2', { id: 'list-h', tabindex: -1, class: 'screen-only' }, ['Your list: ' + plural(list.length)]), ol,
            el('div', { class: 'print-only mylist__notes' }, ['Notes']),
            el('div', { class: 'mylist__actions screen-only' }, [btn('Print a sheet for the family', null, 'print'),
              btn('Copy a link to this list', null, 'link'), btn('Copy the list as text', null, 'text'), out]));
        } else {
          kids.push(el('p', { id: 'list-h', tabindex: -1 }, ['Your list is empty. To add a service, choose “Add to my list” on its page or in search results.']),
            el('p', null, [el('a', { href: '/search/' }, ['Search for help']), ' or ', el('a', { href: '/needs/' }, ['find help by need']), '.']));
        }
        box.replaceChildren.apply(box, kids);
        var f = focus && box.querySelector(focus[0]) || focus && box.querySelector(focus[1]);
        if (f) f.focus();
      });
    }
    box.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-act]'), act = b && b.dataset.act, li = b && b.closest('li'), i = li ? [].indexOf.call(ol.children, li) : -1;
      if (!act) return;
      var x = list[i], name = x && (data[i].name || x.id), sel = x && '#item-' + x.id;
      if (act === 'up' || act === 'down') {
        var j = act === 'up' ? i - 1 : i + 1;
        list.splice(i, 1); list.splice(j, 0, x); save();
        draw([sel + ' [data-act=' + act + ']', sel + ' [data-act]']);
        say('Moved ' + name + ' ' + act + '. It is now ' + (j + 1) + ' of ' + list.length + '.');
      } else if (act === 'remove') {
        list.splice(i, 1); save();
        var n = list[i] || list[i - 1];
        draw([n ? '#item-' + n.id + ' h2 a, #item-' + n.id + ' [data-act]' : '#list-h', '#list-h']);
        say('Removed ' + name + '. Your list has ' + plural(list.length) + '.');
      } else if (act === 'print') window.print();
      else if (act === 'link') copy(location.origin + '/my-list/#ids=' + list.map(function (x) { return x.id; }).join(','), 'The link is copied. Anyone who opens it sees this list.');
      else if (act === 'text') copy(asText(), 'The list is copied. You can paste it into an email or text message.');
      else {
        var before = list.length;
        if (act === 'replace') list = [];
        if (act !== 'ignore') shared.forEach(function (id) { if (ix(id) < 0) list.push({ id: id }); });
        save(); shared = null;
        history.replaceState(null, '', location.pathname);
        draw(['#list-h']);
        say(act === 'ignore' ? 'The shared list was not added.' : 'Your list has ' + plural(list.length) + (act === 'add' ? ', ' + (list.length - before) + ' added.' : '.'));
      }
    });
    window.addEventListener('hashchange', function () { readHash(); draw(); });
    addEventListener('storage', function () { draw(); });
    readHash(); draw();
  }

  function boot() {
    list = load();
    live = el('p', { class: 'visually-hidden', role: 'status' });
    (document.getElementById('main') || document.body).append(live);
    var navList = document.querySelector('.nav ul');
    if (!navList) return;
    nav = el('a', { href: '/my-list/' });
    navList.append(el('li', null, [nav]));
    document.addEventListener('click', function (e) {
      var b = e.target.closest('.mylist-toggle');
      if (!b) return;
      var i = ix(b.dataset.id);
      if (i < 0) list.push({ id: b.dataset.id, name: b.dataset.name }); else list.splice(i, 1);
      save();
      say((i < 0 ? 'Added ' + b.dataset.name + ' to' : 'Removed ' + b.dataset.name + ' from') + ' your list. It has ' + plural(list.length) + '.');
    });
    addEventListener('storage', function (e) { if (e.key === KEY) { list = load(); sync(); } });
    var d = document.getElementById('service-data'), box = document.getElementById('my-list');
    if (d) {
      try { d = JSON.parse(d.textContent); } catch (e) { d = null; }
      var lead = document.querySelector('main .lead') || document.querySelector('main h1');
      if (d && lead) lead.after(el('p', { class: 'mylist-add' }, [toggle(d.id, d.name)]));
    }
    if (box) { nav.setAttribute('aria-current', 'page'); page(box); }
    else { cards(); new MutationObserver(cards).observe(document.getElementById('main'), { childList: true, subtree: true }); }
    sync();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
