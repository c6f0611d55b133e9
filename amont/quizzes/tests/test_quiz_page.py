import re
from datetime import timedelta

from django.utils import formats, timezone

from amont.courses.actions import add_activity, enroll
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import (
    add_question_to_quiz,
    create_question,
    create_quiz,
    edit_question,
    quiz_versions,
)
from amont.quizzes.models import Attempt, FeedbackTiming, QuestionVersion, QuizPurpose, Response
from amont.test import BaseTestCase

SHORT = {
    "type": "short_answer",
    "text": "Le passage de l'eau liquide à la vapeur ?",
    "answers": [{"text": "évaporation", "fraction": 1.0}],
}


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
        match = re.search(r'name="client_key" value="([^"]+)"', response.content.decode())
        assert match
        return match[1]

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
        self.assertContains(response, "js/learner-quiz.js")

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
        self.login(self.learner)
        self._post()  # the required quiz placed before it
        activity = add_activity(
            session=self.session,
            phase=Phase.BEFORE,
            kind=Kind.QUIZ,
            title="Vide",
            quiz=create_quiz(organization=self.org, title="Vide"),
        )
        url = f"/learn/activities/{activity.pk}/"
        self.assertContains(self.client.get(url), "This quiz has no questions yet.")
        response = self.client.post(url, {"client_key": "key-empty-quiz"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Attempt.objects.filter(activity=activity).exists())


class SaveAsYouGoTestCase(BaseTestCase):
    """The page's JavaScript saves each answer as it changes (action=save); reopening the
    page resumes the attempt; the final submit, with or without JavaScript, makes one."""

    def setUp(self):
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.choice = QuestionVersion.objects.get(question=self.question)
        self.short = QuestionVersion.objects.get(
            question=add_question_to_quiz(
                quiz=self.quiz,
                question=create_question(organization=self.org, neutral=SHORT),
            ).question
        )

    def _save(self, version, answer_field=None, answer="", confidence="", key="save-key-0001"):
        data = {"action": "save", "version": str(version.pk), "client_key": key}
        if answer_field:
            data[f"{answer_field}_{version.pk}"] = answer
        if confidence:
            data[f"confidence_{version.pk}"] = confidence
        return self.client.post(self.url, data)

    def test_it_refuses_anonymous_and_other_learners(self):
        response = self._save(self.choice, "choice", "0")
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)
        self.login(self.other_learner)
        self.assertEqual(self._save(self.choice, "choice", "0").status_code, 404)
        self.assertFalse(Attempt.objects.exists())

    def test_it_saves_each_answer_once_and_resumes(self):
        self.login(self.learner)
        response = self._save(self.choice, "choice", "2", "sure")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(), {"saved": True, "key": "save-key-0001", "status": "Saved"}
        )
        self._save(self.choice, "choice", "0", "unsure")  # a change of mind
        self._save(self.short, "answer", "évap", "")
        self._save(self.short, "answer", "évaporation", "fairly_sure")

        attempt = Attempt.objects.get()
        self.assertEqual((attempt.learner, attempt.client_key), (self.learner, "save-key-0001"))
        self.assertIsNone(attempt.submitted_at)
        rows = {r.question_version_id: r for r in attempt.responses.all()}
        self.assertEqual(len(rows), 2)
        self.assertEqual(
            (rows[self.choice.pk].choice, rows[self.choice.pk].confidence), (0, "unsure")
        )
        self.assertEqual(rows[self.short.pk].answer, "évaporation")
        self.assertEqual(rows[self.short.pk].score, 1.0)

        # Reopening the page: the same attempt, its answers back in the form.
        page = self.client.get(self.url)
        html = page.content.decode()
        self.assertEqual(re.search(r'name="client_key" value="([^"]+)"', html)[1], "save-key-0001")
        self.assertRegex(html, rf'name="choice_{self.choice.pk}" value="0"[^>]*checked')
        self.assertRegex(html, rf'name="confidence_{self.choice.pk}" value="unsure"[^>]*checked')
        self.assertRegex(html, rf'name="answer_{self.short.pk}" value="évaporation"')
        self.assertRegex(
            html, rf'name="confidence_{self.short.pk}" value="fairly_sure"[^>]*checked'
        )
        self.assertNotContains(page, "Your score")

    def test_it_explains_what_it_cannot_save(self):
        self.login(self.learner)
        # A degree of certainty alone: nothing to save yet.
        self.assertEqual(self._save(self.choice, confidence="sure").json(), {"saved": False})
        response = self._save(self.choice, "choice", "9")
        self.assertEqual(response.status_code, 400)
        self.assertIn("not one of the available choices", response.json()["error"])
        response = self.client.post(
            self.url, {"action": "save", "version": "999999", "client_key": "save-key-0001"}
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"], "This quiz was updated: reload the page.")
        self.assertFalse(Attempt.objects.exists())

    def test_it_submits_the_saved_attempt_once(self):
        self.login(self.learner)
        self._save(self.choice, "choice", "1", "sure")
        data = {
            "client_key": "save-key-0001",
            "version": [str(self.choice.pk), str(self.short.pk)],
            f"choice_{self.choice.pk}": "0",
            f"confidence_{self.choice.pk}": "sure",
            f"answer_{self.short.pk}": "condensation",
            f"confidence_{self.short.pk}": "guess",
        }
        first = self.client.post(self.url, data)
        again = self.client.post(self.url, data)  # a double click or an offline replay
        self.assertRedirects(first, self.url, fetch_redirect_response=False)
        self.assertRedirects(again, self.url, fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertIsNotNone(attempt.submitted_at)
        self.assertEqual((attempt.score, attempt.max_score), (1.0, 2.0))
        self.assertEqual(attempt.responses.count(), 2)
        self.assertEqual(attempt.responses.get(question_version=self.choice).choice, 0)
        # A save arriving late changes nothing.
        late = self._save(self.choice, "choice", "2", "sure")
        self.assertEqual(late.status_code, 409)
        self.assertEqual(late.json()["error"], "This attempt was already submitted.")
        self.assertEqual(attempt.responses.get(question_version=self.choice).choice, 0)

    def test_it_refuses_the_key_of_someone_elses_attempt(self):
        self.login(self.learner)
        self._save(self.choice, "choice", "0", "sure", key="lea-secret-key")
        self.client.logout()
        enroll(cohort=self.cohort, learner=self.other_learner)
        self.login(self.other_learner)
        response = self._save(self.choice, "choice", "2", "sure", key="lea-secret-key")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Attempt.objects.get().learner, self.learner)
        self.assertEqual(Response.objects.get().choice, 0)


class QuizSettingsTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.version = QuestionVersion.objects.get(question=self.question)

    def _submit(self, key, choice="0", confidence="sure"):
        return self.client.post(
            self.url,
            {
                "client_key": key,
                "version": [str(self.version.pk)],
                f"choice_{self.version.pk}": choice,
                f"confidence_{self.version.pk}": confidence,
            },
        )

    def _settings(self, **fields):
        for name, value in fields.items():
            setattr(self.quiz, name, value)
        self.quiz.save(update_fields=list(fields))

    def test_it_counts_the_attempts_allowed(self):
        self._settings(max_attempts=2)
        self.login(self.learner)
        self.assertContains(self.client.get(self.url), "Attempt 1 of 2")
        self._submit("attempt-one-1", choice="1")
        page = self.client.get(self.url)
        self.assertContains(page, "Try again")
        self.assertContains(self.client.get(self.url + "?retake=1"), "Attempt 2 of 2")
        self._submit("attempt-two-2", choice="0")
        self.assertEqual(Attempt.objects.filter(submitted_at__isnull=False).count(), 2)

        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 1 out of 1")  # the last attempt
        self.assertNotContains(page, "Try again")
        self.assertContains(page, "You have used the 2 attempts allowed.")
        retake = self.client.get(self.url + "?retake=1", follow=True)
        self.assertContains(retake, "You have used all the attempts allowed for this quiz.")
        self.assertNotContains(retake, 'name="client_key"')
        response = self._submit("attempt-three", choice="0")
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        self.assertEqual(Attempt.objects.count(), 2)
        page = self.client.get(self.url)
        self.assertContains(page, "You have used all the attempts allowed for this quiz.")

    def test_it_enforces_the_time_limit_on_the_server(self):
        self._settings(time_limit_minutes=10)
        self.login(self.learner)
        start = self.client.get(self.url)
        self.assertContains(start, "A quiz in 10 minutes")
        self.assertNotContains(start, f'name="choice_{self.version.pk}"')
        self.assertFalse(Attempt.objects.exists())  # looking is not starting

        key = re.search(r'name="client_key" value="([^"]+)"', start.content.decode())[1]
        response = self.client.post(self.url, {"action": "start", "client_key": key})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertEqual(attempt.deadline_at - attempt.started_at, timedelta(minutes=10))
        page = self.client.get(self.url)
        deadline = timezone.localtime(attempt.deadline_at).strftime("%H:%M")
        self.assertContains(page, f"To submit before {deadline}")
        self.assertRegex(page.content.decode(), r'data-seconds="(599|600)"')

        saved = self.client.post(
            self.url,
            {
                "action": "save",
                "client_key": key,
                "version": str(self.version.pk),
                f"choice_{self.version.pk}": "1",
                f"confidence_{self.version.pk}": "sure",
            },
        )
        self.assertTrue(saved.json()["saved"])

        # The clock runs out (and its grace): a late answer is refused and the attempt is
        # submitted with what was saved before the deadline.
        attempt.deadline_at = timezone.now() - timedelta(minutes=1)
        attempt.save(update_fields=["deadline_at"])
        late = self._submit(key, choice="0")
        self.assertRedirects(late, self.url, fetch_redirect_response=False)
        attempt.refresh_from_db()
        self.assertEqual(attempt.submitted_at, attempt.deadline_at)
        self.assertEqual(Response.objects.get().choice, 1)
        self.assertEqual(attempt.score, 0)
        page = self.client.get(self.url)
        self.assertContains(page, "The time was up: the answers you had saved were sent.")
        self.assertContains(page, "Your score: 0 out of 1")

    def test_it_refuses_a_save_after_the_time_is_over(self):
        self._settings(time_limit_minutes=5)
        self.login(self.learner)
        self.client.post(self.url, {"action": "start", "client_key": "timed-key-01"})
        Attempt.objects.update(deadline_at=timezone.now() - timedelta(minutes=2))
        response = self.client.post(
            self.url,
            {
                "action": "save",
                "client_key": "timed-key-01",
                "version": str(self.version.pk),
                f"choice_{self.version.pk}": "0",
            },
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["error"], "The time allowed for this quiz is over.")
        self.assertIsNotNone(Attempt.objects.get().submitted_at)
        self.assertFalse(Response.objects.exists())

    def test_it_sends_the_page_when_its_clock_reaches_zero(self):
        self._settings(time_limit_minutes=5)
        self.login(self.learner)
        self.client.post(self.url, {"action": "start", "client_key": "timed-key-02"})
        # Just past the deadline, within the grace for the network.
        Attempt.objects.update(deadline_at=timezone.now() - timedelta(seconds=5))
        response = self.client.post(
            self.url,
            {
                "action": "timeout",
                "client_key": "timed-key-02",
                "version": [str(self.version.pk)],
                f"choice_{self.version.pk}": "0",  # no degree of certainty: still kept
            },
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertIsNotNone(attempt.submitted_at)
        self.assertEqual(attempt.score, 1)
        self.assertEqual(Response.objects.get().confidence, "")

    def test_it_shows_corrections_only_after_the_due_date(self):
        self._settings(feedback_timing=FeedbackTiming.AFTER_DUE)
        due = timezone.now() + timedelta(days=1)
        self.quiz_activity.due_at = due
        self.quiz_activity.save(update_fields=["due_at"])
        self.login(self.learner)
        self._submit("after-due-key", choice="2", confidence="sure")
        self.assertTrue(Attempt.objects.get().submitted_at)

        page = self.client.get(self.url)
        self.assertContains(page, "Your answers are saved")
        when = formats.date_format(timezone.localtime(due), "l j F, H:i")
        self.assertContains(page, f"Corrections will be shown after {when}.")
        self.assertNotContains(page, "Your score")
        self.assertNotContains(page, "Right answer")
        self.assertNotContains(page, "La chaleur du soleil")
        self.assertNotContains(page, "You were sure, but")

        self.quiz_activity.due_at = timezone.now() - timedelta(minutes=1)
        self.quiz_activity.save(update_fields=["due_at"])
        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 0 out of 1")
        self.assertContains(page, "Right answer: <strong>La chaleur du soleil</strong>")
        self.assertContains(page, "You were sure, but this is not the right answer.")


class OnePerPageTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        self.quiz.one_per_page = True
        self.quiz.save(update_fields=["one_per_page"])
        add_question_to_quiz(
            quiz=self.quiz, question=create_question(organization=self.org, neutral=SHORT)
        )
        self.choice, self.short = quiz_versions(self.quiz)

    def _move(self, q, action, key="one-per-page", **fields):
        return self.client.post(
            f"{self.url}?q={q}",
            {"client_key": key, "q": str(q), "version": [], "action": action, **fields},
        )

    def test_it_shows_one_question_per_screen_and_saves_on_the_way(self):
        self.login(self.learner)
        first = self.client.get(self.url)
        self.assertContains(first, "Question 1 of 2")
        self.assertContains(first, f'name="choice_{self.choice.pk}"')
        self.assertNotContains(first, f'name="answer_{self.short.pk}"')
        self.assertContains(first, 'value="next">Next</button>')
        self.assertNotContains(first, 'value="prev"')

        # An answer without a degree of certainty is sent back.
        response = self._move(1, "next", **{f"choice_{self.choice.pk}": "0"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Say how sure you are.")
        self.assertFalse(Attempt.objects.exists())

        response = self._move(
            1, "next", **{f"choice_{self.choice.pk}": "0", f"confidence_{self.choice.pk}": "sure"}
        )
        self.assertRedirects(response, self.url + "?q=2", fetch_redirect_response=False)
        attempt = Attempt.objects.get()
        self.assertIsNone(attempt.submitted_at)
        self.assertEqual(attempt.responses.get().choice, 0)

        second = self.client.get(self.url + "?q=2")
        self.assertContains(second, "Question 2 of 2")
        self.assertContains(second, "Review and submit")
        self.assertContains(second, 'value="prev"')
        # Previous keeps what was typed and goes back: the saved answer is there.
        response = self._move(2, "prev", **{f"answer_{self.short.pk}": "évaporation"})
        self.assertRedirects(response, self.url + "?q=1", fetch_redirect_response=False)
        self.assertRegex(
            self.client.get(self.url + "?q=1").content.decode(),
            rf'name="choice_{self.choice.pk}" value="0"[^>]*checked',
        )
        response = self._move(
            2,
            "next",
            **{f"answer_{self.short.pk}": "évaporation", f"confidence_{self.short.pk}": "guess"},
        )
        self.assertRedirects(response, self.url + "?q=review", fetch_redirect_response=False)
        self.assertEqual(attempt.responses.count(), 2)

        review = self.client.get(self.url + "?q=review")
        self.assertContains(review, "Review and submit")
        self.assertContains(review, "✓ answered", count=2)
        self.assertContains(review, "I am guessing")
        response = self.client.post(
            self.url + "?q=review", {"client_key": "one-per-page", "action": "finish"}
        )
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        again = self.client.post(
            self.url + "?q=review", {"client_key": "one-per-page", "action": "finish"}
        )
        self.assertRedirects(again, self.url, fetch_redirect_response=False)
        attempt.refresh_from_db()
        self.assertIsNotNone(attempt.submitted_at)
        self.assertEqual(Attempt.objects.count(), 1)
        self.assertEqual((attempt.score, attempt.max_score), (2.0, 2.0))
        self.assertContains(self.client.get(self.url), "Your score: 2 out of 2")

    def test_it_lists_what_is_missing_before_sending(self):
        self.login(self.learner)
        self._move(
            1, "next", **{f"choice_{self.choice.pk}": "1", f"confidence_{self.choice.pk}": "sure"}
        )
        self._move(2, "next")  # skipped
        review = self.client.get(self.url + "?q=review")
        self.assertContains(review, "not answered", count=1)
        response = self.client.post(
            self.url + "?q=review", {"client_key": "one-per-page", "action": "finish"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, '<a href="?q=2">Question 2</a>', count=2)
        self.assertIsNone(Attempt.objects.get().submitted_at)


class PositioningPageTestCase(BaseTestCase):
    def test_it_shows_mastery_per_objective_and_a_level(self):
        self.quiz.purpose = QuizPurpose.POSITIONING
        self.quiz.save(update_fields=["purpose"])
        states, evaporation = self.course.objectives.all()
        for objective, text in ((states, "glace"), (states, "vapeur"), (evaporation, "soleil")):
            add_question_to_quiz(
                quiz=self.quiz,
                question=create_question(
                    organization=self.org,
                    objective=objective,
                    neutral={
                        "type": "short_answer",
                        "text": f"Un mot : {text} ?",
                        "answers": [{"text": text, "fraction": 1.0}],
                    },
                ),
            )
        choice, ice, steam, sun = quiz_versions(self.quiz)
        self.login(self.learner)
        self.client.post(
            f"/learn/activities/{self.quiz_activity.pk}/",
            {
                "client_key": "positioning-01",
                "version": [str(v.pk) for v in (choice, ice, steam, sun)],
                f"choice_{choice.pk}": "1",
                f"answer_{ice.pk}": "glace",
                f"answer_{steam.pk}": "vapeur",
                f"answer_{sun.pk}": "lune",
                **{f"confidence_{v.pk}": "unsure" for v in (choice, ice, steam, sun)},
            },
        )
        self.assertEqual(Attempt.objects.get().score, 2)
        page = self.client.get(f"/learn/activities/{self.quiz_activity.pk}/")
        html = page.content.decode()
        # Two right answers out of four: intermediate overall.
        self.assertContains(page, "Overall mastery: 50%")
        self.assertRegex(html, r'Your level: <span class="badge ">Intermediate</span>')
        self.assertRegex(
            html, r"Décrire les états de l&#x27;eau</th><td>100%</td><td>[^<]*<[^>]*>Advanced"
        )
        self.assertRegex(
            html, r"Expliquer l&#x27;évaporation</th><td>0%</td><td>[^<]*<[^>]*>Beginner"
        )
        self.assertRegex(html, r"Other questions</th><td>0%</td>")
