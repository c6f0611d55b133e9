/* Projector and trainer screens: the websocket pushes the rendered results partial. */
(function () {
  "use strict";
  var root = document.getElementById("live-results");
  if (!root || !("WebSocket" in window)) return;
  var status = document.getElementById("live-connection");
  var socket = null;
  var attempts = 0;
  var timer = null;

  function show(text) {
    if (status) status.textContent = text || "";
  }

  function connect() {
    clearTimeout(timer);
    if (socket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.ws);
    socket.onopen = function () {
      attempts = 0;
      show("");
    };
    socket.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data.type === "results") root.innerHTML = data.html;
    };
    socket.onclose = function () {
      socket = null;
      show(root.dataset.offline);
      attempts += 1;
      var delay = Math.min(30000, 500 * Math.pow(2, attempts)) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, delay);
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !socket) {
      attempts = 0;
      connect();
    }
  });
  connect();
})();
