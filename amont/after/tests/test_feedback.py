from amont.after.models import Feedback
from amont.test import BaseTestCase


class FeedbackPageTestCase(BaseTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = f"/learn/activities/{self.feedback_activity.pk}/"

    def test_it_redirects_anonymous_to_login(self):
        response = self.client.post(self.url, {"rating": "5"})
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)
        self.assertFalse(Feedback.objects.exists())

    def test_it_hides_the_survey_from_other_cohorts_and_staff(self):
        for user in (self.other_learner, self.trainer, self.manager, self.outsider_manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, {"rating": "5"}).status_code, 404)
        self.assertFalse(Feedback.objects.exists())

    def test_it_shows_a_labelled_scale(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "<legend>How useful was this session for you?</legend>")
        self.assertContains(response, 'type="radio"', count=5)
        self.assertContains(response, "1 — Not at all useful")
        self.assertContains(response, "5 — Very useful")
        self.assertContains(response, "Anything to add? (optional)")

    def test_it_saves_then_changes_the_feedback(self):
        self.login(self.learner)
        response = self.client.post(self.url, {"rating": "4", "comment": "Les votes, top"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        feedback = Feedback.objects.get()
        self.assertEqual(
            (feedback.learner, feedback.activity, feedback.rating, feedback.comment),
            (self.learner, self.feedback_activity, 4, "Les votes, top"),
        )

        page = self.client.get(self.url)
        self.assertContains(page, "Thank you for your feedback.")  # the message
        self.assertContains(page, "You can change it below.")
        self.assertRegex(page.content.decode(), r'name="rating" value="4"[^>]*checked')

        self.client.post(self.url, {"rating": "2"})
        feedback = Feedback.objects.get()
        self.assertEqual((feedback.rating, feedback.comment), (2, ""))

    def test_it_enforces_the_rating_bounds(self):
        self.login(self.learner)
        for rating in ("0", "6", "-1", "abc", ""):
            with self.subTest(rating=rating):
                response = self.client.post(self.url, {"rating": rating, "comment": "x"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'id="id_rating_error"')
                self.assertContains(response, 'aria-describedby="id_rating_error"')
        self.assertFalse(Feedback.objects.exists())

    def test_it_rejects_a_too_long_comment(self):
        self.login(self.learner)
        response = self.client.post(self.url, {"rating": "3", "comment": "x" * 4001})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Feedback.objects.exists())
