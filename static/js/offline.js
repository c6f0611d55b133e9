// Offline reading for learners (amont/learner/pwa.py has the design): sends what waits
// in the outboxes, has the worker keep the upcoming sessions; signed out, deletes them.
(function () {
  var text = document.currentScript.dataset, user = document.body.dataset.user || "";
  var KEPT = "amont-kept", EVERY = 30 * 60 * 1000, box = Amont.outbox("amont-outbox");
  var path = Amont.path, put = Amont.save;
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
    // A previous learner's unsent playback must not be sent under someone else's name.
    Amont.batches.urls().forEach(function (url) { Amont.batches(url).clear(); });
    put(KEPT, null);
    return;
  }

  // POSTs that found no network, kept per learner: signing out loses no answer.
  function entries() {
    return box.list().filter(function (e) { return e.user === user; });
  }
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

  // In order; stops at the first entry that cannot go yet, drops the others once answered.
  function replay() {
    var result = { sent: 0, check: [], reload: false };
    return new Promise(function (resolve) {
      (function next() {
        var entry = entries()[0];
        if (!entry) return resolve(result);
        var data = new FormData();
        entry.fields.forEach(function (f) {
          // This page's token is the current one (signing in again changes it).
          data.append(f[0], (f[0] === "csrfmiddlewaretoken" && Amont.csrfToken()) || f[1]);
        });
        fetch(entry.url, { method: "POST", body: data, credentials: "same-origin" }).then(function (r) {
          if (!Amont.acknowledged(r, entry.url)) return resolve(result);
          box.drop(entry.id);
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
  function identity(url, data, kind) {
    return [url, kind, data.get("client_key"), kind === "save" ? data.get("version") : ""].join(" ");
  }
  function same(key) {
    return function (e) { return e.user === user && e.same === key; };
  }
  Amont.answers = {
    text: text,
    add: function (url, data, kind) {
      var fields = [], h1 = document.querySelector("h1"), k = identity(url, data, kind);
      data.forEach(function (value, name) { if (typeof value === "string") fields.push([name, value]); });
      return box.add({
        id: Amont.newId(), user: user, url: url, kind: kind, fields: fields, same: k,
        title: h1 ? h1.textContent.trim() : document.title,
      }, same(k));
    },
    // The same POST went through: an older copy must not overwrite it later.
    forget: function (url, data, kind) {
      box.drop(same(identity(url, data, kind)));
    },
    entries: function (url) {
      return entries().filter(function (e) { return path(e.url) === path(url); });
    },
    send: send,
  };

  // The worker keeps the pages /learn/offline.json lists, at most every EVERY ms.
  var asked = false;
  function keep() {
    if (asked || !navigator.serviceWorker || !window.caches) return;
    navigator.serviceWorker.register(text.worker, { scope: text.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var last = Amont.load(KEPT);
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
  // Tracking batches other pages left unacknowledged (a beacon lost).
  function sendTracking() {
    if (navigator.onLine === false) return;
    var own = {};
    document.querySelectorAll("[data-track-url]").forEach(function (el) {
      own[el.dataset.trackUrl] = true;  // that page's script sends them itself
    });
    Amont.batches.urls().forEach(function (url) {
      if (!own[url]) Amont.batches(url).send(false);
    });
  }

  window.addEventListener("online", send);
  window.addEventListener("online", sendTracking);
  send();
  sendTracking();
})();
