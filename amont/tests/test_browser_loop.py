"""The whole flipped loop in real headless Chromium, against daphne on its own database.

A trainer plans a session (quiz before, live vote during, feedback survey after); a
learner prepares; the trainer reads readiness; an anonymous phone votes live and the
projector updates through the websocket; the learner gives feedback and the trainer reads
it in the summary. One test walks the loop (each step needs the previous one); browser
contexts ask for English (`locale="en-US"`), French being the default language.

Run: .venv/bin/python -m pytest amont/tests/test_browser_loop.py -q -x
"""

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    WebSocketRoute,
    expect,
)

from amont.tests.e2e import asgi_server

pytestmark = pytest.mark.browser

PASSWORD = "amont-demo"
TRAINER = "formatrice@example.org"
LEARNER = "apprenant01@example.org"
LEARNER_NAME = "Léa Dubois"
COURSE = "Sciences — Le cycle de l'eau"
COHORT = "6e B — Collège Jean-Moulin"
COHORT_SIZE = 25

SESSION = "Séance e2e"
QUIZ = "Quiz e2e : les nuages"
QUIZ_QUESTION = "De quoi un nuage est-il fait ?"
QUIZ_OPTIONS = [
    ("De vapeur d'eau", "Non : la vapeur d'eau est invisible."),
    ("De gouttelettes d'eau liquide", "Oui : la vapeur s'est condensée."),
    ("De fumée", "Non : la fumée vient d'une combustion."),
]
QUIZ_RIGHT = 1
VOTE = "Vote e2e : l'eau qui bout"
VOTE_QUESTION = "Que contiennent les grosses bulles de l'eau qui bout ?"
VOTE_OPTIONS = ["De l'air", "De la vapeur d'eau", "Du vide"]
VOTE_RIGHT = 1
SURVEY = "Avis e2e"
COMMENT = "Le vote en direct m'a bien aidé."
PSEUDONYM = "Téléphone e2e"

EXPECT_TIMEOUT = 10_000  # ms; the server answers in well under a second
SCREENSHOTS = Path("/tmp")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with asgi_server() as base:
        yield base


@pytest.fixture
def contexts(browser: Browser, server: str) -> Iterator["Contexts"]:
    opened = Contexts(browser, server)
    yield opened
    opened.close()


class Contexts:
    """Browser contexts of one test; screenshots of every open page on failure."""

    def __init__(self, browser: Browser, base: str):
        self.browser, self.base = browser, base
        self.opened: list[tuple[str, BrowserContext]] = []

    def new(self, name: str, **options) -> BrowserContext:
        context = self.browser.new_context(base_url=self.base, **options)
        context.set_default_timeout(EXPECT_TIMEOUT)
        self.opened.append((name, context))
        return context

    def screenshots(self, test_name: str) -> None:
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", test_name)
        for name, context in self.opened:
            for index, page in enumerate(context.pages):
                path = SCREENSHOTS / f"e2e-{slug}-{name}-{index}.png"
                # Best effort: the failure being reported is what matters.
                with suppress(Exception):
                    page.screenshot(path=path, full_page=True)

    def close(self) -> None:
        for _name, context in self.opened:
            context.close()


class LossyNetwork:
    """Sits between the phone and the server (Playwright websocket routing): records the
    votes the page sends and, while `drop_acks` is set, loses the server's
    acknowledgements, as a phone network does when a vote went through but the answer
    never came back."""

    def __init__(self):
        self.drop_acks = False
        self.votes: list[str | None] = []  # client ids of the votes that reached the server
        self.acks: list[str | None] = []  # client ids acknowledged to the page

    def route(self, page_side: WebSocketRoute) -> None:
        server_side = page_side.connect_to_server()

        def to_server(message):
            data = _json(message)
            if data.get("type") == "vote":
                self.votes.append(data.get("client_id"))
            server_side.send(message)

        def to_page(message):
            data = _json(message)
            if data.get("type") == "ack":
                if self.drop_acks:
                    return
                self.acks.append(data.get("client_id"))
            page_side.send(message)

        page_side.on_message(to_server)
        server_side.on_message(to_page)

    def wait_for_ack(self, page: Page, timeout: float = EXPECT_TIMEOUT / 1000) -> None:
        deadline = time.monotonic() + timeout
        while not self.acks:
            assert time.monotonic() < deadline, f"no ack; votes sent: {self.votes}"
            page.wait_for_timeout(50)  # lets Playwright dispatch the routed messages


def _json(message) -> dict:
    try:
        data = json.loads(message)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def screenshot_on_failure(contexts: Contexts, name: str):
    try:
        yield
    except BaseException:
        contexts.screenshots(name)
        raise


def log_in(page: Page, email: str) -> None:
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def fill_question(form, text: str, options: list[tuple[str, str]], right: int) -> None:
    """The question editor's fields (templates/courses/_question_fields.html)."""
    form.get_by_label(re.compile(r"^Question:?$")).fill(text)
    for number, (option, feedback) in enumerate(options, start=1):
        form.get_by_label(re.compile(rf"^Option {number}:?$")).fill(option)
        if feedback:
            form.get_by_label(re.compile(rf"^Feedback on option {number}:?$")).fill(feedback)
    form.get_by_role("radio", name=f"Correct answer (option {right + 1})").check()


def tomorrow_at_ten() -> str:
    """Tomorrow 10:00 in the server's zone, as a datetime-local input wants it."""
    day = datetime.now(ZoneInfo("Europe/Paris")).date() + timedelta(days=1)
    return f"{day.isoformat()}T10:00"


def test_it_serves_the_login_page_in_the_browser_language(contexts: Contexts):
    with screenshot_on_failure(contexts, "language"):
        french = contexts.new("fr", locale="fr-FR").new_page()
        french.goto("/login/")
        expect(french.locator("html")).to_have_attribute("lang", "fr")
        expect(french.get_by_role("heading", name="Se connecter")).to_be_visible()
        expect(french.get_by_label("Adresse e-mail")).to_be_visible()
        expect(french.get_by_label("Mot de passe")).to_be_visible()

        english = contexts.new("en", locale="en-US").new_page()
        english.goto("/login/")
        expect(english.locator("html")).to_have_attribute("lang", "en")
        expect(english.get_by_role("heading", name="Log in")).to_be_visible()


def test_it_walks_the_whole_flipped_loop(contexts: Contexts):
    with screenshot_on_failure(contexts, "loop"):
        _walk_the_loop(contexts)


def _walk_the_loop(contexts: Contexts) -> None:
    # 1. The trainer plans a new session of the water-cycle cohort --------------------
    trainer_context = contexts.new(
        "trainer", locale="en-US", viewport={"width": 1280, "height": 900}
    )
    trainer = trainer_context.new_page()
    log_in(trainer, TRAINER)
    expect(trainer).to_have_url(re.compile(r"/dashboard/$"))
    trainer.get_by_role("navigation", name="Main menu").get_by_role("link", name="Courses").click()
    expect(trainer.get_by_role("heading", name="Courses", level=1)).to_be_visible()
    trainer.get_by_role("article", name=COURSE).get_by_role("link", name=COHORT).click()
    expect(trainer.get_by_role("heading", name=COHORT, level=1)).to_be_visible()

    trainer.get_by_role("link", name="New session").click()
    trainer.get_by_label("Title").fill(SESSION)
    trainer.get_by_label("Date and time").fill(tomorrow_at_ten())
    trainer.get_by_role("button", name="Create the session").click()
    expect(trainer.get_by_role("heading", name=SESSION, level=1)).to_be_visible()
    match = re.search(r"/sessions/(\d+)/", trainer.url)
    assert match, trainer.url
    session_url = match.group(0)

    # Before class: a quiz, then its one question in the quiz editor.
    trainer.get_by_role("link", name="Quiz (Before class)").click()
    trainer.get_by_label("Title").fill(QUIZ)
    trainer.get_by_role("button", name="Create the quiz").click()
    expect(trainer.get_by_role("heading", name=QUIZ, level=1)).to_be_visible()
    expect(trainer.get_by_role("heading", name="0 questions")).to_be_visible()
    add_question = trainer.get_by_role("region", name="Add a question")
    fill_question(add_question, QUIZ_QUESTION, QUIZ_OPTIONS, QUIZ_RIGHT)
    add_question.get_by_role("button", name="Add the question").click()
    questions = trainer.get_by_role("region", name="1 question")
    expect(questions).to_contain_text(QUIZ_QUESTION)
    expect(questions.get_by_role("listitem").filter(has_text="Correct").first).to_contain_text(
        QUIZ_OPTIONS[QUIZ_RIGHT][0]
    )
    trainer.get_by_role("link", name="Back to the session").click()
    expect(trainer).to_have_url(re.compile(re.escape(session_url)))

    # During class: a live vote.
    trainer.get_by_role("link", name="Live vote (During class)").click()
    new_vote = trainer.get_by_role("region", name="Write a new question")
    new_vote.get_by_label(re.compile(r"^Title:?$")).fill(VOTE)
    fill_question(new_vote, VOTE_QUESTION, [(text, "") for text in VOTE_OPTIONS], VOTE_RIGHT)
    new_vote.get_by_role("button", name="Add the vote").click()
    expect(trainer.get_by_role("heading", name=SESSION, level=1)).to_be_visible()

    # After class: a feedback survey.
    trainer.get_by_role("link", name="Feedback survey (After class)").click()
    trainer.get_by_label("Title").fill(SURVEY)
    trainer.get_by_role("button", name="Add the activity").click()
    expect(trainer.get_by_role("heading", name=SESSION, level=1)).to_be_visible()
    expect(trainer.get_by_role("region", name="Before class")).to_contain_text(QUIZ)
    expect(trainer.get_by_role("region", name="Before class")).to_contain_text("1 question")
    expect(trainer.get_by_role("region", name="During class")).to_contain_text(VOTE)
    expect(trainer.get_by_role("region", name="After class")).to_contain_text(SURVEY)

    # 2. A learner prepares ---------------------------------------------------------
    learner_context = contexts.new("learner", locale="en-US")
    learner = learner_context.new_page()
    log_in(learner, LEARNER)
    expect(learner).to_have_url(re.compile(r"/learn/$"))
    upcoming = learner.get_by_role("article", name=SESSION)
    expect(upcoming).to_contain_text("Done 0 of 1")
    upcoming.get_by_role("link", name=QUIZ).click()

    expect(learner.get_by_role("heading", name=QUIZ, level=1)).to_be_visible()
    question = learner.get_by_role("group", name=re.compile(re.escape(QUIZ_QUESTION)))
    question.get_by_label(QUIZ_OPTIONS[QUIZ_RIGHT][0], exact=True).check()
    question.get_by_role("group", name="How sure are you?").get_by_label("Sure", exact=True).check()
    learner.get_by_role("button", name="Send my answers").click()

    expect(learner.get_by_role("heading", name="Your score: 1 out of 1")).to_be_visible()
    result = learner.get_by_role("region", name=re.compile(re.escape(QUIZ_QUESTION)))
    expect(result).to_contain_text("✓ Right")
    expect(result).to_contain_text("you were sure")
    expect(result).to_contain_text(f"Your answer: {QUIZ_OPTIONS[QUIZ_RIGHT][0]}")
    expect(result).to_contain_text(QUIZ_OPTIONS[QUIZ_RIGHT][1])  # the chosen option's feedback

    learner.goto("/learn/")
    expect(learner.get_by_role("article", name=SESSION)).to_contain_text("Done 1 of 1")

    # 3. The trainer reads readiness ------------------------------------------------
    trainer.get_by_role("navigation", name="Session pages").get_by_role(
        "link", name="Readiness"
    ).click()
    expect(trainer.get_by_role("heading", name=f"Readiness: {SESSION}")).to_be_visible()
    prepared = trainer.get_by_role("region", name="Who prepared")
    expect(prepared).to_contain_text(f"1 / {COHORT_SIZE}")
    expect(prepared).to_contain_text(f"fully prepared ({round(100 / COHORT_SIZE)}%)")
    quiz_results = trainer.get_by_role("region", name="Quiz results, question by question")
    expect(quiz_results).to_contain_text(f"1 / {COHORT_SIZE} learners answered · mean score 100%")
    expect(quiz_results).to_contain_text("100% right (1 / 1)")
    expect(quiz_results).to_contain_text("0 confident but wrong answers")
    options = quiz_results.get_by_role("list", name=re.compile("Answers to question 1"))
    expect(options.get_by_role("listitem")).to_have_count(len(QUIZ_OPTIONS))
    expect(options.get_by_role("listitem").nth(QUIZ_RIGHT)).to_contain_text("1 answer (100%)")
    expect(options.get_by_role("listitem").nth(0)).to_contain_text("0 answers (0%)")
    row = trainer.get_by_role("row", name=re.compile(re.escape(LEARNER_NAME)))
    expect(row.get_by_text("prepared", exact=True)).to_be_visible()
    expect(row).to_contain_text("1 / 1")

    # 4. Live: the trainer starts, opens the vote and projects ------------------------
    trainer.goto(session_url)
    trainer.get_by_role("link", name="Run the class").click()
    expect(trainer.get_by_role("heading", name="Live session", level=1)).to_be_visible()
    trainer.get_by_role("button", name="Start a live session").click()
    code = trainer.get_by_label("Join code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4,12}", code), code
    trainer.get_by_role("button", name="Open vote").click()
    expect(trainer.locator("#live-results")).to_contain_text(VOTE_QUESTION)

    presenter = trainer_context.new_page()
    projector = trainer.get_by_role("link", name="Projector view").get_attribute("href")
    assert projector
    presenter.goto(projector)
    results = presenter.locator("#live-results")
    expect(results).to_contain_text(VOTE_QUESTION)
    expect(results).to_contain_text("0 participants · 0 votes")
    presenter.evaluate("window.notReloaded = true")

    # An anonymous phone joins with a pseudonym and votes; its network loses the
    # server's acknowledgement, so the phone still holds the vote as unconfirmed.
    phone_context = contexts.new(
        "phone",
        locale="en-US",
        viewport={"width": 375, "height": 800},
        is_mobile=True,
        has_touch=True,
    )
    phone = phone_context.new_page()
    network = LossyNetwork()
    phone.route_web_socket(re.compile(r"/ws/live/"), network.route)
    phone.goto(f"/j/{code}")
    expect(phone.get_by_text(f"Code {code}")).to_be_visible()
    phone.get_by_label("Your name or a pseudonym").fill(PSEUDONYM)
    phone.get_by_role("button", name="Join", exact=True).click()
    expect(phone).to_have_url(re.compile(rf"/j/{code}/vote/$"))
    expect(phone.locator("#live-state")).to_contain_text(VOTE_QUESTION)
    expect(results).to_contain_text("1 participant · 0 votes")  # pushed on join

    network.drop_acks = True
    right, letter = VOTE_OPTIONS[VOTE_RIGHT], "ABCDEF"[VOTE_RIGHT]
    phone.get_by_role("button", name=re.compile(re.escape(right))).click()
    received = f"Vote received: {letter}. {right}"
    expect(phone.locator("#live-state")).to_contain_text(received)
    expect(phone.get_by_role("button", name=re.compile(re.escape(right)))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(phone.locator("#live-connection")).to_have_text("Sending your vote…")

    # The projector shows it through the websocket, without reloading.
    expect(results).to_contain_text("1 participant · 1 vote")
    expect(results.locator(".live-bar").nth(VOTE_RIGHT)).to_contain_text("1 (100%)")
    expect(results.locator(".live-results")).to_have_attribute("data-voters", "1")
    assert presenter.evaluate("window.notReloaded") is True
    assert len(network.votes) == 1 and network.acks == [], (network.votes, network.acks)

    # The network comes back and the phone reloads: the unconfirmed vote is sent again
    # with the same id, acknowledged, still shown as received and still counted once.
    # (Chromium's offline emulation leaves an open websocket alone, so a reload it is.)
    network.drop_acks = False
    phone.reload()
    network.wait_for_ack(phone)
    assert network.votes == [network.votes[0]] * 2, network.votes
    assert network.acks == [network.votes[0]], network.acks
    expect(phone.locator("#live-state")).to_contain_text(received)
    expect(phone.locator("#live-connection")).to_have_text("")
    fresh = trainer_context.new_page()
    fresh.goto(presenter.url)
    expect(fresh.locator("#live-results")).to_contain_text("1 participant · 1 vote")
    expect(fresh.locator("#live-results .live-results")).to_have_attribute("data-voters", "1")
    fresh.close()
    expect(results).to_contain_text("1 participant · 1 vote")

    # The trainer reveals the answer: the phone shows it in real time.
    phone.evaluate("window.notReloaded = true")
    trainer.get_by_role("button", name="Reveal").click()
    expect(phone.locator("#live-state")).to_contain_text(f"The right answer: {letter}. {right}")
    expect(phone.locator("#live-state").get_by_text("Right", exact=True)).to_be_visible()
    assert phone.evaluate("window.notReloaded") is True
    expect(results).to_contain_text("Right answer")
    expect(results).to_contain_text("1 participant · 1 vote")
    expect(results.locator(".live-bar").nth(VOTE_RIGHT)).to_contain_text("1 (100%)")
    assert presenter.evaluate("window.notReloaded") is True
    trainer.get_by_role("button", name="End live session").click()
    expect(trainer.get_by_role("button", name="Start a live session")).to_be_visible()

    # 5. After class: the learner's feedback, in the trainer's summary -----------------
    learner.get_by_role("article", name=SESSION).get_by_role("link", name=SESSION).click()
    learner.get_by_role("region", name="After class").get_by_role("link", name=SURVEY).click()
    expect(learner.get_by_role("heading", name=SURVEY, level=1)).to_be_visible()
    learner.get_by_role("group", name="How useful was this session for you?").get_by_label(
        "4 — Useful"
    ).check()
    learner.get_by_label("Anything to add? (optional)").fill(COMMENT)
    learner.get_by_role("button", name="Send").click()
    expect(learner.get_by_text("Thank you for your feedback.")).to_be_visible()
    expect(learner.get_by_label("4 — Useful")).to_be_checked()

    trainer.goto(session_url)
    trainer.get_by_role("navigation", name="Session pages").get_by_role(
        "link", name="Summary"
    ).click()
    expect(trainer.get_by_role("heading", name=f"Summary: {SESSION}")).to_be_visible()
    feedback = trainer.get_by_role("region", name="Feedback", exact=True)
    expect(feedback).to_contain_text(SURVEY)
    expect(feedback).to_contain_text("1 answer · mean rating 4.0 / 5")
    expect(feedback.get_by_role("row", name=re.compile(r"^4 \/ 5"))).to_contain_text("1 (100%)")
    expect(feedback.get_by_role("row", name=re.compile(r"^5 \/ 5"))).to_contain_text("0 (0%)")
    expect(feedback).to_contain_text(COMMENT)
    in_class = trainer.get_by_role("region", name="In class")
    expect(in_class).to_contain_text("1 participant")
    expect(in_class).to_contain_text("Vote 1: 1 vote, 100% right")
