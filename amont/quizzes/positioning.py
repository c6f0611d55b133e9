"""Positioning tests: mastery per objective and a level. Pure functions, no database, so
they are property-tested.

Mastery is the mean score (0.0..1.0) of the graded questions of an objective, every
question weighing the same; questions that are not auto-graded (score None) are left out.
The level comes from a mastery: below BEGINNER_BELOW is "beginner", below
INTERMEDIATE_BELOW "intermediate", otherwise "advanced". The overall level is the level
of the mean score of all the graded questions (not the mean of the objectives, so that an
objective with one question does not weigh as much as one with ten).
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

BEGINNER_BELOW = 0.40
INTERMEDIATE_BELOW = 0.75

BEGINNER = "beginner"
INTERMEDIATE = "intermediate"
ADVANCED = "advanced"
LEVELS = (BEGINNER, INTERMEDIATE, ADVANCED)
LEVEL_LABELS = {
    BEGINNER: _("Beginner"),
    INTERMEDIATE: _("Intermediate"),
    ADVANCED: _("Advanced"),
}


def level_for(mastery: float) -> str:
    """The level of a mastery between 0 and 1 (values outside are clamped)."""
    if mastery < BEGINNER_BELOW:
        return BEGINNER
    if mastery < INTERMEDIATE_BELOW:
        return INTERMEDIATE
    return ADVANCED


@dataclass(frozen=True)
class Mastery:
    objective: Hashable  # an Objective, or None for questions without one
    mastery: float  # 0.0..1.0
    questions: int

    @property
    def percent(self) -> int:
        return round(100 * self.mastery)

    @property
    def level(self) -> str:
        return level_for(self.mastery)


@dataclass(frozen=True)
class Positioning:
    objectives: list[Mastery]  # in the order objectives first appear
    mastery: float | None  # None when nothing was graded
    questions: int

    @property
    def percent(self) -> int | None:
        return None if self.mastery is None else round(100 * self.mastery)

    @property
    def level(self) -> str | None:
        return None if self.mastery is None else level_for(self.mastery)


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, float(score)))


def _mean(values: list[float]) -> float:
    return min(1.0, math.fsum(values) / len(values))


def position(scores: Iterable[tuple[Hashable, float | None]]) -> Positioning:
    """Mastery per objective and overall from (objective, score) pairs, one per question;
    scores are clamped to 0..1 and None (not auto-graded) is left out."""
    totals: dict[Hashable, list[float]] = {}
    every: list[float] = []
    for objective, score in scores:
        if score is None:
            continue
        score = _clamp(score)
        totals.setdefault(objective, []).append(score)
        every.append(score)
    objectives = [
        Mastery(objective=key, mastery=_mean(values), questions=len(values))
        for key, values in totals.items()
    ]
    overall = _mean(every) if every else None
    return Positioning(objectives=objectives, mastery=overall, questions=len(every))
