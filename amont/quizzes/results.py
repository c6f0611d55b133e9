"""Each learner's latest submitted attempt of quiz activities: what readiness shows per
learner and what its quiz results average."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from amont.quizzes.models import Attempt


@dataclass(frozen=True)
class LatestAttempt:
    submitted_at: datetime
    score: float
    max_score: float
    count: int  # attempts of this learner on this activity

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded half up; None for a quiz worth nothing."""
        if self.max_score <= 0:
            return None
        return int((200 * self.score + self.max_score) // (2 * self.max_score))


def latest_attempts(
    activity_ids: Collection[int], learner_ids: Collection[int] | QuerySet[Any, Any]
) -> dict[tuple[int, int], LatestAttempt]:
    """(activity id, learner id) → the latest submitted attempt, with how many were
    submitted; attempts in progress (answers saved as given, not yet sent) do not count.
    `learner_ids` may be a subquery (a cohort's learners). One query."""
    latest: dict[tuple[int, int], LatestAttempt] = {}
    if not activity_ids:
        return latest
    for attempt in (
        Attempt.objects.filter(
            activity_id__in=list(activity_ids),
            learner_id__in=learner_ids,
            submitted_at__isnull=False,
        )
        .order_by("submitted_at", "pk")
        .values("activity_id", "learner_id", "submitted_at", "score", "max_score")
    ):
        key = (attempt["activity_id"], attempt["learner_id"])
        previous = latest.get(key)
        assert attempt["submitted_at"] is not None  # filtered above
        latest[key] = LatestAttempt(
            submitted_at=attempt["submitted_at"],
            score=attempt["score"],
            max_score=attempt["max_score"],
            count=previous.count + 1 if previous else 1,
        )
    return latest
