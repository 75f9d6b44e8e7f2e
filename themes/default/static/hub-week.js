/* A family hub's "This week" (hub pages only): the page holds the week the site was built
 * in, for browsers without JavaScript; this draws the week the family is in, from the
 * page's data-week (every session, in the compact form of src/whenwhere.rs, and the
 * timetable's wording) with when-where.js's rules, which are src/timetable.rs's. Sessions in
 * start-time order; today opened and marked in words. */
(function () {
  'use strict';
  var W = window.signpostWhenWhere, t = window.signpostPage.t, DAY = 864e5;
  if (!W) return;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { if (k != null) e.append(k); });
    return e;
  }

  // The hub's timetable for the week the family is in (the page holds the build's, for
  // browsers without JavaScript), in start-time order, with today open and marked.
  function hubWeek(at) {
    var box = document.querySelector('.timetable[data-week]');
    if (!box) return;
    var data = JSON.parse(box.dataset.week), m = data.m, c = W.calendarOfPage(), mon = at.day - W.weekday(at.day);
    var put = function (s, v) { return s.replace(/\{(\w+)\}/g, function (x, k) { return k in v ? v[k] : x; }); };
    var long = function (n) { return W.dateText(n, { day: 'numeric', month: 'long', year: 'numeric' }); };
    if (W.parseDate(box.dataset.monday) !== mon) {
      var all = data.s.map(function (x) { var s = W.parse(x.w)[0]; s.x = x; return s; });
      var days = [], running = 0;
      for (var n = mon; n < mon + 7; n++) {
        var on = 0, items = all.map(function (s) { return [s, W.occurs(s, n, c)]; })
          .filter(function (p) { return p[1] != null; })
          .sort(function (a, b) { return W.byStart(a[0], b[0]) || (a[1] ? 1 : 0) - (b[1] ? 1 : 0); })
          .map(function (p) {
            var s = p[0], x = s.x, why = p[1], often = x.f[W.weekday(n)], li = el('li', why ? { class: 'timetable__off' } : null, [
              el('span', { class: 'timetable__time' }, [put(m.time, { starts: W.hm(s.starts), ends: W.hm(s.ends) })]), ' ',
              el('a', { href: x.u }, [x.n]), x.v ? put(m.at, { venue: x.v }) : null]);
            if (!why) on++;
            if (s.term || often || why) li.append(' ', el('br'));
            if (s.term) li.append(el('span', { class: 'label label--term' }, [m.term]), ' ');
            if (often) li.append(el('span', { class: 'label' }, [often]), ' ');
            if (why) {
              var w = m[why[0]] || m.w, next = W.nextRun(s, n + 1, c);
              li.append(el('strong', { class: 'timetable__why' }, [w[0].toUpperCase() + w.slice(1)]));
              if (next != null) li.append(put(m.next, { date: W.dateText(next, { weekday: 'long' }) + ' ' + long(next) }));
            }
            return li;
          });
        var body = el('details', null, [el('summary', null, [
          el('span', { class: 'timetable__name' }, [W.dateText(n, { weekday: 'long' }) + ' ', el('span', { class: 'timetable__date' }, [long(n)])]), ' ',
          el('span', { class: 'timetable__count' }, [t('week.count', { count: on })])])]);
        if (c.holidays.has(n)) { var b = el('p'); b.innerHTML = m.bank; body.append(b); } // the catalogue's own markup
        body.append(items.length ? el('ul', { class: 'timetable__sessions' }, items) : el('p', { class: 'hint' }, [m.none]));
        running += on;
        days.push(el('li', { class: 'timetable__day', 'data-day': 'monday tuesday wednesday thursday friday saturday sunday'.split(' ')[W.weekday(n)], 'data-date': new Date(n * DAY).toISOString().slice(0, 10) }, [body]));
      }
      box.querySelector('.timetable__days').replaceChildren.apply(box.querySelector('.timetable__days'), days);
      box.querySelector('.timetable__from').textContent = put(m.from_to, { from: long(mon), to: long(mon + 6) });
      // "There are no regular sessions at the hub this week", for this week, not the build's.
      var none = box.querySelector('.timetable__none');
      if (none) none.hidden = running > 0;
    }
    var today = box.querySelector('[data-date="' + new Date(at.day * DAY).toISOString().slice(0, 10) + '"]');
    if (today) {
      today.classList.add('timetable__day--today');
      today.querySelector('details').open = true;
      // Marked in words, not by colour alone.
      today.querySelector('.timetable__name').append(' ', el('strong', { class: 'tag' }, [t('week.today')]));
      today.setAttribute('aria-current', 'date');
    }
  }

  hubWeek(W.now());
})();
