/* signpost "Find childcare" on /childcare/: filters the providers in the data file made at
 * build time (src/export/childcare_finder.rs) by the child's age, funded hours, vacancies
 * now, type, opening hours, school pick-ups and distance from a postcode, with a count for
 * each choice. The postcode is looked up in the site's own table through when-where.js:
 * nothing typed leaves the device. Without this script the page keeps its lists by area
 * and type. */
(function () {
  'use strict';
  var box = document.querySelector('[data-finder]');
  if (!box || !window.fetch) return;
  var W = window.signpostWhenWhere, form = box.querySelector('form');
  var status = box.querySelector('[data-status]'), list = box.querySelector('[data-results]');
  var card = document.getElementById('childcare-finder-card');
  var providers = [], near = null, table = null;

  // The choices as they stand. An age that is not whole years from 0 to 17 and months from
  // 0 to 11 is an error, and filters nothing until it is put right.
  function choices() {
    var f = new FormData(form), y = (f.get('years') || '').trim(), m = (f.get('months') || '').trim();
    var s = { age: null, ageBad: false, funded: f.getAll('funded'), type: f.getAll('type'), now: f.has('now'), early: f.has('early'), late: f.has('late'), school: f.get('school') || '', within: +f.get('within') || 0 };
    if (y || m) {
      if (/^\d{1,2}$/.test(y || '0') && /^\d{1,2}$/.test(m || '0') && +y <= 17 && +m <= 11) s.age = (+y || 0) * 12 + (+m || 0);
      else s.ageBad = true;
    }
    return s;
  }

  function distance(p) { return near && p.ll ? W.miles(near, { lat: p.ll[0], lon: p.ll[1] }) : null; }

  // One test per group of choices: within a group any ticked value will do, across groups
  // all must hold.
  var TESTS = {
    age: function (p, s) { return s.age == null || (p.f <= s.age && s.age <= p.t); },
    funded: function (p, s) { return !s.funded.length || s.funded.some(function (e) { return p.e.indexOf(e) >= 0; }); },
    type: function (p, s) { return !s.type.length || s.type.indexOf(p.k) >= 0; },
    now: function (p, s) { return !s.now || p.v > 0; },
    early: function (p, s) { return !s.early || (p.o != null && p.o < 480); },
    late: function (p, s) { return !s.late || (p.c != null && p.c > 1080); },
    school: function (p, s) { return !s.school || p.s.indexOf(s.school) >= 0; },
    within: function (p, s) { var d = distance(p); return !near || !s.within || (d != null && d <= s.within); }
  };
  function passes(p, s) {
    for (var g in TESTS) if (!TESTS[g](p, s)) return false;
    return true;
  }

  // How many providers a box would give if it were ticked, with the other choices as they are.
  function counts(s) {
    box.querySelectorAll('input[type=checkbox]').forEach(function (input) {
      var t = Object.assign({}, s), g = input.name;
      t[g] = Array.isArray(s[g]) ? [input.value] : true;
      var n = providers.filter(function (p) { return passes(p, t); }).length;
      input.closest('.check').querySelector('[data-count]').textContent = '(' + n + ')';
    });
  }

  function fill(p) {
    var item = card.content.firstElementChild.cloneNode(true), d = distance(p);
    var values = { name: p.n, meta: p.m, distance: d == null ? null : W.milesText(d), ages: p.ages, hours: p.hours, funded: p.funded, vac: p.vac };
    item.querySelectorAll('[data-slot]').forEach(function (e) {
      var v = values[e.getAttribute('data-slot')];
      e.removeAttribute('data-slot');
      if (v == null) e.remove(); else e.textContent = v;
    });
    item.querySelector('.card__title a').setAttribute('href', p.u);
    return item;
  }

  function update() {
    var s = choices(), ageError = box.querySelector('[data-error-for="age"]');
    ageError.hidden = !s.ageBad;
    form.querySelectorAll('.finder__number').forEach(function (i) { i.setAttribute('aria-invalid', s.ageBad ? 'true' : 'false'); });
    counts(s);
    var found = providers.filter(function (p) { return passes(p, s); });
    if (near) {
      found.sort(function (a, b) {
        var x = distance(a), y = distance(b);
        return (x == null) - (y == null) || x - y;
      });
    }
    var words = status.getAttribute('data-words').replace('{number}', found.length);
    status.textContent = near ? words + ' ' + status.getAttribute('data-nearest').replace('{place}', near.label) : words;
    list.replaceChildren.apply(list, found.map(fill));
  }

  // The postcode, looked up when it is given (Enter or "Show distances"), not as it is typed.
  function lookUp() {
    var input = form.elements.postcode, errorBox = box.querySelector('[data-error-for="postcode"]');
    var typed = input.value.trim();
    if (!typed) { near = null; errorBox.hidden = true; input.setAttribute('aria-invalid', 'false'); update(); return; }
    var cal = W.calendarOfPage();
    if (!table) table = fetch(cal.postcodes).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    table.then(function (tab) {
      var r = W.lookup(typed, tab, cal.example);
      near = r.error ? null : r;
      errorBox.textContent = r.error || '';
      errorBox.hidden = !r.error;
      input.setAttribute('aria-invalid', r.error ? 'true' : 'false');
      update();
    }, function () { table = null; });
  }

  form.addEventListener('input', function (e) { if (e.target.name !== 'postcode') update(); });
  form.addEventListener('change', function (e) { if (e.target.name === 'postcode') lookUp(); else update(); });
  form.addEventListener('submit', function (e) { e.preventDefault(); lookUp(); });
  box.querySelector('[data-clear]').addEventListener('click', function () {
    form.reset();
    near = null;
    box.querySelectorAll('[data-error-for]').forEach(function (e) { e.hidden = true; });
    update();
    form.elements.years.focus();
  });

  fetch(box.getAttribute('data-finder')).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (data) {
    providers = data.providers;
    box.hidden = false;
    update();
  }, function () { /* no data: the lists by area and type stay the way in */ });
})();
