/* signpost "My list", the list page only (my-list.html loads it before mylist.js): draws the
 * saved services from each service's page, reorders, removes, prints, shares as a link and
 * copies as text. Kept apart so other pages do not download it; mylist.js calls it with
 * its list and helpers. */
(function () {
  'use strict';
  var base = window.signpostPage.base, t = window.signpostPage.t;
  // The list page: its parts are in a <template> in my-list.html, with the words.
  function page(box, my) {
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
      shared = m && decodeURIComponent(m[1]).split(',').filter(function (id) { return my.valid(id) && !seen[id] && (seen[id] = 1); }).slice(0, 50);
      if (shared && shared.every(function (id) { return my.ix(id) >= 0; })) shared = null;
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
      navigator.clipboard.writeText(text).then(function () { out.hidden = true; my.say(done); }, fail);
    }
    function draw(focus) {
      var want = (shared || []).concat(my.list().map(function (x) { return x.id; }));
      return Promise.all(want.map(my.details)).then(function (all) {
        var n = my.list().length, v = { today: today, count: my.plural(n), mine: n }, kids = [part('.mylist__intro', v), part('.mylist__title', v)];
        if (shared) {
          v.shared = my.plural(shared.length) + ': ' + all.slice(0, shared.length).map(function (d) { return d.name || d.id; }).join(', ');
          kids.push(part('.mylist__shared', v));
        }
        if (n) {
          ol = part('ol', v);
          ol.replaceChildren.apply(ol, all.slice(-n).map(function (d, i) {
            if (d.name) my.list()[i].name = d.name;
            d = Object.assign({ ok: !d.gone && !d.failed, up: i > 0, down: i < n - 1, page: location.origin + base + 'services/' + d.id + '/' }, d);
            d.name = my.list()[i].name || d.id;
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
      var x = my.list()[i], name = x && (x.name || x.id), sel = x && '#item-' + x.id;
      if (act === 'up' || act === 'down') {
        var j = act === 'up' ? i - 1 : i + 1;
        my.list().splice(i, 1); my.list().splice(j, 0, x); my.save();
        draw([sel + ' [data-act=' + act + ']', sel + ' [data-act]']);
        my.say(t(act === 'up' ? 'list.moved_up' : 'list.moved_down', { name: name, position: j + 1, total: my.list().length }));
      } else if (act === 'remove') {
        my.list().splice(i, 1); my.save();
        var n = my.list()[i] || my.list()[i - 1];
        draw([n ? '#item-' + n.id + ' h2 a, #item-' + n.id + ' [data-act]' : '.mylist__head', '.mylist__head']);
        my.say(t('list.removed', { name: name, services: my.plural(my.list().length) }));
      } else if (act === 'print') print();
      else if (act === 'link') copy(location.origin + base + 'my-list/#ids=' + my.list().map(function (x) { return x.id; }).join(','), t('list.link_copied'));
      else if (act === 'text') copy(asText(), t('list.text_copied'));
      else {
        var before = my.list().length;
        if (act === 'replace') my.list().length = 0;
        if (act !== 'ignore') shared.forEach(function (id) { if (my.ix(id) < 0) my.list().push({ id: id }); });
        my.save(); shared = null;
        history.replaceState(null, '', location.pathname);
        draw(['.mylist__head']);
        my.say(act === 'ignore' ? t('list.shared_ignored') : act === 'add' ? t('list.has_added', { services: my.plural(my.list().length), count: my.list().length - before }) : t('list.has', { services: my.plural(my.list().length) }));
      }
    });
    // Only a shared list in the address redraws: the skip link's #main must not, or the
    // redraw takes focus away from whatever a keyboard user has just tabbed to.
    addEventListener('hashchange', function () { if (/(?:^#|&)ids=/.test(location.hash)) { readHash(); draw(); } });
    addEventListener('storage', function () { draw(); });
    readHash(); draw();
  }

  window.signpostMyListPage = page;
})();
