"""Reads of the session summary: what happened before, during and after one session, in
a fixed number of queries whatever the number of learners, votes or answers."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count

from amont.after.models import Feedback
from amont.courses.kinds import ActivityKind, kinds_for_phase
from amont.courses.models import Activity, Phase, Session
from amont.live.models import LiveSession
from amont.readiness import stats
from amont.readiness.queries import QuizResult, quiz_results, session_overviews
from amont.readiness.stats import PreparationCounts, RatingSummary

PHASE_ORDER: dict[str, int] = {Phase.BEFORE: 0, Phase.DURING: 1, Phase.AFTER: 2}


@dataclass(frozen=True)
class Comment:
    text: str
    at: datetime


@dataclass(frozen=True)
class FeedbackResult:
    activity: Activity
    ratings: RatingSummary
    comments: list[Comment]  # newest first, without names


@dataclass(frozen=True)
class SummaryPart:
    kind: ActivityKind
    results: Any


@dataclass(frozen=True)
class SessionSummary:
    session: Session
    preparation: PreparationCounts
    unclear_count: int
    quizzes: list[QuizResult]
    live_count: int  # live sessions run for this session
    participants: int  # people who joined them
    # By phase: each kind's part of the summary (ActivityKind.summary_template), with
    # what it shows, in the order of the phase's "Add" links.
    parts: dict[str, list[SummaryPart]]

    def results_of(self, kind: str) -> Any:
        """What the summary shows for one kind (the first phase it appears in)."""
        return next(
            part.results
            for parts in self.parts.values()
            for part in parts
            if part.kind.value == kind
        )


def session_summary(session: Session) -> SessionSummary:
    """At most fourteen queries: activities, preparation (five), quizzes (four), live
    sessions, votes, vote questions and feedback."""
    activities = sorted(
        session.activities.order_by(),
        key=lambda a: (PHASE_ORDER.get(a.phase, len(PHASE_ORDER)), a.position, a.pk),
    )
    overview = session_overviews([session])[session.pk]
    quizzes = quiz_results(activities=activities, cohort=session.cohort)
    lives = LiveSession.objects.filter(session=session).aggregate(
        lives=Count("id", distinct=True), participants=Count("participants", distinct=True)
    )
    return SessionSummary(
        session=session,
        preparation=overview.preparation,
        unclear_count=overview.unclear_count,
        quizzes=quizzes.quizzes,
        live_count=lives["lives"],
        participants=lives["participants"],
        parts={phase: _parts(session, activities, phase) for phase in Phase.values},
    )


def _parts(session: Session, activities: Sequence[Activity], phase: str) -> list[SummaryPart]:
    return [
        SummaryPart(
            kind, kind.summary_results(session, [a for a in activities if a.kind == kind.value])
        )
        for kind in kinds_for_phase(phase)
        if kind.summary_template is not None
    ]


def feedback_results(activities: Sequence[Activity]) -> list[FeedbackResult]:
    """Ratings and comments of each feedback survey, newest comment first; one query."""
    if not activities:
        return []
    ratings: dict[int, list[int]] = defaultdict(list)
    comments: dict[int, list[Comment]] = defaultdict(list)
    for activity_id, rating, comment, at in (
        Feedback.objects.filter(activity__in=activities)
        .order_by("-updated_at", "-pk")
        .values_list("activity_id", "rating", "comment", "updated_at")
    ):
        ratings[activity_id].append(rating)
        if comment.strip():
            comments[activity_id].append(Comment(comment, at))
    return [
        FeedbackResult(a, stats.rating_summary(ratings[a.pk]), comments[a.pk]) for a in activities
    ]
