// Added to pages by `signpost serve` only (never to the built site): reloads the page
// when the site has been rebuilt, or when the content's errors appear or are fixed.
(function () {
  'use strict';
  if (!('EventSource' in window)) return;
  var events = new EventSource('/__signpost/events');
  events.addEventListener('reload', function () {
    window.location.reload();
  });
})();
