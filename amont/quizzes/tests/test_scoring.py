"""Grading of every question type (pure: no database), with property tests over
generated neutral questions and arbitrary answers."""

import math
import string
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from amont.quizzes import scoring
from amont.quizzes.formats import QUESTION_TYPES
from amont.quizzes.scoring import (
    CONFIDENCE_LEVELS,
    Grade,
    check_question,
    grade_answer,
    is_confident,
    is_misconception,
    max_score_for,
    normalize_text,
    parse_number,
)

# Builders ----------------------------------------------------------------------------


def _answer(text: str, fraction: float, feedback: str = "", **extra: Any) -> dict[str, Any]:
    return {"text": text, "fraction": fraction, "feedback": feedback, **extra}


def _single(*fractions: float) -> dict[str, Any]:
    return {
        "type": "single_choice",
        "text": "Où se forment les nuages ?",
        "answers": [_answer(f"option {i}", f, f"feedback {i}") for i, f in enumerate(fractions)],
    }


def _multiple(*fractions: float) -> dict[str, Any]:
    return {**_single(*fractions), "type": "multiple_choice"}


def _short(*accepted: tuple[str, float], **options: Any) -> dict[str, Any]:
    return {
        "type": "short_answer",
        "text": "Comment l'eau passe-t-elle dans l'air ?",
        "answers": [_answer(text, fraction, f"fb {text}") for text, fraction in accepted],
        **options,
    }


def _numeric(*answers: tuple[float, float, float]) -> dict[str, Any]:
    return {
        "type": "numeric",
        "text": "Valeur de pi ?",
        "answers": [
            _answer(str(value), fraction, f"fb {value}", value=value, tolerance=tolerance)
            for value, tolerance, fraction in answers
        ],
    }


TRUE_FALSE = {
    "type": "true_false",
    "text": "L'eau bout à 100 °C au niveau de la mer.",
    "answers": [_answer("true", 1.0, "Oui."), _answer("false", 0.0, "Non.")],
}
MATCHING = {
    "type": "matching",
    "text": "Associez.",
    "pairs": [
        {"left": "Évaporation", "right": "liquide → gaz"},
        {"left": "Condensation", "right": "gaz → liquide"},
        {"left": "Fusion", "right": "solide → liquide"},
        {"left": "", "right": "liquide → solide"},  # a distractor
    ],
}
ORDERING = {
    "type": "ordering",
    "text": "Remettez dans l'ordre.",
    "items": ["évaporation", "condensation", "précipitation", "ruissellement"],
}
CLOZE = {
    "type": "cloze",
    "text": "L'eau {{1}} au soleil, à {{2}} °C elle bout ; la vapeur se {{3}}.",
    "gaps": [
        {"kind": "short_answer", "answers": [_answer("s'évapore", 1.0, "Bien.")]},
        {"kind": "numeric", "answers": [_answer("100", 1.0, "Oui.", value=100, tolerance=0)]},
        {
            "kind": "choice",
            "answers": [_answer("condense", 1.0, "Exact."), _answer("solidifie", 0.0, "Non.")],
        },
    ],
}
OPEN_TEXT = {"type": "open_text", "text": "Qu'avez-vous retenu ?"}


def right_answer(question: dict[str, Any]) -> Any:
    """An answer that must get full marks, built from the question alone."""
    kind = question["type"]
    answers = question.get("answers", [])
    if kind == "single_choice":
        return next(i for i, a in enumerate(answers) if a["fraction"] == 1.0)
    if kind == "multiple_choice":
        return {i for i, a in enumerate(answers) if a["fraction"] > 0}
    if kind == "true_false":
        return next(a["text"] == "true" for a in answers if a["fraction"] == 1.0)
    if kind == "short_answer":
        return next(a["text"] for a in answers if a["fraction"] == 1.0)
    if kind == "numeric":
        return next(a["value"] for a in answers if a["fraction"] == 1.0)
    if kind == "matching":
        return {i: p["right"] for i, p in enumerate(question["pairs"]) if p["left"]}
    if kind == "ordering":
        return list(range(len(question["items"])))
    if kind == "cloze":
        return [right_answer({"type": _GAP_TYPES[g["kind"]], **g}) for g in question["gaps"]]
    return "Une réflexion."


_GAP_TYPES = {"choice": "single_choice", "numeric": "numeric", "short_answer": "short_answer"}


def problems(question: Any) -> list[str]:
    with translation.override("en"):
        return check_question(question)


def test_it_grades_and_checks_every_question_type():
    assert set(scoring._GRADERS) == set(QUESTION_TYPES)
    assert set(scoring._CHECKERS) == set(QUESTION_TYPES)


# Single choice -----------------------------------------------------------------------


def test_it_grades_single_choice():
    question = _single(0.0, 1.0, 0.5, -0.5)
    assert grade_answer(question, 1) == Grade(1.0, True, ("feedback 1",))
    assert grade_answer(question, 0) == Grade(0.0, False, ("feedback 0",))
    assert grade_answer(question, 2) == Grade(0.5, False, ("feedback 2",))
    assert grade_answer(question, 3) == Grade(0.0, False, ("feedback 3",))


def test_it_grades_bad_single_choice_answers_as_zero():
    question = _single(1.0, 0.0)
    for bad in (None, 2, -1, "1", 1.0, True, [1], {1}, {"answer": 1}):
        assert grade_answer(question, bad) == Grade(0.0, False)


def test_it_skips_empty_feedback():
    question = _single(1.0, 0.0)
    question["answers"][0]["feedback"] = "  "
    assert grade_answer(question, 0).feedback == ()


# Multiple choice ---------------------------------------------------------------------


def test_it_gives_partial_credit_for_multiple_choice():
    question = _multiple(0.5, 0.5, -1.0, 0.0)
    assert grade_answer(question, [0, 1]).score == 1.0
    assert grade_answer(question, [0, 1]).correct is True
    assert grade_answer(question, [0]) == Grade(0.5, False, ("feedback 0",))
    assert grade_answer(question, {0, 3}).score == 0.5
    assert grade_answer(question, (1, 0, 3)).feedback == ("feedback 0", "feedback 1", "feedback 3")
    assert grade_answer(question, []) == Grade(0.0, False)


def test_it_clamps_multiple_choice_penalties_at_zero():
    question = _multiple(0.5, 0.5, -1.0, -0.5)
    assert grade_answer(question, [0, 2]).score == 0.0
    assert grade_answer(question, [0, 1, 3]).score == 0.5
    assert grade_answer(question, [2, 3]).score == 0.0
    assert grade_answer(question, [0, 1, 2, 3]).score == 0.0


def test_it_counts_a_multiple_choice_index_once():
    question = _multiple(0.5, 0.5, 0.0)
    assert grade_answer(question, [0, 0, 0]).score == 0.5


def test_it_gives_full_marks_when_thirds_are_rounded():
    question = _multiple(0.33, 0.33, 0.33, -1.0)
    grade = grade_answer(question, [0, 1, 2])
    assert grade.score == 1.0
    assert grade.correct is True
    assert grade_answer(question, [0]).score == pytest.approx(1 / 3)


def test_it_keeps_moodles_plain_sum_for_questions_that_do_not_add_up():
    question = _multiple(0.5, 0.25, 0.0)  # check_question rejects it; grading still works
    grade = grade_answer(question, [0, 1])
    assert (grade.score, grade.correct) == (0.75, False)


def test_it_grades_bad_multiple_choice_answers_as_zero():
    question = _multiple(0.5, 0.5)
    for bad in (None, 0, "0,1", [0, 5], [0, -1], [0, True], [0, "1"], {0: True}, [[0]]):
        assert grade_answer(question, bad) == Grade(0.0, False)


# True / false ------------------------------------------------------------------------


def test_it_grades_true_false():
    assert grade_answer(TRUE_FALSE, True) == Grade(1.0, True, ("Oui.",))
    assert grade_answer(TRUE_FALSE, False) == Grade(0.0, False, ("Non.",))


def test_it_finds_true_and_false_by_their_text():
    question = {**TRUE_FALSE, "answers": list(reversed(TRUE_FALSE["answers"]))}
    assert grade_answer(question, True).score == 1.0
    assert grade_answer(question, False).score == 0.0


def test_it_grades_bad_true_false_answers_as_zero():
    for bad in (None, 1, 0, "true", "vrai", [True]):
        assert grade_answer(TRUE_FALSE, bad) == Grade(0.0, False)


# Short answer ------------------------------------------------------------------------


def test_it_ignores_case_unless_told_otherwise():
    question = _short(("Évaporation", 1.0))
    assert grade_answer(question, "évaporation").score == 1.0
    assert grade_answer(question, "ÉVAPORATION").score == 1.0
    sensitive = {**question, "case_sensitive": True}
    assert grade_answer(sensitive, "évaporation").score == 0.0
    assert grade_answer(sensitive, "Évaporation").score == 1.0


def test_it_respects_accents_unless_told_otherwise():
    question = _short(("évaporation", 1.0))
    assert grade_answer(question, "evaporation").score == 0.0
    assert grade_answer(question, "évaporation").score == 1.0
    lenient = {**question, "accent_sensitive": False}
    assert grade_answer(lenient, "evaporation").score == 1.0
    assert grade_answer(lenient, "EVAPORATION").score == 1.0
    assert grade_answer(lenient, "évaporation").score == 1.0
    assert grade_answer(lenient, "évapôration").score == 1.0


def test_it_ignores_ligatures_with_accents():
    question = _short(("cœur", 1.0), accent_sensitive=False)
    assert grade_answer(question, "coeur").score == 1.0
    assert grade_answer(_short(("cœur", 1.0)), "coeur").score == 0.0


def test_it_compares_composed_and_decomposed_accents():
    decomposed = "e\u0301vaporation"  # what some keyboards send
    assert grade_answer(_short(("évaporation", 1.0)), decomposed).score == 1.0


def test_it_trims_and_collapses_whitespace():
    question = _short(("cycle de l'eau", 1.0))
    assert grade_answer(question, "  cycle   de\tl'eau\u00a0 ").score == 1.0


def test_it_accepts_typographic_apostrophes():
    question = _short(("l'évaporation", 1.0))
    assert grade_answer(question, "l\u2019évaporation").score == 1.0


def test_it_takes_the_best_matching_fraction():
    question = _short(("vapeur", 0.5), ("vapeur d'eau", 1.0), ("*", 0.0))
    assert grade_answer(question, "vapeur") == Grade(0.5, False, ("fb vapeur",))
    assert grade_answer(question, "Vapeur d'eau") == Grade(1.0, True, ("fb vapeur d'eau",))
    assert grade_answer(question, "nuage") == Grade(0.0, False, ("fb *",))


def test_it_keeps_the_first_answer_on_ties():
    question = _short(("eau*", 1.0), ("*eau", 1.0))
    assert grade_answer(question, "eau").feedback == ("fb eau*",)


def test_it_matches_moodle_wildcards():
    question = _short(("*vapo*tion", 1.0))
    assert grade_answer(question, "évaporation").score == 1.0
    assert grade_answer(question, "vapotion").score == 1.0
    assert grade_answer(question, "évaporations").score == 0.0
    assert grade_answer(_short(("a*b*a", 1.0)), "aba").score == 1.0
    assert grade_answer(_short(("a*b*a", 1.0)), "ab").score == 0.0
    assert grade_answer(_short(("ab*ba", 1.0)), "aba").score == 0.0


def test_it_reads_an_escaped_star_literally():
    question = _short((r"2\*3", 1.0))
    assert grade_answer(question, "2*3").score == 1.0
    assert grade_answer(question, "2x3").score == 0.0


def test_it_never_accepts_an_empty_answer():
    question = _short(("*", 1.0))
    assert grade_answer(question, "quelque chose").score == 1.0
    assert grade_answer(question, "   ").score == 0.0
    assert grade_answer(_short(("", 1.0)), "").score == 0.0


def test_it_stays_fast_on_hostile_wildcards():
    question = _short(("*a" * 30 + "*b*", 1.0))
    assert grade_answer(question, "a" * 20_000).score == 0.0


def test_it_grades_bad_short_answers_as_zero():
    question = _short(("eau", 1.0))
    for bad in (None, 3, ["eau"], {"text": "eau"}, b"eau"):
        assert grade_answer(question, bad) == Grade(0.0, False)


# Numeric -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,14", 3.14),
        ("3.14", 3.14),
        (" -3,14 ", -3.14),
        ("\u22123,14", -3.14),
        ("+0,5", 0.5),
        (",5", 0.5),
        ("5,", 5.0),
        ("1 000", 1000.0),
        ("1\u00a0000,25", 1000.25),
        ("1\u202f000\u202f000", 1_000_000.0),
        ("1.000,25", 1000.25),
        ("1,000.25", 1000.25),
        ("1,234", 1.234),
        ("1,234,567", 1_234_567.0),
        ("1.234.567", 1_234_567.0),
        ("2,5e3", 2500.0),
        ("1E-3", 0.001),
        (42, 42.0),
        (2.5, 2.5),
    ],
)
def test_it_parses_numbers_as_learners_type_them(typed, value):
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        " ",
        "abc",
        "3,14,15",
        "1.2.3",
        "1,23.4",
        ",",
        "-",
        "e5",
        "1e",
        "1_000",
        "inf",
        "nan",
        "1e400",
        "٣",
        "3 + 1",
        "0x10",
        "x" * 200,
        None,
        True,
        float("nan"),
        float("inf"),
        10**400,
        [3],
    ],
)
def test_it_refuses_what_is_not_a_number(typed):
    assert parse_number(typed) is None


def test_it_grades_numeric_with_tolerance():
    question = _numeric((3.14, 0.01, 1.0), (3.0, 0.5, 0.5))
    assert grade_answer(question, "3,14") == Grade(1.0, True, ("fb 3.14",))
    assert grade_answer(question, 3.14).score == 1.0
    assert grade_answer(question, "3,1").score == 0.5
    assert grade_answer(question, "2,5").score == 0.5
    assert grade_answer(question, "2,49").score == 0.0
    assert grade_answer(question, "4").score == 0.0


def test_it_includes_tolerance_boundaries():
    question = _numeric((3.14, 0.01, 1.0))
    assert grade_answer(question, "3,15").score == 1.0
    assert grade_answer(question, "3,13").score == 1.0
    assert grade_answer(question, "3,1501").score == 0.0
    assert grade_answer(question, "3,1299").score == 0.0


def test_it_requires_the_exact_value_without_tolerance():
    question = _numeric((100, 0, 1.0))
    assert grade_answer(question, "100").score == 1.0
    assert grade_answer(question, "100,0").score == 1.0
    assert grade_answer(question, "100,001").score == 0.0


def test_it_reads_a_numeric_catch_all():
    question = _numeric((100, 0, 1.0))
    question["answers"].append({"text": "*", "fraction": 0.0, "feedback": "Non."})
    assert grade_answer(question, "12") == Grade(0.0, False, ("Non.",))
    assert grade_answer(question, "100").score == 1.0
    assert grade_answer(question, "cent") == Grade(0.0, False)


def test_it_grades_unparsable_numbers_as_zero():
    question = _numeric((3.14, 0.01, 1.0))
    for bad in (None, "trois", "", True, [3.14], float("nan"), 10**400):
        assert grade_answer(question, bad) == Grade(0.0, False)


# Matching ----------------------------------------------------------------------------


def test_it_grades_matching():
    right = {0: "liquide → gaz", 1: "gaz → liquide", 2: "solide → liquide"}
    grade = grade_answer(MATCHING, right)
    assert grade == Grade(1.0, True, (), (1.0, 1.0, 1.0))
    listed = ["liquide → gaz", "gaz → liquide", "solide → liquide", "anything"]
    assert grade_answer(MATCHING, listed).score == 1.0


def test_it_gives_partial_credit_for_matching():
    grade = grade_answer(MATCHING, {0: "liquide → gaz", 1: "liquide → solide", 2: "gaz → liquide"})
    assert grade.score == pytest.approx(1 / 3)
    assert grade.correct is False
    assert grade.parts == (1.0, 0.0, 0.0)
    assert grade_answer(MATCHING, {1: "gaz → liquide"}).parts == (0.0, 1.0, 0.0)


def test_it_reads_matching_answers_stored_as_json():
    stored = {"0": "liquide → gaz", "1": "gaz → liquide", "2": " solide → liquide "}
    assert grade_answer(MATCHING, stored).score == 1.0


def test_it_accepts_a_right_shared_by_two_lefts():
    question = {
        "type": "matching",
        "text": "Associez.",
        "pairs": [{"left": "glace", "right": "solide"}, {"left": "neige", "right": "solide"}],
    }
    assert grade_answer(question, {0: "solide", 1: "solide"}).score == 1.0


def test_it_grades_bad_matching_answers_as_zero():
    for bad in (None, "x", 3, {}, [], {0: 1, 1: None}, {"a": "liquide → gaz"}, {-1: "x"}):
        assert grade_answer(MATCHING, bad).score == 0.0
    assert grade_answer({"type": "matching", "pairs": []}, {0: "x"}) == Grade(0.0, False)


# Ordering ----------------------------------------------------------------------------


def test_it_grades_ordering_by_absolute_position():
    assert grade_answer(ORDERING, [0, 1, 2, 3]) == Grade(1.0, True, (), (1.0,) * 4)
    grade = grade_answer(ORDERING, [0, 2, 1, 3])
    assert grade.score == 0.5
    assert grade.parts == (1.0, 0.0, 0.0, 1.0)
    assert grade_answer(ORDERING, [3, 0, 1, 2]).score == 0.0  # shifted by one: nothing in place


def test_it_lets_identical_items_swap():
    question = {"type": "ordering", "text": "x", "items": ["a", "b", "b"]}
    assert grade_answer(question, [0, 2, 1]).score == 1.0


def test_it_grades_ordering_that_is_not_a_permutation_as_zero():
    for bad in (
        None,
        "0123",
        [0, 1, 2],
        [0, 1, 2, 3, 4],
        [0, 0, 1, 2],
        [0, 1, 2, 4],
        [0, 1, 2, True],
        [0.0, 1, 2, 3],
        {0, 1, 2, 3},
    ):
        assert grade_answer(ORDERING, bad) == Grade(0.0, False)


# Cloze -------------------------------------------------------------------------------


def test_it_grades_cloze_gaps_by_their_kind():
    grade = grade_answer(CLOZE, ["s\u2019évapore", "100,0", 0])
    assert grade == Grade(1.0, True, ("Bien.", "Oui.", "Exact."), (1.0, 1.0, 1.0))
    partial = grade_answer(CLOZE, ["s'évapore", "99", 1])
    assert partial.score == pytest.approx(1 / 3)
    assert partial.correct is False
    assert partial.parts == (1.0, 0.0, 0.0)
    assert partial.feedback == ("Bien.", "Non.")


def test_it_grades_missing_and_bad_cloze_gaps_as_zero():
    assert grade_answer(CLOZE, ["s'évapore"]).parts == (1.0, 0.0, 0.0)
    assert grade_answer(CLOZE, [None, 100, "0"]).parts == (0.0, 1.0, 0.0)
    assert grade_answer(CLOZE, ["s'évapore", "100", 0, "extra"]).score == 1.0
    for bad in (None, "s'évapore", {0: "s'évapore"}, 3):
        assert grade_answer(CLOZE, bad) == Grade(0.0, False, (), (0.0, 0.0, 0.0))


def test_it_applies_case_and_accent_options_to_cloze_gaps():
    question = {
        "type": "cloze",
        "text": "{{1}} {{2}}",
        "accent_sensitive": False,
        "gaps": [
            {"kind": "short_answer", "answers": [_answer("été", 1.0)]},
            {"kind": "short_answer", "case_sensitive": True, "answers": [_answer("Été", 1.0)]},
        ],
    }
    assert grade_answer(question, ["ETE", "Ete"]).score == 1.0
    assert grade_answer(question, ["ete", "ete"]).parts == (1.0, 0.0)


def test_it_grades_an_unknown_gap_kind_as_zero():
    question = {"type": "cloze", "text": "{{1}}", "gaps": [{"kind": "essay", "answers": []}]}
    assert grade_answer(question, ["x"]) == Grade(0.0, False, (), (0.0,))


# Open text, types, points ------------------------------------------------------------


def test_it_never_auto_grades_open_text():
    for answer in ("Une réflexion.", "", None, 3):
        assert grade_answer(OPEN_TEXT, answer) == Grade(None, None)


def test_it_refuses_unknown_question_types():
    for question in ({"type": "essay"}, {}, {"type": None}, {"type": ["cloze"]}):
        with pytest.raises(ValueError):
            grade_answer(question, "x")


def test_it_reads_points():
    assert max_score_for(OPEN_TEXT) == 1.0
    assert max_score_for({**OPEN_TEXT, "default_grade": 2.5}) == 2.5
    assert max_score_for({**OPEN_TEXT, "default_grade": 0}) == 0.0
    assert max_score_for({**OPEN_TEXT, "default_grade": "deux"}) == 1.0
    assert max_score_for({**OPEN_TEXT, "default_grade": -1}) == 1.0


# Confidence --------------------------------------------------------------------------


def test_it_knows_confident_levels():
    assert CONFIDENCE_LEVELS == ("guess", "unsure", "fairly_sure", "sure")
    assert [is_confident(level) for level in CONFIDENCE_LEVELS] == [False, False, True, True]
    assert not is_confident(None)
    assert not is_confident("SURE")


def test_it_flags_confident_wrong_answers_as_misconceptions():
    wrong, right, partial = Grade(0.0, False), Grade(1.0, True), Grade(0.5, False)
    assert is_misconception(wrong, "sure")
    assert is_misconception(wrong, "fairly_sure")
    assert is_misconception(partial, "sure")
    assert not is_misconception(wrong, "unsure")
    assert not is_misconception(wrong, "guess")
    assert not is_misconception(wrong, None)
    assert not is_misconception(right, "sure")
    assert not is_misconception(Grade(None, None), "sure")


# check_question ----------------------------------------------------------------------


def test_it_accepts_the_example_questions():
    for question in (
        _single(1.0, 0.0),
        _multiple(0.5, 0.5, -1),
        TRUE_FALSE,
        MATCHING,
        ORDERING,
        CLOZE,
        OPEN_TEXT,
        _short(("eau", 1.0)),
        _numeric((3.14, 0.01, 1.0)),
    ):
        assert problems(question) == []


def test_it_checks_single_choice():
    assert problems(_single(1.0)) == ["A choice needs at least two answers."]
    assert problems(_single(0.5, 0.0)) == [
        "Exactly one answer must give full marks (fraction 1); 0 do."
    ]
    assert problems(_single(1.0, 1.0)) == [
        "Exactly one answer must give full marks (fraction 1); 2 do."
    ]
    assert problems(_single(1.0, -1.5)) == [
        "Answer 2: the fraction must be a number between -1 and 1."
    ]
    blank = _single(1.0, 0.0)
    blank["answers"][1]["text"] = " "
    assert problems(blank) == ["Answer 2 has no text."]


def test_it_checks_multiple_choice_fractions():
    assert problems(_multiple(0.5, 0.4, -1)) == [
        "The positive fractions must add up to 1; they add up to 0.90."
    ]
    assert problems(_multiple(0.333, 0.333, 0.333)) == []
    assert problems(_multiple(1.0, "x")) == [
        "Answer 2: the fraction must be a number between -1 and 1."
    ]


def test_it_checks_true_false():
    assert problems({**TRUE_FALSE, "answers": [_answer("true", 1.0)]}) == [
        'A true/false question needs exactly the answers "true" and "false".'
    ]
    both = {**TRUE_FALSE, "answers": [_answer("true", 1.0), _answer("false", 1.0)]}
    assert problems(both) == ["Exactly one of true and false must give full marks (fraction 1)."]


def test_it_checks_short_answers():
    assert problems(_short()) == ["At least one accepted answer is needed."]
    assert problems(_short(("eau", 0.5))) == [
        "At least one accepted answer must give full marks (fraction 1)."
    ]
    assert problems(_short(("eau", 1.0), ("", 0.5))) == ["Answer 2 has no text."]


def test_it_checks_numeric_answers():
    question = {
        "type": "numeric",
        "text": "x",
        "answers": [
            {"text": "1", "fraction": 1.0},
            {"text": "2", "fraction": 0.5, "value": 2, "tolerance": -1},
            {"text": "*", "fraction": 0.0},
        ],
    }
    assert problems(question) == [
        "Answer 1 has no numeric value.",
        "Answer 2: the tolerance must be a number, zero or more.",
    ]


def test_it_checks_matching_and_ordering():
    one_pair = {"type": "matching", "text": "x", "pairs": [{"left": "a", "right": "b"}]}
    assert problems(one_pair) == ["A matching question needs at least two pairs with a left side."]
    no_right = {"type": "matching", "text": "x", "pairs": [{"left": "a", "right": "b"}] * 2}
    no_right["pairs"] = [*no_right["pairs"], {"left": "c", "right": ""}]
    assert problems(no_right) == ["Pair 3 has a left side but no right side."]
    assert problems({"type": "ordering", "text": "x", "items": ["a"]}) == [
        "An ordering question needs at least two items."
    ]
    assert problems({"type": "ordering", "text": "x", "items": ["a", " "]}) == ["Item 2 is empty."]


def test_it_checks_cloze_markers_and_gaps():
    assert problems({**CLOZE, "text": "{{1}} {{3}} {{3}} {{4}}"}) == [
        "Gap 2 has no marker in the text.",
        "The marker of gap 3 appears more than once.",
        "The text has a marker for gap 4, which does not exist.",
    ]
    assert problems({"type": "cloze", "text": "Rien."}) == [
        "A cloze question needs at least one gap."
    ]
    bad_gaps = {
        "type": "cloze",
        "text": "{{1}} {{2}}",
        "gaps": [
            {"kind": "choice", "answers": [_answer("a", 1.0)]},
            {"kind": "essay", "answers": []},
        ],
    }
    assert problems(bad_gaps) == [
        "Gap 1: A choice needs at least two answers.",
        "Gap 2: Unknown kind of gap.",
    ]


def test_it_checks_what_every_question_shares():
    assert problems({"type": "essay", "text": "x"}) == ["Unknown question type: essay."]
    assert problems("not a question") == ["The question is malformed."]
    assert problems({**OPEN_TEXT, "text": " "}) == ["The question has no text."]
    assert problems({**OPEN_TEXT, "default_grade": -2}) == [
        "The default grade must be a number, zero or more."
    ]


def test_it_translates_problems():
    with translation.override("fr"):
        assert all(isinstance(problem, str) for problem in check_question(_single(1.0)))


# Strategies --------------------------------------------------------------------------

FRENCH = string.ascii_letters + "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
words = st.text(FRENCH + " '-", min_size=1, max_size=20).filter(str.strip)
patterns = st.text(FRENCH + " *'", min_size=1, max_size=20).filter(str.strip)
feedbacks = st.sampled_from(["", "Bien.", "Relisez la fiche."])
penalties = st.floats(min_value=-1.0, max_value=0.0)
partials = st.floats(min_value=-1.0, max_value=0.99)


@st.composite
def single_choice_questions(draw):
    others = draw(st.lists(partials, min_size=1, max_size=5))
    right = draw(st.integers(min_value=0, max_value=len(others)))
    fractions = [*others[:right], 1.0, *others[right:]]
    answers = [_answer(f"option {i}", f, draw(feedbacks)) for i, f in enumerate(fractions)]
    return {"type": "single_choice", "text": draw(words), "answers": answers}


@st.composite
def multiple_choice_questions(draw):
    weights = draw(st.lists(st.integers(min_value=1, max_value=100), min_size=1, max_size=4))
    fractions = [w / sum(weights) for w in weights]
    fractions += draw(st.lists(penalties, max_size=3))
    fractions = draw(st.permutations(fractions))
    if len(fractions) < 2:
        fractions.append(0.0)
    answers = [_answer(f"option {i}", f, draw(feedbacks)) for i, f in enumerate(fractions)]
    return {"type": "multiple_choice", "text": draw(words), "answers": answers}


@st.composite
def true_false_questions(draw):
    right = draw(st.booleans())
    answers = [_answer("true", float(right)), _answer("false", float(not right))]
    return {"type": "true_false", "text": draw(words), "answers": answers}


@st.composite
def short_answer_questions(draw):
    accepted = draw(st.lists(st.tuples(patterns, partials), max_size=3))
    accepted.insert(draw(st.integers(min_value=0, max_value=len(accepted))), (draw(patterns), 1.0))
    return {
        **_short(*accepted),
        "text": draw(words),
        "case_sensitive": draw(st.booleans()),
        "accent_sensitive": draw(st.booleans()),
    }


values = st.floats(min_value=-1e6, max_value=1e6)
tolerances = st.floats(min_value=0.0, max_value=1e3)


@st.composite
def numeric_questions(draw):
    others = draw(st.lists(st.tuples(values, tolerances, partials), max_size=3))
    right = (draw(values), draw(tolerances), 1.0)
    return {**_numeric(right, *others), "text": draw(words)}


@st.composite
def matching_questions(draw):
    lefts = draw(st.lists(st.tuples(words, words), min_size=2, max_size=5))
    distractors = draw(st.lists(words, max_size=2))
    pairs = [{"left": left, "right": right} for left, right in lefts]
    pairs += [{"left": "", "right": right} for right in distractors]
    return {"type": "matching", "text": draw(words), "pairs": draw(st.permutations(pairs))}


@st.composite
def ordering_questions(draw):
    items = draw(st.lists(words, min_size=2, max_size=6))
    return {"type": "ordering", "text": draw(words), "items": items}


def _as_gap(kind: str, question: dict[str, Any]) -> dict[str, Any]:
    gap = {"kind": kind, "answers": question["answers"]}
    for option in ("case_sensitive", "accent_sensitive"):
        if option in question:
            gap[option] = question[option]
    return gap


gaps = st.one_of(
    single_choice_questions().map(lambda q: _as_gap("choice", q)),
    numeric_questions().map(lambda q: _as_gap("numeric", q)),
    short_answer_questions().map(lambda q: _as_gap("short_answer", q)),
)


@st.composite
def cloze_questions(draw):
    drawn = draw(st.lists(gaps, min_size=1, max_size=4))
    text = " … ".join(f"{draw(words)} {{{{{n}}}}}" for n in range(1, len(drawn) + 1))
    return {"type": "cloze", "text": text, "gaps": drawn}


open_text_questions = st.builds(lambda text: {"type": "open_text", "text": text}, words)

questions = st.one_of(
    single_choice_questions(),
    multiple_choice_questions(),
    true_false_questions(),
    short_answer_questions(),
    numeric_questions(),
    matching_questions(),
    ordering_questions(),
    cloze_questions(),
    open_text_questions,
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=8),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    words,
    st.sampled_from(["3,14", "1 000", "*", "true", "0"]),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.integers(-2, 6), st.text(max_size=3)), inner, max_size=4),
        st.frozensets(st.integers(min_value=-2, max_value=8), max_size=6),
    ),
    max_leaves=12,
)


def _assert_well_formed(question: dict[str, Any], grade: Grade) -> None:
    if question["type"] == "open_text":
        assert grade == Grade(None, None)
        return
    assert grade.score is not None
    assert 0.0 <= grade.score <= 1.0
    assert grade.correct is (grade.score >= scoring.CORRECT_THRESHOLD)
    assert all(0.0 <= part <= 1.0 for part in grade.parts)
    assert all(isinstance(text, str) and text for text in grade.feedback)


# Properties --------------------------------------------------------------------------


@settings(max_examples=400)
@given(questions, anything)
def test_it_grades_any_answer_within_bounds_without_raising(question, answer):
    _assert_well_formed(question, grade_answer(question, answer))


@settings(max_examples=300)
@given(questions)
def test_it_gives_full_marks_to_the_right_answer(question):
    grade = grade_answer(question, right_answer(question))
    if question["type"] == "open_text":
        assert grade == Grade(None, None)
    else:
        assert grade.score == 1.0
        assert grade.correct is True


@settings(max_examples=300)
@given(questions)
def test_it_accepts_generated_valid_questions(question):
    assert problems(question) == []


@given(single_choice_questions(), st.data())
def test_it_scores_single_choice_as_the_chosen_fraction(question, data):
    index = data.draw(st.integers(min_value=0, max_value=len(question["answers"]) - 1))
    fraction = question["answers"][index]["fraction"]
    assert grade_answer(question, index).score == max(0.0, fraction)


@given(multiple_choice_questions(), st.data())
def test_it_scores_multiple_choice_as_the_clamped_sum(question, data):
    fractions = [a["fraction"] for a in question["answers"]]
    chosen = data.draw(st.sets(st.integers(min_value=0, max_value=len(fractions) - 1)))
    expected = min(1.0, max(0.0, sum(fractions[i] for i in chosen)))
    assert grade_answer(question, chosen).score == pytest.approx(expected, abs=1e-9)


@given(multiple_choice_questions(), st.data())
def test_it_never_rewards_choosing_a_penalised_answer(question, data):
    fractions = [a["fraction"] for a in question["answers"]]
    chosen = data.draw(st.sets(st.integers(min_value=0, max_value=len(fractions) - 1)))
    more = chosen | {i for i, f in enumerate(fractions) if f <= 0}
    assert grade_answer(question, more).score <= grade_answer(question, chosen).score


@given(values, tolerances, st.floats(min_value=-1.0, max_value=1.0), partials | st.just(1.0))
def test_it_scores_any_number_within_tolerance(value, tolerance, shift, fraction):
    question = _numeric((value, tolerance, fraction))
    number = value + shift * tolerance
    expected = max(0.0, fraction)
    assert grade_answer(question, number).score == expected
    assert grade_answer(question, repr(number).replace(".", ",")).score == expected
    assert grade_answer(question, f"{number:.20f}").score == expected


@given(values, st.floats(min_value=0.0, max_value=1e3), st.floats(min_value=1.01, max_value=1e3))
def test_it_scores_numbers_beyond_tolerance_as_zero(value, tolerance, factor):
    question = _numeric((value, tolerance, 1.0))
    outside = value + max(tolerance * factor, 1e-3 * max(1.0, abs(value)))
    assert grade_answer(question, outside).score == 0.0
    assert grade_answer(question, 2 * value - outside).score == 0.0


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_it_parses_the_french_form_of_any_float(number):
    assert parse_number(repr(number).replace(".", ",")) == number
    assert parse_number(repr(number)) == number


@given(short_answer_questions().map(lambda q: {**q, "case_sensitive": False}), st.data())
def test_it_ignores_case_when_not_case_sensitive(question, data):
    accepted = [a["text"] for a in question["answers"]]
    typed = data.draw(st.one_of(st.sampled_from(accepted), words))
    expected = grade_answer(question, typed)
    assert grade_answer(question, typed.upper()) == expected
    assert grade_answer(question, typed.lower()) == expected
    assert grade_answer(question, typed.swapcase()) == expected


@given(short_answer_questions().map(lambda q: {**q, "accent_sensitive": False}), st.data())
def test_it_ignores_accents_when_not_accent_sensitive(question, data):
    accepted = [a["text"] for a in question["answers"]]
    typed = data.draw(st.one_of(st.sampled_from(accepted), words))
    plain = normalize_text(typed, case_sensitive=True, accent_sensitive=False)
    assert grade_answer(question, plain) == grade_answer(question, typed)


@given(ordering_questions(), st.data())
def test_it_scores_ordering_as_the_share_in_place(question, data):
    items = [item.strip() for item in question["items"]]
    order = data.draw(st.permutations(range(len(items))))
    in_place = sum(items[index] == items[position] for position, index in enumerate(order))
    grade = grade_answer(question, order)
    assert grade.score == pytest.approx(in_place / len(items))
    assert len(grade.parts) == len(items)


@given(matching_questions(), st.data())
def test_it_scores_matching_as_the_share_matched(question, data):
    pairs = question["pairs"]
    rights = [pair["right"] for pair in pairs]
    lefts = [i for i, pair in enumerate(pairs) if pair["left"]]
    answer = {i: data.draw(st.sampled_from(rights)) for i in lefts}
    matched = sum(answer[i].strip() == pairs[i]["right"].strip() for i in lefts)
    assert grade_answer(question, answer).score == pytest.approx(matched / len(lefts))


@given(cloze_questions(), st.data())
def test_it_scores_cloze_as_the_mean_of_its_gaps(question, data):
    entries = data.draw(st.lists(scalars, min_size=len(question["gaps"]), max_size=6))
    grade = grade_answer(question, entries)
    alone = [
        grade_answer({"type": _GAP_TYPES[gap["kind"]], **gap}, entry).score
        for gap, entry in zip(question["gaps"], entries, strict=False)
    ]
    assert grade.parts == pytest.approx(alone)
    if not all(part >= scoring.CORRECT_THRESHOLD for part in alone):
        assert grade.score == pytest.approx(math.fsum(alone) / len(alone))


@given(
    st.sampled_from(QUESTION_TYPES),
    st.dictionaries(
        st.sampled_from(
            [
                "text",
                "answers",
                "pairs",
                "items",
                "gaps",
                "case_sensitive",
                "accent_sensitive",
                "default_grade",
            ]
        ),
        anything,
    ),
    anything,
)
def test_it_survives_malformed_questions(kind, fields, answer):
    question = {**fields, "type": kind}
    _assert_well_formed(question, grade_answer(question, answer))
    found = problems(question)
    assert all(isinstance(problem, str) and problem for problem in found)
    assert isinstance(max_score_for(question), float)


@given(
    st.sampled_from([Grade(0.0, False), Grade(0.5, False), Grade(1.0, True), Grade(None, None)]),
    st.sampled_from([*CONFIDENCE_LEVELS, None, ""]),
)
def test_it_flags_misconceptions_only_for_confident_wrong_answers(grade, level):
    expected = grade.correct is False and level in ("fairly_sure", "sure")
    assert is_misconception(grade, level) is expected
