"""Who may see and change courses, cohorts, sessions and activities.

Each helper returns the object or raises: 404 when the user may not even know it exists,
403 when they may see it but not change it (a program manager is read-only)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from amont.accounts.models import Membership, Organization, Role, User
from amont.courses.models import Activity, Cohort, Course, Session


def managed_organization_ids(user: User) -> list[int]:
    return list(
        Membership.objects.filter(user=user, role=Role.MANAGER).values_list(
            "organization_id", flat=True
        )
    )


def trainer_organizations(user: User) -> QuerySet[Organization]:
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.TRAINER)


def visible_courses(user: User) -> QuerySet[Course]:
    """Courses a user sees as staff: the ones they teach, and all of the organizations
    they manage."""
    if not user.is_authenticated:
        return Course.objects.none()
    return Course.objects.filter(
        Q(trainers=user) | Q(organization_id__in=managed_organization_ids(user))
    ).distinct()


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


def access_cohort(user: User, cohort_id: int, *, write: bool = False) -> Cohort:
    cohort = Cohort.objects.select_related("course__organization").filter(pk=cohort_id).first()
    if cohort is None:
        raise Http404
    _check(user, cohort.course, write=write)
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
        Activity.objects.select_related("session__cohort__course", "article", "quiz")
        .filter(pk=activity_id, session__cohort__enrollments__learner=user)
        .first()
    )
    if activity is None:
        raise Http404
    return activity
