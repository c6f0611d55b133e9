"""A learner prepares offline, in headless Chromium against daphne on its own database:
the service worker keeps the upcoming session while online; offline, the session and its
quiz open from the cache, the answers and the submit wait in the outbox; back online they
are sent, and the server holds one submitted attempt with those answers.

The steps done online before the network goes are in `_while_online`: add a step there
(e.g. playing a video) and it runs before going offline.

Run: .venv/bin/python -m pytest amont/tests/test_browser_offline.py -q
"""

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from unittest import mock

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from amont.tests import e2e

pytestmark = pytest.mark.browser

PASSWORD = "amont-demo"
EXPECT_TIMEOUT = 10_000  # ms
KEEP_TIMEOUT = 60_000  # ms: the worker fetches every page of the upcoming sessions
PHONE: ViewportSize = {"width": 375, "height": 800}
QUEUED = "Saved on this device — will be sent when you are back online."

# Run in the server's database: the first untimed quiz before the next session, and a
# learner of its cohort who has not touched it yet.
SETUP = """
import json
from django.utils import timezone
from amont.content.models import ResourceProgress, ResourceType
from amont.courses.models import Activity, Kind, Phase
from amont.quizzes.actions import quiz_versions
from amont.quizzes.models import Attempt

quiz = (
    Activity.objects.filter(
        kind=Kind.QUIZ,
        phase=Phase.BEFORE,
        session__starts_at__gt=timezone.now(),
        quiz__time_limit_minutes__isnull=True,
        quiz__one_per_page=False,
    )
    .select_related("session")
    .order_by("session__starts_at", "pk")
    .first()
)
learner = quiz.session.cohort.enrollments.order_by("learner__email").first().learner
Attempt.objects.filter(activity=quiz, learner=learner).delete()
# The session's video capsule, watched from the start by this learner.
video = Activity.objects.get(
    session=quiz.session, kind=Kind.RESOURCE, resource__type=ResourceType.VIDEO
)
ResourceProgress.objects.filter(learner=learner, resource=video.resource).delete()
print(json.dumps({
    "email": learner.email,
    "session": quiz.session.title,
    "quiz": quiz.pk,
    "questions": len(quiz_versions(quiz.quiz)),
    "video": video.pk,
}))
"""
WATCHED = """
import json
from amont.content.models import ResourceProgress
from amont.courses.models import Activity

video = Activity.objects.get(pk=%(video)d)
progress = ResourceProgress.objects.filter(
    resource=video.resource, learner__email=%(email)r
).first()
print(json.dumps(progress and {"watched": progress.watched, "position": progress.position}))
"""
ATTEMPTS = """
import json
from amont.quizzes.models import Attempt

print(json.dumps([
    {
        "key": attempt.client_key,
        "submitted": attempt.submitted_at is not None,
        "answers": {str(r.question_version_id): r.answer for r in attempt.responses.all()},
    }
    for attempt in Attempt.objects.filter(activity_id=%(quiz)d, learner__email=%(email)r)
]))
"""


@dataclass
class Server:
    base: str
    database_url: str

    def run(self, code: str):
        """Run Python in the server's database; return the JSON it prints last."""
        env = {**os.environ, "DATABASE_URL": self.database_url, "DEBUG": "1"}
        env.pop("PYTEST_CURRENT_TEST", None)
        result = subprocess.run(
            [sys.executable, str(e2e.BASE_DIR / "manage.py"), "shell", "-v", "0", "-c", code],
            env=env,
            cwd=e2e.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])


@dataclass
class Demo:
    email: str
    session: str
    quiz: int
    questions: int
    video: int

    @property
    def quiz_url(self) -> str:
        return f"/learn/activities/{self.quiz}/"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # asgi_server names its database itself: note it to read the outcome there.
    make_url, urls = e2e._database_url, []

    def noted(tmp):
        urls.append(make_url(tmp))
        return urls[-1]

    with mock.patch.object(e2e, "_database_url", noted), e2e.asgi_server() as base:
        yield Server(base, urls[0])


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=server.base, locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(EXPECT_TIMEOUT)
    try:
        yield context
    except BaseException:
        for number, page in enumerate(context.pages):
            page.screenshot(path=f"/tmp/e2e-offline-{number}.png", full_page=True)
        raise
    finally:
        context.close()


def _log_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/learn/$"))


def _kept(page: Page, path: str) -> str | None:
    """The copy of `path` in the learner's cache, or None."""
    return page.evaluate(
        """path => caches.open("amont-u" + document.body.dataset.user)
            .then(cache => cache.match(path))
            .then(response => response ? response.text() : null)""",
        path,
    )


def _client_key(html: str) -> str:
    match = re.search(r'name="client_key" value="([^"]+)"', html)
    assert match, html
    return match[1]


def _outbox(page: Page) -> list:
    return page.evaluate("JSON.parse(localStorage.getItem('amont-outbox') || '[]')")


SEEK_TO = 40.0


def _watch_and_seek(page: Page, demo: Demo) -> None:
    """Play the session's video capsule 2 s from the start, seek to SEEK_TO (the file is
    served in ranges, past the service worker), play 2 s more, and leave the page: its
    last batch goes as a beacon, and the next learner page sends again what was not
    acknowledged (a beacon on leaving is not always delivered)."""
    page.goto(f"/learn/activities/{demo.video}/")
    video = page.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.querySelector('video').currentTime >= 2")
    video.evaluate(f"v => {{ v.currentTime = {SEEK_TO}; }}")
    page.wait_for_function(f"document.querySelector('video').currentTime >= {SEEK_TO + 2}")
    video.evaluate("v => v.pause()")
    page.goto("/learn/")


def _watched(server: Server, demo: Demo, stretches: int = 2) -> dict:
    """The learner's progress on the video once `stretches` stretches arrived (the
    beacon sent on leaving the page is handled while the test goes on)."""
    deadline = time.monotonic() + EXPECT_TIMEOUT / 1000
    while True:
        progress = server.run(WATCHED % {"video": demo.video, "email": demo.email})
        if progress and len(progress["watched"]) >= stretches:
            return progress
        assert time.monotonic() < deadline, f"tracking did not arrive: {progress}"
        time.sleep(0.5)


def _while_online(page: Page, demo: Demo) -> None:
    """Home, then the session: the worker installs and keeps the upcoming sessions."""
    page.wait_for_function("document.documentElement.dataset.kept", timeout=KEEP_TIMEOUT)
    _watch_and_seek(page, demo)
    upcoming = page.get_by_role("region", name="Upcoming sessions")
    upcoming.get_by_role("link", name=demo.session, exact=True).first.click()
    expect(page.get_by_role("heading", name=demo.session, level=1)).to_be_visible()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def _answer_offline(page: Page, demo: Demo) -> dict[str, int]:
    """Answer every question; return the option chosen per question version."""
    chosen: dict[str, int] = {}
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(demo.questions)
    for index in range(demo.questions):
        question = questions.nth(index)
        option = question.locator("label.choice").nth(index % 2)
        option.click()
        version = question.get_attribute("data-version")
        value = option.locator("input").get_attribute("value")
        assert version and value, (version, value)
        chosen[version] = int(value)
        sure = question.get_by_role("group", name="How sure are you?")
        sure.get_by_label("Sure", exact=True).check()
        expect(question.locator("[data-status]")).to_have_text(QUEUED)
    return chosen


def test_it_keeps_the_session_and_sends_answers_given_offline_once(
    context: BrowserContext, server: Server
):
    demo = Demo(**server.run(SETUP))
    page = context.new_page()
    _log_in(page, demo.email)
    _while_online(page, demo)
    # What was played arrived: two stretches, the seek skipped the middle.
    progress = _watched(server, demo)
    (first_start, first_end), (second_start, second_end) = progress["watched"]
    assert first_start <= 0.5 and 1.5 <= first_end < 5, progress
    assert SEEK_TO - 0.5 <= second_start <= SEEK_TO + 0.5 and second_end >= SEEK_TO + 1.5
    assert progress["position"] >= SEEK_TO + 1.5
    kept_quiz = _kept(page, demo.quiz_url)
    assert kept_quiz is not None, "the quiz was not kept"
    session_url = page.url

    context.set_offline(True)
    page.goto("/learn/")
    expect(page.get_by_role("heading", name="What to prepare", level=1)).to_be_visible()
    page.goto(session_url)
    expect(page.get_by_role("heading", name=demo.session, level=1)).to_be_visible()
    # A page nobody kept: said so, in the page's language.
    page.goto("/learn/activities/999999/")
    expect(
        page.get_by_role("heading", name="This page was not saved for offline use")
    ).to_be_visible()

    page.goto(session_url)
    page.get_by_role("link", name=re.compile(r"^Quiz")).first.click()
    expect(page).to_have_url(re.compile(re.escape(demo.quiz_url) + "$"))
    # The kept copy (a page from the network would carry a new client key).
    key = page.locator("input[name=client_key]").input_value()
    assert key == _client_key(kept_quiz)
    chosen = _answer_offline(page, demo)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("[data-outbox]")).to_have_text(QUEUED)
    outbox = _outbox(page)
    assert [entry["kind"] for entry in outbox] == ["save"] * demo.questions + ["submit"]
    assert server.run(ATTEMPTS % {"quiz": demo.quiz, "email": demo.email}) == []

    # Back online: the outbox goes, oldest first, and the page shows the result.
    context.set_offline(False)
    expect(
        page.get_by_role("heading", name=re.compile(r"^Your score: \d+ out of \d+$"))
    ).to_be_visible()
    assert _outbox(page) == []
    attempts = server.run(ATTEMPTS % {"quiz": demo.quiz, "email": demo.email})
    assert attempts == [
        {"key": key, "submitted": True, "answers": chosen},
    ], attempts

    # Nothing is sent again.
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.reload()
    expect(page.get_by_role("heading", name=re.compile(r"^Your score"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert posts == []
    assert server.run(ATTEMPTS % {"quiz": demo.quiz, "email": demo.email}) == attempts

    # Logging out deletes every kept page, and playback nobody sent yet: it must not
    # be sent later under the next learner's name.
    page.evaluate(
        """localStorage.setItem('amont-track:/learn/activities/1/track/',
            JSON.stringify({b: [{id: 'x', s: [[0, 5]], p: 5, at: Date.now()}], s: []}))"""
    )
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    page.wait_for_function("caches.keys().then(names => !names.some(n => n.startsWith('amont-')))")
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('amont-track:'))") == []
    )
