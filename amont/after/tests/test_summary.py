from django.conf import settings

from amont.accounts.actions import create_user
from amont.after.actions import save_feedback
from amont.courses.actions import enroll
from amont.live.actions import cast_vote, end_live, join_live, open_vote, start_live
from amont.quizzes.actions import quiz_versions, save_unclear_point, submit_attempt
from amont.test import BaseTestCase


class SummaryTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/sessions/{self.session.pk}/summary/"
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.version = quiz_versions(self.quiz)[0]

    def enroll_learner(self, name: str):
        learner = create_user(email=f"{name.lower()}@example.org", full_name=name)
        enroll(cohort=self.cohort, learner=learner)
        return learner

    def answer(self, learner, choice: int, confidence: str = "sure"):
        submit_attempt(
            activity=self.quiz_activity,
            learner=learner,
            client_key=f"key-{learner.pk}-{choice}",
            answers={self.version.pk: (choice, confidence)},
        )

    def vote(self, live, participant, choice: int, round: int = 1):
        cast_vote(
            participant=participant,
            activity=self.vote_activity,
            choice=choice,
            client_id=f"vote-{participant.pk}-{round}",
            round=round,
        )

    def build_session(self):
        """Three learners: one right, one wrong, one absent; a live vote with two rounds
        and two participants; two feedback answers."""
        zoe = self.enroll_learner("Zoé")
        self.enroll_learner("Yann")
        self.answer(self.learner, 0)
        self.answer(zoe, 1)
        save_unclear_point(activity=self.unclear_activity, learner=zoe, text="Le vent ?")
        live = start_live(session=self.session)
        first = join_live(live=live, user=self.learner)
        second = join_live(live=live, pseudonym="Anonyme")
        open_vote(live=live, activity=self.vote_activity)
        self.vote(live, first, 0)
        self.vote(live, second, 1)
        self.vote(live, first, 0, round=2)
        self.vote(live, second, 0, round=2)
        save_feedback(
            activity=self.feedback_activity, learner=self.learner, rating=4, comment="Très clair"
        )
        save_feedback(activity=self.feedback_activity, learner=zoe, rating=2)
        return live

    def get(self, user=None):
        self.login(user or self.trainer)
        return self.client.get(self.url)


class SummaryPageTestCase(SummaryTestCase):
    def test_it_summarises_the_session(self):
        self.build_session()
        response = self.get()
        self.assertEqual(response.status_code, 200)
        summary = response.context["summary"]

        prep = summary.preparation
        self.assertEqual((prep.enrolled, prep.full, prep.partial, prep.none), (3, 2, 0, 1))
        self.assertContains(response, "2 / 3")
        self.assertContains(response, "fully prepared (67%)")
        self.assertEqual(summary.unclear_count, 1)

        [quiz] = summary.quizzes
        self.assertEqual((quiz.submitted, quiz.mean_percent), (2, 50))
        self.assertContains(response, "2 / 3 learners answered · mean score 50%")
        self.assertContains(response, "50% (1 / 2)")

        self.assertEqual(summary.participants, 2)
        self.assertContains(response, "2 participants")
        [vote] = summary.results_of("live_vote")
        self.assertEqual([r.number for r in vote.rounds], [1, 2])
        self.assertEqual([o.count for o in vote.rounds[0].stats.options], [1, 1, 0])
        self.assertEqual([o.count for o in vote.rounds[1].stats.options], [2, 0, 0])
        self.assertEqual(vote.gain, 50)
        self.assertContains(response, "Vote 1: 2 votes, 50% right")
        self.assertContains(response, "Vote 2: 2 votes, 100% right")
        self.assertContains(response, "Gain after discussion: 50 points")

        [feedback] = summary.results_of("feedback")
        self.assertEqual(feedback.ratings.counts, [0, 1, 0, 1, 0])
        self.assertContains(response, "2 answers")
        self.assertContains(response, "mean rating 3.0 / 5")
        self.assertContains(response, "Très clair")
        self.assertEqual([c.text for c in feedback.comments], ["Très clair"])

    def test_it_counts_votes_across_live_sessions(self):
        live = self.build_session()
        end_live(live=live)
        again = start_live(session=self.session)
        participant = join_live(live=again, user=self.learner)
        open_vote(live=again, activity=self.vote_activity)
        self.vote(again, participant, 2)
        response = self.get()
        summary = response.context["summary"]
        self.assertEqual((summary.live_count, summary.participants), (2, 3))
        self.assertEqual(
            [o.count for o in summary.results_of("live_vote")[0].rounds[0].stats.options], [1, 1, 1]
        )
        self.assertContains(response, "(across 2 live sessions)")

    def test_it_shows_an_empty_session(self):
        response = self.get()
        summary = response.context["summary"]
        self.assertEqual(summary.preparation.full, 0)
        self.assertEqual(summary.results_of("live_vote")[0].rounds[0].stats.answered, 0)
        self.assertIsNone(summary.results_of("live_vote")[0].gain)
        self.assertIsNone(summary.results_of("feedback")[0].ratings.mean)
        self.assertContains(response, "0 / 1")
        self.assertContains(response, "0 participants")
        self.assertContains(response, "0 answers")
        self.assertContains(response, "mean score —")

    def test_it_is_printable(self):
        response = self.get()
        self.assertContains(response, "@media print")

    def test_it_keeps_a_constant_number_of_queries(self):
        self.login(self.trainer)
        # the overview's "done" rows come in one union (courses/progress.py)
        with self.assertNumQueries(17):
            self.client.get(self.url)
        self.build_session()
        for index in range(6):
            learner = self.enroll_learner(f"Learner{index}")
            self.answer(learner, index % 3)
            save_feedback(activity=self.feedback_activity, learner=learner, rating=1 + index % 5)
        # the overview's "done" rows come in one union (courses/progress.py)
        with self.assertNumQueries(17):
            response = self.client.get(self.url)
        self.assertEqual(response.context["summary"].preparation.enrolled, 9)


class SummaryPermissionTestCase(SummaryTestCase):
    def test_it_redirects_anonymous_visitors_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_hides_the_page_from_outsiders(self):
        for user in (self.other_trainer, self.learner, self.other_learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404, user)

    def test_it_shows_the_page_to_the_program_manager(self):
        self.assertEqual(self.get(self.manager).status_code, 200)

    def test_it_shows_the_page_to_the_trainer(self):
        self.assertEqual(self.get().status_code, 200)

    def test_it_rejects_post(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url).status_code, 405)
