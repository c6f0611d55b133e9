"""The question editor, for every type: create (version 1), edit (version 2, past answers
keep version 1), validation, live preview, rows added and removed without JavaScript."""

from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import add_question_to_quiz, create_question, save_answer, start_attempt
from amont.quizzes.models import Question, QuestionVersion, Response

# One valid submission per type, and what it must store (in the neutral shape).
CASES = {
    "single_choice": (
        {
            "rows": "3",
            "text": "Où se forment les **nuages** ?",
            "option_0": "Dans l'océan",
            "feedback_0": "Non, l'eau s'y évapore.",
            "option_1": "Dans l'atmosphère",
            "option_2": "Sous terre",
            "credit_0": "25",
            "correct": "1",
            "shuffle": "on",
        },
        {
            "answers": [
                {"text": "Dans l'océan", "fraction": 0.25, "feedback": "Non, l'eau s'y évapore."},
                {"text": "Dans l'atmosphère", "fraction": 1.0, "feedback": ""},
                {"text": "Sous terre", "fraction": 0.0, "feedback": ""},
            ],
            "shuffle": True,
        },
        0,
    ),
    "multiple_choice": (
        {
            "rows": "4",
            "text": "Lesquelles sont des planètes gazeuses ?",
            "option_0": "Jupiter",
            "right_0": "on",
            "option_1": "Saturne",
            "right_1": "on",
            "option_2": "Mars",
            "credit_2": "-100",
            "feedback_2": "Mars est rocheuse.",
            "option_3": "Vénus",
        },
        {
            "answers": [
                {"text": "Jupiter", "fraction": 0.5, "feedback": ""},
                {"text": "Saturne", "fraction": 0.5, "feedback": ""},
                {"text": "Mars", "fraction": -1.0, "feedback": "Mars est rocheuse."},
                {"text": "Vénus", "fraction": 0.0, "feedback": ""},
            ],
            "shuffle": False,
        },
        [0, 1],
    ),
    "true_false": (
        {
            "text": "La pluie est de l'eau douce.",
            "correct_answer": "true",
            "feedback_true": "Oui !",
            "feedback_false": "Si : l'évaporation laisse le sel.",
        },
        {
            "answers": [
                {"text": "true", "fraction": 1.0, "feedback": "Oui !"},
                {"text": "false", "fraction": 0.0, "feedback": "Si : l'évaporation laisse le sel."},
            ]
        },
        True,
    ),
    "short_answer": (
        {
            "rows": "3",
            "text": "Capitale de la France ?",
            "option_0": "Paris",
            "option_1": "Lutèce",
            "credit_1": "50",
            "feedback_1": "Son ancien nom.",
        },
        {
            "answers": [
                {"text": "Paris", "fraction": 1.0, "feedback": ""},
                {"text": "Lutèce", "fraction": 0.5, "feedback": "Son ancien nom."},
            ],
            "case_sensitive": False,
            "accent_sensitive": False,
        },
        "paris",
    ),
    "numeric": (
        {
            "rows": "2",
            "text": "Valeur de π à 0,01 près ?",
            "value_0": "3,14",
            "tolerance_0": "0.01",
            "value_1": "*",
            "feedback_1": "Revoyez le cours.",
        },
        {
            "answers": [
                {"text": "3.14", "fraction": 1.0, "feedback": "", "value": 3.14, "tolerance": 0.01},
                {"text": "*", "fraction": 0.0, "feedback": "Revoyez le cours."},
            ]
        },
        "3,15",
    ),
    "matching": (
        {
            "rows": "4",
            "text": "Associez chaque état à un exemple.",
            "left_0": "Solide",
            "right_0": "glace",
            "left_1": "Liquide",
            "right_1": "pluie",
            "right_2": "béton",
            "shuffle": "on",
        },
        {
            "pairs": [
                {"left": "Solide", "right": "glace"},
                {"left": "Liquide", "right": "pluie"},
                {"left": "", "right": "béton"},
            ],
            "shuffle": True,
        },
        ["glace", "pluie"],
    ),
    "ordering": (
        {
            "rows": "4",
            "text": "Dans l'ordre du cycle :",
            "item_0": "Évaporation",
            "item_1": "Condensation",
            "item_2": "Précipitations",
        },
        {"items": ["Évaporation", "Condensation", "Précipitations"]},
        [0, 1, 2],
    ),
    "cloze": (
        {
            "text": "L'eau bout à {{1}} °C et devient {{2}} : c'est l'{{3}}.",
            "gaps": "#100:1\n=gazeuse#Oui ~solide\n=évaporation =%50%ébullition",
            "accent_sensitive": "on",
        },
        {
            "gaps": [
                {
                    "kind": "numeric",
                    "answers": [
                        {
                            "text": "100",
                            "fraction": 1.0,
                            "feedback": "",
                            "value": 100.0,
                            "tolerance": 1.0,
                        }
                    ],
                },
                {
                    "kind": "choice",
                    "answers": [
                        {"text": "gazeuse", "fraction": 1.0, "feedback": "Oui"},
                        {"text": "solide", "fraction": 0.0, "feedback": ""},
                    ],
                },
                {
                    "kind": "short_answer",
                    "answers": [
                        {"text": "évaporation", "fraction": 1.0, "feedback": ""},
                        {"text": "ébullition", "fraction": 0.5, "feedback": ""},
                    ],
                    "case_sensitive": False,
                    "accent_sensitive": True,
                },
            ],
        },
        ["100", 0, "evaporation"],
    ),
    "open_text": (
        {"text": "Expliquez le cycle de l'eau.", "general_feedback": "Citez les trois étapes."},
        {},
        "L'eau s'évapore…",
    ),
}


def _post(case: dict) -> dict:
    return {"default_grade": "1", "title": "", "general_feedback": "", **case}


class BankEditorTestCase(AuthoringTestCase):
    def new_url(self, kind: str) -> str:
        return f"/bank/questions/new/?org={self.org.pk}&type={kind}"

    def test_it_asks_for_the_type_first(self):
        self.login(self.trainer)
        r = self.client.get(f"/bank/questions/new/?org={self.org.pk}")
        self.assertContains(r, "Choose the type of question")
        for kind in CASES:
            self.assertContains(r, f"type={kind}")
        self.assertEqual(self.client.get("/bank/questions/new/?type=essay").status_code, 404)

    def test_it_shows_the_form_of_each_type(self):
        self.login(self.trainer)
        names = {
            "single_choice": 'name="correct"',
            "multiple_choice": 'name="right_0"',
            "true_false": 'name="correct_answer"',
            "short_answer": 'name="accent_sensitive"',
            "numeric": 'name="tolerance_0"',
            "matching": 'name="left_0"',
            "ordering": 'name="item_0"',
            "cloze": 'name="gaps"',
            "open_text": 'name="general_feedback"',
        }
        for kind, name in names.items():
            with self.subTest(kind=kind):
                r = self.client.get(self.new_url(kind))
                self.assertContains(r, name)
                self.assertContains(r, 'hx-post="/bank/questions/preview/?type=' + kind)
                self.assertContains(r, 'name="preview"')

    def test_it_creates_every_type_as_version_1(self):
        self.login(self.trainer)
        objective = self.course.objectives.first()
        for kind, (data, expected, _answer) in CASES.items():
            with self.subTest(kind=kind):
                r = self.client.post(
                    self.new_url(kind),
                    _post(
                        {**data, "title": f"T {kind}", "objective": objective.pk, "difficulty": "2"}
                    ),
                )
                self.assertRedirects(r, f"/bank/?org={self.org.pk}", fetch_redirect_response=False)
                question = Question.objects.order_by("-pk").first()
                self.assertEqual(question.organization, self.org)
                self.assertEqual(question.objective, objective)
                self.assertEqual(question.difficulty, 2)
                version = question.versions.get()
                self.assertEqual(version.number, 1)
                self.assertEqual(version.type, kind)
                self.assertEqual(version.title, f"T {kind}")
                self.assertEqual(version.text, data["text"])
                self.assertEqual(version.text_format, "markdown")
                neutral = version.as_neutral()
                for key, value in expected.items():
                    self.assertEqual(neutral[key], value, key)
        self.assertEqual(Question.objects.count(), 1 + len(CASES))

    def test_it_keeps_the_readiness_columns_of_choice_questions(self):
        self.login(self.trainer)
        data = {**CASES["single_choice"][0], "credit_0": ""}
        self.client.post(self.new_url("single_choice"), _post(data))
        version = QuestionVersion.objects.order_by("-pk").first()
        self.assertEqual(version.correct_index, 1)
        self.assertEqual([o["correct"] for o in version.options], [False, True, False])

    def test_it_edits_every_type_as_a_new_version_and_keeps_past_answers(self):
        for kind, (data, expected, answer) in CASES.items():
            with self.subTest(kind=kind):
                self.login(self.trainer)
                self.client.post(self.new_url(kind), _post(data))
                question = Question.objects.order_by("-pk").first()
                version_1 = question.latest_version
                add_question_to_quiz(quiz=self.quiz, question=question)
                attempt = start_attempt(
                    activity=self.quiz_activity, learner=self.learner, client_key=f"k-{kind}"
                )
                response = save_answer(attempt=attempt, version=version_1, answer=answer)
                url = f"/bank/questions/{question.pk}/"
                r = self.client.get(url)
                self.assertContains(r, "Saving creates version 2")
                self.assertContains(r, "Used in 1 quiz")
                self.assertContains(r, "answered 1 time")
                self.assertContains(r, "As learners see it")  # the current version's preview
                r = self.client.post(url, _post({**data, "text": data["text"] + " (v2)"}))
                self.assertRedirects(r, f"/bank/?org={self.org.pk}", fetch_redirect_response=False)
                version_2 = question.latest_version
                self.assertEqual(version_2.number, 2)
                self.assertEqual(version_2.text, data["text"] + " (v2)")
                for key, value in expected.items():
                    self.assertEqual(version_2.as_neutral()[key], value, key)
                response.refresh_from_db()
                self.assertEqual(response.question_version, version_1)
                version_1.refresh_from_db()
                self.assertEqual(version_1.text, data["text"])
                self.assertEqual(Response.objects.filter(question_version=version_2).count(), 0)

    def test_it_fills_the_form_with_the_latest_version(self):
        self.login(self.trainer)
        self.client.post(self.new_url("multiple_choice"), _post(CASES["multiple_choice"][0]))
        question = Question.objects.order_by("-pk").first()
        r = self.client.get(f"/bank/questions/{question.pk}/")
        self.assertContains(r, 'value="Jupiter"')
        self.assertContains(r, 'name="right_0" id="id_right_0" checked')
        self.assertContains(r, 'name="credit_2" value="-100"')
        self.assertNotContains(r, 'name="credit_0" value')  # right answers share equally
        self.client.post(self.new_url("cloze"), _post(CASES["cloze"][0]))
        question = Question.objects.order_by("-pk").first()
        r = self.client.get(f"/bank/questions/{question.pk}/")
        self.assertContains(
            r, "#100:1\n=gazeuse#Oui ~solide\n=évaporation =%50%ébullition</textarea>"
        )
        self.assertContains(r, 'name="accent_sensitive" id="id_accent_sensitive" checked')

    def test_it_changes_objective_and_difficulty_without_touching_the_text(self):
        self.login(self.trainer)
        self.client.post(self.new_url("open_text"), _post(CASES["open_text"][0]))
        question = Question.objects.order_by("-pk").first()
        objective = self.course.objectives.last()
        self.client.post(
            f"/bank/questions/{question.pk}/",
            _post({**CASES["open_text"][0], "objective": objective.pk, "difficulty": "3"}),
        )
        question.refresh_from_db()
        self.assertEqual((question.objective, question.difficulty), (objective, 3))


class EditorValidationTestCase(AuthoringTestCase):
    url = "/bank/questions/new/?type={kind}"

    def assert_refused(self, kind: str, data: dict, *messages: str) -> None:
        self.login(self.trainer)
        r = self.client.post(self.url.format(kind=kind), _post(data))
        self.assertEqual(r.status_code, 200)
        for message in messages:
            self.assertContains(r, message)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_asks_for_the_correct_option(self):
        data = {**CASES["single_choice"][0], "correct": ""}
        self.assert_refused("single_choice", data, "Mark the correct option.")
        self.assertEqual(QuestionVersion.objects.count(), 1)

    def test_it_keeps_what_was_typed(self):
        self.login(self.trainer)
        r = self.client.post(
            "/bank/questions/new/?type=single_choice",
            _post({**CASES["single_choice"][0], "correct": ""}),
        )
        self.assertContains(r, 'value="Dans l&#x27;atmosphère"')

    def test_it_needs_two_options(self):
        data = {"rows": "2", "text": "Q", "option_0": "A", "correct": "0"}
        self.assert_refused("single_choice", data, "A choice needs at least two answers.")

    def test_it_refuses_an_option_row_without_its_text(self):
        data = {**CASES["single_choice"][0], "option_2": "", "feedback_2": "Pourquoi ?"}
        self.assert_refused("single_choice", data, "Write the option, or empty its whole row.")

    def test_it_refuses_credits_that_do_not_add_up(self):
        data = {**CASES["multiple_choice"][0], "credit_0": "30", "credit_1": "30"}
        self.assert_refused(
            "multiple_choice", data, "The positive fractions must add up to 1; they add up to 0.60."
        )

    def test_it_needs_a_right_option_in_a_multiple_choice(self):
        data = {k: v for k, v in CASES["multiple_choice"][0].items() if not k.startswith("right")}
        self.assert_refused("multiple_choice", data, "Tick at least one right option.")

    def test_it_refuses_a_value_that_is_not_a_number(self):
        data = {**CASES["numeric"][0], "value_0": "trois"}
        self.assert_refused("numeric", data, "Write a number, such as 3.14.")

    def test_it_refuses_a_gap_without_its_marker(self):
        data = {**CASES["cloze"][0], "text": "L'eau bout à {{1}} °C."}
        self.assert_refused("cloze", data, "Gap 2 has no marker in the text.")

    def test_it_explains_a_malformed_gap_line(self):
        data = {**CASES["cloze"][0], "gaps": "#cent\n=gazeuse"}
        self.assert_refused("cloze", data, "Gap 1: “cent” is not a number.")

    def test_it_needs_two_pairs(self):
        data = {"rows": "2", "text": "Associez", "left_0": "a", "right_0": "b"}
        self.assert_refused("matching", data, "A matching question needs at least two pairs")

    def test_it_needs_two_items(self):
        self.assert_refused(
            "ordering", {"rows": "2", "text": "Ordre", "item_0": "un"}, "needs at least two items"
        )

    def test_it_needs_a_text(self):
        self.assert_refused("open_text", {"text": ""}, "This field is required.")

    def test_it_needs_the_true_answer_of_a_true_false(self):
        self.assert_refused("true_false", {"text": "Vrai ?"}, "This field is required.")


class EditorRowsTestCase(AuthoringTestCase):
    url = "/bank/questions/new/?type=single_choice"

    def test_it_adds_a_row_without_saving(self):
        self.login(self.trainer)
        r = self.client.post(self.url, _post({**CASES["single_choice"][0], "add_row": "1"}))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'name="option_3"')
        self.assertNotContains(r, 'name="option_4"')
        self.assertContains(r, 'name="rows" value="4"')
        self.assertContains(r, 'value="Dans l&#x27;atmosphère"')
        self.assertNotContains(r, "errorlist")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_removes_a_row_and_keeps_the_correct_option(self):
        self.login(self.trainer)
        r = self.client.post(self.url, _post({**CASES["single_choice"][0], "remove_row": "0"}))
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "Dans l&#x27;océan")
        self.assertContains(r, 'name="option_0" value="Dans l&#x27;atmosphère"')
        self.assertContains(r, 'name="correct" value="0" id="id_correct_0" checked')
        self.assertContains(r, 'name="rows" value="2"')
        self.assertEqual(Question.objects.count(), 1)

    def test_it_keeps_the_minimum_number_of_rows(self):
        self.login(self.trainer)
        data = {"rows": "2", "text": "Q", "option_0": "a", "option_1": "b", "remove_row": "1"}
        r = self.client.post(self.url, _post(data))
        self.assertContains(r, 'name="option_1"')
        self.assertNotContains(r, 'name="remove_row"')


class PreviewTestCase(AuthoringTestCase):
    url = "/bank/questions/preview/?type=single_choice"

    def test_it_returns_the_partial_to_htmx(self):
        self.login(self.trainer)
        r = self.client.post(self.url, _post(CASES["single_choice"][0]), HTTP_HX_REQUEST="true")
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, "<html")
        self.assertContains(r, "Où se forment les <strong>nuages</strong> ?")
        self.assertContains(r, '<input type="radio" name="preview-choice">', count=3)
        self.assertContains(r, "<strong>Dans l'atmosphère</strong>")
        self.assertNotContains(r, "Still to fix")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_lists_what_is_still_to_fix(self):
        self.login(self.trainer)
        data = {**CASES["single_choice"][0], "correct": ""}
        r = self.client.post(self.url, _post(data), HTTP_HX_REQUEST="true")
        self.assertContains(r, "Still to fix before saving")
        self.assertContains(r, "Mark the correct option.")

    def test_it_sanitises_what_it_shows(self):
        self.login(self.trainer)
        data = {
            **CASES["single_choice"][0],
            "text": "<script>alert(1)</script>[x](javascript:alert(1))",
        }
        r = self.client.post(self.url, _post(data), HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "<script>")
        self.assertNotContains(r, 'href="javascript')

    def test_it_shows_a_page_without_htmx(self):
        self.login(self.trainer)
        r = self.client.post(self.url, _post(CASES["cloze"][0]) | {"type": "cloze"})
        self.assertContains(r, "<html", status_code=200)
        self.assertContains(r, "As learners see it")

    def test_it_previews_from_the_editor_button_without_javascript(self):
        self.login(self.trainer)
        r = self.client.post(
            "/bank/questions/new/?type=numeric", _post({**CASES["numeric"][0], "preview": "1"})
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'inputmode="decimal"')
        self.assertContains(r, "3.14 ± 0.01")
        self.assertContains(r, 'value="3,14"')
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_an_unknown_type(self):
        self.login(self.trainer)
        r = self.client.post("/bank/questions/preview/?type=essay", {"text": "x"})
        self.assertEqual(r.status_code, 404)

    def test_it_is_for_trainers_only(self):
        self.assert_login_required(self.url, "post")
        self.assert_manager_forbidden(self.url, "post", {"text": "x"})
        self.login(self.learner)
        self.assertEqual(self.client.post(self.url, {"text": "x"}).status_code, 404)
        self.login(self.trainer)
        self.assertEqual(self.client.get(self.url).status_code, 405)


class BankEditorPermissionsTestCase(AuthoringTestCase):
    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden("/bank/questions/new/?type=numeric", "get")
        self.assert_manager_forbidden(
            "/bank/questions/new/?type=open_text", "post", {"text": "X", "default_grade": "1"}
        )
        self.assert_manager_forbidden(f"/bank/questions/{self.question.pk}/", "get")
        self.assertEqual(Question.objects.count(), 1)
        self.assertEqual(self.question.versions.count(), 1)

    def test_it_hides_a_question_of_another_organization(self):
        other = create_question(
            organization=self.other_org,
            text="Autre",
            options=[{"text": "a", "correct": True}, {"text": "b"}],
        )
        for user in (self.trainer, self.learner, self.manager):
            self.login(user)
            self.assertEqual(self.client.get(f"/bank/questions/{other.pk}/").status_code, 404)
        self.login(self.outsider_manager)
        url = f"/bank/questions/{self.question.pk}/"
        self.assertEqual(self.client.get(url).status_code, 404)
        r = self.client.post(
            f"/bank/questions/new/?org={self.org.pk}&type=open_text", {"text": "X"}
        )
        self.assertEqual(r.status_code, 404)
        self.assertEqual(Question.objects.count(), 2)

    def test_it_lets_every_trainer_of_the_organization_edit_its_bank(self):
        self.login(self.other_trainer)
        r = self.client.post(
            f"/bank/questions/{self.question.pk}/", _post(CASES["single_choice"][0])
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(self.question.versions.count(), 2)

    def test_it_requires_login(self):
        self.assert_login_required("/bank/questions/new/")
        self.assert_login_required(f"/bank/questions/{self.question.pk}/", "post")


class HtmlQuestionTestCase(AuthoringTestCase):
    def test_it_keeps_an_imported_html_question_in_html_and_sanitises_it(self):
        question = create_question(
            organization=self.org,
            neutral={
                "type": "open_text",
                "text": "<p>Décrivez <b>le cycle</b>.</p>",
                "text_format": "html",
            },
        )
        self.login(self.trainer)
        url = f"/bank/questions/{question.pk}/"
        r = self.client.get(url)
        self.assertContains(r, "Imported as HTML")
        self.assertContains(r, "?type=open_text&amp;format=html")
        self.assertContains(r, "<p>Décrivez <b>le cycle</b>.</p>")  # the preview renders it
        self.client.post(
            url, {"text": '<p onclick="steal()">Décrivez <b>le cycle</b>.<script>x()</script></p>'}
        )
        version = question.latest_version
        self.assertEqual((version.number, version.text_format), (2, "html"))
        self.assertEqual(version.text, "<p>Décrivez <b>le cycle</b>.</p>")
