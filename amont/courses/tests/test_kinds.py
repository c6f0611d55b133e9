"""The activity-kind registry (courses/kinds.py): every stored kind is declared once, by
the app that owns it, and the session page offers each phase's kinds in its order."""

from django.test import SimpleTestCase

from amont.courses.kinds import KINDS, ActivityKind, kind_fits_phase, kinds_for_phase, register
from amont.courses.models import KIND_TARGET, Kind, Phase


class RegistryTestCase(SimpleTestCase):
    def test_it_declares_every_stored_kind_once_with_its_target(self):
        self.assertEqual(set(KINDS), set(Kind.values))
        for value, kind in KINDS.items():
            with self.subTest(kind=value):
                self.assertEqual(kind.value, value)
                self.assertEqual(kind.target, KIND_TARGET.get(Kind(value)))
                self.assertTrue(kind.phases)
                self.assertTrue(set(kind.phases) <= set(Phase.values))

    def test_it_keeps_each_kind_in_the_app_that_owns_it(self):
        owners = {value: type(kind).__module__ for value, kind in KINDS.items()}
        self.assertEqual(
            owners,
            {
                "article": "amont.content.kinds",
                "resource": "amont.content.kinds",
                "quiz": "amont.quizzes.kinds",
                "unclear": "amont.quizzes.kinds",
                "live_vote": "amont.live.kinds",
                "feedback": "amont.after.kinds",
            },
        )

    def test_it_refuses_a_kind_registered_twice(self):
        class Again(ActivityKind):
            value = Kind.QUIZ
            phases = {Phase.BEFORE: 1}

        with self.assertRaisesMessage(ValueError, "registered twice"):
            register(Again)
        self.assertIsNot(type(KINDS[Kind.QUIZ]), Again)

    def test_it_lists_the_kinds_of_a_phase_in_their_order(self):
        self.assertEqual(
            [kind.value for kind in kinds_for_phase(Phase.BEFORE)],
            ["resource", "article", "quiz", "unclear"],
        )
        self.assertEqual([kind.value for kind in kinds_for_phase(Phase.DURING)], ["live_vote"])
        self.assertEqual(
            [kind.value for kind in kinds_for_phase(Phase.AFTER)],
            ["quiz", "unclear", "feedback", "article", "resource"],
        )

    def test_it_says_which_kinds_fit_which_phase(self):
        self.assertTrue(kind_fits_phase("quiz", "before"))
        self.assertFalse(kind_fits_phase("live_vote", "before"))
        self.assertFalse(kind_fits_phase("feedback", "during"))
        self.assertFalse(kind_fits_phase("nonsense", "before"))
        self.assertFalse(kind_fits_phase("quiz", "nonsense"))
