"""Tracking in headless Chromium, without the server and without the network: every request
is answered by `BrowserContext.route`, so a page can claim any origin.

- static/js/track-embed.js on a host page (https://amont.test) with a linked video whose
  player is a fake speaking the provider's postMessage protocol, served at the real
  provider's embed address (the one amont/content/providers.py makes). The test drives the
  fake player (play, seek, pause) and reads the batches posted to the tracking URL. A second
  window of the player's origin, and the tracked frame once it has gone to another origin,
  post the same kind of messages: they must be ignored.
- static/js/track-media.js on an <audio> element, which shares its recording and sending.

Run: .venv/bin/python -m pytest amont/tests/test_browser_embed.py -q
"""

import io
import json
import re
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, Route

from amont.content.intervals import SEGMENT_SECONDS, merge
from amont.content.providers import parse_video_url

pytestmark = pytest.mark.browser

HOST = "https://amont.test"
TRACK = "/learn/activities/7/track/"
TOKEN = "csrf-token-of-the-test"
STATIC = Path(__file__).resolve().parents[2] / "static" / "js"
SENTINEL = "amont-test-sentinel"
TIMEOUT = 10_000  # ms

WATCH = {
    "youtube": "https://youtu.be/dQw4w9WgXcQ",
    "vimeo": "https://vimeo.com/76979871",
    "peertube": "https://framatube.org/w/kkGMgK9ZtnKfYAgnEtQxbv",
}
DURATION = 120
# What the script asks the player when playback first starts, data-resume being 20.
RESUME_COMMANDS = {
    "youtube": [["seekTo", [20, True]]],
    "vimeo": [["setCurrentTime", 20]],
    "peertube": [["seek", 20]],
}

# The provider's player, as far as the tracking script talks to it. `sim` is driven by the
# test: play(), pause(), seek(t), advance(n) plays n steps of 0.25 s, reporting each.
FAKE_PLAYER = """<!doctype html><meta charset="utf-8"><title>Fake player</title><script>
"use strict";
const sim = (window.sim = { time: 0, playing: false, duration: DURATION, commands: [] });
const say = (message) => parent.postMessage(message, "*");
const json = (message) => say(JSON.stringify(message));
const PROTOCOLS = {
  youtube() {
    let id = null;
    const info = (info) => id !== null && json({ event: "infoDelivery", id, channel: "widget", info });
    return {
      connected: () => id !== null,
      receive(data) {
        const d = JSON.parse(data);
        if (d.event === "listening" && id === null) {
          id = d.id;
          json({ event: "initialDelivery", id, channel: "widget",
                 info: { currentTime: 0, playerState: 5, duration: sim.duration, playbackRate: 1 } });
          json({ event: "onReady", id, channel: "widget" });
        }
        if (d.event === "command" && d.func !== "addEventListener") {
          sim.commands.push([d.func, d.args]);
          if (d.func === "seekTo") sim.seek(d.args[0]);
        }
      },
      state: (playing) => info({ playerState: playing ? 1 : 2, currentTime: sim.time }),
      time: () => info({ currentTime: sim.time }),
      seeked: () => info({ currentTime: sim.time }),
    };
  },
  vimeo() {
    const events = new Set();
    const emit = (event) => events.has(event) && say({ event,
      data: { seconds: sim.time, percent: sim.time / sim.duration, duration: sim.duration } });
    say({ event: "ready", player_id: "" });
    return {
      connected: () => ["play", "pause", "seeked", "timeupdate"].every((e) => events.has(e)),
      receive(d) {
        if (typeof d === "string") d = JSON.parse(d);
        if (d.method === "ping") say({ method: "ping" });
        if (d.method === "addEventListener") events.add(d.value);
        if (d.method === "setCurrentTime") { sim.commands.push([d.method, d.value]); sim.seek(d.value); }
      },
      state: (playing) => emit(playing ? "play" : "pause"),
      time: () => emit("timeupdate"),
      seeked: () => emit("seeked"),
    };
  },
  peertube() {
    // jschannel: nothing but the handshake leaves before it; the queue goes out last first.
    let ready = false;
    const queue = [];
    const notify = (name, params) => {
      const message = JSON.stringify({ method: "peertube::" + name, params });
      ready ? say(message) : queue.push(message);
    };
    const status = () => notify("playbackStatusUpdate", { position: sim.time, volume: 1,
      duration: sim.duration, playbackState: sim.playing ? "playing" : "paused" });
    json({ method: "peertube::__ready", params: "ping" });
    return {
      connected: () => ready,
      receive(data) {
        const d = JSON.parse(data);
        if (d.method === "peertube::__ready" && !ready) {
          ready = true;
          if (d.params === "ping") json({ method: "peertube::__ready", params: "pong" });
          while (queue.length) say(queue.pop());
        } else if (d.method === "peertube::seek" && d.id) {
          sim.commands.push(["seek", d.params]);
          sim.seek(d.params);
          json({ id: d.id });
        }
      },
      state: (playing) => { notify("playbackStatusChange", playing ? "playing" : "paused"); status(); },
      time: status,
      seeked: status,
    };
  },
};
const protocol = PROTOCOLS[PROVIDER]();
sim.connected = protocol.connected;
sim.play = () => { sim.playing = true; protocol.state(true); };
sim.pause = () => { sim.playing = false; protocol.state(false); };
sim.seek = (t) => { sim.time = t; protocol.seeked(); };
sim.advance = (steps) => {
  for (let i = 0; i < steps && sim.playing; i++) { sim.time += 0.25; protocol.time(); }
};
addEventListener("message", (event) => { if (event.source === parent) protocol.receive(event.data); });
</script>"""

# Another window posting what a playing player would: 100 s to 110 s.
DECOY = """<!doctype html><meta charset="utf-8"><title>Decoy</title><script>
"use strict";
const say = (message) => parent.postMessage(message, "*");
const json = (message) => say(JSON.stringify(message));
window.blast = () => {
  if (PROVIDER === "peertube") json({ method: "peertube::__ready", params: "pong" });
  for (let t = 100; t <= 110; t += 0.25) {
    if (PROVIDER === "youtube") {
      json({ event: "infoDelivery", id: 1, channel: "widget",
             info: { currentTime: t, playerState: 1, duration: DURATION } });
    } else if (PROVIDER === "vimeo") {
      say({ event: t === 100 ? "play" : "timeupdate", data: { seconds: t, duration: DURATION } });
    } else {
      json({ method: "peertube::playbackStatusUpdate",
             params: { position: t, duration: DURATION, playbackState: "playing" } });
    }
  }
  say("SENTINEL");
};
</script>"""


def _script(template: str, provider: str) -> str:
    return (
        template.replace("PROVIDER", json.dumps(provider))
        .replace("DURATION", str(DURATION))
        .replace("SENTINEL", SENTINEL)
    )


def _host_page(body: str, scripts: tuple[str, ...]) -> str:
    # The shared outbox first, as on every learner page (templates/learner/_offline_script.html).
    names = ("amont-outbox.js", *scripts)
    tags = "".join(f'<script src="/static/js/{name}" defer></script>' for name in names)
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Resource</title>'
        f"<script>window.seen = 0; addEventListener('message', (e) => {{ "
        f"if (e.data === '{SENTINEL}') seen++; }});</script>{tags}<body>{body}</body></html>"
    )


class Site:
    """What the routes answer, and the batches the tracking URL received."""

    def __init__(self, context: BrowserContext):
        self.pages: dict[str, tuple[str, str]] = {}  # url without query -> (type, body)
        self.statuses: list[int] = []  # answers to the next tracking POSTs; then 204
        self.posts: list[dict] = []
        self.kinds: list[str] = []  # "fetch", or "ping" for a beacon
        self.media: bytes = b""
        context.route(re.compile(r".*"), self._answer)
        context.add_cookies([{"name": "csrftoken", "value": TOKEN, "url": HOST}])

    def html(self, url: str, body: str) -> None:
        self.pages[url] = ("text/html", body)

    @property
    def batches(self) -> list[dict]:
        return [json.loads(post["data"][0]) for post in self.posts]

    def _answer(self, route: Route) -> None:
        request = route.request
        url = request.url.split("?")[0]
        if url == HOST + TRACK and request.method == "POST":
            self.posts.append(parse_qs(request.post_data or ""))
            self.kinds.append(request.resource_type)
            route.fulfill(status=self.statuses.pop(0) if self.statuses else 204)
        elif url.startswith(HOST + "/static/js/"):
            route.fulfill(path=STATIC / url.rsplit("/", 1)[1], content_type="text/javascript")
        elif url == HOST + "/media.wav":
            self._ranged(route)
        elif url in self.pages:
            content_type, body = self.pages[url]
            route.fulfill(status=200, content_type=content_type, body=body)
        else:
            route.abort()

    def _ranged(self, route: Route) -> None:
        size = len(self.media)
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
        if not match:
            route.fulfill(status=200, body=self.media, headers={
                "Content-Type": "audio/wav", "Accept-Ranges": "bytes"})  # fmt: skip
            return
        start = int(match[1])
        end = min(int(match[2] or size - 1), size - 1)
        route.fulfill(status=206, body=self.media[start : end + 1], headers={
            "Content-Type": "audio/wav", "Accept-Ranges": "bytes",
            "Content-Range": f"bytes {start}-{end}/{size}"})  # fmt: skip


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(TIMEOUT)
    yield context
    context.close()


@pytest.fixture
def site(context: BrowserContext) -> Site:
    return Site(context)


def _settle(page: Page, frame: Frame) -> None:
    """Wait until the host page has read every message `frame` posted so far."""
    seen = page.evaluate("seen")
    frame.evaluate(f"parent.postMessage('{SENTINEL}', '*')")
    page.wait_for_function(f"seen > {seen}")


def _flush(page: Page) -> None:
    """Make the page send what it holds (as when the network comes back) and wait for the
    acknowledgements."""
    page.evaluate("dispatchEvent(new Event('online'))")
    page.wait_for_function("localStorage.length === 0")


def _wait_for_posts(page: Page, site: Site, count: int, nudge: str = "") -> None:
    deadline = time.monotonic() + TIMEOUT / 1000
    while len(site.posts) < count:
        assert time.monotonic() < deadline, site.batches
        if nudge:
            page.evaluate(nudge)
        page.wait_for_timeout(50)


def _watched(batches: list[dict]) -> list[tuple[float, float]]:
    return [(round(a, 2), round(b, 2)) for a, b in merge(s for b in batches for s in b["segments"])]


def _player_frame(page: Page, embed_url: str) -> Frame:
    frame = next(f for f in page.frames if f.url == embed_url)
    frame.wait_for_function("window.sim && sim.connected()")
    return frame


@pytest.mark.parametrize("provider", ["youtube", "vimeo", "peertube"])
def test_it_records_what_the_embedded_player_played(context, site, provider):
    video = parse_video_url(WATCH[provider])
    decoy_url = f"{video.origin}/another-video"
    site.html(video.embed_url.split("?")[0], _script(FAKE_PLAYER, provider))
    site.html(decoy_url, _script(DECOY, provider))
    site.html("https://elsewhere.test/", _script(DECOY, provider))
    iframe = (
        f'<iframe class="js-track-embed" src="{video.embed_url}" data-provider="{provider}" '
        f'data-track-url="{TRACK}" data-resume="20" title="Video"></iframe>'
        f'<iframe src="{decoy_url}" title="Another video"></iframe>'
    )
    # track-embed.js first: it waits for track-media.js, whatever the order.
    site.html(f"{HOST}/learn/", _host_page(iframe, ("track-embed.js", "track-media.js")))
    page = context.new_page()
    page.goto(f"{HOST}/learn/")
    player = _player_frame(page, video.embed_url)
    decoy = next(f for f in page.frames if f.url == decoy_url)

    # The first play jumps to data-resume, through the provider's own command.
    player.evaluate("sim.play()")
    player.wait_for_function("sim.time === 20")
    player.evaluate("sim.advance(48)")  # 20 s → 32 s
    # Another window of the same origin: not the tracked player.
    decoy.evaluate("blast()")
    player.evaluate("sim.pause(); sim.seek(60); sim.play(); sim.advance(20)")  # 60 → 65
    player.evaluate("sim.seek(90); sim.advance(8); sim.pause()")  # 90 → 92
    _settle(page, decoy)
    _settle(page, player)
    commands = player.evaluate("sim.commands")
    # The tracked frame goes to another origin, which pretends to be the player.
    player.evaluate("location.href = 'https://elsewhere.test/'")
    player.wait_for_url("https://elsewhere.test/")
    player.evaluate("blast()")
    page.wait_for_function("seen >= 3")
    _flush(page)

    assert commands == RESUME_COMMANDS[provider]
    batches = site.batches
    assert _watched(batches) == [(20, 32), (60, 65), (90, 92)]
    segments = [s for b in batches for s in b["segments"]]
    assert all(0 < end - start <= SEGMENT_SECONDS for start, end in segments), segments
    assert batches[-1]["position"] == 92
    assert {b["duration"] for b in batches} == {DURATION}
    assert all(re.fullmatch(r"[A-Za-z0-9-]{1,64}", b["batch"]) for b in batches)
    assert len({b["batch"] for b in batches}) == len(batches)
    assert {post["csrfmiddlewaretoken"][0] for post in site.posts} == {TOKEN}


def test_it_sends_a_batch_again_until_acknowledged_then_on_leaving(context, site):
    video = parse_video_url(WATCH["vimeo"])
    site.html(video.embed_url.split("?")[0], _script(FAKE_PLAYER, "vimeo"))
    iframe = (
        f'<iframe class="js-track-embed" src="{video.embed_url}" data-provider="vimeo" '
        f'data-track-url="{TRACK}" data-resume="0" title="Video"></iframe>'
    )
    site.html(f"{HOST}/learn/", _host_page(iframe, ("track-media.js", "track-embed.js")))
    site.statuses = [503]
    page = context.new_page()
    page.goto(f"{HOST}/learn/")
    player = _player_frame(page, video.embed_url)

    player.evaluate("sim.play(); sim.advance(20); sim.pause()")  # 0 → 5
    _settle(page, player)
    # Refused with a 503: kept, and sent again at the next chance.
    _wait_for_posts(page, site, 2, nudge="dispatchEvent(new Event('online'))")
    page.wait_for_function("localStorage.length === 0")

    first, again = site.batches[:2]
    assert first == again  # the same batch id: the server applies it once
    assert first["segments"] == [[0, 5]]
    assert first["position"] == 5

    # Leaving the page sends what is left with a beacon. Its answer cannot be read, so the
    # batch stays until a fetch has it acknowledged. (A beacon sent by a page that is going
    # away escapes the routes: the event is dispatched here instead.)
    player.evaluate("sim.play(); sim.advance(8); sim.pause()")  # 5 → 7
    _settle(page, player)
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide'))")
    _wait_for_posts(page, site, 3)
    assert site.kinds == ["fetch", "fetch", "ping"]
    assert page.evaluate("JSON.parse(Object.values(localStorage)[0]).b.length") == 1
    beacon = site.batches[2]
    assert (beacon["segments"], beacon["position"]) == ([[5, 7]], 7)
    _flush(page)
    assert site.kinds[3:] == ["fetch"] and site.batches[3] == beacon


def _wav(seconds: int, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes([128, 160, 128, 96]) * (seconds * rate // 4))
    return buffer.getvalue()


def test_it_records_what_an_audio_element_played(context, site):
    site.media = _wav(40)
    audio = f'<audio controls src="/media.wav" data-track-url="{TRACK}" data-resume="5"></audio>'
    site.html(f"{HOST}/learn/", _host_page(audio, ("track-media.js",)))
    page = context.new_page()
    page.goto(f"{HOST}/learn/")
    page.wait_for_function("document.querySelector('audio').currentTime === 5")

    page.evaluate("document.querySelector('audio').play()")
    page.wait_for_function("document.querySelector('audio').currentTime >= 6.5")
    left_at = page.evaluate(
        "(a => { const t = a.currentTime; a.currentTime = 20; return t; })"
        "(document.querySelector('audio'))"
    )
    page.wait_for_function("document.querySelector('audio').currentTime >= 21.5")
    paused_at = page.evaluate("(a => (a.pause(), a.currentTime))(document.querySelector('audio'))")
    _flush(page)

    watched = _watched(site.batches)
    assert len(watched) == 2, watched
    (start, end), (start2, end2) = watched
    # It starts at the first timeupdate after play (5 s, or a few ms later on a loaded
    # machine: 5.01 was seen) and ends at the last one before the seek (they come every 15
    # to 250 ms).
    assert start == pytest.approx(5, abs=0.3) and left_at - 1 <= end <= left_at + 0.01
    assert start2 == pytest.approx(20, abs=0.3) and end2 == pytest.approx(paused_at, abs=0.05)
    assert site.batches[-1]["position"] == pytest.approx(paused_at, abs=0.01)
    assert "duration" not in site.batches[-1]  # the server knows the file's own
    # The speed buttons are still there.
    assert page.get_by_role("group", name="Playback speed").get_by_role("button").count() == 5


def test_it_sends_what_an_older_script_kept(context, site):
    """Batches kept by the track-media.js that came before the shared outbox ({id, s, p, d}
    under the same key) go with the body they always had, and so do the stretches it had
    not put in a batch yet: a learner loses nothing with the upgrade."""
    site.media = _wav(40)
    site.html(f"{HOST}/blank", "<!doctype html><title>Blank</title>")
    audio = f'<audio controls src="/media.wav" data-track-url="{TRACK}" data-resume="5"></audio>'
    site.html(f"{HOST}/learn/", _host_page(audio, ("track-media.js",)))
    page = context.new_page()
    page.goto(f"{HOST}/blank")
    page.evaluate(
        """key => localStorage.setItem(key, JSON.stringify({
            b: [{id: "old-1", s: [[0, 5]], p: 5, at: Date.now()},
                {id: "old-2", s: [], p: 8, d: 30.5, at: Date.now()}],
            s: [[8, 9.5]]}))""",
        f"amont-track:{TRACK}",
    )
    page.goto(f"{HOST}/learn/")
    page.wait_for_function("localStorage.length === 0")

    batches = {b["batch"]: b for b in site.batches}
    assert batches.pop("old-1") == {"batch": "old-1", "segments": [[0, 5]], "position": 5}
    assert batches.pop("old-2") == {
        "batch": "old-2", "segments": [], "position": 8, "duration": 30.5}  # fmt: skip
    assert [b["segments"] for b in batches.values()] == [[[8, 9.5]]]
    assert {post["csrfmiddlewaretoken"][0] for post in site.posts} == {TOKEN}


def test_it_keeps_the_time_on_a_document_until_acknowledged(context, site):
    """The time a beacon took when the page was left stays on the device until a fetch
    has it acknowledged: the page opened again sends it, under the same id."""
    document = f'<div id="document" data-track-url="{TRACK}">A document</div>'
    site.html(f"{HOST}/learn/", _host_page(document, ("track-time.js",)))
    page = context.new_page()
    page.goto(f"{HOST}/learn/")
    page.wait_for_timeout(1500)
    page.evaluate("dispatchEvent(new PageTransitionEvent('pagehide'))")
    _wait_for_posts(page, site, 1)
    assert site.kinds == ["ping"]
    beacon = site.batches[0]
    assert beacon["segments"] == [] and beacon["spent"] >= 1, beacon
    assert page.evaluate("JSON.parse(Object.values(localStorage)[0]).b.length") == 1

    page.reload()
    _wait_for_posts(page, site, 2)
    page.wait_for_function("localStorage.length === 0")
    assert site.kinds[1] == "fetch" and site.batches[1] == beacon
