"""Attempts: answers saved as they are given, resuming, idempotent submits, attempts
allowed and time limits enforced on the server, every question type graded."""

from datetime import timedelta

from django.utils import timezone

from amont.quizzes.actions import (
    AttemptError,
    add_question_to_quiz,
    create_question,
    edit_question,
    finish_attempt,
    quiz_versions,
    save_answer,
    start_attempt,
    submit_attempt,
)
from amont.quizzes.models import Attempt, Response
from amont.test import BaseTestCase

SHORT = {
    "type": "short_answer",
    "text": "Comment appelle-t-on le passage de l'eau liquide à la vapeur ?",
    "answers": [{"text": "évaporation", "fraction": 1.0, "feedback": "Oui."}],
    "accent_sensitive": False,
}
NUMERIC = {
    "type": "numeric",
    "text": "À quelle température l'eau bout-elle au niveau de la mer (°C) ?",
    "answers": [{"text": "100", "value": 100.0, "tolerance": 1.0, "fraction": 1.0}],
}


class AttemptTestCase(BaseTestCase):
    def setUp(self):
        self.short = create_question(organization=self.org, neutral=SHORT)
        self.numeric = create_question(organization=self.org, neutral=NUMERIC)
        add_question_to_quiz(quiz=self.quiz, question=self.short)
        add_question_to_quiz(quiz=self.quiz, question=self.numeric)
        self.choice_v, self.short_v, self.numeric_v = quiz_versions(self.quiz)

    def test_it_stores_typed_questions_in_versions(self):
        self.assertEqual(self.short_v.type, "short_answer")
        self.assertEqual(self.short_v.options, [])
        self.assertEqual(self.short_v.data["answers"][0]["text"], "évaporation")
        self.assertEqual(self.short_v.as_neutral()["accent_sensitive"], False)
        self.assertEqual(self.choice_v.as_neutral()["answers"][0]["fraction"], 1.0)

    def test_it_saves_each_answer_as_it_is_given_and_resumes(self):
        attempt = start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="k1")
        save_answer(attempt=attempt, version=self.short_v, answer="Evaporation ", confidence="sure")
        # The learner closes the page; a new page load resumes the same attempt.
        again = start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="k2")
        self.assertEqual(again.pk, attempt.pk)
        response = Response.objects.get(attempt=attempt)
        self.assertEqual(response.score, 1.0)
        self.assertIs(response.is_correct, True)
        # Changing one's mind replaces the answer: still one row.
        save_answer(
            attempt=attempt, version=self.short_v, answer="condensation", confidence="unsure"
        )
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 1)
        self.assertEqual(Response.objects.get(attempt=attempt).score, 0.0)

    def test_it_grades_every_answer_on_submit(self):
        attempt = submit_attempt(
            activity=self.quiz_activity,
            learner=self.learner,
            client_key="full",
            answers={
                self.choice_v.pk: (0, "sure"),
                self.short_v.pk: ("EVAPORATION", "fairly_sure"),
                self.numeric_v.pk: ("99,5", "unsure"),
            },
        )
        self.assertEqual(attempt.score, 3.0)
        self.assertEqual(attempt.max_score, 3.0)
        self.assertIsNotNone(attempt.submitted_at)
        self.assertEqual(
            Response.objects.get(attempt=attempt, question_version=self.choice_v).choice, 0
        )

    def test_it_makes_one_attempt_of_a_repeated_submit(self):
        answers = {self.choice_v.pk: (1, "sure")}
        first = submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="same", answers=answers
        )
        second = submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="same", answers=answers
        )
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Attempt.objects.filter(learner=self.learner).count(), 1)
        self.assertEqual(Response.objects.filter(attempt=first).count(), 1)

    def test_it_refuses_answers_to_a_version_not_in_the_quiz(self):
        edit_question(question=self.short, neutral={**SHORT, "text": "Nouvelle version"})
        with self.assertRaises(AttemptError):
            submit_attempt(
                activity=self.quiz_activity,
                learner=self.learner,
                client_key="stale",
                answers={self.short_v.pk: ("évaporation", "sure")},
            )
        self.assertFalse(Attempt.objects.exists())

    def test_it_enforces_the_attempts_allowed(self):
        self.quiz.max_attempts = 1
        self.quiz.save(update_fields=["max_attempts"])
        submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="a", answers={}
        )
        with self.assertRaises(AttemptError):
            start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="b")
        self.assertEqual(Attempt.objects.count(), 1)

    def test_it_enforces_the_time_limit_on_the_server(self):
        self.quiz.time_limit_minutes = 10
        self.quiz.save(update_fields=["time_limit_minutes"])
        start = timezone.now()
        attempt = start_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="t", at=start
        )
        self.assertEqual(attempt.deadline_at, start + timedelta(minutes=10))
        save_answer(
            attempt=attempt, version=self.choice_v, answer=0, confidence="sure",
            at=start + timedelta(minutes=9),
        )  # fmt: skip
        with self.assertRaises(AttemptError):
            save_answer(
                attempt=attempt, version=self.short_v, answer="évaporation", confidence="sure",
                at=start + timedelta(minutes=11),
            )  # fmt: skip
        finished = finish_attempt(attempt=attempt, at=start + timedelta(minutes=30))
        self.assertEqual(finished.score, 1.0)
        self.assertEqual(finished.submitted_at, attempt.deadline_at)

    def test_it_refuses_answers_after_submission(self):
        attempt = start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="s")
        finish_attempt(attempt=attempt)
        attempt.refresh_from_db()
        with self.assertRaises(AttemptError):
            save_answer(attempt=attempt, version=self.choice_v, answer=0, confidence="sure")


class ChoiceOptionsTestCase(BaseTestCase):
    def test_it_marks_only_full_credit_as_the_right_single_choice(self):
        question = create_question(
            organization=self.org,
            neutral={
                "type": "single_choice",
                "text": "Quel état de l'eau voit-on dans un nuage ?",
                "answers": [
                    {"text": "Vapeur", "fraction": 0.5, "feedback": "Presque."},
                    {"text": "Gouttelettes liquides", "fraction": 1.0, "feedback": "Oui."},
                    {"text": "Glace seulement", "fraction": 0.0, "feedback": ""},
                ],
            },
        )
        version = question.latest_version
        self.assertEqual([o["correct"] for o in version.options], [False, True, False])
        self.assertEqual(version.correct_index, 1)
        self.assertEqual(version.as_neutral()["answers"][0]["fraction"], 0.5)

    def test_it_marks_every_credited_option_of_a_multiple_choice(self):
        question = create_question(
            organization=self.org,
            neutral={
                "type": "multiple_choice",
                "text": "Quels sont des changements d'état ?",
                "answers": [
                    {"text": "Fusion", "fraction": 0.5},
                    {"text": "Évaporation", "fraction": 0.5},
                    {"text": "Photosynthèse", "fraction": -0.5},
                ],
            },
        )
        options = question.latest_version.options
        self.assertEqual([o["correct"] for o in options], [True, True, False])
