/* What every page hands its scripts, read once for all of them: the site's base path, from
 * the page's signpost-data block, and the interface wording, from messages.js (loaded just
 * before this; a block's own `messages` replace any of it). Both are made by
 * src/render/script_data.rs.
 * t(key, values) words a message from the theme's messages file: {name} is filled from
 * values, and a message with plural forms is chosen by values.count in the page's
 * language. Loaded first on every page; under node (tests) the wording is given with use(). */
(function () {
  'use strict';
  var data = {};
  if (typeof document !== 'undefined') {
    try { data = JSON.parse(document.getElementById('signpost-data').textContent) || {}; } catch (e) { /* no block: the defaults */ }
  }
  var M = Object.assign({}, typeof window !== 'undefined' && window.signpostMessages, data.messages), plurals = null;
  function t(key, values) {
    var s = M[key];
    values = values || {};
    if (s && typeof s === 'object') {
      plurals = plurals || new Intl.PluralRules(M.locale || 'en-GB');
      s = s[plurals.select(values.count)] || s.other;
      values = Object.assign({}, values, { count: Number(values.count).toLocaleString(M.locale || 'en-GB') });
    }
    // A missing message shows its key, which the catalogue test (tests/messages.rs) rules out.
    return String(s == null ? key : s).replace(/\{(\w+)\}/g, function (m, n) { return n in values ? values[n] : m; });
  }
  var page = {
    base: (typeof data.base === 'string' ? data.base : '/').replace(/\/?$/, '/'),
    t: t,
    use: function (messages) { M = messages || {}; plurals = null; }
  };
  if (typeof module === 'object' && module.exports) module.exports = page;
  else window.signpostPage = page;
})();
