"""A learner takes a quiz of the demo on a phone-sized page, in headless Chromium against
daphne on its own database: answers with a degree of certainty, sees each answer saved,
reloads (the attempt resumes), sends and reads the result.

Run: .venv/bin/python -m pytest amont/tests/test_browser_quiz.py -q
"""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from amont.tests.e2e import asgi_server

pytestmark = pytest.mark.browser

LEARNER = "apprenant02@example.org"
PASSWORD = "amont-demo"
EXPECT_TIMEOUT = 10_000  # ms
PHONE: ViewportSize = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with asgi_server() as base:
        yield base


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server, locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(EXPECT_TIMEOUT)
    page = context.new_page()
    try:
        yield page
    except BaseException:
        page.screenshot(path="/tmp/e2e-quiz-phone.png", full_page=True)
        raise
    finally:
        context.close()


def _log_in(page: Page) -> None:
    page.goto("/login/")
    page.get_by_label("Email address").fill(LEARNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/learn/$"))


def _questions(page: Page):
    return page.locator("fieldset.question")


def _answer(question, option: int = 0) -> None:
    question.locator("label.choice").nth(option).click()
    question.get_by_role("group", name="How sure are you?").get_by_label("Sure", exact=True).check()


def test_it_lets_a_learner_take_a_quiz_on_a_phone(phone: Page):
    page = phone
    _log_in(page)
    upcoming = page.get_by_role("region", name="Upcoming sessions")
    quiz_link = upcoming.get_by_role("link", name=re.compile(r"^Quiz")).first
    title = quiz_link.inner_text()
    quiz_link.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    if page.get_by_role("button", name="Try again").is_visible():
        page.get_by_role("button", name="Try again").click()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    questions = _questions(page)
    expect(questions.first).to_be_visible()
    count = questions.count()
    assert count >= 2, count
    first = questions.first
    _answer(first, 1)
    expect(first.locator("[data-status]")).to_have_text("Saved")
    _answer(questions.nth(1), 0)
    expect(questions.nth(1).locator("[data-status]")).to_have_text("Saved")

    # Reloading resumes the attempt with its saved answers.
    page.reload()
    first = _questions(page).first
    expect(first.locator("label.choice").nth(1).locator("input")).to_be_checked()
    expect(
        first.get_by_role("group", name="How sure are you?").get_by_label("Sure", exact=True)
    ).to_be_checked()
    expect(_questions(page).nth(1).locator("label.choice").first.locator("input")).to_be_checked()

    for index in range(2, count):
        _answer(_questions(page).nth(index), 0)
    page.get_by_role("button", name="Send my answers").click()

    expect(
        page.get_by_role("heading", name=re.compile(r"^Your score: \d+ out of \d+$"))
    ).to_be_visible()
    results = page.locator("section.card[aria-labelledby^=result-]")
    expect(results).to_have_count(count)
    expect(results.first).to_contain_text("you were sure")
    expect(results.first).to_contain_text("Your answer:")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
