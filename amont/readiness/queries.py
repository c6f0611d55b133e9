"""Reads of the before-class pages. Each function runs a small, fixed number of queries
whatever the number of learners: rows come per table with values() and are joined in
Python; computations are left to `amont.readiness.stats`."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from amont.accounts.models import User
from amont.courses.access import visible_courses
from amont.courses.kinds import KINDS, kinds_for_phase
from amont.courses.models import Activity, Cohort, Enrollment, Kind, Objective, Phase, Session
from amont.courses.progress import DoneAt, done_at
from amont.quizzes.models import CONFIDENT, Attempt, QuestionVersion, QuizItem, Response
from amont.quizzes.models import UnclearPoint as UnclearPointRow
from amont.quizzes.results import LatestAttempt, latest_attempts
from amont.readiness import stats
from amont.readiness.stats import ItemStats, ObjectiveScore, Preparation, PreparationCounts

UPCOMING_DAYS = 30
RECENT_PAST = 10
# The kinds of before-class activity that count in preparation: what learners do on
# their own (a live vote happens in class).
PREPARED_KINDS = [kind.value for kind in kinds_for_phase(Phase.BEFORE) if kind.is_preparation]


# Overview of several sessions (dashboard, summary) ----------------------------------


@dataclass(frozen=True)
class SessionOverview:
    preparation: PreparationCounts
    unclear_count: int


def session_overviews(sessions: Sequence[Session]) -> dict[int, SessionOverview]:
    """Preparation counts and number of unclear points of each session, in three
    queries for any number of sessions and learners. Only enrolled learners count."""
    if not sessions:
        return {}
    cohort_ids = {s.cohort_id for s in sessions}
    activities = list(
        Activity.objects.filter(
            session_id__in=[s.pk for s in sessions], phase=Phase.BEFORE, kind__in=PREPARED_KINDS
        )
        .order_by()
        .values("id", "session_id", "kind", "article_id", "resource_id", "required")
    )
    learners: dict[int, list[int]] = defaultdict(list)
    for cohort_id, learner_id in Enrollment.objects.filter(cohort_id__in=cohort_ids).values_list(
        "cohort_id", "learner_id"
    ):
        learners[cohort_id].append(learner_id)

    # done_at() reads the kind, the id and the library item: rows stand in for activities.
    done = done_at(
        [Activity(**row) for row in activities],
        [learner_id for ids in learners.values() for learner_id in ids],
    )

    by_session: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for activity in activities:
        by_session[activity["session_id"]].append(activity)
    overviews = {}
    for session in sessions:
        items = by_session[session.pk]
        before = {a["id"] for a in items}
        expected = stats.expected_activity_ids((a["id"], a["required"]) for a in items)
        statuses = []
        unclear_count = 0
        for learner_id in learners[session.cohort_id]:
            done_here = {a["id"] for a in items if (learner_id, a["id"]) in done}
            unclear_count += sum(
                1 for a in items if a["kind"] == Kind.UNCLEAR and a["id"] in done_here
            )
            statuses.append(stats.preparation_status(done_here, before, expected))
        overviews[session.pk] = SessionOverview(stats.count_preparation(statuses), unclear_count)
    return overviews


# Dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    session: Session
    overview: SessionOverview


@dataclass(frozen=True)
class Dashboard:
    upcoming: list[DashboardRow]
    past: list[DashboardRow]
    days: int = UPCOMING_DAYS


def staff_dashboard(user: User, *, now: datetime | None = None) -> Dashboard:
    """Sessions of the courses the user sees as staff: those of the next UPCOMING_DAYS
    days, nearest first, then the RECENT_PAST last ones, newest first."""
    now = now or timezone.now()
    sessions = Session.objects.filter(cohort__course__in=visible_courses(user)).select_related(
        "cohort__course"
    )
    upcoming = list(
        sessions.filter(
            starts_at__gte=now, starts_at__lt=now + timedelta(days=UPCOMING_DAYS)
        ).order_by("starts_at", "pk")
    )
    past = list(sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:RECENT_PAST])
    overviews = session_overviews(upcoming + past)
    return Dashboard(
        upcoming=[DashboardRow(s, overviews[s.pk]) for s in upcoming],
        past=[DashboardRow(s, overviews[s.pk]) for s in past],
    )


# Quiz results (readiness, summary) --------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    stats: ItemStats
    question_id: int
    objective_id: int | None
    version_number: int
    several_versions: bool  # answers were given to several versions of this question


@dataclass(frozen=True)
class QuizResult:
    activity: Activity
    submitted: int  # learners with at least one attempt
    mean_percent: int | None  # mean score of the latest attempts
    questions: list[QuestionResult]


@dataclass(frozen=True)
class QuizResults:
    quizzes: list[QuizResult]
    latest: dict[tuple[int, int], LatestAttempt]  # (activity id, learner id)
    objective_answers: list[tuple[int | None, bool]]  # (objective id, right)


def quiz_results(*, activities: Sequence[Activity], cohort: Cohort) -> QuizResults:
    """Results of the quiz activities among `activities`, from the latest attempt of
    each learner of the cohort; four queries."""
    quizzes = [a for a in activities if a.kind == Kind.QUIZ and a.quiz_id]
    if not quizzes:
        return QuizResults([], {}, [])
    activity_ids = [a.pk for a in quizzes]

    # (question id, objective id) by quiz id (never None: `quizzes` have one)
    items: dict[int | None, list[tuple[int, int | None]]] = defaultdict(list)
    for quiz_id, item_question_id, item_objective_id in (
        QuizItem.objects.filter(quiz_id__in={a.quiz_id for a in quizzes})
        .order_by("quiz_id", "position", "pk")
        .values_list("quiz_id", "question_id", "question__objective_id")
    ):
        items[quiz_id].append((item_question_id, item_objective_id))
    versions: dict[int, list[Mapping[str, Any]]] = defaultdict(list)  # by question, oldest first
    for row in (
        QuestionVersion.objects.filter(
            question_id__in={q for pairs in items.values() for q, _ in pairs}
        )
        .order_by("number")
        .values("id", "question_id", "number", "text", "options")
    ):
        versions[row["question_id"]].append(row)

    latest = latest_attempts(
        activity_ids, Enrollment.objects.filter(cohort=cohort).values("learner_id")
    )

    # Responses of the latest attempt of each learner only, chosen by the database.
    latest_attempt = (
        Attempt.objects.filter(
            activity_id=OuterRef("attempt__activity_id"),
            learner_id=OuterRef("attempt__learner_id"),
            submitted_at__isnull=False,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    answers: dict[tuple[int, int], list[tuple[int | None, bool, bool | None]]] = defaultdict(list)
    for activity_id, version_id, choice, confidence, right in Response.objects.filter(
        attempt__activity_id__in=activity_ids,
        attempt__learner__enrollments__cohort=cohort,
        attempt_id=Subquery(latest_attempt),
    ).values_list(
        "attempt__activity_id", "question_version_id", "choice", "confidence", "is_correct"
    ):
        answers[(activity_id, version_id)].append((choice, confidence in CONFIDENT, right))

    results = []
    objective_answers: list[tuple[int | None, bool]] = []
    for activity in quizzes:
        questions = []
        for question_id, objective_id in items[activity.quiz_id]:
            question_versions = versions[question_id]
            answered = [v for v in question_versions if answers.get((activity.pk, v["id"]))]
            shown = answered or question_versions[-1:]
            for version in shown:
                version_answers = answers.get((activity.pk, version["id"]), [])
                right_index = stats.correct_index(version["options"])
                objective_answers += [
                    (objective_id, right if right is not None else choice == right_index)
                    for choice, _, right in version_answers
                    if right is not None or choice is not None
                ]
                questions.append(
                    QuestionResult(
                        stats=stats.item_stats(
                            text=version["text"],
                            options=version["options"],
                            answers=version_answers,
                        ),
                        question_id=question_id,
                        objective_id=objective_id,
                        version_number=version["number"],
                        several_versions=len(answered) > 1,
                    )
                )
        attempts = [a for (pk, _), a in latest.items() if pk == activity.pk]
        mean = stats.mean(a.percent for a in attempts if a.percent is not None)
        results.append(
            QuizResult(
                activity=activity,
                submitted=len(attempts),
                mean_percent=round(mean) if mean is not None else None,
                questions=questions,
            )
        )
    return QuizResults(results, latest, objective_answers)


# Readiness of one session -----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What one learner did for one before-class activity."""

    activity: Activity
    done: bool = False
    at: datetime | None = None  # when it was done, by its kind's rule (courses/progress.py)
    late: bool = False
    # What the kind shows besides (ActivityKind.readiness_details): a quiz's latest score,
    # how far a learner went with a resource once opened; None when nothing.
    detail: Any = None


@dataclass(frozen=True)
class LearnerRow:
    learner: User
    cells: list[Cell]
    status: Preparation


@dataclass(frozen=True)
class UnclearPoint:
    learner: User
    activity: Activity
    text: str
    at: datetime


@dataclass(frozen=True)
class ObjectiveRow:
    objective: Objective
    score: ObjectiveScore
    in_session: bool


@dataclass(frozen=True)
class SessionReadiness:
    session: Session
    activities: list[Activity]
    expected_ids: frozenset[int]
    rows: list[LearnerRow]
    preparation: PreparationCounts
    due_at: datetime | None  # the earliest due date of the before-class activities
    quizzes: list[QuizResult]
    unclear_points: list[UnclearPoint]
    objectives: list[ObjectiveRow]
    weakest: ObjectiveRow | None

    @property
    def required_only(self) -> bool:
        return any(a.required for a in self.activities)

    @property
    def has_resources(self) -> bool:
        return any(a.kind == Kind.RESOURCE for a in self.activities)


def session_readiness(session: Session) -> SessionReadiness:
    """Everything the trainer reads before class, in at most nine queries whatever the
    number of learners."""
    activities = list(
        session.activities.filter(phase=Phase.BEFORE, kind__in=PREPARED_KINDS)
        .select_related("resource")
        .defer("resource__captions", "resource__description")
        .order_by("position", "pk")
    )
    for activity in activities:
        activity.session = session  # effective_due_at reads it: no query per activity
    learners = list(
        User.objects.filter(enrollments__cohort_id=session.cohort_id)
        .only("id", "email", "full_name")
        .order_by("full_name", "email")
    )
    learner_by_id = {learner.pk: learner for learner in learners}
    by_kind: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_kind[activity.kind].append(activity)
    details: dict[tuple[int, int], Any] = {}
    for value, members in by_kind.items():
        details.update(KINDS[value].readiness_details(members, learner_by_id))
    quiz = quiz_results(activities=activities, cohort=session.cohort)
    unclear_ids = [a.pk for a in activities if a.kind == Kind.UNCLEAR]
    unclear_rows = list(
        UnclearPointRow.objects.filter(
            activity_id__in=unclear_ids, learner__enrollments__cohort_id=session.cohort_id
        )
        .order_by("-updated_at", "-pk")
        .values_list("learner_id", "activity_id", "text", "updated_at")
    )

    done_pairs = done_at(activities, learner_by_id)
    before = {a.pk for a in activities}
    expected = stats.expected_activity_ids((a.pk, a.required) for a in activities)
    rows = []
    for learner in learners:
        cells = [_cell(activity, learner.pk, done_pairs, details) for activity in activities]
        done = {cell.activity.pk for cell in cells if cell.done}
        rows.append(LearnerRow(learner, cells, stats.preparation_status(done, before, expected)))

    activity_by_id = {a.pk: a for a in activities}
    tagged = {q.objective_id for r in quiz.quizzes for q in r.questions if q.objective_id}
    session_objectives = Session.objectives.through.objects.filter(
        session_id=session.pk, objective_id=OuterRef("pk")
    )
    objectives = list(
        Objective.objects.filter(Q(sessions=session) | Q(pk__in=tagged))
        .annotate(in_session=Exists(session_objectives))
        .distinct()
        .order_by("position", "pk")
    )
    scores = stats.objective_scores([o.pk for o in objectives], quiz.objective_answers)
    objective_rows = [
        ObjectiveRow(o, score, o.in_session) for o, score in zip(objectives, scores, strict=True)
    ]
    weakest = stats.weakest_objective(scores)
    due_dates = [a.effective_due_at for a in activities if a.effective_due_at]
    return SessionReadiness(
        session=session,
        activities=activities,
        expected_ids=expected,
        rows=rows,
        preparation=stats.count_preparation(row.status for row in rows),
        due_at=min(due_dates) if due_dates else None,
        quizzes=quiz.quizzes,
        unclear_points=[
            UnclearPoint(learner_by_id[learner_id], activity_by_id[activity_id], text, at)
            for learner_id, activity_id, text, at in unclear_rows
        ],
        objectives=objective_rows,
        weakest=next((r for r in objective_rows if r.score is weakest), None),
    )


def _cell(
    activity: Activity, learner_id: int, done: DoneAt, details: dict[tuple[int, int], Any]
) -> Cell:
    pair = (learner_id, activity.pk)
    at = done.get(pair)
    return Cell(
        activity=activity,
        done=pair in done,  # the kind's rule (courses/progress.py)
        at=at,
        late=stats.is_late(at, activity.effective_due_at),
        detail=details.get(pair),
    )
