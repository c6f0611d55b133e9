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
from amont.tests.test_browser_loop import COHORT, COURSE, TRAINER, log_in

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


def _open_add_resource(page: Page) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Courses").click()
    page.get_by_role("article", name=COURSE).get_by_role("link", name=COHORT).click()
    page.locator("main a[href$='/']").filter(has_text="Séance").first.click()
    expect(page).to_have_url(re.compile(r"/sessions/\d+/$"))
    page.get_by_role("link", name="Video, audio or document (Before class)").click()
    expect(page.get_by_role("heading", name="Add a new resource")).to_be_visible()


def test_a_video_is_processed_in_the_background_and_its_state_shown(trainer: Page, files):
    _open_add_resource(trainer)
    form = trainer.get_by_role("region", name="Add a new resource")
    form.get_by_label("Video (uploaded)").check()
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
