from amont.quizzes.actions import submit_attempt
from amont.quizzes.models import UnclearPoint
from amont.test import BaseTestCase


class UnclearPageTestCase(BaseTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = f"/learn/activities/{self.unclear_activity.pk}/"
        # The required quiz placed before this activity is done (the required-quiz rule).
        submit_attempt(
            activity=self.quiz_activity, learner=self.learner, client_key="quiz-done", answers={}
        )

    def test_it_redirects_anonymous_to_login(self):
        response = self.client.post(self.url, {"text": "?"})
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)
        self.assertFalse(UnclearPoint.objects.exists())

    def test_it_hides_the_form_from_other_cohorts_and_staff(self):
        for user in (self.other_learner, self.trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, {"text": "?"}).status_code, 404)
        self.assertFalse(UnclearPoint.objects.exists())

    def test_it_shows_the_form(self):
        self.unclear_activity.instructions = "Note **une** question."
        self.unclear_activity.save(update_fields=["instructions"])
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "<strong>une</strong>", html=True)
        self.assertContains(response, "What was unclear? What questions do you have?")
        self.assertContains(response, 'maxlength="4000"')

    def test_it_saves_then_updates_the_learners_point(self):
        self.login(self.learner)
        response = self.client.post(self.url, {"text": "Pourquoi la mer reste salée ?"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        point = UnclearPoint.objects.get()
        self.assertEqual(
            (point.learner, point.activity, point.text),
            (self.learner, self.unclear_activity, "Pourquoi la mer reste salée ?"),
        )

        page = self.client.get(self.url)
        self.assertContains(page, "What you sent")
        self.assertContains(page, "Pourquoi la mer reste salée ?", count=2)  # shown + textarea
        self.assertContains(page, "Saved on")

        self.client.post(self.url, {"text": "Et les nuages ?"})
        point = UnclearPoint.objects.get()
        self.assertEqual(point.text, "Et les nuages ?")
        self.assertGreaterEqual(point.updated_at, point.created_at)

    def test_it_rejects_empty_or_too_long_text(self):
        self.login(self.learner)
        for text in ("", "   ", "x" * 4001):
            with self.subTest(length=len(text)):
                response = self.client.post(self.url, {"text": text})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="id_text_error"')
        self.assertFalse(UnclearPoint.objects.exists())

    def test_it_keeps_the_previous_point_when_the_update_is_invalid(self):
        self.login(self.learner)
        self.client.post(self.url, {"text": "Première question"})
        self.client.post(self.url, {"text": ""})
        self.assertEqual(UnclearPoint.objects.get().text, "Première question")
