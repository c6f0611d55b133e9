"""What a learner has to do, session by session: the reads behind "What to prepare" and
the learner's session page, in a constant number of queries.

The required-quiz rule: before class, a quiz marked required must be submitted before
what follows it. In the BEFORE phase of a session, every activity placed after a required
quiz the learner has not submitted yet (an attempt in progress does not count) is locked:
the plans mark it (`ActivityStatus.locked_by`, the quiz to do first) and
`blocking_quiz()` says which quiz holds back an activity opened directly (the activity
page then answers 403 with a link to the quiz). Activities during and after class are
never locked, and a quiz counts as done once submitted.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
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


def estimated_minutes(activity: Activity) -> int:
    """The time a learner needs for an activity: the library item's estimate for articles
    and resources, MINUTES_PER_QUESTION per question for quizzes (the activity carries a
    `question_count` annotation), nothing for the others."""
    if activity.kind == Kind.ARTICLE and activity.article is not None:
        return activity.article.estimated_minutes
    if activity.kind == Kind.RESOURCE and activity.resource is not None:
        return activity.resource.estimated_minutes
    if activity.kind == Kind.QUIZ:
        return MINUTES_PER_QUESTION * activity.question_count
    return 0


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
        return self.activity.kind != Kind.LIVE_VOTE

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
        resource = self.activity.resource if self.activity.kind == Kind.RESOURCE else None
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


def activities_with_progress(learner: User, session_ids: Iterable[int]) -> QuerySet[Activity]:
    """The activities of these sessions, each annotated with `done` (for this learner),
    `question_count` (for quizzes), and for resources `resource_opened_at` and
    `resource_watched` (the learner's progress), in one query."""

    def mine(queryset: QuerySet, **lookups) -> Exists:
        return Exists(queryset.filter(learner=learner, **lookups))

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
    return (
        Activity.objects.filter(session_id__in=list(session_ids))
        .select_related("article", "resource")
        .defer("resource__captions", "resource__description")
        .annotate(
            done=Case(
                When(
                    kind=Kind.ARTICLE,
                    then=mine(ResourceProgress.objects, article_id=OuterRef("article_id")),
                ),
                When(
                    kind=Kind.RESOURCE,
                    then=mine(
                        ResourceProgress.objects,
                        resource_id=OuterRef("resource_id"),
                        completed_at__isnull=False,
                    ),
                ),
                When(
                    kind=Kind.QUIZ,
                    then=mine(
                        Attempt.objects, activity_id=OuterRef("pk"), submitted_at__isnull=False
                    ),
                ),
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
            resource_opened_at=Subquery(resource_progress.values("first_opened_at")[:1]),
            resource_watched=Subquery(
                resource_progress.values("watched")[:1], output_field=JSONField()
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
    for plan in plans.values():
        _lock_after_required_quizzes(plan.before)
    return list(plans.values())


def _is_blocking(status: ActivityStatus) -> bool:
    activity = status.activity
    return activity.kind == Kind.QUIZ and activity.required and not status.done


def _lock_after_required_quizzes(before: list[ActivityStatus]) -> None:
    """The required-quiz rule (see the module docstring) on a phase already in order."""
    blocker = None
    for status in before:
        if blocker is not None:
            status.locked_by = blocker
        elif _is_blocking(status):
            blocker = status.activity


def next_activity(activity: Activity) -> Activity | None:
    """The activity after this one in its phase (for the "Next" link), or None."""
    siblings = list(activity.session.phase_items(activity.phase).only("pk", "title"))
    index = next(i for i, item in enumerate(siblings) if item.pk == activity.pk)
    return siblings[index + 1] if index + 1 < len(siblings) else None


def blocking_quiz(learner: User, activity: Activity) -> Activity | None:
    """The first required quiz placed before this activity (before class) that the
    learner has not submitted; None when the activity is open. One query at most."""
    if activity.phase != Phase.BEFORE:
        return None
    submitted = Attempt.objects.filter(
        activity_id=OuterRef("pk"), learner=learner, submitted_at__isnull=False
    )
    return (
        Activity.objects.filter(
            session_id=activity.session_id, phase=Phase.BEFORE, kind=Kind.QUIZ, required=True
        )
        .filter(
            Q(position__lt=activity.position) | Q(position=activity.position, pk__lt=activity.pk)
        )
        .exclude(Exists(submitted))
        .order_by("position", "pk")
        .first()
    )


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
