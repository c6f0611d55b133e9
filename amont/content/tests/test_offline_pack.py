"""The offline pack of a session: a ZIP of readable pages, quizzes on paper, no answers."""

import io
import re
import zipfile

from django.utils import translation

from amont.content.offline import build_session_pack
from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import add_question_to_quiz, create_question, submit_attempt
from amont.test import BaseTestCase

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
        archive = zipfile.ZipFile(io.BytesIO(response.content))
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
        self.assertEqual(response.content[:4], b"PK\x03\x04")

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
        self.assertNotIn("100", page)
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
