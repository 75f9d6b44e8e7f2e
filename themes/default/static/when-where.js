/* signpost "open today" and "near me". Times are worked out in UK time whatever the
 * device's clock zone, from the schedules on the page (data-when, in the compact form of
 * src/whenwhere.rs) and the term dates and bank holidays the page carries; the rules are
 * src/timetable.rs's. A postcode is looked up in a table fetched from this site and a
 * location from the browser stays in the page: nothing is sent anywhere. */
(function () {
  'use strict';
  var DAY = 864e5;

  // The wording, from the page (page-data.js); under node, from its module.
  var page = typeof module === 'object' && module.exports ? require('./page-data.js') : window.signpostPage;
  var t = page.t;
  // Weekday and month names in the page's language, from the browser.
  function dateText(n, opts) {
    opts.timeZone = 'UTC';
    return new Date(n * DAY).toLocaleDateString(t('locale'), opts);
  }

  /* ---------- When ---------- */

  // Dates are day numbers (days since 1 January 1970), so stepping a day is adding one.
  function dayNum(y, m, d) { return Math.round(Date.UTC(y, m - 1, d) / DAY); }
  function parseDate(s) { var m = /^(\d{4})-?(\d\d)-?(\d\d)$/.exec(s); return m ? dayNum(+m[1], +m[2], +m[3]) : null; }
  function civil(n) { var d = new Date(n * DAY); return { m: d.getUTCMonth(), d: d.getUTCDate() }; }
  function weekday(n) { return ((n % 7) + 10) % 7; } // Monday 0; day 0 was a Thursday
  function mins(t) { return +t.slice(0, 2) * 60 + +t.slice(2); }
  function hm(m) { return String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0'); }

  // "2 1000-1130 t,4 1300-1430 f20261112" -> sessions.
  function parse(text) {
    return (text || '').split(',').filter(Boolean).map(function (p) {
      var f = p.split(' '), t = f[1].split('-');
      var s = { days: f[0], starts: mins(t[0]), ends: mins(t[1]), freq: 'w', week: null, from: null, term: false, first: null, last: null, hols: false, on: [], not: [] };
      f.slice(2).forEach(function (x) {
        if (x === 't') s.term = true;
        else if (x === 'h') s.hols = true;
        else if (x[0] === 's') s.first = parseDate(x.slice(1));
        else if (x[0] === 'e') s.last = parseDate(x.slice(1));
        else if (x[0] === 'd') s.on.push(parseDate(x.slice(1)));
        else if (x[0] === 'x') s.not.push(parseDate(x.slice(1)));
        else if (x[0] === 'f') { s.freq = 'f'; if (x.length > 1) s.from = parseDate(x.slice(1)); }
        else if (x[0] === 'm') { s.freq = 'm'; if (x.length > 1) s.week = +x.slice(1); }
      });
      return s;
    });
  }

  // The page's calendar: {terms: [[start, end]], holidays: Set, postcodes: url, example}.
  function calendar(data) {
    data = data || {};
    var terms = (data.terms || []).map(function (t) { return [parseDate(t[0]), parseDate(t[1])]; });
    // As model::terms_known: the days the terms tell about, to 31 August after a June or July end.
    var last = Math.max.apply(null, terms.map(function (t) { return t[1]; }));
    var m = civil(last).m;
    return {
      terms: terms,
      first: Math.min.apply(null, terms.map(function (t) { return t[0]; })),
      until: m === 5 || m === 6 ? dayNum(new Date(last * DAY).getUTCFullYear(), 8, 31) : last,
      holidays: new Set((data.holidays || []).map(parseDate)),
      postcodes: data.postcodes || null,
      example: data.example || null
    };
  }

  // As timetable::occurs: null when the weekday is not one of the session's, '' when it
  // runs, else why not: 'week' (not one of its weeks), 'bank' or 'school' holiday.
  function occurs(s, n, cal) {
    var wd = weekday(n), one = s.on.length > 0;
    if (s.days.indexOf(String(wd + 1)) < 0) return null;
    if (one && s.on.indexOf(n) < 0) return 'week';
    if ((s.first != null && n < s.first) || (s.last != null && n > s.last)) return 'week';
    if (one) return dated(s, n, cal);
    if (s.freq === 'f' && s.from != null && ((n - wd) - (s.from - weekday(s.from))) / 7 % 2 !== 0) return 'week';
    if (s.freq === 'm' && s.week != null &&
      (s.week === -1 ? civil(n + 7).m === civil(n).m : Math.floor((civil(n).d - 1) / 7) + 1 !== s.week)) return 'week';
    if (cal.holidays.has(n)) return 'bank';
    return dated(s, n, cal);
  }

  // The rest of occurs: term time, holidays only, closures (one-off dates skip bank holidays).
  function dated(s, n, cal) {
    var inTerm = cal.terms.some(function (t) { return t[0] <= n && n <= t[1]; });
    if (s.term && cal.terms.length && !inTerm) return 'school';
    // As SiteConfig::school_holiday: only days the terms say are a holiday.
    if (s.hols && (inTerm || !cal.terms.length || n < cal.first || n > cal.until)) return 'week';
    if (s.not.indexOf(n) >= 0) return 'closed';
    return '';
  }

  // As timetable::next_run: the first day from n (within 200) a session runs, or null.
  function nextRun(s, n, cal) {
    for (var d = n; d < n + 200; d++) if (occurs(s, d, cal) === '') return d;
    return null;
  }

  var FMT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
  // The date and minute of the day in the UK now, wherever the device thinks it is.
  function now(date) {
    var p = {};
    FMT.formatToParts(date || new Date()).forEach(function (x) { p[x.type] = +x.value; });
    return { day: dayNum(p.year, p.month, p.day), min: (p.hour % 24) * 60 + p.minute };
  }

  function byStart(a, b) { return a.starts - b.starts || a.ends - b.ends; }
  function today(sessions, t, cal) {
    return sessions.filter(function (s) { return occurs(s, t.day, cal) === ''; }).sort(byStart);
  }
  // On now or later today: what the "Open today" filter keeps.
  function openToday(sessions, t, cal) {
    return today(sessions, t, cal).some(function (s) { return s.ends > t.min; });
  }

  // The line to show at time t: {text, open} or null when nothing is known. `hub` words it
  // for a building's opening hours.
  function status(sessions, now, cal, hub) {
    var on = today(sessions, now, cal), off = '', i;
    sessions.forEach(function (s) { var o = occurs(s, now.day, cal); if (o === 'bank' || o === 'school') off = o; });
    for (i = 0; i < on.length; i++) {
      if (on[i].starts <= now.min && now.min < on[i].ends) return { text: t('when.open_now', { time: hm(on[i].ends) }), open: true };
    }
    var later = on.filter(function (s) { return s.starts > now.min; });
    if (later.length) return { text: t('when.open_today', { times: later.map(function (s) { return t('when.range', { starts: hm(s.starts), ends: hm(s.ends) }); }).join(t('when.and')) }), open: true };
    for (var d = now.day + 1; d < now.day + 200; d++) {
      var next = today(sessions, { day: d }, cal)[0];
      if (!next) continue;
      var day = dateText(d, { weekday: 'long' }), time = hm(next.starts);
      var when = d - now.day < 7 ? t('when.on_day', { day: day, time: time }) : t('when.on_date', { day: day, date: dateText(d, { day: 'numeric', month: 'long' }), time: time });
      var why = off && !on.length
        ? t(off === 'bank' ? (hub ? 'when.closed_bank_holiday' : 'when.not_on_bank_holiday') : (hub ? 'when.closed_school_holiday' : 'when.not_on_school_holiday'))
        : (hub ? t('when.closed_now') : '');
      var text = t(hub ? 'when.opens' : 'when.next_session', { when: when });
      return { text: why ? why + ' ' + text : text, open: false };
    }
    return null;
  }

  var cal = null;
  function pageCalendar() {
    if (!cal) {
      var el = document.getElementById('when-where-data'), data = {};
      try { data = JSON.parse(el.textContent); } catch (e) { /* no data block: no calendar */ }
      cal = calendar(data);
    }
    return cal;
  }

  // Fills every "open today" line on the page.
  function fill() {
    var at = now(), c = pageCalendar();
    document.querySelectorAll('.when-now[data-when]').forEach(function (el) {
      var st = el.hasAttribute('data-paused') ? { text: t('when.paused') } : status(parse(el.dataset.when), at, c, el.dataset.kind === 'hub');
      if (!st) return;
      el.textContent = st.text;
      el.classList.toggle('when-now--open', !!st.open);
      el.hidden = false;
    });
  }

  /* ---------- Where ---------- */

  // Great-circle distance in miles between {lat, lon} points.
  function miles(a, b) {
    var r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function milesText(m) { return m < 0.05 ? t('where.under_a_tenth') : t('where.miles_away', { miles: m.toFixed(1) }); }

  // A typed postcode, sector or district looked up in the table: {lat, lon, label} or
  // {error}. Any case and spacing.
  function lookup(typed, table, example) {
    var raw = typed.trim().toUpperCase().replace(/\s+/g, ' '), compact = raw.replace(/ /g, '');
    var m = /^([A-Z]{1,2}\d[A-Z\d]?)(\d)([A-Z]{2})$/.exec(compact), label = raw, tries;
    if (!compact) return { error: t(example ? 'where.enter_postcode_like' : 'where.enter_postcode', { example: example }) };
    if (m) { label = m[1] + ' ' + m[2] + m[3]; tries = [m[1] + ' ' + m[2], m[1]]; }
    else if ((m = /^([A-Z]{1,2}\d[A-Z\d]?) (\d)$/.exec(raw))) tries = [raw, m[1]];
    else tries = [compact, compact.slice(0, -1) + ' ' + compact.slice(-1)];
    for (var i = 0; i < tries.length; i++) {
      var p = table[tries[i]];
      if (p) return { lat: p[0], lon: p[1], label: label };
    }
    return { error: t(example ? 'where.not_found_like' : 'where.not_found', { postcode: label, example: example }) };
  }

  var api = { useMessages: page.use, parse: parse, parseDate: parseDate, weekday: weekday, dateText: dateText, hm: hm, byStart: byStart, calendar: calendar, occurs: occurs, nextRun: nextRun, now: now, status: status, openToday: openToday, miles: miles, milesText: milesText, lookup: lookup };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }
  if (typeof document === 'undefined') return;

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { if (k != null) e.append(k); });
    return e;
  }

  var table = null, seq = 0;
  function postcodes() {
    if (!table) {
      table = fetch(pageCalendar().postcodes).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      table.catch(function () { table = null; });
    }
    return table;
  }

  // The "nearest to you" box: a postcode field and "Use my location". Calls place({lat,
  // lon, label}) or place(null) to clear; place returns what to add to the message.
  function locator(box, place) {
    var id = 'near-' + ++seq, c = pageCalendar();
    var input = el('input', { id: id, type: 'text', autocomplete: 'postal-code', autocapitalize: 'characters', spellcheck: 'false', class: 'nearby__input' });
    var status = el('p', { role: 'status', class: 'nearby__status' });
    var clear = el('button', { type: 'button', class: 'button-secondary' }, [t('where.clear')]);
    var form = el('form', { class: 'nearby__form' }, [
      el('label', { for: id }, [t('where.postcode')]),
      el('div', { class: 'search-form__row' }, [input, el('button', { type: 'submit' }, [t('where.sort')])])
    ]);
    var parts = [el('h2', { class: 'nearby__title' }, [t('where.nearest')])];
    if (c.postcodes) parts.push(form);
    var geo = 'geolocation' in navigator ? el('button', { type: 'button', class: 'button-secondary' }, [t('where.use_location')]) : null;
    if (geo) parts.push(el('p', null, [geo]));
    if (parts.length === 1) return;
    clear.hidden = true;
    parts.push(status, clear);
    box.replaceChildren.apply(box, parts);
    box.hidden = false;
    function say(text, bad) { status.textContent = text; status.classList.toggle('nearby__status--error', !!bad); }
    async function use(p) {
      var more = await place(p);
      clear.hidden = !p;
      say(p ? t('where.sorted', { place: p.label }) + (more ? ' ' + more : '') : '');
    }
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      say(t('where.finding', { postcode: input.value.trim() }));
      postcodes().then(function (tab) {
        var r = lookup(input.value, tab, c.example);
        if (r.error) { say(r.error, true); input.focus(); } else use(r);
      }, function () { say(t('where.list_failed'), true); });
    });
    if (geo) geo.addEventListener('click', function () {
      say(t('where.finding_location'));
      navigator.geolocation.getCurrentPosition(function (pos) {
        use({ lat: pos.coords.latitude, lon: pos.coords.longitude, label: t('where.your_location') });
      }, function (err) {
        say(t(err.code === 1 ? 'where.location_denied' : 'where.location_failed'), true);
      }, { timeout: 15000, maximumAge: 300000 });
    });
    clear.addEventListener('click', function () { input.value = ''; use(null); input.focus(); });
  }

  // The family hubs list: sorted into one list, nearest first, with distances.
  function hubsPage(box) {
    var cards = Array.from(document.querySelectorAll('.card[data-lat]')), areas = document.querySelectorAll('.hub-area');
    var list = el('ol', { class: 'cards', 'aria-label': t('where.hubs_nearest') });
    list.hidden = true;
    box.after(list);
    locator(box, function (p) {
      areas.forEach(function (a) { a.hidden = !!p; });
      list.hidden = !p;
      if (!p) return '';
      var sorted = cards.map(function (c) { return [miles(p, { lat: +c.dataset.lat, lon: +c.dataset.lon }), c]; })
        .sort(function (a, b) { return a[0] - b[0]; });
      list.replaceChildren.apply(list, sorted.map(function (x) {
        var c = x[1].cloneNode(true);
        c.querySelector('.card__title').after(el('p', { class: 'distance' }, [milesText(x[0])]));
        return c;
      }));
      return t('where.nearest_hub', { name: sorted[0][1].querySelector('.card__title').textContent.trim() });
    });
  }

  api.calendarOfPage = pageCalendar;
  api.locator = locator;
  window.signpostWhenWhere = api;
  function boot() {
    fill();
    setInterval(fill, 60000);
    var near = document.querySelector('[data-nearby="hubs"]');
    if (near) hubsPage(near);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot); else boot();
})();
