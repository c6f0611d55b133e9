import re

from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import create_quiz, edit_question
from amont.quizzes.models import Attempt, QuestionVersion, Response
from amont.test import BaseTestCase


class QuizPageTestCase(BaseTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.version = QuestionVersion.objects.get(question=self.question)

    def _post(self, *, choice="0", confidence="sure", key="key-0123456789", version=None):
        version = version or self.version
        data = {"client_key": key, "version": [str(version.pk)]}
        if choice is not None:
            data[f"choice_{version.pk}"] = choice
        if confidence is not None:
            data[f"confidence_{version.pk}"] = confidence
        return self.client.post(self.url, data)

    def _client_key(self, response) -> str:
        return re.search(r'name="client_key" value="([^"]+)"', response.content.decode())[1]

    def test_it_redirects_anonymous_to_login(self):
        response = self._post()
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)
        self.assertFalse(Attempt.objects.exists())

    def test_it_hides_the_quiz_from_other_cohorts_and_staff(self):
        for user in (self.other_learner, self.trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self._post().status_code, 404)
        self.assertFalse(Attempt.objects.exists())

    def test_it_shows_every_question_with_confidence(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "La chaleur du soleil")
        self.assertContains(response, "Le vent seul")
        self.assertContains(response, "La lune")
        # 3 options and 4 degrees of certainty
        self.assertContains(response, 'type="radio"', count=7)
        self.assertContains(response, "How sure are you?")
        self.assertContains(response, "Sure")
        self.assertContains(response, "Not sure")
        self.assertContains(
            response, f'<input type="hidden" name="version" value="{self.version.pk}">'
        )
        self.assertEqual(len(self._client_key(response)), 32)
        # A fresh key each time the form is drawn.
        self.assertNotEqual(self._client_key(response), self._client_key(self.client.get(self.url)))
        self.assertContains(response, "js/learner-form.js")

    def test_it_stores_an_attempt_and_shows_the_result(self):
        self.login(self.learner)
        response = self._post(choice="0", confidence="unsure")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

        attempt = Attempt.objects.get()
        self.assertEqual(
            (attempt.learner, attempt.activity, attempt.client_key),
            (self.learner, self.quiz_activity, "key-0123456789"),
        )
        self.assertEqual((attempt.score, attempt.max_score), (1, 1))
        response_row = Response.objects.get()
        self.assertEqual(response_row.attempt, attempt)
        self.assertEqual(response_row.question_version, self.version)
        self.assertEqual(response_row.choice, 0)
        self.assertEqual(response_row.confidence, "unsure")
        self.assertTrue(response_row.is_correct)

        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 1 out of 1")
        self.assertContains(page, "Right answer:")
        self.assertContains(page, "Oui.")
        self.assertNotContains(page, "You were sure, but")
        self.assertNotContains(page, 'name="client_key"')

    def test_it_flags_confident_wrong_answers(self):
        self.login(self.learner)
        self._post(choice="2", confidence="sure")
        response_row = Response.objects.get()
        self.assertFalse(response_row.is_correct)
        self.assertEqual(response_row.confidence, "sure")
        self.assertEqual(Attempt.objects.get().score, 0)

        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 0 out of 1")
        self.assertContains(page, "You were sure, but this is not the right answer.")
        self.assertContains(page, "est la marée.")  # the chosen option's feedback
        self.assertContains(page, "Right answer: <strong>La chaleur du soleil</strong>")

    def test_it_makes_one_attempt_per_client_key(self):
        self.login(self.learner)
        first = self._post(key="same-key-123")
        second = self._post(key="same-key-123", choice="1")
        self.assertRedirects(first, self.url, fetch_redirect_response=False)
        self.assertRedirects(second, self.url, fetch_redirect_response=False)
        self.assertEqual(Attempt.objects.count(), 1)
        self.assertEqual(Response.objects.get().choice, 0)

    def test_it_keeps_choices_when_the_form_is_invalid(self):
        self.login(self.learner)
        response = self._post(choice="1", confidence=None)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Attempt.objects.exists())
        self.assertContains(response, "Say how sure you are.")
        self.assertContains(response, f'id="id_confidence_{self.version.pk}_error"')
        self.assertRegex(
            response.content.decode(),
            rf'<input type="radio" name="choice_{self.version.pk}" value="1"[^>]*checked',
        )
        # The same key again, so the corrected submit is still one attempt.
        self.assertEqual(self._client_key(response), "key-0123456789")

    def test_it_rejects_missing_or_unknown_answers(self):
        self.login(self.learner)
        for data in (
            {"choice": None},
            {"choice": "7"},
            {"choice": "abc"},
            {"confidence": "maybe"},
            {"key": ""},
        ):
            with self.subTest(data=data):
                response = self._post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'role="alert"')
        self.assertFalse(Attempt.objects.exists())

    def test_it_lets_the_learner_try_again(self):
        self.login(self.learner)
        self._post(choice="1", key="first-attempt")
        page = self.client.get(self.url)
        self.assertContains(page, "Try again")

        retake = self.client.get(self.url + "?retake=1")
        self.assertContains(retake, 'name="client_key"')
        new_key = self._client_key(retake)
        self.assertNotEqual(new_key, "first-attempt")

        self._post(choice="0", key=new_key)
        self.assertEqual(Attempt.objects.filter(learner=self.learner).count(), 2)
        self.assertContains(self.client.get(self.url), "Your score: 1 out of 1")

    def test_it_answers_the_version_shown(self):
        self.login(self.learner)
        edit_question(
            question=self.question,
            text="Quelle énergie fait s'évaporer l'eau ?",
            options=[
                {"text": "Le soleil", "correct": True},
                {"text": "La lune", "correct": False},
            ],
        )
        new_version = QuestionVersion.objects.get(question=self.question, number=2)

        # Answers to the version shown before the edit are not graded against the new one.
        response = self._post(version=self.version)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This quiz was updated while you were answering.")
        self.assertContains(response, "Le soleil")
        self.assertFalse(Attempt.objects.exists())

        self._post(version=new_version, choice="0")
        self.assertEqual(Response.objects.get().question_version, new_version)
        self.assertTrue(Response.objects.get().is_correct)

    def test_it_makes_no_attempt_on_an_empty_quiz(self):
        activity = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.QUIZ,
            title="Vide",
            quiz=create_quiz(organization=self.org, title="Vide"),
        )
        self.login(self.learner)
        url = f"/learn/activities/{activity.pk}/"
        self.assertContains(self.client.get(url), "This quiz has no questions yet.")
        response = self.client.post(url, {"client_key": "key-empty-quiz"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Attempt.objects.exists())
