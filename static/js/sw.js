// Amont's service worker (amont/content/pwa.py has the design), registered with the
// scope /learn/ by static/js/offline.js. Learner pages: network first; after TIMEOUT or
// without a network, the kept copy, else the offline page. Static files: from the cache,
// refreshed behind. The rest (POSTs, media, downloads, JSON) is left to the network.
var TIMEOUT = 4000;
var OFFLINE = "/learn/offline/", LIST = "/learn/offline.json", STATIC = "/static/";
var SHELL = "amont-shell", USER = /^amont-u\d+$/;

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.add(OFFLINE);
  }).catch(function () {}));
});
self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// The signed-in learner's cache (amont-u<id>). Pages delete other users' caches on load
// and all of them once signed out: with none (or two, in a race), nothing is kept or
// served, so nobody reads another user's pages.
function userCache() {
  return caches.keys().then(function (names) {
    var mine = names.filter(function (name) { return USER.test(name); });
    return mine.length === 1 ? caches.open(mine[0]) : null;
  });
}
function cached(url) {
  return userCache().then(function (cache) { return cache && cache.match(url, { ignoreVary: true }); });
}
function offlinePage() {
  return cached(OFFLINE).then(function (r) {
    return r || caches.match(OFFLINE, { cacheName: SHELL });
  }).then(function (r) { return r || Response.error(); });
}
function keepable(response) {
  return response.ok && !response.redirected && response.type === "basic" &&
    !/no-store/.test(response.headers.get("Cache-Control") || "");
}
function isHtml(response) {
  return /^text\/html/.test(response.headers.get("Content-Type") || "");
}
function isPage(url) {
  var path = url.pathname;
  return path.indexOf("/learn/") === 0 && /\/$/.test(path) && path.indexOf("/media/") < 0;
}

function page(event) {
  var url = event.request.url, saved;
  var network = fetch(event.request).then(function (response) {
    if (keepable(response) && isHtml(response)) {
      var copy = response.clone();
      saved = userCache().then(function (cache) { return cache && cache.put(url, copy); });
    }
    return response;
  });
  event.respondWith(new Promise(function (resolve) {
    var timer = setTimeout(function () {
      cached(url).then(function (r) { if (r) resolve(r); });
    }, TIMEOUT);
    network.then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function () {
      clearTimeout(timer);
      cached(url).then(function (r) { resolve(r || offlinePage()); });
    });
  }));
  event.waitUntil(network.then(function () { return saved; }).catch(function () {}));
}

function asset(event) {
  var request = event.request;
  event.respondWith(userCache().then(function (cache) {
    var network = fetch(request).then(function (response) {
      if (!cache || !keepable(response)) return response;
      var answer = function () { return response; };
      return cache.put(request, response.clone()).then(answer, answer);
    });
    if (!cache) return network;
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (!hit) return network;
      event.waitUntil(network.catch(function () {}));
      return hit;
    });
  }));
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isPage(url)) page(event);
  else if (url.pathname.indexOf(STATIC) === 0) asset(event);
});

// Keeping the upcoming sessions: LIST names the pages; each is fetched with the
// precache header (keeping a page is not reading it), then the static files they use.
function keepAll() {
  return userCache().then(function (cache) {
    if (!cache) return 0;
    return fetch(LIST, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok || r.redirected) return 0;
      return r.json().then(function (list) {
        var assets = list.static.slice(), count = 0;
        function keepPage(url) {
          return fetch(url, { credentials: "same-origin", headers: { "X-Amont-Precache": "1" } })
            .then(function (response) {
              if (!keepable(response) || !isHtml(response)) return;
              return response.clone().text().then(function (html) {
                html.replace(/(?:src|href)="(\/static\/[^"]+)"/g, function (all, src) {
                  if (assets.indexOf(src) < 0) assets.push(src);
                });
                count++;
                return cache.put(url, response);
              });
            }).catch(function () {});
        }
        return list.pages.reduce(function (chain, url) {
          return chain.then(function () { return keepPage(url); });
        }, Promise.resolve()).then(function () {
          return Promise.all(assets.map(function (src) { return cache.add(src).catch(function () {}); }));
        }).then(function () { return count; });
      });
    });
  }).catch(function () { return 0; });
}

var keeping = null;
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "keep") return;
  var client = event.source;
  keeping = keeping || keepAll().then(function (count) {
    keeping = null;
    return count;
  });
  event.waitUntil(keeping.then(function (count) {
    if (client) client.postMessage({ type: "kept", count: count });
  }));
});
