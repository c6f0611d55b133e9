"""Who may see and change courses, cohorts, sessions and activities.

Each helper returns the object or raises: 404 when the user may not even know it exists,
403 when they may see it but not change it (a program manager is read-only)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from amont.accounts.models import Membership, Organization, Role, User
from amont.courses.models import Activity, Cohort, Course, Objective, Session


def managed_organization_ids(user: User) -> list[int]:
    return list(
        Membership.objects.filter(user=user, role=Role.MANAGER).values_list(
            "organization_id", flat=True
        )
    )


def trainer_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.TRAINER)


def access_trainer_organizations(user: User) -> QuerySet[Organization]:
    """The organizations where the user teaches, by name: where a new course may go. 403
    for whoever teaches nowhere."""
    organizations = trainer_organizations(user).order_by("name")
    if not organizations.exists():
        raise PermissionDenied
    return organizations


def visible_courses(user: User) -> QuerySet[Course]:
    """Courses a user sees as staff: the ones they teach, and all of the organizations
    they manage."""
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(
        Q(trainers=user) | Q(organization_id__in=managed_organization_ids(user))
    ).distinct()


def access_staff_organization(user: User, wanted: str = "", *, write: bool = False) -> Organization:
    """The organization whose library or bank is shown: `wanted` (an id from `?org=`) or the
    user's first one (where they teach, else where they manage). 404 without a staff
    membership, 403 on a change by a program manager. Sets `organization.can_edit`."""
    memberships = list(
        Membership.objects.filter(user=user, role__in=[Role.TRAINER, Role.MANAGER])
        .select_related("organization")
        .order_by("organization__name", "organization_id")
    )
    if wanted:
        memberships = [m for m in memberships if str(m.organization_id) == wanted]
    memberships.sort(key=lambda m: m.role != Role.TRAINER)  # stable: trainer first
    if not memberships:
        raise Http404
    membership = memberships[0]
    if write and membership.role != Role.TRAINER:
        raise PermissionDenied
    organization = membership.organization
    organization.can_edit = membership.role == Role.TRAINER
    return organization


def staff_organizations(user: User) -> QuerySet[Organization]:
    """The organizations where the user teaches or manages, by name (the switcher of the
    library and the bank)."""
    return (
        Organization.objects.filter(
            memberships__user=user, memberships__role__in=[Role.TRAINER, Role.MANAGER]
        )
        .distinct()
        .order_by("name")
    )


def staff_role(user: User, organization_id: int) -> str | None:
    """The user's staff role in an organization (trainer first), or None."""
    roles = set(
        Membership.objects.filter(
            user=user, organization_id=organization_id, role__in=[Role.TRAINER, Role.MANAGER]
        ).values_list("role", flat=True)
    )
    return Role.TRAINER if Role.TRAINER in roles else next(iter(roles), None)


def can_edit_course(user: User, course: Course) -> bool:
    return course.trainers.filter(pk=user.pk).exists()


def _check(user: User, course: Course, *, write: bool) -> None:
    if course.trainers.filter(pk=user.pk).exists():
        return
    if course.organization_id in managed_organization_ids(user):
        if write:
            raise PermissionDenied
        return
    raise Http404


def access_course(user: User, course_id: int, *, write: bool = False) -> Course:
    course = Course.objects.select_related("organization").filter(pk=course_id).first()
    if course is None:
        raise Http404
    _check(user, course, write=write)
    return course


def access_objective(user: User, objective_id: int, *, write: bool = False) -> Objective:
    """An objective, for the staff of its course (the course's rule decides)."""
    objective = (
        Objective.objects.select_related("course__organization").filter(pk=objective_id).first()
    )
    if objective is None:
        raise Http404
    _check(user, objective.course, write=write)
    return objective


def access_cohort(user: User, cohort_id: int, *, write: bool = False) -> Cohort:
    cohort = Cohort.objects.select_related("course__organization").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    _check(user, cohort.course, write=write)
    return cohort


def access_cohort_by_invite(token: str) -> Cohort:
    """The invitation token is the access check: whoever holds the link may see the
    course and cohort names and join."""
    cohort = Cohort.objects.select_related("course").filter(invite_token=token).first()
    if cohort is None:
        raise Http404
    return cohort


def access_session(user: User, session_id: int, *, write: bool = False) -> Session:
    session = (
        Session.objects.select_related("cohort__course__organization").filter(pk=session_id).first()
    )
    if session is None:
        raise Http404
    _check(user, session.cohort.course, write=write)
    return session


def access_activity(user: User, activity_id: int, *, write: bool = False) -> Activity:
    activity = (
        Activity.objects.select_related("session__cohort__course__organization")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    _check(user, activity.session.cohort.course, write=write)
    return activity


def learner_sessions(user: User) -> QuerySet[Session]:
    return Session.objects.filter(cohort__enrollments__learner=user)


def access_session_as_learner(user: User, session_id: int) -> Session:
    session = learner_sessions(user).select_related("cohort__course").filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def access_activity_as_learner(user: User, activity_id: int) -> Activity:
    activity = (
        Activity.objects.select_related("session__cohort__course", "article", "quiz", "resource")
        .filter(pk=activity_id, session__cohort__enrollments__learner=user)
        .first()
    )
    if activity is None:
        raise Http404
    return activity
