from amont.content.actions import create_article
from amont.content.models import ResourceProgress
from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import submit_attempt
from amont.test import BaseTestCase


class LearnerActivityAccessTestCase(BaseTestCase):
    """The one activity URL, whatever the kind: who may see it, and which methods."""

    def _activities(self):
        return (
            self.article_activity,
            self.quiz_activity,
            self.unclear_activity,
            self.vote_activity,
            self.feedback_activity,
        )

    def test_it_redirects_anonymous_to_login(self):
        for activity in self._activities():
            url = f"/learn/activities/{activity.pk}/"
            with self.subTest(kind=activity.kind):
                response = self.client.get(url)
                self.assertRedirects(response, "/login/?next=" + url, fetch_redirect_response=False)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_hides_activities_from_everyone_but_their_learners(self):
        for user in (
            self.other_learner,
            self.trainer,
            self.other_trainer,
            self.manager,
            self.outsider_manager,
        ):
            self.login(user)
            for activity in self._activities():
                with self.subTest(user=user.email, kind=activity.kind):
                    url = f"/learn/activities/{activity.pk}/"
                    self.assertEqual(self.client.get(url).status_code, 404)
                    self.assertEqual(self.client.post(url).status_code, 404)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_shows_every_kind_to_the_learner(self):
        self.login(self.learner)
        # What follows the required quiz opens once the quiz is submitted.
        url = f"/learn/activities/{self.unclear_activity.pk}/"
        self.assertEqual(self.client.get(url).status_code, 403)
        submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="quiz-done", answers={}
        )
        for activity in self._activities():
            with self.subTest(kind=activity.kind):
                response = self.client.get(f"/learn/activities/{activity.pk}/")
                self.assertEqual(response.status_code, 200)

    def test_it_returns_404_for_a_missing_activity(self):
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/activities/999999/").status_code, 404)

    def test_it_rejects_post_on_read_only_kinds(self):
        self.login(self.learner)
        for activity in (self.article_activity, self.vote_activity):
            with self.subTest(kind=activity.kind):
                response = self.client.post(f"/learn/activities/{activity.pk}/")
                self.assertEqual(response.status_code, 405)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_rejects_other_methods(self):
        self.login(self.learner)
        for activity in self._activities():
            with self.subTest(kind=activity.kind):
                response = self.client.put(f"/learn/activities/{activity.pk}/")
                self.assertEqual(response.status_code, 405)


class ArticleTestCase(BaseTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = f"/learn/activities/{self.article_activity.pk}/"
        self.login(self.learner)

    def test_it_renders_the_article(self):
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>Le cycle</h1>", html=True)
        self.assertContains(response, "<strong>s&#x27;évapore</strong>", html=True)
        self.assertContains(response, "About 5 minutes to read")
        self.assertContains(response, f'href="/learn/sessions/{self.session.pk}/"')
        # Next: the quiz, next in the before phase.
        self.assertContains(response, f'href="/learn/activities/{self.quiz_activity.pk}/"')

    def test_it_records_each_open(self):
        self.client.get(self.url)
        progress = ResourceProgress.objects.get()
        self.assertEqual(progress.learner, self.learner)
        self.assertEqual(progress.article, self.article)
        self.assertEqual(progress.open_count, 1)

        self.client.get(self.url)
        progress = ResourceProgress.objects.get()
        self.assertEqual(progress.open_count, 2)
        self.assertGreaterEqual(progress.last_opened_at, progress.first_opened_at)

    def test_it_sanitises_the_article(self):
        # Placed after the required quiz: the learner does the quiz first.
        submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="quiz-done", answers={}
        )
        article = create_article(
            organization=self.org,
            title="Piège",
            body="<script>alert(1)</script>\n\n[lien](javascript:alert(2))",
        )
        activity = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title="Piège",
            article=article,
        )
        response = self.client.get(f"/learn/activities/{activity.pk}/")
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, 'href="javascript:')
        # The last activity of its phase has no "Next".
        self.assertNotContains(response, "Next:")

    def test_it_renders_instructions_as_sanitised_markdown(self):
        self.article_activity.instructions = "Lis **bien**. <img src=x onerror=alert(1)>"
        self.article_activity.save(update_fields=["instructions"])
        response = self.client.get(self.url)
        self.assertContains(response, "<strong>bien</strong>", html=True)
        self.assertNotContains(response, "<img")


class LiveVoteTestCase(BaseTestCase):
    def test_it_points_to_the_live_session(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.learner)
        response = self.client.get(f"/learn/activities/{self.vote_activity.pk}/")
        self.assertContains(response, "This activity happens in class.")
        self.assertContains(response, '<form method="get" action="/j/">')
        self.assertContains(response, '<label for="join-code">')
