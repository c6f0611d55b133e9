"""The question bank page: list, filters, pagination, permissions; and its exports."""

import io
import zipfile
from typing import Any

from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import (
    add_question_to_quiz,
    create_question,
    create_quiz,
    edit_question,
    save_answer,
    start_attempt,
)
from amont.quizzes.formats.gift import parse_gift
from amont.quizzes.formats.qti import parse_qti
from amont.quizzes.models import Question


def _neutral(kind: str, text: str, **fields) -> dict:
    shapes: dict[str, dict[str, Any]] = {
        "numeric": {
            "answers": [
                {"text": "100", "fraction": 1.0, "feedback": "", "value": 100.0, "tolerance": 0.0}
            ]
        },
        "ordering": {"items": ["un", "deux", "trois"]},
        "open_text": {},
        "short_answer": {"answers": [{"text": "Paris", "fraction": 1.0, "feedback": ""}]},
    }
    return {"type": kind, "title": "", "text": text, **shapes[kind], **fields}


class BankPageTestCase(AuthoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.evaporation, cls.states = cls.course.objectives.all()
        cls.numeric = create_question(
            organization=cls.org,
            neutral=_neutral("numeric", "À quelle température l'eau bout-elle ?"),
            objective=cls.states,
            difficulty=1,
        )
        cls.ordering = create_question(
            organization=cls.org,
            neutral=_neutral("ordering", "Ordonnez le cycle", title="Cycle"),
            objective=cls.evaporation,
            difficulty=3,
        )
        edit_question(
            question=cls.ordering,
            neutral=_neutral("ordering", "Remettez le cycle dans l'ordre", title="Cycle v2"),
        )
        cls.foreign = create_question(
            organization=cls.other_org, neutral=_neutral("open_text", "Question étrangère")
        )
        cls.url = f"/bank/?org={cls.org.pk}"

    def test_it_lists_the_questions_of_the_organization(self):
        self.login(self.trainer)
        r = self.client.get("/bank/")
        self.assertContains(r, "3 questions")
        self.assertContains(r, "Qu&#x27;est-ce qui fait s&#x27;évaporer")
        self.assertContains(r, "Cycle v2")
        self.assertContains(r, "version 2")
        self.assertContains(r, f'href="/bank/questions/{self.numeric.pk}/"')
        self.assertNotContains(r, "Question étrangère")
        self.assertContains(r, "in “Quiz évaporation”")  # where the question is used
        self.assertContains(r, "1 live vote")

    def test_it_counts_the_answers(self):
        version = self.question.latest_version
        attempt = start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="k")
        save_answer(attempt=attempt, version=version, answer=0)
        self.login(self.trainer)
        self.assertContains(self.client.get(self.url), "answered 1 time")

    def test_it_filters_by_type_objective_difficulty_and_text(self):
        self.login(self.trainer)
        cases = {
            "&type=numeric": [self.numeric],
            "&type=ordering": [self.ordering],
            f"&objective={self.evaporation.pk}": [self.ordering],
            "&difficulty=1": [self.numeric],
            "&q=remettez": [self.ordering],
            "&q=ordonnez": [],  # only the latest version is searched
            "&q=cycle+v2": [self.ordering],
            "&type=single_choice&q=soleil": [],
            "&type=single_choice&q=océans": [self.question],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                r = self.client.get(self.url + query)
                self.assertEqual(
                    [q.pk for q in r.context["questions"]], [q.pk for q in expected], query
                )

    def test_it_ignores_a_wrong_filter(self):
        self.login(self.trainer)
        r = self.client.get(self.url + "&type=essay&difficulty=9")
        self.assertEqual(len(r.context["questions"]), 3)

    def test_it_pages_the_list(self):
        for number in range(25):
            create_question(organization=self.org, neutral=_neutral("open_text", f"Q{number}"))
        self.login(self.trainer)
        r = self.client.get(self.url + "&type=open_text")
        self.assertEqual(len(r.context["questions"]), 20)
        self.assertContains(r, "Page 1 of 2")
        self.assertContains(r, "type=open_text&amp;page=2")
        r = self.client.get(self.url + "&type=open_text&page=2")
        self.assertEqual(len(r.context["questions"]), 5)

    def test_it_reads_in_a_constant_number_of_queries(self):
        self.login(self.trainer)
        self.client.get(self.url)  # warm the session and the content types
        with self.assertNumQueries(12):
            self.client.get(self.url)
        for number in range(10):
            question = create_question(
                organization=self.org, neutral=_neutral("open_text", f"Q{number}")
            )
            add_question_to_quiz(
                quiz=create_quiz(organization=self.org, title=f"Z{number}"), question=question
            )
        with self.assertNumQueries(12):
            self.client.get(self.url)

    def test_it_is_read_only_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get("/bank/")
        self.assertContains(r, "3 questions")
        self.assertContains(r, "read only")
        self.assertNotContains(r, "/bank/questions/new/")
        self.assertNotContains(r, f'href="/bank/questions/{self.numeric.pk}/"')
        self.assertContains(r, "Export as")
        # A quiz to add to is ignored: a manager adds nothing.
        r = self.client.get(self.url + f"&quiz={self.quiz_activity.pk}")
        self.assertNotContains(r, "Add to the quiz")

    def test_it_shows_another_organization_its_own_bank_only(self):
        self.login(self.outsider_manager)
        r = self.client.get("/bank/")
        self.assertContains(r, "Question étrangère")
        self.assertNotContains(r, "Cycle v2")
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_hides_the_bank_from_learners(self):
        for user in (self.learner, self.other_learner):
            self.login(user)
            self.assertEqual(self.client.get("/bank/").status_code, 404)

    def test_it_returns_404_for_a_quiz_of_another_course(self):
        self.login(self.other_trainer)
        r = self.client.get(self.url + f"&quiz={self.quiz_activity.pk}")
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.client.get(self.url + "&quiz=abc").status_code, 404)

    def test_it_accepts_only_get(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post("/bank/").status_code, 405)

    def test_it_requires_login(self):
        self.assert_login_required("/bank/")


class ExportTestCase(AuthoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.short = create_question(
            organization=cls.org,
            neutral=_neutral("short_answer", "Capitale de la France ?", title="Capitale"),
        )
        cls.ordering = create_question(
            organization=cls.org, neutral=_neutral("ordering", "Ordonnez le cycle")
        )
        create_question(organization=cls.other_org, neutral=_neutral("open_text", "Étrangère"))

    def test_it_lists_what_gift_leaves_out(self):
        self.login(self.trainer)
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=gift")
        self.assertContains(r, "2 questions of 3 will be exported.")
        self.assertContains(r, "1 question left out")
        self.assertContains(r, "Ordonnez le cycle")
        self.assertContains(r, "download=1")

    def test_it_downloads_gift_that_parses_back_to_the_same_questions(self):
        self.login(self.trainer)
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=gift&download=1")
        self.assertEqual(r["Content-Type"], "text/plain; charset=utf-8")
        self.assertIn("attachment;", r["Content-Disposition"])
        parsed = parse_gift(r.content)
        self.assertEqual(parsed["errors"], [])
        stored = [self.question.latest_version.as_neutral(), self.short.latest_version.as_neutral()]
        self.assertEqual(len(parsed["questions"]), 2)
        for mine, theirs in zip(stored, parsed["questions"], strict=True):
            for key in ("type", "title", "text", "answers", "general_feedback"):
                self.assertEqual(mine.get(key), theirs.get(key), key)
        self.assertNotIn("Étrangère", r.content.decode())

    def test_it_downloads_the_selected_questions_only(self):
        self.login(self.trainer)
        r = self.client.get(
            f"/bank/export/?org={self.org.pk}&format=gift&download=1&question={self.short.pk}"
        )
        self.assertEqual([q["title"] for q in parse_gift(r.content)["questions"]], ["Capitale"])

    def test_it_downloads_a_qti_package_of_every_type(self):
        self.login(self.trainer)
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=qti")
        self.assertContains(r, "3 questions of 3 will be exported.")
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=qti&download=1")
        self.assertEqual(r["Content-Type"], "application/zip")
        self.assertIn("imsmanifest.xml", zipfile.ZipFile(io.BytesIO(r.content)).namelist())
        parsed = parse_qti(r.content)
        self.assertEqual(parsed["errors"], [])
        self.assertEqual(
            [q["type"] for q in parsed["questions"]], ["single_choice", "short_answer", "ordering"]
        )
        self.assertEqual(parsed["questions"][2]["items"], ["un", "deux", "trois"])

    def test_it_does_not_export_questions_of_another_organization(self):
        foreign = Question.objects.get(organization=self.other_org)
        self.login(self.trainer)
        r = self.client.get(
            f"/bank/export/?org={self.org.pk}&format=gift&download=1&question={foreign.pk}"
        )
        self.assertEqual(r.content, b"")

    def test_it_lets_the_manager_export(self):
        self.login(self.manager)
        r = self.client.get("/bank/export/?format=qti&download=1")
        self.assertEqual(r.status_code, 200)

    def test_it_refuses_an_unknown_format(self):
        self.login(self.trainer)
        self.assertEqual(self.client.get("/bank/export/?format=docx").status_code, 400)

    def test_it_hides_the_export_from_learners(self):
        self.assert_login_required("/bank/export/?format=gift")
        self.login(self.learner)
        self.assertEqual(self.client.get("/bank/export/?format=gift").status_code, 404)


class LiveVoteBankTestCase(AuthoringTestCase):
    def test_it_offers_only_single_answer_questions_for_a_live_vote(self):
        create_question(organization=self.org, neutral=_neutral("numeric", "Combien ?"))
        self.login(self.trainer)
        r = self.client.get(
            f"/sessions/{self.session.pk}/activities/new/?phase=during&kind=live_vote"
        )
        self.assertEqual(
            list(r.context["library_form"].fields["question"].queryset), [self.question]
        )
        self.assertNotContains(r, "Combien ?")
