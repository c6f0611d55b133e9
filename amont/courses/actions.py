from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Max

from amont.accounts.actions import add_member
from amont.accounts.models import Organization, Role, User
from amont.courses.models import Activity, Cohort, Course, Enrollment, Objective, Session


@transaction.atomic
def create_course(
    *,
    organization: Organization,
    trainer: User,
    title: str,
    description: str = "",
    objectives: Iterable[str] = (),
) -> Course:
    add_member(organization=organization, user=trainer, role=Role.TRAINER)
    course = Course.objects.create(organization=organization, title=title, description=description)
    course.trainers.add(trainer)
    for position, text in enumerate(objectives):
        add_objective(course=course, title=text, code=f"O{position + 1}")
    return course


def add_objective(*, course: Course, title: str, code: str = "") -> Objective:
    last = course.objectives.aggregate(m=Max("position"))["m"]
    return Objective.objects.create(
        course=course, title=title, code=code, position=0 if last is None else last + 1
    )


def create_cohort(*, course: Course, name: str) -> Cohort:
    return Cohort.objects.create(course=course, name=name)


@transaction.atomic
def enroll(*, cohort: Cohort, learner: User) -> Enrollment:
    add_member(organization=cohort.course.organization, user=learner, role=Role.LEARNER)
    enrollment, _ = Enrollment.objects.get_or_create(cohort=cohort, learner=learner)
    return enrollment


@transaction.atomic
def create_session(
    *,
    cohort: Cohort,
    title: str,
    starts_at: datetime,
    objectives: Iterable[Objective] = (),
) -> Session:
    session = Session.objects.create(cohort=cohort, title=title, starts_at=starts_at)
    session.objectives.set(objectives)
    return session


def add_activity(*, session: Session, phase: str, kind: str, title: str, **fields) -> Activity:
    """Append an activity at the end of its phase. fields: instructions, due_at, required,
    and the target of the kind (article, quiz or question)."""
    last = session.activities.filter(phase=phase).aggregate(m=Max("position"))["m"]
    return Activity.objects.create(
        session=session,
        phase=phase,
        kind=kind,
        title=title,
        position=0 if last is None else last + 1,
        **fields,
    )


@transaction.atomic
def move_activity(*, activity: Activity, offset: int) -> None:
    """Move an activity up (-1) or down (+1) within its phase."""
    siblings = list(activity.session.phase_items(activity.phase))
    index = next(i for i, item in enumerate(siblings) if item.pk == activity.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, item in enumerate(siblings):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def update_course(*, course: Course, title: str, description: str) -> Course:
    course.title = title
    course.description = description
    course.save(update_fields=["title", "description"])
    return course


@transaction.atomic
def update_session(
    *, session: Session, title: str, starts_at: datetime, objectives: Iterable[Objective]
) -> Session:
    session.title = title
    session.starts_at = starts_at
    session.save(update_fields=["title", "starts_at"])
    session.objectives.set(objectives)
    return session


def update_activity(
    *, activity: Activity, title: str, instructions: str, due_at: datetime | None, required: bool
) -> Activity:
    activity.title = title
    activity.instructions = instructions
    activity.due_at = due_at
    activity.required = required
    activity.save(update_fields=["title", "instructions", "due_at", "required"])
    return activity


@transaction.atomic
def delete_activity(*, activity: Activity) -> None:
    """Delete an activity (and what learners answered to it); its library item (article,
    quiz, question) stays in the library. The phase's positions are renumbered."""
    session, phase = activity.session, activity.phase
    activity.delete()
    for position, item in enumerate(session.phase_items(phase)):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
