"""courses/progress.py: every kind's own "done" rule, for many learners in one query, and
the lock of what follows a required quiz."""

from datetime import timedelta

from django.utils import timezone

from amont.accounts.actions import create_user
from amont.after.actions import save_feedback
from amont.content.actions import record_article_open
from amont.courses.actions import add_activity, create_session, enroll
from amont.courses.models import Kind, Phase
from amont.courses.progress import blocking_activity, done_at, done_ids, locked_by
from amont.quizzes.actions import save_unclear_point, start_attempt, submit_attempt
from amont.test import BaseTestCase


class DoneAtTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.zoe = create_user(email="zoe@example.org", full_name="Zoé")
        enroll(cohort=cls.cohort, learner=cls.zoe)
        cls.activities = [
            cls.article_activity,
            cls.quiz_activity,
            cls.unclear_activity,
            cls.vote_activity,
            cls.feedback_activity,
        ]

    def submit(self, learner, key):
        version = self.question.latest_version
        return submit_attempt(
            activity=self.quiz_activity,
            learner=learner,
            client_key=key,
            answers={version.pk: (0, "sure")},
        )

    def test_it_reads_every_kind_for_every_learner_in_one_query(self):
        record_article_open(learner=self.learner, article=self.article)
        self.submit(self.learner, "key-lea-0001")
        save_unclear_point(activity=self.unclear_activity, learner=self.zoe, text="Pourquoi ?")
        save_feedback(activity=self.feedback_activity, learner=self.zoe, rating=4)
        with self.assertNumQueries(1):
            done = done_at(self.activities, [self.learner.pk, self.zoe.pk])
        self.assertEqual(
            set(done),
            {
                (self.learner.pk, self.article_activity.pk),
                (self.learner.pk, self.quiz_activity.pk),
                (self.zoe.pk, self.unclear_activity.pk),
                (self.zoe.pk, self.feedback_activity.pk),
            },
        )
        self.assertTrue(all(at is not None for at in done.values()))

    def test_it_counts_a_quiz_once_submitted_only(self):
        start_attempt(activity=self.quiz_activity, learner=self.learner, client_key="key-lea-0002")
        self.assertEqual(done_ids(self.activities, self.learner.pk), set())
        self.submit(self.zoe, "key-zoe-0001")
        self.assertEqual(done_ids(self.activities, self.zoe.pk), {self.quiz_activity.pk})

    def test_it_counts_an_article_read_in_one_session_in_every_session_reusing_it(self):
        later = create_session(
            cohort=self.cohort, title="S2", starts_at=timezone.now() + timedelta(days=9)
        )
        again = add_activity(
            session=later,
            phase=Phase.AFTER,
            kind=Kind.ARTICLE,
            title="Relire",
            article=self.article,
        )
        record_article_open(learner=self.learner, article=self.article)
        self.assertEqual(
            done_ids([self.article_activity, again], self.learner.pk),
            {self.article_activity.pk, again.pk},
        )

    def test_it_never_calls_a_live_vote_done(self):
        self.assertEqual(done_at([self.vote_activity], [self.learner.pk]), {})

    def test_it_asks_nothing_of_the_database_for_no_learner_or_no_activity(self):
        with self.assertNumQueries(0):
            self.assertEqual(done_at(self.activities, []), {})
            self.assertEqual(done_at([], [self.learner.pk]), {})


class LockTestCase(BaseTestCase):
    def test_it_locks_what_follows_a_required_quiz_not_done(self):
        self.assertTrue(self.quiz_activity.required)
        unclear = self.unclear_activity
        before = [self.article_activity, self.quiz_activity, unclear]
        self.assertEqual(locked_by(before, done=set()), {unclear.pk: self.quiz_activity})
        self.assertEqual(locked_by(before, done={self.quiz_activity.pk}), {})
        self.assertEqual(blocking_activity(self.learner.pk, unclear), self.quiz_activity)
        self.assertIsNone(blocking_activity(self.learner.pk, self.article_activity))
        version = self.question.latest_version
        submit_attempt(
            activity=self.quiz_activity,
            learner=self.learner,
            client_key="key-lea-0003",
            answers={version.pk: (0, "sure")},
        )
        self.assertIsNone(blocking_activity(self.learner.pk, unclear))

    def test_it_never_locks_an_optional_quiz_or_the_other_phases(self):
        self.quiz_activity.required = False
        self.quiz_activity.save(update_fields=["required"])
        self.assertEqual(locked_by([self.quiz_activity, self.unclear_activity], done=set()), {})
        self.assertIsNone(blocking_activity(self.learner.pk, self.feedback_activity))
