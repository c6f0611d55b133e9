/* Questions inside a video: each .video-cue[data-at] of #video-cues opens when playback
   reaches its moment (not when the learner seeks past it); the media pauses, the question
   takes the focus, and the answer is sent with fetch. The server's fragment (result and
   feedback) replaces the form; "Continue the video" resumes playback. Without this
   script the questions are plain forms under the player. */
(function () {
  "use strict";
  var section = document.getElementById("video-cues");
  if (!section) return;
  var players = document.querySelectorAll("video[data-track-url], audio[data-track-url]");
  if (!players.length) return;
  section.classList.add("js-cues");
  var cues = Array.prototype.slice.call(section.querySelectorAll(".video-cue"));

  function pending() {
    return cues.filter(function (cue) { return !cue.hasAttribute("data-answered") && !cue.dataset.skipped; });
  }

  function button(label, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function close(cue, media) {
    cue.classList.remove("open");
    media.focus();
    media.play().catch(function () {});
  }

  function open(cue, media) {
    media.pause();
    cue.classList.add("open");
    cue.setAttribute("role", "dialog");
    cue.setAttribute("aria-label", section.querySelector("h2").textContent);
    var form = cue.querySelector("form");
    if (form && !form.querySelector(".js-skip")) {
      form.querySelector(".row").appendChild(button(section.dataset.skip, "secondary js-skip", function () {
        cue.dataset.skipped = "1";
        close(cue, media);
      }));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        send(cue, form, media);
      });
    }
    cue.scrollIntoView({ block: "center" });
    var first = cue.querySelector("input, select, textarea, button");
    if (first) first.focus();
  }

  function send(cue, form, media) {
    var submit = form.querySelector("[type=submit]");
    submit.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status !== 200 && response.status !== 422) throw new Error(response.status);
      return response.text().then(function (html) { return { ok: response.status === 200, html: html }; });
    }).then(function (result) {
      var holder = document.createElement("div");
      holder.innerHTML = result.html;
      var fresh = holder.firstElementChild;
      cues[cues.indexOf(cue)] = fresh;
      cue.replaceWith(fresh);
      if (result.ok) {
        fresh.classList.add("open");
        fresh.appendChild(button(section.dataset["continue"], "", function () { close(fresh, media); }));
        fresh.querySelector("button").focus();
      } else {
        open(fresh, media);
      }
    }).catch(function () {
      submit.disabled = false;
      var status = form.querySelector("[data-status]");
      if (status) status.textContent = section.dataset.error;
    });
  }

  Array.prototype.forEach.call(players, function (media) {
    var last = media.currentTime || 0;
    media.addEventListener("seeked", function () { last = media.currentTime; });
    media.addEventListener("timeupdate", function () {
      var now = media.currentTime;
      // A moment is reached by playing through it: a jump of more than 2 s is a seek.
      if (!media.paused && now >= last && now - last < 2) {
        var due = pending().filter(function (cue) { var at = +cue.dataset.at; return at > last - 0.01 && at <= now; });
        if (due.length) open(due[0], media);
      }
      last = now;
    });
  });
})();
