// "What's on in the holidays": the page leaves out dates before the day it was built, but a
// saved or cached copy can be opened days later. Hide the dates that have passed since, by
// the device's own date; nothing is sent anywhere.
(function () {
  'use strict';
  var now = new Date();
  var two = function (n) { return (n < 10 ? '0' : '') + n; };
  var today = now.getFullYear() + '-' + two(now.getMonth() + 1) + '-' + two(now.getDate());
  var dated = document.querySelectorAll('[data-date]');
  var left = 0;
  for (var i = 0; i < dated.length; i++) {
    // YYYY-MM-DD strings compare in date order.
    if (dated[i].getAttribute('data-date') < today) {
      dated[i].hidden = true;
    } else if (dated[i].tagName === 'SECTION') {
      left++;
    }
  }
  var groups = document.querySelectorAll('[data-dates]');
  for (var j = 0; j < groups.length; j++) {
    if (!groups[j].querySelector('[data-date]:not([hidden])')) groups[j].hidden = true;
  }
  var passed = document.getElementById('holidays-passed');
  if (passed && left === 0) passed.hidden = false;
})();
