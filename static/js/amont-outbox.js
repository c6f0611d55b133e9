// What the learner scripts share, loaded first: window.Amont (docs/decisions.md, outbox).
(function () {
  "use strict";
  var TRACK = "amont-track:", busy = {}, beaconed = {};

  function csrfToken() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? decodeURIComponent(cookie[1]) : field ? field.value : "";
  }

  function newId() {
    // randomUUID needs a secure context; a class network often serves plain http.
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.random() * 256;
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function path(url) { return new URL(url, location.href).pathname; }

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }

  function save(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) { return false; }
  }

  // Not when sent away (to the login page), busy or failing: sent again later.
  function acknowledged(r, url) {
    var s = r.status;
    return !(r.redirected && path(r.url) !== path(url)) && s !== 408 && s !== 429 && s < 500;
  }

  // In memory when localStorage refuses. Gives up the entries older than maxAge ms (`at`)
  // when the page opened, and all but the newest max.
  function outbox(key, options) {
    var o = options || {}, memory = null, opened = Date.now();

    function read() {
      var v = memory || load(key);
      v = o.draft ? v || {} : { b: v };
      return {
        b: (Array.isArray(v.b) ? v.b : []).filter(function (e) {
          return !o.maxAge || opened - e.at < o.maxAge;
        }).slice(-o.max || 0),
        s: Array.isArray(v.s) ? v.s : []
      };
    }

    function write(state) {
      var value = state.b.length || state.s.length ? o.draft ? state : state.b : null;
      memory = save(key, value) ? null : JSON.parse(JSON.stringify(value));
      return !memory;
    }

    return {
      list: function () { return read().b; },
      add: function (entry, replaces) {
        var state = read();
        if (replaces) state.b = state.b.filter(function (e) { return !replaces(e); });
        state.b.push(entry);
        return write(state);
      },
      drop: function (test) {
        var state = read();
        state.b = state.b.filter(function (e) { return typeof test === "function" ? !test(e) : e.id !== test; });
        write(state);
      },
      clear: function () { write({ b: [], s: [] }); },
      draft: function (value) {
        var state = read();
        if (value === undefined) return state.s;
        state.s = value;
        write(state);
      }
    };
  }

  // Tracking batches: {id, at, data}, data the JSON sent (amont/content/intervals.py).
  function batches(url) {
    var box = outbox(TRACK + url, { draft: true, maxAge: 7 * 864e5, max: 200 });
    box.send = function (leaving) {
      box.list().slice(0, 10).forEach(function (b) {
        if (busy[b.id] || (leaving && beaconed[b.id])) return;
        // Kept by an older track-media.js: {id, s, p, d}.
        var data = b.data || { batch: b.id, segments: b.s, position: b.p, duration: b.d };
        var body = new URLSearchParams({ csrfmiddlewaretoken: csrfToken(), data: JSON.stringify(data) });
        // A beacon's answer cannot be read: the batch stays until a fetch is acknowledged.
        if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, body)) {
          beaconed[b.id] = 1;
          return;
        }
        busy[b.id] = 1;
        fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: leaving })
          .then(function (r) { if (acknowledged(r, url)) box.drop(b.id); }, function () {})
          .then(function () { delete busy[b.id]; });
      });
    };
    return box;
  }
  batches.urls = function () {
    var urls = [];
    try {
      Object.keys(localStorage).forEach(function (k) {
        if (k.indexOf(TRACK) === 0) urls.push(k.slice(TRACK.length));
      });
    } catch (e) { /* no storage */ }
    return urls;
  };

  window.Amont = {
    csrfToken: csrfToken, newId: newId, path: path, load: load, save: save,
    acknowledged: acknowledged, outbox: outbox, batches: batches
  };
})();
