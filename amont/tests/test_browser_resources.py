"""A trainer adds resources in real headless Chromium, against daphne with a task worker
(db_worker) as in `make demo`: a video goes through the background pipeline and its page
follows the state until it is ready (poster, "listen only" version); a damaged video
shows why it failed; a disguised file is refused at once.

Run: .venv/bin/python -m pytest amont/tests/test_browser_resources.py -q -x
"""

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from amont.content import media
from amont.tests.e2e import asgi_server
from amont.tests.test_browser_loop import COHORT, COURSE, LEARNER, TRAINER, log_in

pytestmark = pytest.mark.browser

PROCESSING_TIMEOUT = 60_000  # ms: the worker polls every 0.2 s; ffmpeg takes seconds


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with asgi_server(worker=True) as base:
        yield base


@pytest.fixture(scope="module")
def files() -> Iterator[dict[str, Path]]:
    tmp = Path(tempfile.mkdtemp(prefix="amont-e2e-files-"))
    video = media.generate_test_video(tmp / "capsule-evaporation.mp4", seconds=6, size="320x180")
    damaged = tmp / "capsule-abimee.mp4"
    damaged.write_bytes(video.read_bytes()[:4096])  # the header says MP4; the rest is gone
    disguised = tmp / "pas-une-video.mp4"
    disguised.write_bytes(b"%PDF-1.4\n" + b"0" * 4000)
    yield {"video": video, "damaged": damaged, "disguised": disguised}
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def trainer(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=server, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, TRAINER)
    yield page
    context.close()


def _open_add_resource(page: Page, phase: str = "Before class") -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Courses").click()
    page.get_by_role("article", name=COURSE).get_by_role("link", name=COHORT).click()
    page.locator("main a[href$='/']").filter(has_text="Séance").first.click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+/$"))
    page.get_by_role("link", name=f"Video, audio or document ({phase})").click()
    expect(page.get_by_role("heading", name="Add a new resource")).to_be_visible()


def test_a_video_is_processed_in_the_background_and_its_state_shown(trainer: Page, files):
    _open_add_resource(trainer)
    form = trainer.get_by_role("region", name="Add a new resource")
    # The fields follow the kind and the completion rule.
    form.get_by_label("Document (PDF or other file)").check()
    expect(form.get_by_label("Counts as done when")).to_have_value("opened")
    expect(form.get_by_label("Share to watch or hear (%)")).to_be_hidden()
    form.get_by_label("Counts as done when").select_option("time_spent")
    expect(form.get_by_label("Minutes to spend on it")).to_be_visible()
    form.get_by_label("Video (uploaded)").check()
    form.get_by_label("Counts as done when").select_option("watched_fraction")
    expect(form.get_by_label("Minutes to spend on it")).to_be_hidden()
    expect(form.get_by_label("Share to watch or hear (%)")).to_be_visible()
    expect(form.get_by_label("Video address")).to_be_hidden()  # only for links
    form.get_by_label("Title").fill("Capsule e2e : l'évaporation")
    form.get_by_label("File", exact=False).and_(
        form.locator("input[type=file][name=file]")
    ).set_input_files(files["video"])
    form.get_by_role("button", name="Add the resource").click()
    expect(trainer).to_have_url(re.compile(r"/library/resources/\d+/$"))
    expect(trainer.get_by_role("heading", name="Capsule e2e : l'évaporation")).to_be_visible()
    # The page polls the worker's progress, then reloads once the file is ready.
    expect(trainer.get_by_text("“Listen only” version available")).to_be_visible(
        timeout=PROCESSING_TIMEOUT
    )
    preview = trainer.get_by_role("region", name="Preview")
    video = preview.locator("video")
    expect(video).to_have_attribute("poster", re.compile(r"/poster/"))
    # The browser can read the uploaded file (served with ranges) and its duration.
    duration = video.evaluate(
        """v => new Promise(resolve => {
            if (v.readyState >= 1) return resolve(v.duration);
            v.addEventListener('loadedmetadata', () => resolve(v.duration));
            v.load();
        })"""
    )
    assert 5.5 <= duration <= 6.5, duration


def test_a_damaged_video_shows_why_it_failed(trainer: Page, files):
    _open_add_resource(trainer)
    form = trainer.get_by_role("region", name="Add a new resource")
    form.get_by_label("Title").fill("Capsule abîmée")
    form.get_by_label("File", exact=False).and_(
        form.locator("input[type=file][name=file]")
    ).set_input_files(files["damaged"])
    form.get_by_role("button", name="Add the resource").click()
    expect(trainer).to_have_url(re.compile(r"/library/resources/\d+/$"))
    expect(trainer.get_by_text("Processing failed")).to_be_visible(timeout=PROCESSING_TIMEOUT)
    expect(trainer.get_by_role("button", name="Try again")).to_be_visible()


def test_a_disguised_file_is_refused_with_a_clear_error(trainer: Page, files):
    _open_add_resource(trainer)
    form = trainer.get_by_role("region", name="Add a new resource")
    form.get_by_label("Title").fill("Pas une vidéo")
    form.get_by_label("File", exact=False).and_(
        form.locator("input[type=file][name=file]")
    ).set_input_files(files["disguised"])
    form.get_by_role("button", name="Add the resource").click()
    expect(
        trainer.get_by_text("This file is not a video: it looks like a PDF document.")
    ).to_be_visible()


def test_a_question_inside_the_video_pauses_it_and_asks(
    trainer: Page, files, browser: Browser, server: str
):
    # The trainer adds the video after class (nothing locks it) and places a question.
    _open_add_resource(trainer, phase="After class")
    form = trainer.get_by_role("region", name="Add a new resource")
    form.get_by_label("Title").fill("Capsule e2e avec question")
    form.get_by_label("File", exact=False).and_(
        form.locator("input[type=file][name=file]")
    ).set_input_files(files["video"])
    form.get_by_role("button", name="Add the resource").click()
    expect(trainer.get_by_text("“Listen only” version available")).to_be_visible(
        timeout=PROCESSING_TIMEOUT
    )
    cues = trainer.get_by_role("region", name="Questions inside the video")
    cues.get_by_label("Moment in the video").fill("0:02")
    cues.get_by_label("Question of the bank").select_option(index=1)
    cues.get_by_role("button", name="Place the question").click()
    expect(trainer.get_by_text("Question placed in the video.")).to_be_visible()
    expect(cues.get_by_role("listitem").first).to_contain_text("0:02")

    # A learner plays it: at 2 s the video pauses and the question takes the focus.
    context = browser.new_context(
        base_url=server, locale="en-US", viewport={"width": 375, "height": 800}
    )
    context.set_default_timeout(10_000)
    learner = context.new_page()
    log_in(learner, LEARNER)
    learner.goto("/learn/")
    learner.get_by_role("link", name="Capsule e2e avec question").first.click()
    video = learner.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    dialog = learner.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    assert video.evaluate("v => v.paused")
    assert 1.9 <= video.evaluate("v => v.currentTime") <= 3.0
    dialog.locator("label.choice").first.click()
    dialog.get_by_role("group", name="How sure are you?").get_by_label("Sure", exact=True).check()
    dialog.get_by_role("button", name="Answer").click()
    expect(learner.get_by_text(re.compile("^(Right|Not quite)$"))).to_be_visible()
    learner.get_by_role("button", name="Continue the video").click()
    learner.wait_for_function("!document.querySelector('video').paused")
    # Reloaded, the question shows as answered and does not ask again.
    learner.reload()
    expect(learner.get_by_text(re.compile("^(Right|Not quite)$"))).to_be_visible()
    context.close()
