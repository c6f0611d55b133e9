/* Time spent on a document's page: <element id="document" data-track-url="...">.
   Counts the seconds the page is visible and posts them in batches, with the protocol of
   track-media.js: {"batch": "<id>", "segments": [], "spent": seconds} (the server caps
   `spent` by the wall clock since the previous batch). One batch every 15 s while visible,
   and when the page is hidden or left. Batches wait in Amont.batches(url)
   (static/js/amont-outbox.js, load it first) until the server acknowledges them: one a
   beacon did not deliver is sent again by the next learner page, or this one reopened. */
(function () {
  "use strict";
  var EVERY = 15000;

  var element = document.getElementById("document");
  if (!element || !window.Amont || !window.fetch || !window.URLSearchParams) return;
  var box = Amont.batches(element.dataset.trackUrl);
  var since = document.visibilityState === "visible" ? Date.now() : null, counted = 0;

  function stop() {
    if (since !== null) { counted += (Date.now() - since) / 1000; since = null; }
  }

  function flush(leaving) {
    var visible = !leaving && document.visibilityState === "visible";
    stop();
    if (counted >= 1) {
      var id = Amont.newId();
      box.add({ id: id, at: Date.now(), data: { batch: id, segments: [], spent: Math.round(counted * 10) / 10 } });
      counted = 0;
    }
    if (visible) since = Date.now();
    box.send(leaving);
  }

  setInterval(function () { if (document.visibilityState === "visible") flush(false); }, EVERY);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
    else if (since === null) since = Date.now();
  });
  addEventListener("pagehide", function () { flush(true); });
  addEventListener("pageshow", function () {
    if (since === null && document.visibilityState === "visible") since = Date.now();
  });
  box.send(false); // what a previous visit left unsent
})();
