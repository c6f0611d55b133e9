"""How heavy are a learner's pages on first load?

Budget (from the issue): a learner's session page transfers at most 60 KB on a cold
cache, media (audio/video) excluded, in headless Chromium. This logs in as a demo
learner, crawls the learner pages (/learn/, the sessions linked from it, the activities
linked from those) and loads each one in a fresh browser context, so nothing is cached,
counting the bytes on the wire (headers + encoded bodies, from Chrome's DevTools
protocol) of every request the page makes except audio and video.

Prints one line per page, `<kb> KB  <status>  <path>`, then `over_budget=<path>` for any
page above the budget and, last, `max_kb=<number>`. KB are 1024 bytes, as in
shared/tools/look.py. It is a measurement: the exit code is 0 whatever the weights.

    .venv/bin/python bench/page_weight.py                      # starts the demo itself
    .venv/bin/python bench/page_weight.py http://127.0.0.1:8000 --as apprenant07@example.org

Needs Playwright (the project's .venv) and Debian's chromium at /usr/bin/chromium.
"""

import argparse
import contextlib
import re
import signal
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

BUDGET_KB = 60.0
MAX_PAGES = 40
TIMEOUT_MS = 30_000
IDLE_TIMEOUT_MS = 10_000
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SESSION_PATH = re.compile(r"^/learn/sessions/\d+/$")
ACTIVITY_PATH = re.compile(r"^/learn/activities/\d+/$")
JOIN_PATH = re.compile(r"^/j/[^/]+/?$")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", help="a running server; without it, the demo starts")
    parser.add_argument("--as", dest="email", default="apprenant03@example.org")
    parser.add_argument("--password", default="amont-demo")
    parser.add_argument("--lang", default="fr-FR")
    args = parser.parse_args()

    # A SIGTERM unwinds like Ctrl-C, so the browser and the demo server are stopped.
    signal.signal(signal.SIGTERM, _interrupt)

    with contextlib.ExitStack() as stack:
        if args.base:
            base = args.base.rstrip("/")
        else:
            from amont.tests.e2e import asgi_server

            print("starting the demo server…", file=sys.stderr, flush=True)
            base = stack.enter_context(asgi_server())
        results = measure(base, args.email, args.password, args.lang)

    for size, status, path in results:
        print(f"{size / 1024:6.1f} KB  {status}  {path}")
    for size, _, path in results:
        if size > BUDGET_KB * 1024:
            print(f"over_budget={path}")
    worst = max((size for size, _, _ in results), default=0)
    print(f"max_kb={worst / 1024:.1f}")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def measure(base: str, email: str, password: str, lang: str) -> list[tuple[int, str, str]]:
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(locale=lang)
            context.set_default_timeout(TIMEOUT_MS)
            try:
                page = context.new_page()
                login(page, base, email, password)
                paths = crawl(page, base)
                cookies = context.cookies()
            finally:
                context.close()
            for path in paths:
                size, status = weigh(browser, base, path, cookies, lang)
                results.append((size, status, path))
        finally:
            browser.close()
    return results


def login(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login/")
    # The login form, not the language switcher of the header (also a POST form).
    form = page.locator("form", has=page.locator("input[type=password]")).first
    form.locator("input[type=email], input[name=username]").first.fill(email)
    form.locator("input[type=password]").first.fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    if urlsplit(page.url).path.startswith("/login/"):
        alert = page.locator("[role=alert], .bad").all_inner_texts()
        raise SystemExit(f"could not log in as {email} at {page.url}: {' '.join(alert)}")


def crawl(page, base: str) -> list[str]:
    """/learn/, the session pages it links to, the activity (and join) pages they link to."""
    found = ["/learn/"]
    queue = ["/learn/"]
    while queue and len(found) < MAX_PAGES:
        path = queue.pop(0)
        page.goto(base + path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(urljoin(page.url, href))
            if f"{parts.scheme}://{parts.netloc}" != base or parts.path in found:
                continue
            if SESSION_PATH.match(parts.path):
                queue.append(parts.path)  # its activities are wanted too
            elif not (ACTIVITY_PATH.match(parts.path) or JOIN_PATH.match(parts.path)):
                continue
            found.append(parts.path)
            if len(found) >= MAX_PAGES:
                break
    return found


def weigh(browser, base: str, path: str, cookies: list, lang: str) -> tuple[int, str]:
    """Bytes on the wire for one load of `path` in a fresh context (an empty cache)."""
    context = browser.new_context(locale=lang)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        media: set[str] = set()
        finished: dict[str, int] = {}
        received: dict[str, int] = {}  # for requests that fail or never finish

        def on_response(event: dict) -> None:
            mime = (event["response"].get("mimeType") or "").lower()
            if event.get("type") == "Media" or mime.startswith(("audio/", "video/")):
                media.add(event["requestId"])

        def on_data(event: dict) -> None:
            request = event["requestId"]
            received[request] = received.get(request, 0) + event.get("encodedDataLength", 0)

        def on_finished(event: dict) -> None:
            finished[event["requestId"]] = int(event.get("encodedDataLength", 0))

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.dataReceived", on_data)
        cdp.on("Network.loadingFinished", on_finished)
        cdp.send("Network.enable")

        response = page.goto(base + path, wait_until="load")
        # Pages that keep a connection open never reach "networkidle": the load is enough.
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("networkidle", timeout=IDLE_TIMEOUT_MS)

        total = sum(size for request, size in finished.items() if request not in media)
        total += sum(
            size
            for request, size in received.items()
            if request not in finished and request not in media
        )
        status = str(response.status) if response else "-"
        final = urlsplit(page.url)
        if final.path != path:
            status += f" (-> {final.path}{'?' + final.query if final.query else ''})"
        with contextlib.suppress(PlaywrightError):
            cdp.detach()
        return total, status
    finally:
        context.close()


if __name__ == "__main__":
    main()
