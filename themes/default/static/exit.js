/* "Exit this page": loaded on sensitive pages and the search page. Without JavaScript the
 * button is a plain link to a neutral website. With it, leaving also replaces this page in
 * the tab's history (so Back does not bring it up again), hides the page at once while the
 * other site loads, and pressing Shift three times does the same from anywhere on the page.
 * The button may appear later (search results that include a sensitive service show it), so
 * everything looks for it when it is needed rather than once at load. */
(function () {
  'use strict';
  // Up to this long between Shift presses, as in the GOV.UK component.
  var WINDOW_MS = 5000;

  function button() {
    var b = document.querySelector('.exit-bar:not([hidden]) .exit-button');
    return b && b.getClientRects().length ? b : null;
  }

  // Announcements for screen reader users while the shortcut is under way. The live region
  // is there from the start: screen readers may miss text put in a region they just met.
  var status = null;
  // The wording, from the page (page-data.js).
  var t = window.signpostPage.t;
  function region() {
    var bar = document.querySelector('.exit-bar');
    if (bar && (!status || !bar.contains(status))) {
      status = document.createElement('span');
      status.className = 'visually-hidden';
      status.setAttribute('role', 'status');
      bar.append(status);
    }
    return bar ? status : null;
  }
  function say(text) {
    var r = region();
    if (r) r.textContent = text;
  }
  region();

  // My list (mylist.js): forget this tab's sensitive services and take out of the kept list
  // whatever this visit added, so the header's "My list (1)" does not give it away.
  function forget() {
    try {
      var added = (JSON.parse(sessionStorage.getItem('signpost-my-list-visit')) || []).map(function (x) { return x.id; });
      var kept = JSON.parse(localStorage.getItem('signpost-my-list')) || [];
      if (added.length && Array.isArray(kept)) {
        localStorage.setItem('signpost-my-list', JSON.stringify(kept.filter(function (x) { return x && added.indexOf(x.id) < 0; })));
      }
      sessionStorage.removeItem('signpost-my-list-tab');
      sessionStorage.removeItem('signpost-my-list-visit');
    } catch (e) { /* storage blocked: nothing was kept */ }
  }

  function leave(href) {
    // Hide the page straight away: on a slow connection the next site may take a while.
    document.documentElement.classList.add('exiting');
    forget();
    location.replace(href);
  }

  // Every click, including Ctrl or middle click: a new tab would leave this page on screen.
  document.addEventListener('click', function (e) {
    var b = e.target instanceof Element ? e.target.closest('.exit-button') : null;
    if (!b) return;
    e.preventDefault();
    leave(b.href);
  });
  document.addEventListener('auxclick', function (e) {
    var b = e.target instanceof Element ? e.target.closest('.exit-button') : null;
    if (!b) return;
    e.preventDefault();
    leave(b.href);
  });

  // Shift on its own, three times, each within WINDOW_MS of the last. Shift held for a capital
  // letter (or any other key pressed while it is down) does not count and starts again, so
  // typing in the search box never leaves the page; a bare Shift in a text box still counts,
  // because someone in danger may be typing when they need to go.
  var presses = 0, timer = 0, shiftDown = false, usedAsModifier = false;
  function reset(announce) {
    clearTimeout(timer);
    if (presses && announce) say(t('exit.cancelled'));
    presses = 0;
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Shift') {
      if (!shiftDown) { shiftDown = true; usedAsModifier = false; }
      return;
    }
    if (shiftDown || e.shiftKey) usedAsModifier = true;
    reset(false);
  }, true);
  document.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') return;
    shiftDown = false;
    var b = button();
    if (!b || usedAsModifier) { usedAsModifier = false; reset(false); return; }
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) { presses = 0; leave(b.href); return; }
    say(t('exit.press_more', { count: 3 - presses }));
    timer = setTimeout(function () { reset(true); }, WINDOW_MS);
  }, true);
  // A key held down and released on another window never sends keyup here.
  window.addEventListener('blur', function () { shiftDown = false; reset(false); });

  // Back from a cached copy (some browsers keep one even after replace): show the page again.
  window.addEventListener('pageshow', function () {
    document.documentElement.classList.remove('exiting');
    reset(false);
  });
})();
