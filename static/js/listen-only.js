/* "Listen only": switch in place between a video and its audio-only version, at the same
   time in the media and the same speed. Each side is a [data-mode] block holding a
   <video|audio> and a link [data-switch-to="<id of the other block>"]; without JavaScript
   the links reload the page in the other mode (?listen=1). Both elements are tracked by
   track-media.js for the same resource, so the server merges what was watched and what
   was heard into one timeline. Load after track-media.js: its resume on loadedmetadata
   must run before the position set here. */
(function () {
  "use strict";

  function media(block) { return block && block.querySelector("video, audio"); }

  document.querySelectorAll("[data-mode] [data-switch-to]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var from = link.closest("[data-mode]");
      var to = document.getElementById(link.dataset.switchTo);
      var a = media(from), b = media(to);
      if (!a || !b) return;
      event.preventDefault();
      var time = a.currentTime, rate = a.playbackRate, playing = !a.paused;
      a.pause();
      from.hidden = true;
      to.hidden = false;
      function place() {
        b.currentTime = time;
        b.playbackRate = rate;
      }
      if (b.readyState >= 1) place();
      else {
        b.addEventListener("loadedmetadata", place, { once: true });
        b.preload = "metadata";
        if (!playing) b.load();
      }
      // Still inside the click: browsers allow play() only from a user gesture.
      if (playing) b.play().catch(function () { /* the user presses play */ });
      b.focus();
      try { history.replaceState(null, "", link.href); } catch (e) { /* file:// */ }
    });
  });
})();
