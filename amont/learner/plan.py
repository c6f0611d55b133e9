"""What a learner has to do, session by session: the reads behind "What to prepare" and
the learner's session page, in a constant number of queries. "Done" is each kind's own
rule (courses/progress.py); so is the lock of what follows a required quiz."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, JSONField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from amont.accounts.models import User
from amont.content.models import ResourceProgress
from amont.courses.access import learner_sessions
from amont.courses.models import Activity, Phase, Session
from amont.courses.progress import done_ids, estimated_minutes, locked_by
from amont.quizzes.models import QuizItem

# Past sessions shown on the home page, most recent first.
PAST_SESSIONS_SHOWN = 10


@dataclass
class ActivityStatus:
    activity: Activity
    done: bool
    due_at: datetime | None
    overdue: bool
    # The required quiz to submit before this activity opens (before class only).
    locked_by: Activity | None = None

    @property
    def is_preparation(self) -> bool:
        """Something the learner does on their own; live votes happen in class."""
        return self.activity.activity_kind.is_preparation

    @property
    def minutes(self) -> int:
        return estimated_minutes(self.activity)

    @property
    def opened(self) -> bool:
        """A resource the learner has opened (whether or not it counts as done yet)."""
        return getattr(self.activity, "resource_opened_at", None) is not None

    @property
    def percent_watched(self) -> int | None:
        """The share of a video, audio or linked video the learner played, in percent;
        None for other activities and when the length is not known."""
        # Only a resource activity points at one (courses.models' target constraint).
        resource = self.activity.resource
        if resource is None:
            return None
        return resource.percent_watched(getattr(self.activity, "resource_watched", None))


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


def activities_with_progress(learner: User, session_ids: Iterable[int]) -> list[Any]:
    """The activities of these sessions, each annotated with `done` (for this learner, by
    its kind's rule), `question_count` (for quizzes), and for resources
    `resource_opened_at` and `resource_watched` (the learner's progress), in two queries.
    (Typed Any: `done` is set here, beyond what the annotations declare.)"""
    question_count = (
        QuizItem.objects.filter(quiz_id=OuterRef("quiz_id"))
        .order_by()
        .values("quiz_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    resource_progress = ResourceProgress.objects.filter(
        learner=learner, resource_id=OuterRef("resource_id")
    )
    activities: list[Any] = list(
        Activity.objects.filter(session_id__in=list(session_ids))
        .select_related("article", "resource")
        .defer("resource__captions", "resource__description")
        .annotate(
            question_count=Coalesce(
                Subquery(question_count, output_field=IntegerField()), Value(0)
            ),
            resource_opened_at=Subquery(resource_progress.values("first_opened_at")[:1]),
            resource_watched=Subquery(
                resource_progress.values("watched")[:1], output_field=JSONField()
            ),
        )
        .order_by("position", "pk")
    )
    done = done_ids(activities, learner.pk)
    for activity in activities:
        activity.done = activity.pk in done
    return activities


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
                activity.activity_kind.is_preparation
                and not activity.done
                and due_at is not None
                and due_at < now
            ),
        )
        by_phase: dict[str, list[ActivityStatus]] = {
            Phase.BEFORE: plan.before,
            Phase.DURING: plan.during,
            Phase.AFTER: plan.after,
        }
        by_phase[activity.phase].append(status)
    for plan in plans.values():
        _lock_after_required_quizzes(plan.before)
    return list(plans.values())


def _lock_after_required_quizzes(before: list[ActivityStatus]) -> None:
    """The lock rule (courses/progress.py) on a phase already in order."""
    locks = locked_by(
        (status.activity for status in before),
        {status.activity.pk for status in before if status.done},
    )
    for status in before:
        status.locked_by = locks.get(status.activity.pk)


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
