"""The quiz editor: settings, reorder, questions of every type written into the quiz,
questions of the bank reused (not copied)."""

from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import add_question_to_quiz, create_question, quiz_versions
from amont.quizzes.models import FeedbackTiming, Question, QuizItem, QuizPurpose


def _choice(organization, text: str) -> Question:
    return create_question(
        organization=organization,
        text=text,
        options=[{"text": "a", "correct": True}, {"text": "b"}],
    )


SETTINGS = {
    "source": "settings",
    "purpose": "positioning",
    "max_attempts": "2",
    "feedback_timing": "after_due",
    "time_limit_minutes": "15",
    "one_per_page": "on",
}


class TestQuizSettings(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/quiz/"

    def test_it_saves_the_settings(self):
        self.login(self.trainer)
        r = self.client.post(self.url, SETTINGS)
        self.assertRedirects(r, self.url + "#settings", fetch_redirect_response=False)
        self.quiz.refresh_from_db()
        self.assertEqual(self.quiz.purpose, QuizPurpose.POSITIONING)
        self.assertEqual(self.quiz.max_attempts, 2)
        self.assertEqual(self.quiz.feedback_timing, FeedbackTiming.AFTER_DUE)
        self.assertEqual(self.quiz.time_limit_minutes, 15)
        self.assertTrue(self.quiz.one_per_page)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="positioning" id="id_purpose_1" required checked')
        self.assertContains(r, "Positioning test")

    def test_it_clears_the_time_limit_and_the_one_per_screen_option(self):
        self.quiz.time_limit_minutes, self.quiz.one_per_page = 20, True
        self.quiz.save(update_fields=["time_limit_minutes", "one_per_page"])
        self.login(self.trainer)
        data = {**SETTINGS, "time_limit_minutes": "", "purpose": "final"}
        del data["one_per_page"]
        self.client.post(self.url, data)
        self.quiz.refresh_from_db()
        self.assertEqual(
            (self.quiz.time_limit_minutes, self.quiz.one_per_page, self.quiz.purpose),
            (None, False, "final"),
        )

    def test_it_refuses_wrong_values(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {**SETTINGS, "max_attempts": "-1", "purpose": "exam"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Select a valid choice.")
        self.quiz.refresh_from_db()
        self.assertEqual((self.quiz.purpose, self.quiz.max_attempts), ("pre_class", 0))

    def test_it_shows_the_settings_read_only_to_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, "Pre-class quiz")
        self.assertNotContains(r, 'name="purpose"')
        self.assert_manager_forbidden(self.url, "post", SETTINGS)
        self.quiz.refresh_from_db()
        self.assertEqual(self.quiz.purpose, "pre_class")

    def test_it_hides_the_settings_from_outsiders(self):
        self.assert_outsiders_get_404(self.url, "post", SETTINGS)
        self.quiz.refresh_from_db()
        self.assertEqual(self.quiz.max_attempts, 0)

    def test_it_refuses_an_unknown_form(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url, {"source": "other"}).status_code, 400)


class TestReorder(AuthoringTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.second = _choice(cls.org, "Deuxième")
        cls.third = _choice(cls.org, "Troisième")
        add_question_to_quiz(quiz=cls.quiz, question=cls.second)
        add_question_to_quiz(quiz=cls.quiz, question=cls.third)

    def url(self, question: Question) -> str:
        return f"/activities/{self.quiz_activity.pk}/quiz/questions/{question.pk}/move/"

    def order(self) -> list[int]:
        return [v.question_id for v in quiz_versions(self.quiz)]

    def test_it_moves_a_question_up_without_javascript(self):
        self.login(self.trainer)
        r = self.client.post(self.url(self.third), {"direction": "up"})
        self.assertRedirects(
            r, f"/activities/{self.quiz_activity.pk}/quiz/#questions", fetch_redirect_response=False
        )
        self.assertEqual(self.order(), [self.question.pk, self.third.pk, self.second.pk])
        self.assertEqual(
            list(self.quiz.items.values_list("position", flat=True).order_by("position")),
            [0, 1, 2],
        )

    def test_it_returns_the_list_to_htmx(self):
        self.login(self.trainer)
        r = self.client.post(self.url(self.question), {"direction": "down"}, HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")
        self.assertContains(r, '<section class="card" id="questions"')
        content = r.content.decode()
        self.assertLess(content.index("Deuxième"), content.index("Qu'est-ce qui"))
        self.assertEqual(self.order(), [self.second.pk, self.question.pk, self.third.pk])

    def test_it_leaves_the_first_question_first(self):
        self.login(self.trainer)
        self.client.post(self.url(self.question), {"direction": "up"})
        self.assertEqual(self.order(), [self.question.pk, self.second.pk, self.third.pk])

    def test_it_shows_move_buttons_that_work_with_and_without_htmx(self):
        self.login(self.trainer)
        r = self.client.get(f"/activities/{self.quiz_activity.pk}/quiz/")
        url = self.url(self.second)
        self.assertContains(r, f'action="{url}" hx-post="{url}" hx-target="#questions"', count=2)

    def test_it_refuses_a_wrong_direction(self):
        self.login(self.trainer)
        self.assertEqual(
            self.client.post(self.url(self.second), {"direction": "left"}).status_code, 400
        )

    def test_it_refuses_others(self):
        self.assert_login_required(self.url(self.second), "post")
        self.assert_manager_forbidden(self.url(self.second), "post", {"direction": "up"})
        self.assert_outsiders_get_404(self.url(self.second), "post", {"direction": "up"})
        self.assert_post_only(self.url(self.second))
        self.assertEqual(self.order(), [self.question.pk, self.second.pk, self.third.pk])

    def test_it_returns_404_for_a_question_outside_the_quiz(self):
        other = _choice(self.org, "Ailleurs")
        self.login(self.trainer)
        self.assertEqual(self.client.post(self.url(other), {"direction": "up"}).status_code, 404)

    def test_it_removes_a_question_with_htmx(self):
        self.login(self.trainer)
        r = self.client.post(
            f"/activities/{self.quiz_activity.pk}/quiz/questions/{self.second.pk}/remove/",
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(r, "2 questions")
        self.assertEqual(self.order(), [self.question.pk, self.third.pk])


class TestQuizQuestions(AuthoringTestCase):
    def setUp(self):
        self.url = f"/activities/{self.quiz_activity.pk}/quiz/"

    def test_it_links_every_type_and_the_bank_and_import(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        for kind in ("multiple_choice", "cloze", "open_text"):
            self.assertContains(
                r, f"/activities/{self.quiz_activity.pk}/quiz/questions/new/?type={kind}"
            )
        self.assertContains(r, f"/bank/?org={self.org.pk}&amp;quiz={self.quiz_activity.pk}")
        self.assertContains(r, f"/bank/import/?org={self.org.pk}&amp;quiz={self.quiz_activity.pk}")

    def test_it_writes_a_question_of_another_type_into_the_quiz(self):
        self.login(self.trainer)
        r = self.client.post(
            f"{self.url}questions/new/?type=ordering",
            {"rows": "3", "text": "Ordre", "item_0": "un", "item_1": "deux", "item_2": "trois"},
        )
        self.assertRedirects(r, self.url + "#questions", fetch_redirect_response=False)
        versions = quiz_versions(self.quiz)
        self.assertEqual(len(versions), 2)
        self.assertEqual(versions[1].type, "ordering")
        self.assertEqual(versions[1].data["items"], ["un", "deux", "trois"])
        self.assertEqual(versions[1].question.organization, self.org)
        r = self.client.get(self.url)
        self.assertContains(r, "2 questions")
        self.assertContains(r, "Ordering")

    def test_it_shows_the_type_picker_first(self):
        self.login(self.trainer)
        r = self.client.get(f"{self.url}questions/new/")
        self.assertContains(r, "Choose the type of question")
        self.assertContains(
            r, f'href="/activities/{self.quiz_activity.pk}/quiz/questions/new/?type=numeric"'
        )

    def test_it_refuses_an_invalid_question_and_adds_nothing(self):
        self.login(self.trainer)
        r = self.client.post(f"{self.url}questions/new/?type=numeric", {"text": "Combien ?"})
        self.assertContains(r, "At least one accepted answer is needed.")
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_adds_a_row_to_the_inline_form(self):
        self.login(self.trainer)
        r = self.client.post(
            self.url, {"source": "new", "rows": "4", "option_0": "garde", "add_row": "1"}
        )
        self.assertContains(r, 'name="option_4"')
        self.assertContains(r, 'value="garde"')
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_adds_a_question_of_the_bank_and_goes_back_to_the_bank(self):
        other = _choice(self.org, "Réutilisée")
        self.login(self.trainer)
        bank = f"/bank/?org={self.org.pk}&quiz={self.quiz_activity.pk}"
        r = self.client.get(bank)
        self.assertContains(r, "Add to the quiz", count=1)  # the question of the quiz is in it
        self.assertContains(r, "In this quiz")
        r = self.client.post(self.url, {"source": "library", "question": other.pk, "next": bank})
        self.assertRedirects(r, bank, fetch_redirect_response=False)
        self.assertEqual(
            [v.question_id for v in quiz_versions(self.quiz)], [self.question.pk, other.pk]
        )
        self.assertEqual(Question.objects.count(), 2)  # shared, not copied

    def test_it_never_redirects_elsewhere(self):
        other = _choice(self.org, "Réutilisée")
        self.login(self.trainer)
        r = self.client.post(
            self.url, {"source": "library", "question": other.pk, "next": "https://evil.example/"}
        )
        self.assertRedirects(r, self.url + "#questions", fetch_redirect_response=False)

    def test_it_shows_questions_of_every_type(self):
        create = create_question(
            organization=self.org,
            neutral={
                "type": "cloze",
                "text": "L'eau bout à {{1}} °C.",
                "gaps": [
                    {"kind": "numeric", "answers": [{"text": "100", "fraction": 1.0, "value": 100}]}
                ],
            },
        )
        QuizItem.objects.create(quiz=self.quiz, question=create, position=1)
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'aria-label="Gap 1"')
        self.assertContains(r, "Cloze (gaps in a text)")

    def test_it_edits_a_question_of_the_quiz_with_a_preview(self):
        self.login(self.trainer)
        url = f"{self.url}questions/{self.question.pk}/"
        r = self.client.post(
            url,
            {
                "rows": "2",
                "text": "*Nouveau* texte",
                "option_0": "a",
                "option_1": "b",
                "correct": "1",
                "preview": "1",
            },
        )
        self.assertContains(r, "<em>Nouveau</em> texte")
        self.assertEqual(self.question.versions.count(), 1)

    def test_it_forbids_new_questions_to_others(self):
        url = f"{self.url}questions/new/?type=open_text"
        self.assert_login_required(url)
        self.assert_manager_forbidden(url, "post", {"text": "X"})
        self.assert_outsiders_get_404(url, "post", {"text": "X"})
        self.assertEqual(self.quiz.items.count(), 1)
