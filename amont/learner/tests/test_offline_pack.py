"""The offline pack of a session: a ZIP of readable pages, quizzes on paper, no answers,
and the resources' media within a budget."""

import base64
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from amont.content import media
from amont.content.actions import check_resource_upload, create_resource_activity
from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.learner.offline import build_session_pack
from amont.quizzes.actions import add_question_to_quiz, create_question, submit_attempt
from amont.test import BaseTestCase, MediaTestCase

# An attribute of a real tag (not escaped text) pointing out of the pack.
_EXTERNAL = re.compile(r"""<[a-z][^>]*\s(src|href|data)=["']?(https?:)?//""", re.IGNORECASE)


class OfflinePackTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/learn/sessions/{self.session.pk}/pack.zip"

    def _pack(self, response=None) -> zipfile.ZipFile:
        if response is None:
            self.login(self.learner)
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)  # from a temporary file, not built in memory
        archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
        self.assertIsNone(archive.testzip())
        return archive

    def _pages(self, archive: zipfile.ZipFile) -> dict[str, str]:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".html")
        }

    def test_it_redirects_anonymous_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_hides_the_pack_from_everyone_but_the_session_learners(self):
        for user in (self.other_learner, self.trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_rejects_post(self):
        self.login(self.learner)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_sends_a_zip_attachment_not_cached(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="amont-seance-1-evaporation.zip"'
        )
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response.getvalue()[:4], b"PK\x03\x04")

    def test_it_has_an_index_and_one_page_per_activity_in_order(self):
        archive = self._pack()
        names = archive.namelist()
        self.assertEqual(
            names,
            [
                "index.html",
                "01-lire.html",
                "02-quiz.html",
                "03-quest-ce-qui-etait-flou.html",
                "README.txt",
            ],
        )
        self.assertTrue(
            all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        )
        index = archive.read("index.html").decode()
        self.assertIn("Séance 1 — évaporation", index)
        self.assertIn("Le cycle de l&#x27;eau", index)  # the course
        self.assertIn("Décrire les états de l&#x27;eau", index)  # an objective
        positions = [index.index(f'href="{name}"') for name in names[1:4]]
        self.assertEqual(positions, sorted(positions))
        # The activities after the required quiz are locked online; the pack keeps them
        # and says which quiz to submit first.
        self.assertIn("once you have submitted the quiz «Quiz»", index)
        self.assertNotIn("Vote", index)  # during class: not in the pack
        self.assertIn("index.html", archive.read("README.txt").decode())
        # Nothing was recorded: downloading is not reading.
        self.assertFalse(self.learner.resource_progress.exists())

    def test_it_renders_the_article(self):
        page = self._pages(self._pack())["01-lire.html"]
        self.assertIn("<strong>s'évapore</strong>", page)
        self.assertIn("<h1>Le cycle</h1>", page)
        self.assertIn('<html lang="en">', page)
        self.assertIn('href="index.html"', page)

    def test_it_prints_the_quiz_without_answers_nor_feedback(self):
        page = self._pages(self._pack())["02-quiz.html"]
        self.assertIn("Qu'est-ce qui fait s'évaporer l'eau des océans ?", page)
        for option in ("La chaleur du soleil", "Le vent seul", "La lune"):
            self.assertIn(option, page)
        self.assertEqual(page.count('class="box"'), 3)
        for secret in ("Oui.", "Le vent aide.", "marée", "correct", "✓"):
            self.assertNotIn(secret, page)

    def test_it_prints_other_question_types_without_their_answers(self):
        numeric = create_question(
            organization=self.org,
            neutral={
                "type": "numeric",
                "text": "À quelle température l'eau bout-elle ?",
                "answers": [{"value": 100, "tolerance": 0, "fraction": 1.0}],
            },
        )
        ordering = create_question(
            organization=self.org,
            neutral={
                "type": "ordering",
                "text": "Dans l'ordre du cycle",
                "items": ["Évaporation", "Condensation", "Précipitation"],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=numeric)
        add_question_to_quiz(quiz=self.quiz, question=ordering)
        page = self._pages(self._pack())["02-quiz.html"]
        self.assertIn("l'eau bout-elle", page)
        self.assertNotIn("100", page[page.index("<main>") :])
        self.assertIn('class="write"', page)
        found = [page.index(item) for item in ("Évaporation", "Condensation", "Précipitation")]
        self.assertNotEqual(found, sorted(found))  # shuffled: the order is the answer

    def test_it_gives_space_to_write_what_was_unclear(self):
        page = self._pages(self._pack())["03-quest-ce-qui-etait-flou.html"]
        self.assertIn("What was unclear?", page)
        self.assertGreaterEqual(page.count('class="write"'), 3)

    def test_it_sanitises_the_pages_and_makes_no_external_request(self):
        self.article.body = (
            "Texte <script>alert('x')</script>\n\n"
            '<img src="https://tracker.example/pixel.gif">\n\n'
            "![Le soleil](https://example.org/soleil.png)"
        )
        self.article.save(update_fields=["body"])
        imported = create_question(
            organization=self.org,
            neutral={
                "type": "open_text",
                "text": '<p>Regardez <img src="/bank/images/1/" alt="le schéma"></p>'
                '<script>steal()</script><p onclick="x()">Pourquoi ?</p>',
                "text_format": "html",
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=imported)
        pages = self._pages(self._pack())
        article = pages["01-lire.html"]
        self.assertNotIn("<script", article)
        self.assertIn("Le soleil", article)  # the image's alternative text
        quiz = pages["02-quiz.html"]
        self.assertIn("le schéma", quiz)
        self.assertIn("Pourquoi ?", quiz)
        self.assertNotIn("steal()", quiz)
        self.assertNotIn("onclick", quiz)
        for name, page in pages.items():
            with self.subTest(page=name):
                self.assertNotIn("<script", page)
                self.assertNotIn("<link", page)
                self.assertNotIn("<img", page)
                self.assertIsNone(re.search(_EXTERNAL, page))
                self.assertNotIn("@import", page)
                self.assertIn("<style>", page)

    def test_it_keeps_the_pages_unlocked_once_the_quiz_is_submitted(self):
        version = self.question.latest_version
        assert version is not None
        submit_attempt(
            activity=self.quiz_activity,
            learner=self.learner,
            client_key="pack",
            answers={version.pk: (0, "")},
        )
        index = self._pack().read("index.html").decode()
        self.assertNotIn("once you have submitted", index)

    def test_it_lists_without_a_page_what_cannot_be_done_offline(self):
        add_activity(
            session=self.session, phase=Phase.BEFORE, kind=Kind.FEEDBACK, title="Votre ressenti"
        )
        archive = self._pack()
        self.assertNotIn("04-votre-ressenti.html", archive.namelist())
        self.assertIn("Votre ressenti", archive.read("index.html").decode())

    def test_it_speaks_the_active_language_in_a_fixed_order(self):
        with translation.override("fr"):
            first = build_session_pack(session=self.session, learner=self.learner)
            second = build_session_pack(session=self.session, learner=self.learner)
        archive = zipfile.ZipFile(io.BytesIO(first))
        self.assertIn("LISEZMOI.txt", archive.namelist())
        self.assertIn('<html lang="fr">', archive.read("index.html").decode())
        self.assertIn("Avant la séance", archive.read("index.html").decode())
        again = zipfile.ZipFile(io.BytesIO(second))
        self.assertEqual(again.namelist(), archive.namelist())
        self.assertEqual(again.read("LISEZMOI.txt"), archive.read("LISEZMOI.txt"))
        self.assertEqual({info.date_time for info in archive.infolist()}, {(1980, 1, 1, 0, 0, 0)})

    def test_it_links_the_pack_from_the_session_page(self):
        self.login(self.learner)
        response = self.client.get(f"/learn/sessions/{self.session.pk}/")
        self.assertContains(response, f'href="{self.url}"')


CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:01.500\nL'eau chauffe.\n\n"
    "00:01.500 --> 00:03.000\nElle devient vapeur.\n"
)
SITE = "http://127.0.0.1:8000"


class _References(HTMLParser):
    """(tag, attribute, value) of every address a page refers to."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "poster", "data", "srcset", "action") and value:
                self.found.append((tag, name, value))


class OfflinePackMediaTestCase(MediaTestCase):
    video: Path
    audio: Path

    @classmethod
    def setUpMedia(cls):
        cls.video = media.generate_test_video(cls.tmp / "clip.mp4", seconds=3, size="320x180")
        cls.audio = media.generate_test_audio(cls.tmp / "talk.mp3", seconds=2)

    def setUp(self):
        self.use_empty_media_root()

    def _resource(self, title: str, type: str, path: Path | None = None, **fields):
        if path is not None:
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            fields.update(upload=upload, detected=check_resource_upload(upload, type=type))
        with self.captureOnCommitCallbacks(execute=True):  # runs the media pipeline
            activity = create_resource_activity(
                session=self.session, phase=Phase.BEFORE, title=title, type=type, **fields
            )
        assert activity.resource is not None
        activity.resource.refresh_from_db()
        return activity

    def _video(self):
        return self._resource(
            "Capsule", "video", self.video, captions=CAPTIONS, description="À voir **avant**."
        )

    def _pack(self) -> zipfile.ZipFile:
        self.login(self.learner)
        response = self.client.get(f"/learn/sessions/{self.session.pk}/pack.zip")
        self.assertEqual(response.status_code, 200)
        archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
        self.assertIsNone(archive.testzip())
        return archive

    def _stored(self, field) -> bytes:
        return (self.media_root / field.name).read_bytes()

    def test_it_packs_a_video_with_its_poster_audio_and_captions_playable_offline(self):
        activity = self._video()
        resource = activity.resource
        self.assertEqual(resource.status, "ready")
        archive = self._pack()
        names = archive.namelist()
        self.assertEqual(
            names[names.index("04-capsule.html") :],
            [
                "04-capsule.html",
                "media/04-capsule.vtt",
                "media/04-capsule-poster.jpg",
                "media/04-capsule-audio.webm",
                "media/04-capsule.mp4",
                "README.txt",
            ],
        )
        self.assertEqual(archive.read("media/04-capsule.mp4"), self._stored(resource.file))
        self.assertEqual(archive.read("media/04-capsule-audio.webm"), self._stored(resource.audio))
        self.assertEqual(archive.read("media/04-capsule-poster.jpg"), self._stored(resource.poster))
        self.assertEqual(archive.read("media/04-capsule.vtt").decode(), CAPTIONS)
        for info in archive.infolist():
            with self.subTest(entry=info.filename):
                media_file = info.filename.startswith("media/") and not info.filename.endswith(
                    ".vtt"
                )
                self.assertEqual(
                    info.compress_type, zipfile.ZIP_STORED if media_file else zipfile.ZIP_DEFLATED
                )
        page = archive.read("04-capsule.html").decode()
        self.assertIn('poster="media/04-capsule-poster.jpg"', page)
        self.assertIn('<source src="media/04-capsule.mp4" type="video/mp4">', page)
        self.assertIn('<source src="media/04-capsule-audio.webm" type="audio/webm">', page)
        # The captions go inside the page: Chromium loads no track file from file://.
        tracks = re.findall(
            r'<track kind="captions" src="data:text/vtt;charset=utf-8;base64,([^"]+)"', page
        )
        self.assertEqual(len(tracks), 2)  # the video and its "listen only" version
        self.assertEqual(base64.b64decode(tracks[0]).decode(), CAPTIONS)
        self.assertIn('href="media/04-capsule.vtt" download', page)
        self.assertIn("· Video · by", page)
        self.assertIn("À voir <strong>avant</strong>.", page)
        self.assertIn("L&#x27;eau chauffe. Elle devient vapeur.", page)  # the transcript
        self.assertNotIn("Too large", page)
        self.assertIn('href="04-capsule.html"', archive.read("index.html").decode())

    def test_it_leaves_out_what_exceeds_the_media_budget_and_says_where_to_watch(self):
        activity = self._video()
        resource = activity.resource
        small = resource.poster.size + resource.audio.size
        online = f"{SITE}/learn/activities/{activity.pk}/"
        with self.settings(PACK_MAX_MEDIA_BYTES=small):
            archive = self._pack()
        self.assertNotIn("media/04-capsule.mp4", archive.namelist())
        self.assertIn("media/04-capsule-audio.webm", archive.namelist())
        page = archive.read("04-capsule.html").decode()
        self.assertNotIn("<video", page)
        self.assertIn("<audio", page)
        self.assertIn(
            f'Too large for the pack: watch or listen online at\n<a class="online" href="{online}">',
            page,
        )
        with self.settings(PACK_MAX_MEDIA_BYTES=0):
            archive = self._pack()
        self.assertEqual(
            [name for name in archive.namelist() if name.startswith("media/")],
            ["media/04-capsule.vtt"],  # captions are text: always there
        )
        page = archive.read("04-capsule.html").decode()
        self.assertNotIn("<audio", page)
        self.assertIn("Elle devient vapeur.", page)

    def test_it_serves_the_budget_to_sound_before_video_and_documents(self):
        video = self._video().resource
        podcast = self._resource("Podcast", "audio", self.audio).resource
        pdf = SimpleUploadedFile("cours.pdf", b"%PDF-1.4\n" + b"%" * 3000)
        document = self._resource("Cours", "document", upload=pdf, detected="application/pdf")
        sizes = [
            video.poster.size,
            video.audio.size,
            podcast.file.size,
            document.resource.file.size,
        ]
        with self.settings(PACK_MAX_MEDIA_BYTES=sum(sizes) + video.file.size):
            full = self._pack()
        self.assertIn("media/04-capsule.mp4", full.namelist())
        self.assertIn("media/05-podcast.mp3", full.namelist())
        self.assertIn("media/06-cours.pdf", full.namelist())
        page = full.read("06-cours.html").decode()
        self.assertIn('<a href="media/06-cours.pdf" download="cours.pdf">', page)
        podcast_page = full.read("05-podcast.html").decode()
        self.assertIn('<source src="media/05-podcast.mp3" type="audio/mpeg">', podcast_page)
        # One byte short of the whole: the video, last served, is left out, even though it
        # comes first in the session.
        with self.settings(PACK_MAX_MEDIA_BYTES=sum(sizes) + video.file.size - 1):
            names = self._pack().namelist()
        media_names = [name for name in names if name.startswith("media/")]
        self.assertEqual(
            media_names,
            [
                "media/04-capsule.vtt",
                "media/04-capsule-poster.jpg",
                "media/04-capsule-audio.webm",
                "media/05-podcast.mp3",
                "media/06-cours.pdf",
            ],
        )

    def test_it_links_an_online_video_without_embedding_it(self):
        activity = self._resource(
            "Sur YouTube", "link", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            captions=CAPTIONS,
        )  # fmt: skip
        page = self._pack().read("04-sur-youtube.html").decode()
        self.assertIn(f'href="{SITE}/learn/activities/{activity.pk}/"', page)
        self.assertNotIn("youtube.com", page)
        self.assertNotIn("<iframe", page)
        self.assertIn("Elle devient vapeur.", page)

    def test_no_page_refers_outside_the_pack_but_explicit_links(self):
        self._video()
        self._resource("Sur YouTube", "link", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        self.article.body = "Voir [le site](https://example.org/page) ![img](https://ex.org/i.png)"
        self.article.save(update_fields=["body"])
        with self.settings(PACK_MAX_MEDIA_BYTES=0):
            small = self._pack()
        for archive in (self._pack(), small):
            names = set(archive.namelist())
            for name in names:
                if not name.endswith(".html"):
                    continue
                parser = _References()
                parser.feed(archive.read(name).decode())
                for tag, attribute, value in parser.found:
                    with self.subTest(page=name, tag=tag, value=value):
                        if "://" in value or value.startswith("//"):
                            # Only links a learner chooses to follow leave the pack.
                            self.assertEqual((tag, attribute), ("a", "href"))
                        elif value.startswith("data:"):
                            self.assertEqual((tag, attribute), ("track", "src"))
                        else:
                            self.assertIn(value, names)
