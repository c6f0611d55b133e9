/* Live vote on a phone. The websocket pushes the server-rendered state. A vote stays in
   an outbox (static/js/amont-outbox.js, loaded first) until the server acknowledges it and
   is sent again on every reconnection; the server is idempotent on client_id, so a flaky
   network neither loses nor doubles it. */
(function () {
  "use strict";
  var root = document.getElementById("live-state");
  if (!root || !("WebSocket" in window) || !window.Amont) return;
  var status = document.getElementById("live-connection");
  var pending = Amont.outbox("amont-live-pending-" + root.dataset.code, { maxAge: 15 * 60 * 1000 });
  var socket = null;
  var opened = false;
  var attempts = 0;
  var timer = null;

  function keep(vote) {
    // One pending vote per question: the latest choice replaces the previous one.
    pending.add(vote, function (v) { return v.activity === vote.activity; });
  }

  function show(text) {
    if (status) status.textContent = text || "";
  }

  function send(vote) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({
        type: "vote", choice: vote.choice, client_id: vote.client_id, activity: vote.activity
      }));
    }
  }

  function mark() {
    // After a push, keep showing the choices that are on their way.
    pending.list().forEach(function (vote) {
      var form = root.querySelector("form[data-vote]");
      if (!form || Number(form.elements.activity.value) !== vote.activity) return;
      Array.prototype.forEach.call(form.querySelectorAll("button[name=choice]"), function (b) {
        b.setAttribute("aria-pressed", String(Number(b.value) === vote.choice));
      });
      show(root.dataset.sending);
    });
  }

  function connect() {
    clearTimeout(timer);
    if (socket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = function () {
      opened = true;
      attempts = 0;
      show("");
      pending.list().forEach(send);
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "state") {
        root.innerHTML = data.html;
        mark();
      } else if (data.type === "ack") {
        pending.drop(function (v) { return v.client_id === data.client_id; });
        show("");
      } else if (data.type === "error") {
        // Refused for good (voting closed, unknown choice): do not send it again.
        pending.drop(function (v) { return v.client_id === data.client_id; });
        show(data.message);
      }
    };
    socket.onclose = function () {
      socket = null;
      show(root.dataset.offline);
      attempts += 1;
      // Exponential backoff with jitter: a whole room must not reconnect in step.
      var delay = Math.min(30000, 500 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, delay);
    };
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=choice]");
    if (!button || !button.form) return;
    var form = button.form;
    var vote = {
      activity: Number(form.elements.activity.value),
      choice: Number(button.value),
      client_id: Amont.newId(),
      at: Date.now()
    };
    if (!socket && !opened) {
      // The websocket never got through (a filtering proxy?): post the form instead.
      pending.drop(function (v) { return v.activity === vote.activity; });
      form.elements.client_id.value = vote.client_id;
      if (!form.elements.csrfmiddlewaretoken) {
        var csrf = document.createElement("input");
        csrf.type = "hidden";
        csrf.name = "csrfmiddlewaretoken";
        csrf.value = root.dataset.csrf;
        form.appendChild(csrf);
      }
      return;
    }
    event.preventDefault();
    keep(vote);
    mark();
    if (socket) send(vote);
    else connect();
  });

  document.addEventListener("visibilitychange", function () {
    // Phones suspend pages: reconnect as soon as the page is looked at again.
    if (document.visibilityState === "visible" && !socket) {
      attempts = 0;
      connect();
    }
  });
  window.addEventListener("online", function () {
    if (!socket) connect();
  });
  connect();
})();
