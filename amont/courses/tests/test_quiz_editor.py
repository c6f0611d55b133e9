from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import create_question, edit_question, quiz_versions, submit_attempt
from amont.quizzes.models import Question, QuestionVersion, QuizItem, Response

NEW_QUESTION = {
    "source": "new",
    "text": "À quelle température l'eau bout-elle au niveau de la mer ?",
    "option_0": "50 °C",
    "feedback_0": "Trop bas.",
    "option_1": "100 °C",
    "feedback_1": "Oui.",
    "option_2": "150 °C",
    "correct": "1",
    "general_feedback": "Elle bout à 100 °C sous 1 atm.",
}


class QuizEditTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/quiz/"

    def test_it_lists_the_questions_with_their_options(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        # Question texts are Markdown, rendered and sanitised.
        self.assertContains(r, "<p>Qu'est-ce qui fait s'évaporer l'eau des océans ?</p>")
        self.assertContains(r, "<strong>La chaleur du soleil</strong>")
        self.assertContains(r, "Non, c'est la marée.")
        self.assertContains(
            r, f'href="/activities/{self.quiz_activity.pk}/quiz/questions/{self.question.pk}/"'
        )
        self.assertContains(r, 'name="option_3"')
        self.assertContains(r, 'name="add_row"')

    def test_it_adds_a_new_question_to_the_quiz_and_the_bank(self):
        objective = self.course.objectives.first()
        self.login(self.trainer)
        r = self.client.post(self.url, {**NEW_QUESTION, "objective": objective.pk})
        self.assertRedirects(r, self.url + "#add-question", fetch_redirect_response=False)
        versions = quiz_versions(self.quiz)
        self.assertEqual(len(versions), 2)
        version = versions[1]
        self.assertEqual(version.question.organization, self.org)
        self.assertEqual(version.question.objective, objective)
        self.assertEqual(version.correct_index, 1)
        self.assertEqual([o["feedback"] for o in version.options], ["Trop bas.", "Oui.", ""])
        self.assertEqual(version.general_feedback, "Elle bout à 100 °C sous 1 atm.")

    def test_it_shows_clear_errors_and_keeps_what_was_typed(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {**NEW_QUESTION, "correct": ""})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Mark the correct option.")
        self.assertContains(r, 'value="100 °C"')
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_adds_a_question_of_the_bank(self):
        other = create_question(
            organization=self.org,
            text="L'eau gèle à ?",
            options=[{"text": "0 °C", "correct": True}, {"text": "10 °C"}],
        )
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, "L&#x27;eau gèle à ?")
        r = self.client.post(self.url, {"source": "library", "question": other.pk})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(
            [v.question_id for v in quiz_versions(self.quiz)], [self.question.pk, other.pk]
        )
        self.assertEqual(Question.objects.count(), 2)

    def test_it_does_not_offer_a_question_already_in_the_quiz(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"source": "library", "question": self.question.pk})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_returns_404_for_an_activity_that_is_not_a_quiz(self):
        self.login(self.trainer)
        r = self.client.get(f"/activities/{self.article_activity.pk}/quiz/")
        self.assertEqual(r.status_code, 404)

    def test_it_is_read_only_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, "La chaleur du soleil")
        self.assertNotContains(r, 'name="option_0"')
        self.assertNotContains(r, "/quiz/questions/")
        self.assert_manager_forbidden(self.url, "post", NEW_QUESTION)
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_hides_the_quiz_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(self.url, "post", NEW_QUESTION)
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class QuizQuestionEditTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/quiz/questions/{self.question.pk}/"

    def test_it_fills_the_form_with_the_latest_version(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="La chaleur du soleil"')
        self.assertContains(r, 'value="Le vent aide."')
        self.assertContains(r, 'name="correct" value="0"')
        self.assertContains(r, "version 2")
        # The question is also the live vote of the session.
        self.assertContains(r, "Used in 1 quiz · 1 live vote · answered 0 times")
        self.assertContains(r, "The new version shows wherever the question is used.")

    def test_it_shows_as_many_rows_as_the_question_has_options(self):
        self.login(self.trainer)
        self.assertContains(self.client.get(self.url), 'name="rows" value="3"')
        options = [{"text": str(n), "correct": n == 4} for n in range(5)]
        edit_question(question=self.question, text="Cinq", options=options)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="rows" value="5"')
        self.assertContains(r, 'name="correct" value="4" id="id_correct_4" checked')

    def test_it_saves_a_new_version_and_keeps_past_answers_on_the_old_one(self):
        version_1 = self.question.latest_version
        attempt = submit_attempt(
            activity=self.quiz_activity,
            learner=self.learner,
            client_key="k1",
            answers={version_1.pk: (0, "sure")},
        )
        self.login(self.trainer)
        r = self.client.post(
            self.url,
            {
                "text": "Qu'est-ce qui fait s'évaporer l'eau ?",
                "option_0": "Le soleil",
                "option_1": "La lune",
                "correct": "0",
            },
        )
        self.assertRedirects(
            r, f"/activities/{self.quiz_activity.pk}/quiz/#questions", fetch_redirect_response=False
        )
        self.assertEqual(self.question.versions.count(), 2)
        version_2 = self.question.latest_version
        self.assertEqual(version_2.number, 2)
        self.assertEqual(version_2.text, "Qu'est-ce qui fait s'évaporer l'eau ?")
        self.assertEqual(len(version_2.options), 2)
        self.assertEqual(Response.objects.get(attempt=attempt).question_version, version_1)
        version_1.refresh_from_db()
        self.assertEqual(len(version_1.options), 3)
        self.assertEqual(quiz_versions(self.quiz), [version_2])

    def test_it_refuses_an_invalid_question(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"text": "Q", "option_0": "A", "correct": "0"})
        self.assertContains(r, "A choice needs at least two answers.")
        self.assertEqual(self.question.versions.count(), 1)

    def test_it_returns_404_for_a_question_outside_the_quiz(self):
        other = create_question(
            organization=self.org,
            text="Autre",
            options=[{"text": "a", "correct": True}, {"text": "b"}],
        )
        self.login(self.trainer)
        url = f"/activities/{self.quiz_activity.pk}/quiz/questions/{other.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"text": "X"}).status_code, 404)

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "get")
        self.assert_manager_forbidden(
            self.url, "post", {"text": "X", "option_0": "a", "option_1": "b", "correct": "0"}
        )
        self.assertEqual(self.question.versions.count(), 1)

    def test_it_hides_the_question_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(
            self.url, "post", {"text": "X", "option_0": "a", "option_1": "b", "correct": "0"}
        )
        self.assertEqual(self.question.versions.count(), 1)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class QuizQuestionRemoveTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/quiz/questions/{self.question.pk}/remove/"

    def test_it_removes_the_question_from_the_quiz_only(self):
        self.login(self.trainer)
        r = self.client.post(self.url)
        self.assertRedirects(
            r, f"/activities/{self.quiz_activity.pk}/quiz/#questions", fetch_redirect_response=False
        )
        self.assertEqual(self.quiz.items.count(), 0)
        self.assertTrue(Question.objects.filter(pk=self.question.pk).exists())
        self.assertEqual(QuestionVersion.objects.filter(question=self.question).count(), 1)

    def test_it_renumbers_the_remaining_questions(self):
        second = create_question(
            organization=self.org, text="2", options=[{"text": "a", "correct": True}, {"text": "b"}]
        )
        QuizItem.objects.create(quiz=self.quiz, question=second, position=1)
        self.login(self.trainer)
        self.client.post(self.url)
        self.assertEqual(
            list(self.quiz.items.values_list("question_id", "position")), [(second.pk, 0)]
        )

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url)
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_hides_the_quiz_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post")
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_accepts_only_post(self):
        self.assert_post_only(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url, "post")


class QuizOfAnotherKindTestCase(AuthoringTestCase):
    def test_it_returns_404_for_the_question_of_a_live_vote(self):
        self.login(self.trainer)
        url = f"/activities/{self.vote_activity.pk}/quiz/questions/{self.question.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_lists_a_quiz_added_later(self):
        activity = add_activity(
            session=self.session,
            phase=Phase.AFTER,
            kind=Kind.QUIZ,
            title="Révision",
            quiz=self.quiz,
        )
        self.login(self.trainer)
        self.assertContains(self.client.get(f"/activities/{activity.pk}/quiz/"), "Révision")
