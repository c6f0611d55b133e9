// Offline reading for learners (amont/content/pwa.py has the design). On learner pages:
// registers the service worker, sends the answers kept on this device, then asks the
// worker to keep the upcoming sessions. Signed out (login page, logout form): deletes
// every kept page. window.amontOutbox is the outbox static/js/learner-quiz.js fills.
(function () {
  var text = document.currentScript.dataset, user = document.body.dataset.user || "";
  var OUTBOX = "amont-outbox", KEPT = "amont-kept", EVERY = 30 * 60 * 1000;
  var TRACK = "amont-track:";

  function get(name) {
    try { return JSON.parse(localStorage.getItem(name) || "null"); } catch (e) { return null; }
  }
  function put(name, value) {
    try {
      if (value === null) localStorage.removeItem(name);
      else localStorage.setItem(name, JSON.stringify(value));
      return true;
    } catch (e) { return false; }
  }
  // Deletes the caches of other users (all of them when signed out).
  function clear() {
    if (!window.caches) return;
    caches.keys().then(function (names) {
      names.forEach(function (name) {
        if (name.indexOf("amont-") === 0 && (!user || (/^amont-u/.test(name) && name !== "amont-u" + user))) caches.delete(name);
      });
    });
  }
  document.addEventListener("submit", function (e) {
    if (e.target.getAttribute("action") === text.logout) { user = ""; clear(); put(KEPT, null); }
  });
  clear();
  if (!user) {
    // Signed out: what a previous learner played but never sent must not be sent later
    // under someone else's name.
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(TRACK) === 0) localStorage.removeItem(key);
    });
    put(KEPT, null);
    return;
  }

  // Outbox: POSTs that found no network, sent again in order. Each learner's entries
  // wait for them: answers are not lost by signing out.
  function entries() {
    return (get(OUTBOX) || []).filter(function (e) { return e.user === user; });
  }
  function drop(id) {
    put(OUTBOX, (get(OUTBOX) || []).filter(function (e) { return e.id !== id; }));
  }
  function path(url) { return new URL(url, location.href).pathname; }
  function say(message, links) {
    var main = document.getElementById("main"), p = document.createElement("p");
    p.className = "card" + (links ? " warn" : "");
    p.setAttribute("role", "status");
    p.textContent = message;
    (links || []).forEach(function (e) {
      var a = document.createElement("a");
      a.href = path(e.url); a.textContent = e.title;
      p.append(" ", a);
    });
    if (main) main.prepend(p);
  }

  // Sends the outbox in order; stops at the first entry that cannot go yet (no network,
  // signed out, server busy or failing), dropping the others once answered.
  function replay() {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var result = { sent: 0, check: [], reload: false };
    return new Promise(function (resolve) {
      (function next() {
        var entry = entries()[0];
        if (!entry) return resolve(result);
        var data = new FormData();
        entry.fields.forEach(function (f) {
          // This page's token is the current one (signing in again changes it).
          data.append(f[0], f[0] === "csrfmiddlewaretoken" && token ? token.value : f[1]);
        });
        fetch(entry.url, { method: "POST", body: data, credentials: "same-origin" }).then(function (r) {
          // Sent to the login page: kept until the learner is back.
          var away = r.redirected && path(r.url) !== path(entry.url);
          if (away || r.status === 408 || r.status === 429 || r.status >= 500) return resolve(result);
          drop(entry.id);
          // A submit answered with the form itself: something to correct, or the quiz changed.
          if (r.ok && entry.kind === "submit" && !r.redirected) result.check.push(entry);
          else if (r.ok) {
            result.sent++;
            if (entry.kind === "submit" && path(entry.url) === location.pathname) result.reload = true;
          }
          next();
        }, function () { resolve(result); });
      })();
    });
  }
  var sending = false;
  function send() {
    if (sending || navigator.onLine === false) return keep();
    sending = true;
    // One tab at a time: two tabs replaying the same outbox would send it twice.
    var done = navigator.locks ? navigator.locks.request("amont-outbox", { ifAvailable: true }, function (lock) {
      return lock && replay();
    }) : replay();
    done.then(function (result) {
      sending = false;
      if (result && result.reload) return location.reload();
      if (result && result.sent) say(text.sent);
      if (result && result.check.length) say(text.check, result.check);
      keep();
    }, function () { sending = false; });
  }

  // What makes two entries the same: a newer save of an answer replaces the older.
  function same(url, data, kind) {
    return [url, kind, data.get("client_key"), kind === "save" ? data.get("version") : ""].join(" ");
  }
  function others(key) {
    return (get(OUTBOX) || []).filter(function (e) { return e.user !== user || e.same !== key; });
  }
  window.amontOutbox = {
    text: text,
    // kind: "save" (one answer) or "submit".
    add: function (url, data, kind) {
      var fields = [], h1 = document.querySelector("h1"), key = same(url, data, kind), list = others(key);
      data.forEach(function (value, name) { if (typeof value === "string") fields.push([name, value]); });
      list.push({
        id: Date.now() + "-" + Math.random().toString(36).slice(2),
        user: user, url: url, kind: kind, fields: fields, same: key,
        title: h1 ? h1.textContent.trim() : document.title,
      });
      return put(OUTBOX, list);
    },
    // The same POST went through: an older copy must not overwrite it later.
    forget: function (url, data, kind) {
      put(OUTBOX, others(same(url, data, kind)));
    },
    entries: function (url) {
      return entries().filter(function (e) { return path(e.url) === path(url); });
    },
    send: send,
  };

  // Keeping pages: the worker fetches /learn/offline.json and every page it lists, at
  // most every EVERY ms (and right after signing in).
  var asked = false;
  function keep() {
    if (asked || !navigator.serviceWorker || !window.caches) return;
    navigator.serviceWorker.register(text.worker, { scope: text.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var last = get(KEPT);
      if (asked || navigator.onLine === false || (last && last.user === user && Date.now() - last.at < EVERY)) return;
      asked = true;
      return caches.open("amont-u" + user).then(function () {
        registration.active.postMessage({ type: "keep" });
      });
    }).catch(function () {});
  }
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (!e.data || e.data.type !== "kept") return;
      put(KEPT, { user: user, at: Date.now() });
      document.documentElement.dataset.kept = e.data.count;
    });
  }
  // Playback batches (static/js/track-media.js) that were not acknowledged when their
  // page was left (a beacon lost, the network gone): sent from whatever learner page
  // opens next, under the same batch ids, which the server applies once.
  function token() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? decodeURIComponent(cookie[1]) : field ? field.value : "";
  }
  function acknowledge(key, id) {
    var state = get(key);
    if (!state || !state.b) return;
    state.b = state.b.filter(function (b) { return b.id !== id; });
    put(key, state.b.length || (state.s && state.s.length) ? state : null);
  }
  function sendTracking() {
    if (navigator.onLine === false) return;
    var own = {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-track-url]"), function (el) {
      own[el.dataset.trackUrl] = true;  // that page's script sends them itself
    });
    Object.keys(localStorage).forEach(function (key) {
      var url = key.slice(TRACK.length), state = key.indexOf(TRACK) === 0 && get(key);
      if (!state || !state.b || own[url]) return;
      state.b.slice(0, 10).forEach(function (b) {
        var data = { batch: b.id, segments: b.s, position: b.p };
        if (b.d) data.duration = b.d;
        fetch(url, {
          method: "POST", credentials: "same-origin",
          body: new URLSearchParams({ csrfmiddlewaretoken: token(), data: JSON.stringify(data) }),
        }).then(function (r) {
          var s = r.status;
          if (!r.redirected && (r.ok || (s >= 400 && s < 500 && s !== 408 && s !== 429))) acknowledge(key, b.id);
        }, function () { /* still offline: kept */ });
      });
    });
  }

  window.addEventListener("online", send);
  window.addEventListener("online", sendTracking);
  send();
  sendTracking();
})();
