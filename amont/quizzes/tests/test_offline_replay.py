"""Quiz answers given offline: the page (maybe opened from the service worker's cache)
keeps each save and the final submit in an outbox, and sends them again once online,
oldest first, possibly twice (two tabs, an answer lost on the way). The server must apply
them once per client key, with the CSRF token of the page that sends them
(static/js/offline.js puts the current page's token in; the cached page's own token
stays valid as long as the CSRF cookie does)."""

import re

from django.conf import settings
from django.test import Client

from amont.quizzes.actions import add_question_to_quiz, create_question, edit_question
from amont.quizzes.models import Attempt, QuestionVersion
from amont.test import PASSWORD, BaseTestCase

SHORT = {
    "type": "short_answer",
    "text": "Le passage de l'eau liquide à la vapeur ?",
    "answers": [{"text": "évaporation", "fraction": 1.0}],
}


class OfflineReplayTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.choice = QuestionVersion.objects.get(question=self.question)
        self.short = add_question_to_quiz(
            quiz=self.quiz, question=create_question(organization=self.org, neutral=SHORT)
        ).question.latest_version

    def _page(self, url=None) -> tuple[str, str]:
        """The CSRF token and client key of the quiz page, as the worker keeps it."""
        html = self.client.get(url or self.url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token
        key = re.search(r'name="client_key" value="([^"]+)"', html)
        return token[1], key[1] if key else ""

    def _token(self, url="/learn/") -> str:
        html = self.client.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token
        return token[1]

    def _save(self, token, key, version, field, value, confidence):
        return self.client.post(
            self.url,
            {
                "csrfmiddlewaretoken": token,
                "client_key": key,
                "action": "save",
                "version": str(version.pk),
                f"{field}_{version.pk}": value,
                f"confidence_{version.pk}": confidence,
            },
        )

    def _submit(self, token, key, choice="0", short="évaporation"):
        return self.client.post(
            self.url,
            {
                "csrfmiddlewaretoken": token,
                "client_key": key,
                "action": "submit",
                "version": [str(self.choice.pk), str(self.short.pk)],
                f"choice_{self.choice.pk}": choice,
                f"confidence_{self.choice.pk}": "sure",
                f"answer_{self.short.pk}": short,
                f"confidence_{self.short.pk}": "fairly_sure",
            },
        )

    def test_it_creates_the_attempt_when_the_answers_arrive(self):
        self.client.force_login(self.learner)
        token, key = self._page()  # kept by the worker; no attempt yet
        self.assertFalse(Attempt.objects.exists())
        # Back online, the outbox in order: two saves, then the submit.
        saved = self._save(token, key, self.choice, "choice", "1", "unsure")
        self.assertEqual(saved.json(), {"saved": True, "key": key, "status": "Saved"})
        self._save(token, key, self.short, "answer", "évap", "guess")
        response = self._submit(token, key, choice="0")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

        attempt = Attempt.objects.get()
        self.assertEqual((attempt.learner, attempt.client_key), (self.learner, key))
        self.assertIsNotNone(attempt.submitted_at)
        answers = {r.question_version_id: (r.answer, r.confidence) for r in attempt.responses.all()}
        # The submit carries the last word on every answer.
        self.assertEqual(
            answers,
            {self.choice.pk: (0, "sure"), self.short.pk: ("évaporation", "fairly_sure")},
        )
        self.assertEqual((attempt.score, attempt.max_score), (2.0, 2.0))

    def test_it_applies_a_submit_sent_twice_once(self):
        self.client.force_login(self.learner)
        token, key = self._page()
        self._submit(token, key, choice="0")
        attempt = Attempt.objects.get()
        # Two tabs replaying the same outbox, or an answer lost on the way: the second
        # copy, even with other answers, changes nothing.
        again = self._submit(self._token(), key, choice="2", short="condensation")
        self.assertRedirects(again, self.url, fetch_redirect_response=False)
        late = self._save(token, key, self.choice, "choice", "2", "sure")
        self.assertEqual(late.status_code, 409)
        self.assertEqual(Attempt.objects.count(), 1)
        self.assertEqual(Attempt.objects.get().submitted_at, attempt.submitted_at)
        self.assertEqual(attempt.responses.get(question_version=self.choice).choice, 0)
        self.assertEqual(attempt.responses.get(question_version=self.short).answer, "évaporation")
        self.assertContains(self.client.get(self.url), "Your score: 2 out of 2")

    def test_it_takes_a_submit_whose_saves_were_lost(self):
        self.client.force_login(self.learner)
        token, key = self._page()
        self.assertRedirects(self._submit(token, key), self.url, fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertEqual(attempt.client_key, key)
        self.assertEqual(attempt.responses.count(), 2)

    def test_it_finishes_a_one_per_page_quiz_from_the_review_screen(self):
        self.quiz.one_per_page = True
        self.quiz.save(update_fields=["one_per_page"])
        self.client.force_login(self.learner)
        token, key = self._page()
        self._save(token, key, self.choice, "choice", "0", "sure")
        self._save(token, key, self.short, "answer", "évaporation", "guess")
        finish = {"csrfmiddlewaretoken": token, "client_key": key, "q": "review"}
        for _ in range(2):
            response = self.client.post(self.url + "?q=review", finish | {"action": "finish"})
            self.assertRedirects(response, self.url, fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertIsNotNone(attempt.submitted_at)
        self.assertEqual(attempt.score, 2.0)

    def test_it_sends_back_a_submit_for_a_quiz_changed_since(self):
        self.client.force_login(self.learner)
        token, key = self._page()
        edit_question(
            question=self.question,
            text="Qu'est-ce qui chauffe l'eau ?",
            options=[{"text": "Le soleil", "correct": True}, {"text": "La lune"}],
        )
        # The save is refused (the page drops it); the submit gets the form back, which
        # the page reports as answers to check.
        self.assertEqual(
            self._save(token, key, self.choice, "choice", "0", "sure").status_code, 409
        )
        response = self._submit(token, key)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This quiz was updated while you were answering.")
        self.assertFalse(Attempt.objects.filter(submitted_at__isnull=False).exists())

    def test_it_accepts_the_token_of_a_kept_page_while_the_cookie_lives(self):
        # Tokens live in the CSRF cookie, not in the session: a page kept for days still
        # posts, and any page of the same browser gives a token that works.
        self.assertFalse(settings.CSRF_USE_SESSIONS)
        self.client.force_login(self.learner)
        kept_token, key = self._page()
        self._page(f"/learn/sessions/{self.session.pk}/")  # browsing on, online
        self.assertNotEqual(self._token(), kept_token)  # each page masks it anew
        response = self._save(kept_token, key, self.choice, "choice", "0", "sure")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._submit(self._token(), key).status_code, 302)
        self.assertEqual(Attempt.objects.get().client_key, key)

    def test_it_refuses_the_token_of_a_page_from_before_signing_in_again(self):
        # Signing in changes the CSRF secret: that is why the outbox sends the token of
        # the page replaying it rather than the one it stored.
        login_token = self._token("/login/")
        self.client.post(
            "/login/",
            {
                "csrfmiddlewaretoken": login_token,
                "username": "learner@example.org",
                "password": PASSWORD,
            },
        )
        kept_token, key = self._page()
        self.client.post("/logout/", {"csrfmiddlewaretoken": self._token()})
        self.client.post(
            "/login/",
            {
                "csrfmiddlewaretoken": self._token("/login/"),
                "username": "learner@example.org",
                "password": PASSWORD,
            },
        )
        self.assertEqual(self._submit(kept_token, key).status_code, 403)
        self.assertFalse(Attempt.objects.exists())
        self.assertEqual(self._submit(self._token(), key).status_code, 302)
        self.assertEqual(Attempt.objects.get().client_key, key)
