/* Real consultation of a linked video: <iframe class="js-track-embed" src="<embed URL>"
   data-provider="youtube|vimeo|peertube" data-track-url="..." data-resume="seconds">, the
   embed URL made by amont/content/providers.py. Needs static/js/amont-outbox.js and
   track-media.js: Amont.record(url, resume, player) (track-media.js) cuts what was played
   into stretches and sends them, exactly as for an uploaded video, plus the duration the
   player reports. `player` says where playback is: time() in media seconds, paused(),
   seeking(), rate(), ready() (false until the resume position is applied, so an early
   batch does not overwrite it) and duration() (a number to send, or null). record()
   returns what to call when the player reports something: playing(), seeked(), jumped()
   (seeking: the stretch ends where it was), stopped() (pause, ended) and update() (a new
   time while playing).

   The page talks to the provider's player with postMessage, without the provider's script.
   Only messages whose origin is the iframe's and whose source is its window are read.
   - YouTube, IFrame API (embed URL with enablejsapi=1), as YouTube's www-widgetapi.js does
     it: post JSON '{"event":"listening","id":n,"channel":"widget"}' until the player answers
     (initialDelivery); then "infoDelivery" messages carry what changed in `info`
     (currentTime, playerState: -1 unstarted, 0 ended, 1 playing, 2 paused, 3 buffering,
     5 cued; duration, playbackRate); a command is
     '{"event":"command","func":"seekTo","args":[t,true],...}'.
   - Vimeo player API, as vimeo/player.js does it (src/player.js, src/lib/postmessage.js):
     post {method, value} objects; the player says {event: "ready"} (or answers a
     {method: "ping"}), then sends {event, data: {seconds, duration}} for each event added
     with {method: "addEventListener", value: name}; {method: "setCurrentTime", value: t}.
   - PeerTube embed API (embed URL with api=1), Chocobozzz/PeerTube
     client/src/standalone/videos/embed-api.ts, over jschannel (mozilla/jschannel
     src/jschannel.js) with scope "peertube": JSON strings; a notification is
     {"method": "peertube::<name>", "params": ...}, a request adds an integer "id" (answered
     by {"id", "result"}). Each side posts "peertube::__ready" with params "ping" when it
     starts and answers a ping with "pong"; the player sends nothing else before that. Then
     "playbackStatusUpdate" comes every 500 ms with {position, duration, playbackState:
     "unstarted"|"playing"|"paused"|"ended"}, and "playbackStatusChange" with the state;
     the request "seek" takes seconds.
   The resume position is applied when playback first starts: seeking before would start
   the video by itself on YouTube and Vimeo. Until then no position is sent. */
(function () {
  "use strict";
  var HELLO_EVERY = 500, HELLO_TRIES = 60, LAND = 2, LAND_WAIT = 5000;

  function parse(data) {
    if (typeof data === "string") {
      try { data = JSON.parse(data); } catch (e) { return null; }
    }
    return data && typeof data === "object" ? data : null;
  }

  function number(value) {
    return typeof value === "number" && isFinite(value) && value >= 0 ? value : undefined;
  }

  // Each provider: hello() opens the conversation, receive(data) turns a message into
  // report({time, duration, rate, playing, seeked}) and says whether the player has
  // answered, seek(t) moves the player.
  var PROVIDERS = {
    youtube: function (send, report, id) {
      var answered = false;
      function post(message) {
        message.id = id;
        message.channel = "widget";
        send(JSON.stringify(message));
      }
      return {
        hello: function () { post({ event: "listening" }); },
        receive: function (data) {
          data = parse(data);
          if (!data) return answered;
          var info = data.info;
          if (data.event === "onStateChange" && typeof info === "number") info = { playerState: info };
          if (!/^(initialDelivery|infoDelivery|onStateChange|onReady)$/.test(data.event)) return answered;
          if (!answered) {
            answered = true;
            post({ event: "command", func: "addEventListener", args: ["onStateChange"] });
          }
          if (info && typeof info === "object") {
            var state = info.playerState, playing;
            // Buffering keeps the stretch open: the time just does not move.
            if (typeof state === "number" && state !== 3) playing = state === 1;
            report({ time: info.currentTime, duration: info.duration, rate: info.playbackRate,
                     playing: playing });
          }
          return answered;
        },
        seek: function (t) { post({ event: "command", func: "seekTo", args: [t, true] }); }
      };
    },

    vimeo: function (send, report) {
      var EVENTS = ["play", "pause", "ended", "seeked", "timeupdate", "playbackratechange"];
      var answered = false;
      function post(method, value) {
        var message = { method: method };
        if (value !== undefined) message.value = value;
        send(message);
      }
      return {
        hello: function () { post("ping"); },
        receive: function (data) {
          data = parse(data);
          if (!data) return answered;
          if (data.event === "ready" || (data.method === "ping" && !answered)) {
            // A ready player (again, after a reload) forgets the listeners.
            answered = true;
            EVENTS.forEach(function (name) { post("addEventListener", name); });
            return true;
          }
          var d = data.data || {}, now = { time: d.seconds, duration: d.duration };
          if (data.event === "timeupdate") report(now);
          else if (data.event === "play") { now.playing = true; report(now); }
          else if (data.event === "pause" || data.event === "ended") { now.playing = false; report(now); }
          else if (data.event === "seeked") { now.seeked = true; report(now); }
          else if (data.event === "playbackratechange") report({ rate: d.playbackRate });
          return answered;
        },
        seek: function (t) { post("setCurrentTime", t); }
      };
    },

    peertube: function (send, report) {
      var SCOPE = "peertube::", answered = false, calls = 0;
      function post(message) { send(JSON.stringify(message)); }
      return {
        hello: function () { post({ method: SCOPE + "__ready", params: "ping" }); },
        receive: function (data) {
          data = parse(data);
          var method = data && data.method, params = data && data.params;
          if (method === SCOPE + "__ready") {
            if (params === "ping") post({ method: SCOPE + "__ready", params: "pong" });
            answered = true;
          } else if (method === SCOPE + "playbackStatusUpdate" && params && typeof params === "object") {
            var state = params.playbackState;
            report({ time: params.position, duration: params.duration,
                     playing: typeof state === "string" ? state === "playing" : undefined });
          } else if (method === SCOPE + "playbackStatusChange" && typeof params === "string") {
            report({ playing: params === "playing" });
          }
          return answered;
        },
        seek: function (t) { post({ id: ++calls, method: SCOPE + "seek", params: t }); }
      };
    }
  };

  var count = 0;

  function embed(iframe) {
    var make = PROVIDERS[iframe.dataset.provider], origin;
    try { origin = new URL(iframe.src).origin; } catch (e) { return; }
    if (!make || !iframe.dataset.trackUrl || origin === "null") return;
    var resume = +iframe.dataset.resume || 0;
    var now = { time: 0, playing: false, duration: null, rate: 1 };
    var played = false, target = null, until = 0;

    var recorder = Amont.record(iframe.dataset.trackUrl, resume, {
      time: function () { return now.time; },
      paused: function () { return !now.playing; },
      seeking: function () { return target !== null; },
      rate: function () { return now.rate; },
      ready: function () { return played && target === null; },
      duration: function () { return now.duration; }
    });

    function send(message) {
      // Before the player's page is there, the origin does not match: the browser drops it.
      if (iframe.contentWindow) iframe.contentWindow.postMessage(message, origin);
    }

    function report(info) {
      var t = number(info.time), duration = number(info.duration), rate = number(info.rate);
      var playing = typeof info.playing === "boolean" ? info.playing : now.playing;
      if (duration > 0) now.duration = duration;
      if (rate > 0) now.rate = rate;
      if (info.seeked) recorder.jumped();
      if (t !== undefined) now.time = t;
      if (target !== null) {
        // Waiting for the resume seek to land; what is reported meanwhile is not watching.
        if (!(t !== undefined && Math.abs(t - target) < LAND) && Date.now() < until) {
          now.playing = playing;
          return;
        }
        target = null;
      }
      if (playing && !now.playing) {
        now.playing = true;
        if (!played) {
          played = true;
          // Near the end, start again rather than land on the last frame.
          if (resume > 0 && Math.abs(now.time - resume) >= 1 &&
              !(now.duration && resume > now.duration - 5)) {
            target = resume;
            until = Date.now() + LAND_WAIT;
            player.seek(resume);
            return;
          }
        }
        recorder.playing();
      } else if (!playing && now.playing) {
        recorder.stopped();
        now.playing = false;
      } else if (playing) {
        recorder.playing(); // a play this page did not hear of
        recorder.update();
      }
    }

    var player = make(send, report, ++count), tries = 0;
    var hello = setInterval(function () {
      if (++tries > HELLO_TRIES) clearInterval(hello);
      else player.hello();
    }, HELLO_EVERY);

    addEventListener("message", function (event) {
      if (event.source !== iframe.contentWindow || event.origin !== origin) return;
      if (player.receive(event.data)) clearInterval(hello);
    });
    iframe.addEventListener("load", function () { player.hello(); });
    player.hello();
  }

  function start() {
    if (!window.Amont || !Amont.record) return; // track-media.js missing, or no fetch
    document.querySelectorAll("iframe.js-track-embed").forEach(embed);
  }
  // Both scripts are deferred: whichever order they run in, both have run by DOMContentLoaded.
  if (window.Amont && Amont.record) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
