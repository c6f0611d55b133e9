"""The question-type registry (quizzes/types/): every stored type is declared once, in
its own module, and the lists kept elsewhere (the model's choices, the formats' names,
scoring's tables) name the same types."""

from django.template.loader import get_template
from django.test import SimpleTestCase

from amont.quizzes import scoring
from amont.quizzes.formats import QUESTION_TYPES as FORMAT_TYPES
from amont.quizzes.models import QuestionType
from amont.quizzes.types import QUESTION_TYPES, question_type
from amont.quizzes.types.base import QuestionType as Entry
from amont.quizzes.types.base import register


class RegistryTestCase(SimpleTestCase):
    def test_it_declares_every_stored_type_once(self):
        self.assertEqual(set(QUESTION_TYPES), set(QuestionType.values))
        self.assertEqual(set(QUESTION_TYPES), set(FORMAT_TYPES))
        for value, entry in QUESTION_TYPES.items():
            with self.subTest(type=value):
                self.assertEqual(entry.value, value)
                self.assertIs(question_type(value), entry)

    def test_it_keeps_each_type_in_its_module(self):
        owners = {value: type(entry).__module__ for value, entry in QUESTION_TYPES.items()}
        self.assertEqual(owners, {value: f"amont.quizzes.types.{value}" for value in owners})

    def test_it_grades_and_checks_with_scorings_functions(self):
        self.assertEqual(set(scoring._GRADERS), set(QUESTION_TYPES))
        self.assertEqual(set(scoring._CHECKERS), set(QUESTION_TYPES))
        for value, entry in QUESTION_TYPES.items():
            with self.subTest(type=value):
                self.assertIs(entry.grade, scoring._GRADERS[value])
                self.assertIs(entry.check, scoring._CHECKERS[value])

    def test_it_names_an_editor_form_of_the_same_type(self):
        for value, entry in QUESTION_TYPES.items():
            with self.subTest(type=value):
                self.assertEqual(entry.editor_form.question_type, value)
                self.assertTrue(str(entry.help))

    def test_it_names_templates_that_exist(self):
        for value, entry in QUESTION_TYPES.items():
            with self.subTest(type=value):
                get_template(entry.widget_template)
                get_template(entry.pack_template)
                if entry.preview_template is not None:
                    get_template(entry.preview_template)

    def test_the_choice_types_are_those_stored_in_options(self):
        self.assertEqual(
            {value for value, entry in QUESTION_TYPES.items() if entry.is_choice},
            {"single_choice", "multiple_choice", "true_false"},
        )

    def test_only_open_text_waits_for_the_trainer(self):
        self.assertEqual(
            [value for value, entry in QUESTION_TYPES.items() if not entry.graded],
            ["open_text"],
        )

    def test_live_votes_ask_the_types_with_one_choice(self):
        self.assertEqual(
            {value for value, entry in QUESTION_TYPES.items() if entry.live_vote},
            {"single_choice", "true_false"},
        )

    def test_it_refuses_a_type_registered_twice(self):
        class Again(Entry):
            value = "cloze"

        with self.assertRaisesMessage(ValueError, "registered twice"):
            register(Again)
        self.assertIsNot(type(QUESTION_TYPES["cloze"]), Again)
