from datetime import timedelta

from django.utils import timezone

from amont.content.actions import create_article_activity, update_article
from amont.courses.actions import delete_activity, update_activity, update_session
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import (
    create_quiz_activity,
    create_quiz_question,
    create_vote_activity,
    remove_question_from_quiz,
)
from amont.test import BaseTestCase

OPTIONS = [{"text": "A", "correct": True}, {"text": "B"}]


class AuthoringActionsTestCase(BaseTestCase):
    def test_it_appends_an_article_activity_with_a_library_article(self):
        activity = create_article_activity(
            session=self.session, phase=Phase.AFTER, title="Pour aller plus loin", body="…"
        )
        self.assertEqual(
            (activity.kind, activity.phase, activity.position), (Kind.ARTICLE, Phase.AFTER, 1)
        )
        self.assertEqual(activity.article.organization, self.org)
        self.assertEqual(activity.article.title, "Pour aller plus loin")

    def test_it_updates_an_article_for_every_activity(self):
        update_article(article=self.article, body="Nouveau", estimated_minutes=2)
        self.article_activity.article.refresh_from_db()
        self.assertEqual(self.article_activity.article.body, "Nouveau")

    def test_it_creates_an_empty_quiz_activity(self):
        activity = create_quiz_activity(
            session=self.session, phase=Phase.BEFORE, title="Q", required=True
        )
        self.assertEqual(
            (activity.kind, activity.position, activity.required), (Kind.QUIZ, 3, True)
        )
        self.assertEqual(activity.quiz.items.count(), 0)

    def test_it_creates_a_vote_during_class(self):
        activity = create_vote_activity(session=self.session, title="V", text="?", options=OPTIONS)
        self.assertEqual(
            (activity.kind, activity.phase, activity.position), (Kind.LIVE_VOTE, Phase.DURING, 1)
        )
        self.assertEqual(activity.question.latest_version.correct_index, 0)

    def test_it_appends_and_removes_quiz_questions(self):
        question = create_quiz_question(quiz=self.quiz, text="2", options=OPTIONS)
        self.assertEqual(list(self.quiz.items.values_list("position", flat=True)), [0, 1])
        remove_question_from_quiz(quiz=self.quiz, question=self.question)
        self.assertEqual(
            list(self.quiz.items.values_list("question_id", "position")), [(question.pk, 0)]
        )

    def test_it_renumbers_the_phase_after_a_delete(self):
        delete_activity(activity=self.quiz_activity)
        self.assertEqual(
            [(a.pk, a.position) for a in self.session.phase_items(Phase.BEFORE)],
            [(self.article_activity.pk, 0), (self.unclear_activity.pk, 1)],
        )

    def test_it_updates_a_session_and_its_objectives(self):
        starts_at = timezone.now() + timedelta(days=9)
        update_session(session=self.session, title="S", starts_at=starts_at, objectives=[])
        self.session.refresh_from_db()
        self.assertEqual((self.session.title, self.session.starts_at), ("S", starts_at))
        self.assertEqual(self.session.objectives.count(), 0)

    def test_it_updates_an_activity(self):
        update_activity(
            activity=self.feedback_activity,
            title="Avis",
            instructions="i",
            due_at=None,
            required=True,
        )
        self.feedback_activity.refresh_from_db()
        self.assertEqual(
            (self.feedback_activity.title, self.feedback_activity.required), ("Avis", True)
        )
