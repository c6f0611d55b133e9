"""The printable PDF of a session: its texts, in order, quizzes without their answers,
and nothing a user typed read as Typst."""

import io
import re

from django.utils import translation
from pypdf import PdfReader

from amont.content.actions import create_article, create_resource_activity
from amont.courses.actions import add_activity, create_session
from amont.courses.models import Kind, Phase
from amont.learner.paper import build_session_pdf, session_paper_data
from amont.quizzes.actions import add_question_to_quiz, create_question
from amont.quizzes.models import QuestionVersion
from amont.test import BaseTestCase

CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:02.000\nBonjour à toutes et à tous.\n\n"
    "00:09.000 --> 00:12.000\n<v Anna>L'eau chauffée devient vapeur.\n"
)


def pdf_text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(page.extract_text() for page in pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class PaperTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/learn/sessions/{self.session.pk}/paper.pdf"
        self.trainer_url = f"/sessions/{self.session.pk}/paper.pdf"

    def _text(self, user=None, url=None, **headers) -> str:
        self.login(user or self.learner)
        response = self.client.get(url or self.url, **headers)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:5], b"%PDF-")
        return pdf_text(response.content)

    def test_it_redirects_anonymous_to_login(self):
        for url in (self.url, self.trainer_url):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(response, "/login/?next=" + url, fetch_redirect_response=False)

    def test_it_hides_the_learner_copy_from_everyone_but_the_session_learners(self):
        for user in (self.other_learner, self.trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_gives_the_print_version_to_the_course_staff_only(self):
        for user, status in (
            (self.trainer, 200),
            (self.manager, 200),
            (self.other_trainer, 404),
            (self.learner, 404),
            (self.outsider_manager, 404),
        ):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.trainer_url).status_code, status)

    def test_it_rejects_post(self):
        self.login(self.learner)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.trainer_url).status_code, 405)

    def test_it_sends_a_pdf_attachment_not_cached(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="amont-seance-1-evaporation.pdf"'
        )
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertEqual(response.content[:5], b"%PDF-")
        # Nothing was recorded: printing is not reading.
        self.assertFalse(self.learner.resource_progress.exists())

    def test_it_prints_the_title_page_then_the_activities_in_order(self):
        self.login(self.learner)
        pages = PdfReader(io.BytesIO(self.client.get(self.url).content)).pages
        first, *rest = [flat(page.extract_text()) for page in pages]
        for expected in (
            "Le cycle de l'eau · 5e B",
            "Séance 1 — évaporation",
            "Décrire les états de l'eau",
            "Expliquer l'évaporation",
            "About 7 minutes of preparation",  # article 5 min + one question 2 min
            "Contents",
        ):
            self.assertIn(expected, first)
        self.assertIn("Learner: Léa", first)
        text = " ".join(rest)
        positions = [
            text.index(heading)
            for heading in ("1. Lire", "2. Quiz", "3. Qu'est-ce qui était flou ?")
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertIn("L'eau s'évapore sous l'effet du soleil.", text)
        self.assertIn("What was unclear? What questions do you have?", text)
        self.assertNotIn("Vote", text)  # during class: not on paper
        self.assertIn(f"1 / {len(pages)}", first)  # page numbers
        self.assertNotIn("Learner:", flat(pdf_text(build_session_pdf(self.session))))

    def test_it_prints_the_quiz_without_answers_nor_feedback(self):
        numeric = create_question(
            organization=self.org,
            neutral={
                "type": "numeric",
                "text": "À quelle température l'eau bout-elle ?",
                "answers": [{"value": 100, "tolerance": 0, "fraction": 1.0}],
            },
        )
        cloze = create_question(
            organization=self.org,
            neutral={
                "type": "cloze",
                "text": "Chauffée, l'eau devient {{1}}.",
                "gaps": [
                    {
                        "kind": "choice",
                        "answers": [
                            {"text": "gazeuse", "fraction": 1.0},
                            {"text": "solide", "fraction": 0.0},
                            {"text": "rouge", "fraction": 0.0},
                        ],
                    }
                ],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=numeric)
        add_question_to_quiz(quiz=self.quiz, question=cloze)
        text = flat(self._text())
        self.assertIn("Qu'est-ce qui fait s'évaporer l'eau des océans ?", text)
        for option in ("La chaleur du soleil", "Le vent seul", "La lune"):
            self.assertIn(option, text)
        self.assertIn("l'eau bout-elle ?", text)
        self.assertIn("Chauffée, l'eau devient (1)", text)
        self.assertNotIn("{{1}}", text)
        self.assertIn("Gap 1: choose one.", text)
        found = [text.index(option) for option in ("gazeuse", "solide", "rouge")]
        self.assertNotEqual(found, sorted(found))  # the right answer is not always first
        for secret in ("Oui.", "Le vent aide.", "marée", "100", "correct"):
            self.assertNotIn(secret, text)

    def test_it_prints_what_users_typed_literally_never_as_typst(self):
        self.article.body = (
            '#import "x"\n\n'
            'Calcul : $x^2$ et #panic("no") puis @ref et <label> ; #set page(width: 1cm)\n\n'
            '`#eval("1")` et ```#read("/etc/passwd")```\n\n'
            "```\n#let a = 1\n= pas un titre\n```\n\n"
            "\\#box #{1 + 1}"
        )
        self.article.save(update_fields=["body"])
        self.session.title = '#panic("titre") $y$'
        self.session.save(update_fields=["title"])
        version = self.question.latest_version
        assert version is not None
        QuestionVersion.objects.filter(pk=version.pk).update(
            text="Question #strong[x] <b>gras</b> // commentaire /* bloc */"
        )
        text = flat(self._text())
        for literal in (
            '#import "x"',
            "$x^2$",
            '#panic("no")',
            "@ref",
            "<label>",
            "#set page(width: 1cm)",
            '#eval("1")',
            '#read("/etc/passwd")',
            "#let a = 1",
            "= pas un titre",
            "#box #{1 + 1}",
            '#panic("titre") $y$',
            "Question #strong[x] <b>gras</b> // commentaire /* bloc */",
        ):
            self.assertIn(literal, text)

    def test_it_puts_summary_sheets_first_and_points_to_them(self):
        sheet = create_article(
            organization=self.org,
            title="Les trois états",
            body="Solide, liquide, **gazeux**.",
        )
        sheet.is_sheet = True
        sheet.save(update_fields=["is_sheet"])
        add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title="Fiche",
            article=sheet,
        )
        pages = PdfReader(io.BytesIO(build_session_pdf(self.session))).pages
        texts = [flat(page.extract_text()) for page in pages]
        self.assertIn("Summary sheet: Les trois états", texts[1])
        self.assertIn("Solide, liquide, gazeux.", texts[1])
        whole = " ".join(texts[2:])
        self.assertIn("4. Fiche", whole)
        self.assertIn("This summary sheet is printed at the start, on page 2.", whole)
        self.assertNotIn("Solide, liquide", whole)  # printed once

    def test_it_prints_a_resource_with_its_transcript_and_online_address(self):
        activity = create_resource_activity(
            session=self.session,
            phase=Phase.BEFORE,
            title="Capsule",
            type="link",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            description="Regardez **jusqu'au bout**.",
            captions=CAPTIONS,
            estimated_minutes=4,
        )
        data = session_paper_data(self.session)
        qr = next(block for block in data["activities"][-1]["blocks"] if block["t"] == "qr")
        self.assertTrue(qr["svg"].startswith("<svg"))
        self.assertEqual(qr["url"], f"http://127.0.0.1:8000/learn/activities/{activity.pk}/")
        text = flat(pdf_text(build_session_pdf(self.session)))
        self.assertIn("4. Capsule", text)
        self.assertIn("Video · 4 min", text)
        self.assertIn("Regardez jusqu'au bout.", text)
        self.assertIn(f"Watch online: http://127.0.0.1:8000/learn/activities/{activity.pk}/", text)
        self.assertIn("Transcript", text)
        self.assertIn("Bonjour à toutes et à tous.", text)
        self.assertIn("Anna: L'eau chauffée devient vapeur.", text)
        self.assertIn("About 11 minutes of preparation", text)

    def test_it_survives_deep_nesting(self):
        # Deeper than the template draws (MAX_NESTING), within what markdown-it parses.
        self.article.body = (
            "> " * 15
            + "profond\n\n"
            + "".join("  " * depth + f"- niveau {depth}\n" for depth in range(9))
        )
        self.article.save(update_fields=["body"])
        text = self._text()
        self.assertIn("profond", text)
        self.assertIn("niveau 8", text)

    def test_it_survives_deep_nesting_in_imported_html(self):
        nested = "<ul><li>liste " * 30 + "</li></ul>" * 30
        quotes = "<blockquote>cité " * 30 + "</blockquote>" * 30
        tables = "<table><tr><td>a<table><tr><td>b</td></tr></table></td></tr></table>"
        imported = create_question(
            organization=self.org,
            neutral={
                "type": "open_text",
                "text": nested + quotes + tables + "<p>après tout</p>",
                "text_format": "html",
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=imported)
        text = flat(self._text())
        self.assertEqual(text.count("liste"), 30)
        self.assertEqual(text.count("cité"), 30)
        self.assertIn("après tout", text)

    def test_it_speaks_the_active_language(self):
        text = flat(self._text(HTTP_ACCEPT_LANGUAGE="fr"))
        self.assertIn("Objectifs", text)
        self.assertIn("Sur papier", text)
        with translation.override("fr"):
            data = session_paper_data(self.session)
        self.assertEqual(data["lang"], "fr")

    def test_it_prints_a_session_without_activities(self):
        empty = create_session(cohort=self.cohort, title="Vide", starts_at=self.session.starts_at)
        text = flat(pdf_text(build_session_pdf(empty)))
        self.assertIn("Nothing to prepare for this session.", text)

    def test_it_links_the_print_version_from_both_session_pages(self):
        self.login(self.learner)
        response = self.client.get(f"/learn/sessions/{self.session.pk}/")
        self.assertContains(response, f'href="{self.url}"')
        self.login(self.trainer)
        response = self.client.get(f"/sessions/{self.session.pk}/")
        self.assertContains(response, f'href="{self.trainer_url}"')
