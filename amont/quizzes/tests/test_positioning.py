"""Positioning tests: mastery per objective and the level (pure: no database), with
property tests over generated scores."""

import math

from hypothesis import given
from hypothesis import strategies as st

from amont.quizzes.positioning import (
    ADVANCED,
    BEGINNER,
    BEGINNER_BELOW,
    INTERMEDIATE,
    INTERMEDIATE_BELOW,
    LEVELS,
    level_for,
    position,
)

OBJECTIVES = st.sampled_from(["states", "evaporation", "clouds", None])
SCORES = st.one_of(st.none(), st.floats(min_value=-2, max_value=3, allow_nan=False))
PAIRS = st.lists(st.tuples(OBJECTIVES, SCORES), max_size=40)


def test_it_uses_the_thresholds_of_the_issue():
    assert (BEGINNER_BELOW, INTERMEDIATE_BELOW) == (0.40, 0.75)
    assert level_for(0.0) == BEGINNER
    assert level_for(0.3999) == BEGINNER
    assert level_for(0.40) == INTERMEDIATE
    assert level_for(0.7499) == INTERMEDIATE
    assert level_for(0.75) == ADVANCED
    assert level_for(1.0) == ADVANCED


def test_it_gives_mastery_per_objective_and_overall():
    result = position(
        [("states", 1.0), ("states", 1.0), ("evaporation", 0.0), ("states", None), (None, 0.5)]
    )
    by_objective = {m.objective: m for m in result.objectives}
    assert [m.objective for m in result.objectives] == ["states", "evaporation", None]
    assert (by_objective["states"].percent, by_objective["states"].level) == (100, ADVANCED)
    assert by_objective["states"].questions == 2  # the ungraded one is left out
    assert (by_objective["evaporation"].percent, by_objective["evaporation"].level) == (
        0,
        BEGINNER,
    )
    # Overall: the mean of the four graded questions, not of the three objectives.
    assert result.mastery == 2.5 / 4
    assert (result.percent, result.level, result.questions) == (62, INTERMEDIATE, 4)


def test_it_has_no_level_when_nothing_was_graded():
    result = position([("states", None)])
    assert (result.mastery, result.percent, result.level, result.objectives) == (
        None,
        None,
        None,
        [],
    )
    assert position([]).level is None


@given(st.floats(min_value=-1, max_value=2, allow_nan=False), st.floats(0, 1))
def test_it_never_lowers_the_level_when_mastery_grows(mastery, extra):
    assert LEVELS.index(level_for(mastery)) <= LEVELS.index(level_for(mastery + extra))


@given(PAIRS)
def test_it_keeps_mastery_between_zero_and_one(pairs):
    result = position(pairs)
    for mastery in result.objectives:
        assert 0.0 <= mastery.mastery <= 1.0
        assert 0 <= mastery.percent <= 100
        assert mastery.level in LEVELS
        assert mastery.questions >= 1
    if result.mastery is not None:
        assert 0.0 <= result.mastery <= 1.0


@given(PAIRS)
def test_it_counts_every_graded_question_once(pairs):
    result = position(pairs)
    graded = [(objective, score) for objective, score in pairs if score is not None]
    assert result.questions == len(graded)
    assert sum(m.questions for m in result.objectives) == len(graded)
    assert {m.objective for m in result.objectives} == {objective for objective, _ in graded}


@given(PAIRS)
def test_it_places_the_overall_mastery_among_the_objectives(pairs):
    result = position(pairs)
    if result.mastery is None:
        return
    lowest = min(m.mastery for m in result.objectives)
    highest = max(m.mastery for m in result.objectives)
    assert lowest - 1e-9 <= result.mastery <= highest + 1e-9
    weighted = math.fsum(m.mastery * m.questions for m in result.objectives) / result.questions
    assert math.isclose(result.mastery, weighted, abs_tol=1e-9)


@given(PAIRS, st.randoms())
def test_it_does_not_depend_on_the_order_of_the_answers(pairs, random):
    shuffled = list(pairs)
    random.shuffle(shuffled)
    first, second = position(pairs), position(shuffled)
    assert first.level == second.level
    assert {m.objective: m.percent for m in first.objectives} == {
        m.objective: m.percent for m in second.objectives
    }
