"""The required-quiz rule (amont.courses.progress, shown by amont.learner.plan): before class, what comes after a
required quiz opens once the learner has submitted that quiz."""

from amont.content.actions import create_article
from amont.courses.actions import add_activity, enroll
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import create_quiz, quiz_versions, submit_attempt
from amont.quizzes.models import Attempt, UnclearPoint
from amont.test import BaseTestCase


class RequiredQuizRuleTestCase(BaseTestCase):
    """Before class: article, required quiz, unclear point (in that order)."""

    def setUp(self):
        self.session_url = f"/learn/sessions/{self.session.pk}/"
        self.quiz_url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.unclear_url = f"/learn/activities/{self.unclear_activity.pk}/"
        self.version = quiz_versions(self.quiz)[0]

    def _answers(self, key="rule-key-01"):
        return {
            "client_key": key,
            "version": [str(self.version.pk)],
            f"choice_{self.version.pk}": "1",
            f"confidence_{self.version.pk}": "unsure",
        }

    def test_it_locks_what_follows_a_required_quiz_until_it_is_submitted(self):
        self.login(self.learner)
        page = self.client.get(self.session_url)
        self.assertContains(
            page,
            f'Do the quiz <a href="{self.quiz_url}">«Quiz»</a> first',
            count=1,
        )
        self.assertNotContains(page, f'href="{self.unclear_url}"')
        self.assertContains(page, f'href="/learn/activities/{self.article_activity.pk}/"')

        locked = self.client.get(self.unclear_url)
        self.assertEqual(locked.status_code, 403)
        self.assertContains(locked, "Do the quiz «Quiz» first.", status_code=403)
        self.assertContains(locked, f'href="{self.quiz_url}"', status_code=403)
        posted = self.client.post(self.unclear_url, {"text": "Pourquoi ?"})
        self.assertEqual(posted.status_code, 403)
        self.assertFalse(UnclearPoint.objects.exists())

        # Answers saved as they are given are not a submission: still locked.
        self.client.post(
            self.quiz_url,
            {**self._answers(), "action": "save", "version": str(self.version.pk)},
        )
        self.assertIsNone(Attempt.objects.get().submitted_at)
        self.assertEqual(self.client.get(self.unclear_url).status_code, 403)

        self.client.post(self.quiz_url, self._answers())
        self.assertIsNotNone(Attempt.objects.get().submitted_at)
        self.assertEqual(self.client.get(self.unclear_url).status_code, 200)
        self.client.post(self.unclear_url, {"text": "Pourquoi ?"})
        self.assertEqual(UnclearPoint.objects.get().learner, self.learner)
        page = self.client.get(self.session_url)
        self.assertContains(page, f'href="{self.unclear_url}"')
        self.assertNotContains(page, "Do the quiz")

    def test_it_counts_only_the_learners_own_submission(self):
        enroll(cohort=self.cohort, learner=self.other_learner)
        submit_attempt(
            activity=self.quiz_activity,
            learner=self.other_learner,
            client_key="other-key-01",
            answers={self.version.pk: (0, "sure")},
        )
        self.login(self.learner)
        self.assertEqual(self.client.get(self.unclear_url).status_code, 403)
        self.login(self.other_learner)
        self.assertEqual(self.client.get(self.unclear_url).status_code, 200)

    def test_it_leaves_other_activities_open(self):
        optional = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.QUIZ,
            title="Facultatif",
            quiz=create_quiz(organization=self.org, title="Facultatif"),
        )
        self.login(self.learner)
        # Before the required quiz, the quiz itself, and everything during or after class.
        for activity in (self.article_activity, self.quiz_activity, self.feedback_activity):
            with self.subTest(activity=activity.title):
                response = self.client.get(f"/learn/activities/{activity.pk}/")
                self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(f"/learn/activities/{optional.pk}/").status_code, 403)

        # A quiz that is not required locks nothing.
        self.quiz_activity.required = False
        self.quiz_activity.save(update_fields=["required"])
        for activity in (self.unclear_activity, optional):
            with self.subTest(activity=activity.title):
                response = self.client.get(f"/learn/activities/{activity.pk}/")
                self.assertEqual(response.status_code, 200)
        self.assertNotContains(self.client.get(self.session_url), "Do the quiz")

    def test_it_names_the_first_required_quiz_not_done(self):
        second = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.QUIZ,
            title="Quiz 2",
            quiz=self.quiz,
            required=True,
        )
        article = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title="Lire encore",
            article=create_article(organization=self.org, title="Encore", body="x"),
        )
        self.login(self.learner)
        url = f"/learn/activities/{article.pk}/"
        self.assertContains(self.client.get(url), "Do the quiz «Quiz» first.", status_code=403)
        self.client.post(self.quiz_url, self._answers())
        self.assertContains(self.client.get(url), "Do the quiz «Quiz 2» first.", status_code=403)
        self.assertEqual(self.client.get(f"/learn/activities/{second.pk}/").status_code, 200)
        self.client.post(f"/learn/activities/{second.pk}/", self._answers(key="rule-key-02"))
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_keeps_the_session_page_queries_constant(self):
        self.login(self.learner)
        # Django session, user, session, activities with their progress, what is done (one
        # union), nav, objectives.
        with self.assertNumQueries(7):
            self.client.get(self.session_url)
        for number in range(3):
            add_activity(
                session=self.session,
                phase=Phase.BEFORE,
                kind=Kind.QUIZ,
                title=f"Requis {number}",
                quiz=self.quiz,
                required=True,
            )
        with self.assertNumQueries(7):
            response = self.client.get(self.session_url)
        self.assertContains(response, "Do the quiz", count=4)

    def test_it_keeps_outsiders_out(self):
        response = self.client.get(self.unclear_url)
        self.assertRedirects(
            response, "/login/?next=" + self.unclear_url, fetch_redirect_response=False
        )
        for user in (self.other_learner, self.trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.unclear_url).status_code, 404)
