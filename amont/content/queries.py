"""What a learner has to do, session by session: the reads behind "What to prepare" and
the learner's session page, in a constant number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from amont.accounts.models import User
from amont.after.models import Feedback
from amont.content.models import ResourceProgress
from amont.courses.access import learner_sessions
from amont.courses.models import Activity, Kind, Phase, Session
from amont.quizzes.models import Attempt, QuizItem, UnclearPoint

# A rough reading-and-thinking time per quiz question, for the preparation estimate.
MINUTES_PER_QUESTION = 2
# Past sessions shown on the home page, most recent first.
PAST_SESSIONS_SHOWN = 10


@dataclass
class ActivityStatus:
    activity: Activity
    done: bool
    due_at: datetime | None
    overdue: bool

    @property
    def is_preparation(self) -> bool:
        """Something the learner does on their own; live votes happen in class."""
        return self.activity.kind != Kind.LIVE_VOTE

    @property
    def minutes(self) -> int:
        activity = self.activity
        if activity.kind == Kind.ARTICLE and activity.article is not None:
            return activity.article.estimated_minutes
        if activity.kind == Kind.QUIZ:
            return MINUTES_PER_QUESTION * activity.question_count
        return 0


@dataclass
class SessionPlan:
    session: Session
    before: list[ActivityStatus] = field(default_factory=list)
    during: list[ActivityStatus] = field(default_factory=list)
    after: list[ActivityStatus] = field(default_factory=list)

    @property
    def preparation(self) -> list[ActivityStatus]:
        return [item for item in self.before if item.is_preparation]

    @property
    def follow_up(self) -> list[ActivityStatus]:
        return [item for item in self.after if item.is_preparation]

    @property
    def follow_up_to_do(self) -> list[ActivityStatus]:
        return [item for item in self.follow_up if not item.done]

    @property
    def total(self) -> int:
        return len(self.preparation)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.preparation)

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.preparation)

    @property
    def minutes_left(self) -> int:
        return sum(item.minutes for item in self.preparation if not item.done)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def overdue_count(self) -> int:
        return sum(item.overdue for item in self.preparation)

    @property
    def is_ready(self) -> bool:
        return self.done_count == self.total


@dataclass
class LearnerPlan:
    upcoming: list[SessionPlan]
    past: list[SessionPlan]

    @property
    def has_started(self) -> bool:
        """Whether the learner has done anything yet; new learners see the explanation."""
        return any(
            item.done
            for plan in self.upcoming + self.past
            for item in plan.preparation + plan.follow_up
        )


def activities_with_progress(learner: User, session_ids: Iterable[int]) -> QuerySet[Activity]:
    """The activities of these sessions, each annotated with `done` (for this learner) and
    `question_count` (for quizzes), in one query."""

    def mine(queryset: QuerySet, **lookups) -> Exists:
        return Exists(queryset.filter(learner=learner, **lookups))

    question_count = (
        QuizItem.objects.filter(quiz_id=OuterRef("quiz_id"))
        .order_by()
        .values("quiz_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Activity.objects.filter(session_id__in=list(session_ids))
        .select_related("article")
        .annotate(
            done=Case(
                When(
                    kind=Kind.ARTICLE,
                    then=mine(ResourceProgress.objects, article_id=OuterRef("article_id")),
                ),
                When(kind=Kind.QUIZ, then=mine(Attempt.objects, activity_id=OuterRef("pk"))),
                When(
                    kind=Kind.UNCLEAR, then=mine(UnclearPoint.objects, activity_id=OuterRef("pk"))
                ),
                When(kind=Kind.FEEDBACK, then=mine(Feedback.objects, activity_id=OuterRef("pk"))),
                default=Value(False),
                output_field=BooleanField(),
            ),
            question_count=Coalesce(
                Subquery(question_count, output_field=IntegerField()), Value(0)
            ),
        )
        .order_by("position", "pk")
    )


def _plans(learner: User, sessions: list[Session], *, now: datetime) -> list[SessionPlan]:
    plans = {session.pk: SessionPlan(session=session) for session in sessions}
    for activity in activities_with_progress(learner, plans):
        plan = plans[activity.session_id]
        # The session is already loaded: spare effective_due_at a query per activity.
        activity.session = plan.session
        due_at = activity.effective_due_at
        status = ActivityStatus(
            activity=activity,
            done=activity.done,
            due_at=due_at,
            overdue=(
                activity.kind != Kind.LIVE_VOTE
                and not activity.done
                and due_at is not None
                and due_at < now
            ),
        )
        {Phase.BEFORE: plan.before, Phase.DURING: plan.during, Phase.AFTER: plan.after}[
            activity.phase
        ].append(status)
    return list(plans.values())


def learner_plan(learner: User, *, now: datetime) -> LearnerPlan:
    """Upcoming sessions of all the learner's cohorts, nearest first, then the most recent
    past ones. Two queries, whatever the number of sessions and activities."""
    sessions = list(
        learner_sessions(learner).select_related("cohort__course").order_by("starts_at", "pk")
    )
    upcoming = [session for session in sessions if session.starts_at >= now]
    past = [session for session in reversed(sessions) if session.starts_at < now]
    plans = _plans(learner, upcoming + past[:PAST_SESSIONS_SHOWN], now=now)
    return LearnerPlan(upcoming=plans[: len(upcoming)], past=plans[len(upcoming) :])


def session_plan(learner: User, session: Session, *, now: datetime) -> SessionPlan:
    return _plans(learner, [session], now=now)[0]
