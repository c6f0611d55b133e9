"""The learner's quiz page for every question type: drawn, answered and graded through
HTTP, then corrected on the result page."""

import re

from amont.quizzes.actions import add_question_to_quiz, create_question, quiz_versions
from amont.quizzes.models import Attempt, Response
from amont.test import BaseTestCase

MULTIPLE = {
    "type": "multiple_choice",
    "text": "Sous quels états trouve-t-on l'eau **chez soi** ?",
    "answers": [
        {"text": "Solide", "fraction": 0.5, "feedback": "Oui, la glace."},
        {"text": "Liquide", "fraction": 0.5, "feedback": ""},
        {"text": "Plasma", "fraction": -1.0, "feedback": "Pas dans la vie courante."},
    ],
}
TRUE_FALSE = {
    "type": "true_false",
    "text": "L'eau bout à 100 °C au niveau de la mer.",
    "answers": [
        {"text": "true", "fraction": 1.0, "feedback": "Exact."},
        {"text": "false", "fraction": 0.0, "feedback": "Si, à 100 °C."},
    ],
}
SHORT = {
    "type": "short_answer",
    "text": "Comment appelle-t-on le passage de l'eau liquide à la vapeur ?",
    "answers": [{"text": "évaporation", "fraction": 1.0, "feedback": "Bien vu."}],
    "accent_sensitive": False,
}
NUMERIC = {
    "type": "numeric",
    "text": "À quelle température l'eau bout-elle (°C) ? H₂O, √4 = 2",
    "answers": [{"text": "100", "value": 100.0, "tolerance": 1.0, "fraction": 1.0}],
}
MATCHING = {
    "type": "matching",
    "text": "Associe chaque forme de l'eau à son état.",
    "pairs": [
        {"left": "Glace", "right": "Solide"},
        {"left": "Vapeur", "right": "Gaz"},
        {"left": "", "right": "Plasma"},
    ],
}
ORDERING = {
    "type": "ordering",
    "text": "Remets les étapes du cycle dans l'ordre.",
    "items": ["Évaporation", "Condensation", "Précipitation"],
}
CLOZE = {
    "type": "cloze",
    "text": "L'eau {{1}} à 100 °C et gèle à {{2}} °C : c'est {{3}}.",
    "gaps": [
        {"kind": "short_answer", "answers": [{"text": "bout", "fraction": 1.0}]},
        {"kind": "numeric", "answers": [{"text": "0", "value": 0, "tolerance": 0, "fraction": 1}]},
        {
            "kind": "choice",
            "answers": [
                {"text": "vrai", "fraction": 1.0, "feedback": "Oui."},
                {"text": "faux", "fraction": 0.0, "feedback": "Relis le cours."},
            ],
        },
    ],
}
OPEN = {"type": "open_text", "text": "Qu'as-tu retenu de la vidéo ?"}

TYPES = (MULTIPLE, TRUE_FALSE, SHORT, NUMERIC, MATCHING, ORDERING, CLOZE, OPEN)


class QuizTypesPageTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/learn/activities/{self.quiz_activity.pk}/"
        for neutral in TYPES:
            question = create_question(organization=self.org, neutral=neutral)
            add_question_to_quiz(quiz=self.quiz, question=question)
        versions = quiz_versions(self.quiz)
        (
            self.single,
            self.multiple,
            self.true_false,
            self.short,
            self.numeric,
            self.matching,
            self.ordering,
            self.cloze,
            self.open,
        ) = versions
        self.versions = versions

    def _right_answers(self) -> dict:
        return {
            f"choice_{self.single.pk}": "0",
            f"choice_{self.multiple.pk}": ["0", "1"],
            f"choice_{self.true_false.pk}": "true",
            f"answer_{self.short.pk}": "Evaporation ",
            f"answer_{self.numeric.pk}": "99,5",
            f"match_{self.matching.pk}_0": "0",  # rights: Solide, Gaz, Plasma
            f"match_{self.matching.pk}_1": "1",
            f"order_{self.ordering.pk}_0": "1",
            f"order_{self.ordering.pk}_1": "2",
            f"order_{self.ordering.pk}_2": "3",
            f"gap_{self.cloze.pk}_0": "bout",
            f"gap_{self.cloze.pk}_1": "0",
            f"gap_{self.cloze.pk}_2": "0",
            f"answer_{self.open.pk}": "Que l'eau circule sans cesse.",
        }

    def _post(self, answers: dict, *, key="key-types-01", confidence="sure", **extra):
        data = {"client_key": key, "version": [str(v.pk) for v in self.versions], **extra}
        for version in self.versions:
            if version.type != "open_text" and confidence:
                data[f"confidence_{version.pk}"] = confidence
        data.update(answers)
        return self.client.post(self.url, data)

    def test_it_draws_an_input_for_every_type(self):
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        # Markdown in the text, Unicode math kept as typed.
        self.assertContains(response, "<strong>chez soi</strong>", html=True)
        self.assertContains(response, "H₂O, √4 = 2")
        # Multiple choice: checkboxes; true/false: two radios.
        self.assertContains(response, f'type="checkbox" name="choice_{self.multiple.pk}"', count=3)
        self.assertContains(response, f'name="choice_{self.true_false.pk}" value="true"')
        self.assertContains(response, f'name="choice_{self.true_false.pk}" value="false"')
        # Short answer: no autocorrection; numeric: a decimal keypad.
        short = re.search(rf'<input[^>]*name="answer_{self.short.pk}"[^>]*>', html)[0]
        self.assertIn('autocomplete="off"', short)
        self.assertIn('autocapitalize="off"', short)
        numeric = re.search(rf'<input[^>]*name="answer_{self.numeric.pk}"[^>]*>', html)[0]
        self.assertIn('inputmode="decimal"', numeric)
        # Matching: one select per left, labelled by it; the distractor is a choice.
        self.assertContains(response, f'<select name="match_{self.matching.pk}_0"')
        self.assertContains(response, f'<select name="match_{self.matching.pk}_1"')
        self.assertNotContains(response, f'name="match_{self.matching.pk}_2"')
        self.assertContains(response, f'<label for="id_match_{self.matching.pk}_0">Glace</label>')
        self.assertContains(response, "Plasma")
        # Ordering: a numbered position per item, never already in the right order.
        positions = [
            int(re.search(rf'name="order_{self.ordering.pk}_{item}"', html).start())
            for item in range(3)
        ]
        self.assertNotEqual(positions, sorted(positions))
        self.assertContains(response, "data-ordering")
        # Cloze: the gaps inside the text, each labelled.
        self.assertNotContains(response, "{{1}}")
        self.assertContains(response, 'aria-label="Gap 1"')
        self.assertContains(response, 'aria-label="Gap 2"')
        self.assertContains(response, f'<select name="gap_{self.cloze.pk}_2"')
        gap = re.search(rf'<input[^>]*name="gap_{self.cloze.pk}_1"[^>]*>', html)[0]
        self.assertIn('inputmode="decimal"', gap)
        # Open text: a textarea and no degree of certainty.
        self.assertContains(response, f'<textarea name="answer_{self.open.pk}"')
        self.assertNotContains(response, f'name="confidence_{self.open.pk}"')
        self.assertContains(response, "How sure are you?", count=8)
        self.assertContains(response, 'type="radio" name="confidence_', count=32)
        self.assertContains(response, "data-status", count=9)
        self.assertLess(len(response.content), 30_000)

    def test_it_grades_every_type(self):
        self.login(self.learner)
        response = self._post(self._right_answers())
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

        attempt = Attempt.objects.get()
        self.assertIsNotNone(attempt.submitted_at)
        # Eight auto-graded questions right; the open text waits for the trainer.
        self.assertEqual((attempt.score, attempt.max_score), (8.0, 9.0))
        answers = {r.question_version_id: r for r in Response.objects.filter(attempt=attempt)}
        self.assertEqual(len(answers), 9)
        self.assertEqual(answers[self.multiple.pk].answer, [0, 1])
        self.assertIs(answers[self.true_false.pk].answer, True)
        self.assertEqual(answers[self.short.pk].answer, "Evaporation")  # trimmed
        self.assertEqual(answers[self.numeric.pk].answer, "99,5")
        self.assertEqual(answers[self.matching.pk].answer, {"0": "Solide", "1": "Gaz"})
        self.assertEqual(answers[self.ordering.pk].answer, [0, 1, 2])
        self.assertEqual(answers[self.cloze.pk].answer, ["bout", "0", 0])
        self.assertEqual(answers[self.open.pk].answer, "Que l'eau circule sans cesse.")
        for version in self.versions[:-1]:
            with self.subTest(type=version.type):
                self.assertEqual(answers[version.pk].score, 1.0)
                self.assertIs(answers[version.pk].is_correct, True)
                self.assertEqual(answers[version.pk].confidence, "sure")
        self.assertIsNone(answers[self.open.pk].score)
        self.assertEqual(answers[self.open.pk].confidence, "")

        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 8 out of 9")
        self.assertContains(page, "✓ Right", count=8)
        self.assertContains(page, "Not graded automatically")
        self.assertContains(page, "Glace → Solide")
        self.assertContains(page, "Gap 2: 0")
        self.assertContains(page, "Right answer: <strong>100 ± 1</strong>")
        self.assertContains(page, "Right answer: <strong>True</strong>")
        self.assertContains(page, "Exact.")  # the chosen answer's feedback
        self.assertNotContains(page, "You were sure, but")

    def test_it_gives_partial_credit_and_flags_confident_mistakes(self):
        self.login(self.learner)
        answers = self._right_answers() | {
            f"choice_{self.multiple.pk}": ["0"],
            f"answer_{self.numeric.pk}": "90",
            f"match_{self.matching.pk}_1": "2",  # Vapeur → Plasma
            f"order_{self.ordering.pk}_0": "2",
            f"order_{self.ordering.pk}_1": "1",
            f"gap_{self.cloze.pk}_2": "1",
        }
        self._post(answers, confidence="fairly_sure")
        scores = {r.question_version_id: r.score for r in Response.objects.all()}
        self.assertEqual(scores[self.multiple.pk], 0.5)
        self.assertEqual(scores[self.numeric.pk], 0.0)
        self.assertEqual(scores[self.matching.pk], 0.5)
        self.assertAlmostEqual(scores[self.ordering.pk], 1 / 3)
        self.assertAlmostEqual(scores[self.cloze.pk], 2 / 3)
        # single, true/false and short answer right; the rest in part
        self.assertAlmostEqual(Attempt.objects.get().score, 3 + 0.5 + 0.5 + 1 / 3 + 2 / 3)

        page = self.client.get(self.url)
        self.assertContains(page, "Your score: 5 out of 9")
        self.assertContains(page, "◐ Partly right", count=4)
        self.assertContains(page, "✗ Not quite", count=1)
        self.assertContains(page, "0.5 / 1 pt", count=2)
        self.assertContains(page, "you were fairly sure", count=8)
        # Confident and not (fully) right: five misconceptions.
        self.assertContains(page, "You were sure, but this is not the right answer.", count=5)
        self.assertContains(page, "Oui, la glace.")
        self.assertContains(page, "Relis le cours.")  # the chosen gap answer's feedback
        self.assertContains(page, "Vapeur → Plasma")
        self.assertContains(page, "Vapeur → Gaz")

    def test_it_points_at_each_wrong_field(self):
        self.login(self.learner)
        answers = self._right_answers() | {
            f"answer_{self.numeric.pk}": "cent",
            f"order_{self.ordering.pk}_1": "1",  # two items in position 1
            f"gap_{self.cloze.pk}_0": "",
        }
        del answers[f"match_{self.matching.pk}_0"]
        response = self._post(answers)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Attempt.objects.exists())
        html = response.content.decode()
        self.assertContains(response, 'role="alert"')
        self.assertContains(response, "Enter a number, such as 12.5 or 12,5.")
        numeric = re.search(rf'<input[^>]*name="answer_{self.numeric.pk}"[^>]*>', html)[0]
        self.assertIn(f'aria-describedby="id_answer_{self.numeric.pk}_error"', numeric)
        self.assertIn('value="cent"', numeric)
        self.assertContains(response, f'id="id_answer_{self.numeric.pk}_error"')
        self.assertContains(response, "Give each item a different position.", count=2)
        self.assertContains(response, "Choose a match.")
        self.assertContains(response, "Gap 1: Fill in this gap.")
        self.assertContains(response, f'id="id_gap_{self.cloze.pk}_0_error"')
        # What was right stays filled in.
        self.assertContains(response, 'value="Evaporation "')

    def test_it_renders_html_questions_sanitised_and_images(self):
        html_question = create_question(
            organization=self.org,
            neutral={
                "type": "true_false",
                "text": '<p onclick="x()">Vrai <b>ou</b> faux ?<script>alert(1)</script></p>',
                "text_format": "html",
                "answers": [{"text": "true", "fraction": 1.0}, {"text": "false", "fraction": 0}],
            },
        )
        image_question = create_question(
            organization=self.org,
            neutral={
                "type": "short_answer",
                "text": "Que montre ce schéma ?\n\n![Le cycle de l'eau](/media/cycle.png)",
                "answers": [{"text": "le cycle", "fraction": 1.0}],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=html_question)
        add_question_to_quiz(quiz=self.quiz, question=image_question)
        self.login(self.learner)
        response = self.client.get(self.url)
        self.assertContains(response, "<p>Vrai <b>ou</b> faux ?</p>", html=True)
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "onclick")
        self.assertContains(response, '<img src="/media/cycle.png" alt="Le cycle de l\'eau">')

    def test_it_keeps_a_constant_number_of_queries(self):
        self.login(self.learner)
        # Django session, user, activity, required quizzes before it, quiz items, versions,
        # attempt in progress, attempts used, nav.
        with self.assertNumQueries(9):
            self.client.get(self.url)
        self.client.post(
            self.url,
            {
                "action": "save",
                "client_key": "key-types-01",
                "version": str(self.short.pk),
                f"answer_{self.short.pk}": "évaporation",
            },
        )
        # ... and the attempt's responses, to resume.
        with self.assertNumQueries(10):
            self.client.get(self.url)
        self._post(self._right_answers())
        # Result: session, user, activity, rule, items, versions, no attempt in progress,
        # latest attempt, attempts used, responses, nav.
        with self.assertNumQueries(11):
            self.client.get(self.url)


class ChoiceShuffleTestCase(BaseTestCase):
    def _page_order(self, shuffle: bool) -> list[str]:
        texts = [f"Proposition {n}" for n in range(8)]
        question = create_question(
            organization=self.org,
            neutral={
                "type": "single_choice",
                "text": "Laquelle ?",
                "shuffle": shuffle,
                "answers": [
                    {"text": t, "fraction": 1.0 if i == 0 else 0.0} for i, t in enumerate(texts)
                ],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=question)
        self.login(self.learner)
        html = self.client.get(f"/learn/activities/{self.quiz_activity.pk}/").content.decode()
        return re.findall(r"Proposition \d", html)

    def test_it_keeps_the_stored_order_without_shuffle(self):
        self.assertEqual(self._page_order(False), [f"Proposition {n}" for n in range(8)])

    def test_it_shuffles_options_when_the_trainer_asked(self):
        order = self._page_order(True)
        self.assertEqual(sorted(order), [f"Proposition {n}" for n in range(8)])
        self.assertNotEqual(order, [f"Proposition {n}" for n in range(8)])
