"""The trainer marks open-text answers: score and comment, the attempt's score follows."""

from amont.quizzes.actions import add_question_to_quiz, create_question, submit_attempt
from amont.quizzes.marking_actions import mark_open_answer
from amont.quizzes.models import Attempt, Response
from amont.test import BaseTestCase


class TestOpenMarking(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.open_question = create_question(
            organization=cls.org,
            neutral={
                "type": "open_text",
                "text": "Décrivez le cycle de l'eau.",
                "default_grade": 2,
            },
        )
        add_question_to_quiz(quiz=cls.quiz, question=cls.open_question)
        cls.open_version = cls.open_question.latest_version
        cls.choice_version = cls.question.latest_version
        cls.attempt = submit_attempt(
            activity=cls.quiz_activity,
            learner=cls.learner,
            client_key="k",
            answers={
                cls.open_version.pk: ("Ma réflexion <script>alert(1)</script>", ""),
                cls.choice_version.pk: (0, ""),
            },
        )
        cls.response = Response.objects.get(attempt=cls.attempt, question_version=cls.open_version)

    def setUp(self):
        self.page = f"/activities/{self.quiz_activity.pk}/grading/"
        self.mark_url = f"{self.page}{self.response.pk}/"

    def _post(self, score="50", comment="Bonne piste."):
        prefix = f"r{self.response.pk}"
        return self.client.post(
            self.mark_url, {f"{prefix}-score": score, f"{prefix}-comment": comment}
        )

    def test_it_lists_the_open_answers_escaped_ungraded_first(self):
        self.login(self.trainer)
        r = self.client.get(self.page)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Ma réflexion &lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertContains(r, "Léa")
        self.assertContains(r, "Décrivez le cycle de l&#x27;eau.")
        self.assertContains(r, "1 answer to grade")
        self.assertContains(r, "0 graded answers")
        self.assertContains(r, f'action="{self.mark_url}"')
        self.assertContains(r, '<option value="75">75 %</option>', html=True)
        self.assertContains(r, '<option value="" selected>—</option>', html=True)

    def test_it_leaves_out_attempts_in_progress(self):
        in_progress = Attempt.objects.create(
            activity=self.quiz_activity, learner=self.learner, client_key="open"
        )
        Response.objects.create(
            attempt=in_progress, question_version=self.open_version, answer="Brouillon"
        )
        self.login(self.trainer)
        r = self.client.get(self.page)
        self.assertNotContains(r, "Brouillon")
        self.assertContains(r, "1 answer to grade")

    def test_it_grades_and_recomputes_the_attempt_score(self):
        self.assertIsNone(self.response.score)
        self.assertEqual(self.attempt.score, 1.0)  # the single choice only
        self.login(self.trainer)
        r = self._post(score="75", comment="  Bonne piste.  ")
        self.assertRedirects(r, self.page, fetch_redirect_response=False)
        self.response.refresh_from_db()
        self.assertEqual(self.response.score, 0.75)
        self.assertFalse(self.response.is_correct)
        self.assertEqual(self.response.trainer_comment, "Bonne piste.")
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.score, 1.0 + 0.75 * 2)
        page = self.client.get(self.page)
        self.assertContains(page, "Answer of Léa graded.")
        self.assertContains(page, "0 answers to grade")
        self.assertContains(page, "1 graded answer")
        self.assertContains(page, '<option value="75" selected>75 %</option>', html=True)

    def test_it_marks_full_marks_correct(self):
        self.login(self.trainer)
        self._post(score="100")
        self.response.refresh_from_db()
        self.assertEqual(self.response.score, 1.0)
        self.assertTrue(self.response.is_correct)
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.score, 3.0)

    def test_it_refuses_a_score_off_the_list_or_none(self):
        self.login(self.trainer)
        for score in ("150", ""):
            r = self._post(score=score)
            self.assertRedirects(
                r, f"{self.page}#response-{self.response.pk}", fetch_redirect_response=False
            )
        self.response.refresh_from_db()
        self.assertIsNone(self.response.score)
        self.attempt.refresh_from_db()
        self.assertEqual(self.attempt.score, 1.0)
        self.assertContains(self.client.get(self.page), "The grade was not saved")

    def test_it_refuses_a_bad_score_or_a_closed_question_in_the_action(self):
        with self.assertRaises(ValueError):
            mark_open_answer(response=self.response, score=1.5, comment="", marker=self.trainer)
        with self.assertRaises(ValueError):
            mark_open_answer(response=self.response, score=-0.1, comment="", marker=self.trainer)
        choice = Response.objects.get(attempt=self.attempt, question_version=self.choice_version)
        with self.assertRaises(ValueError):
            mark_open_answer(response=choice, score=0.5, comment="", marker=self.trainer)
        self.response.refresh_from_db()
        choice.refresh_from_db()
        self.assertIsNone(self.response.score)
        self.assertEqual(choice.score, 1.0)

    def test_it_404s_a_response_of_another_activity(self):
        self.login(self.trainer)
        r = self.client.post(
            f"/activities/{self.article_activity.pk}/grading/{self.response.pk}/",
            {f"r{self.response.pk}-score": "50"},
        )
        self.assertEqual(r.status_code, 404)
        choice = Response.objects.get(attempt=self.attempt, question_version=self.choice_version)
        r = self.client.post(f"{self.page}{choice.pk}/", {f"r{choice.pk}-score": "50"})
        self.assertEqual(r.status_code, 404)
        choice.refresh_from_db()
        self.assertEqual(choice.score, 1.0)

    def test_it_links_the_page_from_the_quiz_editor(self):
        self.login(self.trainer)
        r = self.client.get(f"/activities/{self.quiz_activity.pk}/quiz/")
        self.assertContains(r, f'href="{self.page}"', count=1)

    def test_it_sends_anonymous_users_to_the_login_page(self):
        for r in (self.client.get(self.page), self._post()):
            self.assertEqual(r.status_code, 302)
            self.assertTrue(r["Location"].startswith("/login/"))

    def test_it_hides_the_page_from_outsiders(self):
        for user in (self.other_trainer, self.learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.get(self.page).status_code, 404)
            self.assertEqual(self._post().status_code, 404)
        self.response.refresh_from_db()
        self.assertIsNone(self.response.score)

    def test_it_lets_the_manager_read_but_not_grade(self):
        self.login(self.manager)
        r = self.client.get(self.page)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Ma réflexion")
        self.assertNotContains(r, f'action="{self.mark_url}"')
        self.assertEqual(self._post().status_code, 403)
        self.response.refresh_from_db()
        self.assertIsNone(self.response.score)

    def test_it_refuses_the_wrong_methods(self):
        self.login(self.trainer)
        self.assertEqual(self.client.get(self.mark_url).status_code, 405)
        self.assertEqual(self.client.post(self.page).status_code, 405)


class TestNoOpenQuestion(BaseTestCase):
    def test_it_leaves_the_link_out_of_a_quiz_without_open_questions(self):
        self.login(self.trainer)
        r = self.client.get(f"/activities/{self.quiz_activity.pk}/quiz/")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, f"/activities/{self.quiz_activity.pk}/grading/")
