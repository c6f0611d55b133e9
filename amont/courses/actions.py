from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import translation

from amont.accounts.actions import add_member, create_user
from amont.accounts.models import Membership, Organization, Role, User, new_token
from amont.courses.models import Activity, Cohort, Course, Enrollment, Objective, Session
from amont.courses.roster import RosterRow
from amont.courses.tasks import send_welcome_emails


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


def enroll(*, cohort: Cohort, learner: User) -> None:
    enroll_all(cohort=cohort, learners=[learner])


@transaction.atomic
def enroll_all(*, cohort: Cohort, learners: Sequence[User]) -> None:
    """Enroll learners in a cohort, in two queries whatever their number. A learner
    membership never replaces an existing role; enrolling twice is a no-op."""
    organization_id = cohort.course.organization_id
    Membership.objects.bulk_create(
        [
            Membership(user=user, organization_id=organization_id, role=Role.LEARNER)
            for user in learners
        ],
        ignore_conflicts=True,
    )
    Enrollment.objects.bulk_create(
        [Enrollment(cohort=cohort, learner=user) for user in learners], ignore_conflicts=True
    )


@transaction.atomic
def sign_up_with_invite(*, cohort: Cohort, email: str, full_name: str, password: str) -> User:
    user = create_user(email=email, full_name=full_name, password=password)
    enroll(cohort=cohort, learner=user)
    return user


def regenerate_invite(*, cohort: Cohort) -> str:
    """Give the cohort a new invitation link; the old one stops working."""
    cohort.invite_token = new_token()
    cohort.save(update_fields=["invite_token"])
    return cohort.invite_token


@dataclass(frozen=True)
class RosterImport:
    created: list[User]  # new accounts, without a password yet
    enrolled: list[User]  # existing accounts added to the cohort
    already_enrolled: list[User]


@transaction.atomic
def import_roster(*, cohort: Cohort, rows: Sequence[RosterRow]) -> RosterImport:
    """Enroll every row in the cohort, creating the accounts that do not exist yet. After
    commit, whoever has no password yet gets an email with a link to choose one."""
    emails = [row.email.lower() for row in rows]
    existing = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    }
    already_ids = set(
        Enrollment.objects.filter(cohort=cohort, learner__in=existing.values()).values_list(
            "learner_id", flat=True
        )
    )
    new_users = User.objects.bulk_create(
        [
            User(email=row.email.lower(), full_name=row.name, password=make_password(None))
            for row in rows
            if row.email.lower() not in existing
        ]
    )
    found = [existing[email] for email in emails if email in existing]
    enroll_all(cohort=cohort, learners=[*new_users, *found])

    without_password = [user.pk for user in [*new_users, *found] if not user.has_usable_password()]
    if without_password:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: send_welcome_emails.enqueue(
                user_ids=without_password, cohort_id=cohort.pk, language=language
            )
        )
    return RosterImport(
        created=new_users,
        enrolled=[user for user in found if user.pk not in already_ids],
        already_enrolled=[user for user in found if user.pk in already_ids],
    )


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
