"""Pure computations behind the readiness, dashboard and summary pages: rates,
distributions, item statistics. No database access, so they are property-tested."""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Preparation(StrEnum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


def percent(part: float, whole: float) -> int | None:
    """Whole percent of part over whole, rounded half up; None when whole is 0, so that
    pages show "—" rather than a misleading 0 %."""
    if whole <= 0:
        return None
    return int((200 * part + whole) // (2 * whole))


def shares(counts: Sequence[int]) -> list[int]:
    """Whole percents of each count that add up to exactly 100 (largest remainder), or
    all zeros when every count is 0. Bars then never show 33 + 33 + 33."""
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    floors = [100 * count // total for count in counts]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(counts)), key=lambda i: (-(100 * counts[i] % total), i))
    for i in by_remainder[:missing]:
        floors[i] += 1
    return floors


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    if not values:
        return None
    return sum(values) / len(values)


def is_late(at: datetime | None, due_at: datetime | None) -> bool:
    return at is not None and due_at is not None and at > due_at


def distribution(choices: Iterable[int], option_count: int) -> list[int]:
    """How many times each option index was chosen; out-of-range choices are ignored."""
    counts = [0] * option_count
    for choice in choices:
        if 0 <= choice < option_count:
            counts[choice] += 1
    return counts


# Preparation ------------------------------------------------------------------------


def expected_activity_ids(activities: Iterable[tuple[int, bool]]) -> frozenset[int]:
    """The before-class activities a learner must have done to count as *fully prepared*,
    from (activity id, required) pairs.

    The rule: the activities the trainer marked as required; when none is marked
    required, every before-class activity. A required pre-class quiz thus defines
    readiness on its own, while a trainer who marks nothing still gets a strict reading.
    A learner who did some before-class activities without being fully prepared is
    *partly* prepared; one who did none is *not prepared at all*."""
    activities = list(activities)
    required = frozenset(pk for pk, is_required in activities if is_required)
    return required or frozenset(pk for pk, _ in activities)


def preparation_status(
    done: Collection[int], before: Collection[int], expected: Collection[int]
) -> Preparation:
    """done: the activity ids the learner did; before: all before-class activity ids;
    expected: expected_activity_ids(before). Without any before-class activity there is
    nothing to prepare, and nobody counts as prepared."""
    done_before = set(done) & set(before)
    if not done_before:
        return Preparation.NONE
    if set(expected) <= done_before:
        return Preparation.FULL
    return Preparation.PARTIAL


@dataclass(frozen=True)
class PreparationCounts:
    enrolled: int = 0
    full: int = 0
    partial: int = 0
    none: int = 0

    @property
    def rate(self) -> int | None:
        """Percent of enrolled learners fully prepared."""
        return percent(self.full, self.enrolled)

    @property
    def shares(self) -> list[int]:
        return shares([self.full, self.partial, self.none])


def count_preparation(statuses: Iterable[Preparation]) -> PreparationCounts:
    statuses = list(statuses)
    return PreparationCounts(
        enrolled=len(statuses),
        full=statuses.count(Preparation.FULL),
        partial=statuses.count(Preparation.PARTIAL),
        none=statuses.count(Preparation.NONE),
    )


# Items (quiz questions and live votes) ----------------------------------------------


@dataclass(frozen=True)
class OptionStats:
    index: int
    text: str
    correct: bool
    count: int
    share: int
    confident_wrong: int = 0

    @property
    def letter(self) -> str:
        return option_letter(self.index)


@dataclass(frozen=True)
class ItemStats:
    """Results of one question: answered = valid answers, right = correct ones."""

    text: str
    options: list[OptionStats]
    answered: int
    right: int
    confident_wrong: int

    @property
    def percent_right(self) -> int | None:
        return percent(self.right, self.answered)


def option_letter(index: int) -> str:
    return chr(ord("A") + index) if 0 <= index < 26 else str(index + 1)


# (chosen option index or None, sure[, right: None when not graded yet])
Answer = tuple[int | None, bool] | tuple[int | None, bool, bool | None]


def correct_index(options: Sequence[dict[str, Any]]) -> int | None:
    for index, option in enumerate(options):
        if option.get("correct"):
            return index
    return None


def item_stats(
    *, text: str, options: Sequence[dict[str, Any]], answers: Iterable[Answer]
) -> ItemStats:
    """answers: (chosen option index or None, whether the learner said they were sure[,
    whether the answer was right]). The option counts come from the chosen indexes (choice
    questions and live votes); right and wrong come from grading when it is given (every
    question type), else from the chosen option. A confident-but-wrong answer points at a
    misconception; they are also counted per chosen option."""
    rows = [(a[0], a[1], a[2] if len(a) > 2 else None) for a in answers]
    right_index = correct_index(options)
    chosen = [(c, sure) for c, sure, _ in rows if c is not None and 0 <= c < len(options)]
    counts = distribution((c for c, _ in chosen), len(options))
    confident_wrong = distribution(
        (c for c, sure in chosen if sure and c != right_index), len(options)
    )
    graded: list[tuple[bool, bool]] = []
    for c, sure, right in rows:
        if right is None:
            if c is None or not 0 <= c < len(options):
                continue  # not graded (open text waiting for the trainer) or out of range
            right = c == right_index
        graded.append((bool(sure), bool(right)))
    option_shares = shares(counts)
    return ItemStats(
        text=text,
        options=[
            OptionStats(
                index=index,
                text=str(option.get("text", "")),
                correct=index == right_index,
                count=counts[index],
                share=option_shares[index],
                confident_wrong=confident_wrong[index],
            )
            for index, option in enumerate(options)
        ],
        answered=len(graded),
        right=sum(right for _, right in graded),
        confident_wrong=sum(1 for sure, right in graded if sure and not right),
    )


def vote_gain(first: ItemStats, second: ItemStats | None) -> int | None:
    """Peer Instruction gain: percentage points of right answers won between the first
    and the second vote; None without a second vote or without answers."""
    if second is None or first.percent_right is None or second.percent_right is None:
        return None
    return second.percent_right - first.percent_right


# Objectives ------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectiveScore:
    objective_id: int
    right: int = 0
    answered: int = 0

    @property
    def percent_right(self) -> int | None:
        return percent(self.right, self.answered)


def objective_scores(
    objective_ids: Sequence[int], answers: Iterable[tuple[int | None, bool]]
) -> list[ObjectiveScore]:
    """% right per objective, in the order of objective_ids, from (objective id of the
    question, answer is right) pairs. Answers to untagged questions are left out;
    objectives without answers keep answered = 0."""
    right = dict.fromkeys(objective_ids, 0)
    answered = dict.fromkeys(objective_ids, 0)
    for objective_id, is_right in answers:
        if objective_id in answered:
            answered[objective_id] += 1
            right[objective_id] += bool(is_right)
    return [ObjectiveScore(pk, right[pk], answered[pk]) for pk in objective_ids]


def weakest_objective(scores: Iterable[ObjectiveScore]) -> ObjectiveScore | None:
    """The objective with the lowest % right among those that were assessed; the first
    one on ties."""
    assessed = [score for score in scores if score.answered]
    if not assessed:
        return None
    return min(assessed, key=lambda score: score.right / score.answered)


@dataclass
class RatingSummary:
    count: int = 0
    mean: float | None = None
    counts: list[int] = field(default_factory=lambda: [0] * 5)
    shares: list[int] = field(default_factory=lambda: [0] * 5)

    @property
    def rows(self) -> list[tuple[int, int, int]]:
        """(rating, count, share), from 5 down to 1."""
        return [(r, self.counts[r - 1], self.shares[r - 1]) for r in range(5, 0, -1)]


def rating_summary(ratings: Iterable[int]) -> RatingSummary:
    """Mean and distribution of ratings from 1 to 5; ratings out of range are ignored."""
    ratings = [rating for rating in ratings if 1 <= rating <= 5]
    counts = distribution((rating - 1 for rating in ratings), 5)
    return RatingSummary(
        count=len(ratings), mean=mean(ratings), counts=counts, shares=shares(counts)
    )
