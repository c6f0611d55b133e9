"""Reads of the session summary: what happened before, during and after one session, in
a fixed number of queries whatever the number of learners, votes or answers."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count

from amont.after.models import Feedback
from amont.courses.models import Activity, Kind, Phase, Session
from amont.live.models import LiveSession, LiveVote
from amont.quizzes.models import QuestionVersion
from amont.readiness import stats
from amont.readiness.queries import QuizResult, quiz_results, session_overviews
from amont.readiness.stats import ItemStats, PreparationCounts, RatingSummary

PHASE_ORDER: dict[str, int] = {Phase.BEFORE: 0, Phase.DURING: 1, Phase.AFTER: 2}


@dataclass(frozen=True)
class VoteRound:
    number: int
    stats: ItemStats


@dataclass(frozen=True)
class VoteResult:
    activity: Activity
    rounds: list[VoteRound]  # round 1, then round 2 when there was one

    @property
    def gain(self) -> int | None:
        if len(self.rounds) < 2:
            return None
        return stats.vote_gain(self.rounds[0].stats, self.rounds[-1].stats)


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
class SessionSummary:
    session: Session
    preparation: PreparationCounts
    unclear_count: int
    quizzes: list[QuizResult]
    live_count: int  # live sessions run for this session
    participants: int  # people who joined them
    votes: list[VoteResult]
    feedback: list[FeedbackResult]


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
        votes=_votes(session, [a for a in activities if a.kind == Kind.LIVE_VOTE]),
        feedback=_feedback([a for a in activities if a.kind == Kind.FEEDBACK]),
    )


def _votes(session: Session, activities: list[Activity]) -> list[VoteResult]:
    if not activities:
        return []
    counts: dict[int, dict[int, list[tuple[int, bool]]]] = defaultdict(lambda: defaultdict(list))
    for activity_id, round_number, choice, n in (
        LiveVote.objects.filter(live__session=session, activity__in=activities)
        .values_list("activity_id", "round", "choice")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[activity_id][round_number] += [(choice, False)] * n
    # A live vote shows the question as it is now: its latest version.
    latest: dict[int | None, Mapping[str, Any]] = {}  # by question id
    for row in (
        QuestionVersion.objects.filter(question_id__in={a.question_id for a in activities})
        .order_by("number")
        .values("question_id", "text", "options")
    ):
        latest[row["question_id"]] = row
    results = []
    for activity in activities:
        version = latest.get(activity.question_id, {"text": activity.title, "options": []})
        rounds = counts[activity.pk]
        results.append(
            VoteResult(
                activity=activity,
                rounds=[
                    VoteRound(
                        number,
                        stats.item_stats(
                            text=version["text"], options=version["options"], answers=rounds[number]
                        ),
                    )
                    for number in sorted(set(rounds) | {1})
                ],
            )
        )
    return results


def _feedback(activities: list[Activity]) -> list[FeedbackResult]:
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
