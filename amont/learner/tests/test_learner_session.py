from amont.content.actions import record_article_open
from amont.test import BaseTestCase


class LearnerSessionTestCase(BaseTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = f"/learn/sessions/{self.session.pk}/"

    def test_it_redirects_anonymous_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_hides_the_session_from_everyone_but_its_learners(self):
        for user in (
            self.other_learner,
            self.trainer,
            self.other_trainer,
            self.manager,
            self.outsider_manager,
        ):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_returns_404_for_a_missing_session(self):
        self.login(self.learner)
        self.assertEqual(self.client.get("/learn/sessions/999999/").status_code, 404)

    def test_it_rejects_post(self):
        self.login(self.learner)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_it_shows_the_session_to_its_learner(self):
        record_article_open(learner=self.learner, article=self.article)
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Séance 1 — évaporation")
        self.assertContains(response, "Décrire les états de l&#x27;eau")
        self.assertContains(response, "Before class")
        self.assertContains(response, "During class")
        self.assertContains(response, "After class")
        self.assertContains(response, "Done 1 of 3")
        for activity in (
            self.article_activity,
            self.quiz_activity,
            self.vote_activity,
            self.feedback_activity,
        ):
            self.assertContains(response, f"/learn/activities/{activity.pk}/")
        # After the required quiz, not submitted yet: locked, with a link to the quiz.
        self.assertNotContains(response, f"/learn/activities/{self.unclear_activity.pk}/")
        self.assertContains(
            response,
            f'Do the quiz <a href="/learn/activities/{self.quiz_activity.pk}/">«Quiz»</a> first',
        )
        self.assertContains(response, "Join the live session with the code given in class.")
        self.assertContains(response, '<form method="get" action="/j/">')
        self.assertContains(response, 'name="code"')
