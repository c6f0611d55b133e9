/* Real consultation of <video|audio data-track-url="..." data-resume="seconds">.
   Records the stretches actually played, [start, end] in media seconds: one starts at
   playing/seeked and ends at pause/seeking/ended; a jump between two timeupdates ends it
   too, and it is cut every 10 s of media. Stretches wait in localStorage until the server
   acknowledges them. One batch leaves every 15 s and when the page is hidden or left.
   Protocol (server side: amont/content/intervals.py, parse_batch and its docstring):
     POST data-track-url, form-encoded: csrfmiddlewaretoken=<token>&data=<JSON>
     JSON: {"batch": "<id>", "segments": [[start, end], ...], "position": seconds}
     (plus "duration": seconds when the player reports it: linked videos, track-embed.js)
   Form-encoded because sendBeacon can send neither X-CSRFToken nor a JSON type. A 2xx
   acknowledges a batch; a 4xx other than 408/429 drops it; anything else (a redirect to
   the login page, 5xx, no network) keeps it to send again under the same id, which the
   server applies once. A beacon's answer cannot be read: fetch sends it again later.
   Also resumes at data-resume, and adds speed buttons (group named by data-speed-label).

   The recording and sending part is window.AmontTrack.record(url, resume, player), shared
   with static/js/track-embed.js (load this file first). `player` says where playback is:
   time() in media seconds, paused(), seeking(), rate(), ready() (false until the resume
   position is applied, so an early batch does not overwrite it) and duration() (a number
   to send, or null). record() returns what to call when the player reports something:
   playing(), seeked(), jumped() (seeking: the stretch ends where it was), stopped() (pause,
   ended) and update() (a new time while playing). */
(function () {
  "use strict";
  var SPLIT = 10, JUMP = 3, EVERY = 15000, KEEP = 7 * 864e5;
  var RATES = [0.75, 1, 1.25, 1.5, 2];

  function newId() {
    // randomUUID needs a secure context; a class network often serves plain http.
    return window.crypto && crypto.randomUUID ? crypto.randomUUID()
      : Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function token() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? decodeURIComponent(cookie[1]) : field ? field.value : "";
  }

  function round(t) { return Math.round(t * 100) / 100; }

  function record(url, resume, player) {
    var key = "amont-track:" + url, sentPosition = resume;
    var start = null, last = 0, busy = {}, beaconed = {}, state;
    // b: batches waiting for an acknowledgement; s: stretches not in a batch yet.
    try {
      state = JSON.parse(localStorage.getItem(key));
      state = {
        b: state.b.filter(function (b) { return Date.now() - b.at < KEEP; }).slice(-200),
        s: state.s.slice()
      };
    } catch (e) { state = { b: [], s: [] }; }

    function save() {
      try {
        if (state.b.length || state.s.length) localStorage.setItem(key, JSON.stringify(state));
        else localStorage.removeItem(key);
      } catch (e) { /* full, or private browsing: kept in memory */ }
    }

    function push(to) {
      if (to - start > 0.05) { state.s.push([round(start), round(to)]); save(); }
    }

    function reach(t) {
      // Continuous playback up to t, or a jump (NaN, backwards, too far) that ends it.
      if (!(t >= last && t - last <= JUMP * player.rate())) return false;
      // Cut before the stretch grows past SPLIT: the server refuses longer ones.
      if (t - start > SPLIT) { push(last); start = last; }
      last = t;
      return true;
    }

    function close(t) {
      if (start === null) return;
      reach(t);
      push(last);
      start = null;
    }

    function open() { start = last = player.time(); }

    function body(b) {
      var data = { batch: b.id, segments: b.s, position: b.p };
      if (b.d) data.duration = b.d;
      return new URLSearchParams({ csrfmiddlewaretoken: token(), data: JSON.stringify(data) });
    }

    function flush(leaving) {
      if (start !== null) { close(player.time()); if (!player.paused()) open(); }
      var position = player.ready() ? round(player.time()) : sentPosition;
      if (state.s.length || Math.abs(position - sentPosition) >= 1) {
        var batch = { id: newId(), s: state.s, p: position, at: Date.now() };
        var duration = player.duration();
        if (duration > 0 && isFinite(duration)) batch.d = round(duration);
        state.b.push(batch);
        state.s = [];
        sentPosition = position;
        save();
      }
      state.b.slice(0, 10).forEach(function (b) {
        if (busy[b.id] || (leaving && beaconed[b.id])) return;
        if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, body(b))) {
          beaconed[b.id] = 1;
          return;
        }
        busy[b.id] = 1;
        fetch(url, { method: "POST", body: body(b), credentials: "same-origin", keepalive: leaving })
          .then(function (r) {
            var s = r.status;
            if (!r.redirected && (r.ok || (s >= 400 && s < 500 && s !== 408 && s !== 429))) {
              state.b = state.b.filter(function (x) { return x.id !== b.id; });
              save();
            }
          }, function () { /* offline: kept for the next round */ })
          .then(function () { delete busy[b.id]; });
      });
    }

    setInterval(flush, EVERY, false);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush(true);
    });
    addEventListener("pagehide", function () { flush(true); });
    addEventListener("online", function () { flush(false); });
    flush(false); // what a previous visit left unsent

    return {
      playing: function () { if (start === null) open(); },
      seeked: function () { if (!player.paused()) open(); },
      jumped: function () { close(NaN); },
      stopped: function () { close(player.time()); },
      update: function () {
        if (start === null || player.seeking() || reach(player.time())) return;
        close(NaN); // a jump no seeking event announced
        open();
      }
    };
  }

  function track(media) {
    var resume = +media.dataset.resume || 0, ready = false;
    var recorder = record(media.dataset.trackUrl, resume, {
      time: function () { return media.currentTime; },
      paused: function () { return media.paused; },
      seeking: function () { return media.seeking; },
      rate: function () { return media.playbackRate; },
      ready: function () { return ready; },
      duration: function () { return null; } // the server knows the file's own
    });

    function resumeAt() {
      // Near the end, start again rather than land on the last frame.
      if (resume > 0 && !(resume > media.duration - 5)) media.currentTime = resume;
      ready = true;
    }

    function on(names, listener) {
      names.split(" ").forEach(function (name) { media.addEventListener(name, listener); });
    }
    on("playing", recorder.playing);
    on("seeked", recorder.seeked);
    on("seeking emptied", recorder.jumped);
    on("pause ended", recorder.stopped);
    on("timeupdate", recorder.update);
    if (media.readyState) resumeAt();
    else media.addEventListener("loadedmetadata", resumeAt, { once: true });
  }

  function speeds(media) {
    var group = document.createElement("div");
    group.className = "row";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", media.dataset.speedLabel || "Playback speed");
    var buttons = RATES.map(function (rate) {
      var button = group.appendChild(document.createElement("button"));
      button.type = "button";
      button.textContent = rate.toLocaleString(document.documentElement.lang || []) + "\u00d7";
      button.onclick = function () { media.playbackRate = rate; };
      return button;
    });
    function show() {
      buttons.forEach(function (button, i) {
        var on = RATES[i] === media.playbackRate;
        button.setAttribute("aria-pressed", on);
        button.className = on ? "" : "secondary";
      });
    }
    media.addEventListener("ratechange", show);
    show();
    media.after(group);
  }

  if (!window.fetch || !window.URLSearchParams) return;
  window.AmontTrack = { record: record };
  document.querySelectorAll("video[data-track-url], audio[data-track-url]").forEach(
    function (media) { track(media); speeds(media); }
  );
})();
