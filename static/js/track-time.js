/* Time spent on a document's page: <element id="document" data-track-url="...">.
   Counts the seconds the page is visible and posts them in batches, with the protocol of
   track-media.js (server side: amont/content/intervals.py, parse_batch):
     POST data-track-url, form-encoded: csrfmiddlewaretoken=<token>&data=<JSON>
     JSON: {"batch": "<id>", "segments": [], "spent": seconds}
   One batch every 15 s while visible, and when the page is hidden or left. A 2xx
   acknowledges a batch; a 4xx other than 408/429 drops it; anything else keeps it to send
   again under the same id (the server applies it once, and caps `spent` by the wall clock
   since the previous batch). */
(function () {
  "use strict";
  var EVERY = 15000;

  function newId() {
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function token() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? decodeURIComponent(cookie[1]) : field ? field.value : "";
  }

  var element = document.getElementById("document");
  if (!element || !window.fetch || !window.URLSearchParams) return;
  var url = element.dataset.trackUrl, pending = [], busy = {}, beaconed = {};
  var since = document.visibilityState === "visible" ? Date.now() : null, counted = 0;

  function stop() {
    if (since !== null) { counted += (Date.now() - since) / 1000; since = null; }
  }

  function flush(leaving) {
    var visible = !leaving && document.visibilityState === "visible";
    stop();
    if (counted >= 1) {
      pending.push({ id: newId(), spent: Math.round(counted * 10) / 10 });
      counted = 0;
    }
    if (visible) since = Date.now();
    pending.slice(0, 10).forEach(function (b) {
      if (busy[b.id] || (leaving && beaconed[b.id])) return;
      var body = new URLSearchParams({
        csrfmiddlewaretoken: token(),
        data: JSON.stringify({ batch: b.id, segments: [], spent: b.spent })
      });
      if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, body)) {
        beaconed[b.id] = 1;
        return;
      }
      busy[b.id] = 1;
      fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: leaving })
        .then(function (r) {
          var s = r.status;
          if (!r.redirected && (r.ok || (s >= 400 && s < 500 && s !== 408 && s !== 429))) {
            pending = pending.filter(function (x) { return x.id !== b.id; });
          }
        }, function () { /* offline: kept for the next round */ })
        .then(function () { delete busy[b.id]; });
    });
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
})();
