/* Real consultation of <video|audio data-track-url data-resume="seconds">: the stretches
   played (from playing/seeked to pause/seeking/ended or a jump), cut every 10 s, sent in
   batches through Amont.batches (amont-outbox.js). Also resumes, and adds speed buttons.
   Amont.record(url, resume, player) is shared with track-embed.js, which says more. */
(function () {
  "use strict";
  var SPLIT = 10, JUMP = 3, EVERY = 15000;
  var RATES = [0.75, 1, 1.25, 1.5, 2];

  function round(t) { return Math.round(t * 100) / 100; }

  function record(url, resume, player) {
    var box = Amont.batches(url), sentPosition = resume, start = null, last = 0;

    function push(to) {
      if (to - start > 0.05) box.draft(box.draft().concat([[round(start), round(to)]]));
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

    function flush(leaving) {
      if (start !== null) { close(player.time()); if (!player.paused()) open(); }
      var position = player.ready() ? round(player.time()) : sentPosition, segments = box.draft();
      if (segments.length || Math.abs(position - sentPosition) >= 1) {
        var id = Amont.newId(), data = { batch: id, segments: segments, position: position };
        var duration = player.duration();
        if (duration > 0 && isFinite(duration)) data.duration = round(duration);
        box.add({ id: id, at: Date.now(), data: data });
        box.draft([]);
        sentPosition = position;
      }
      box.send(leaving);
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

  if (!window.Amont || !window.fetch || !window.URLSearchParams) return;
  Amont.record = record;
  document.querySelectorAll("video[data-track-url], audio[data-track-url]").forEach(
    function (media) { track(media); speeds(media); }
  );
})();
