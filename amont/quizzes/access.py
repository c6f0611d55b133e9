"""Who may see and change the quizzes app's objects (see courses/access.py for courses,
cohorts, sessions and activities).

Each helper returns the object or raises: 404 when the user may not even know it exists,
403 when they may see it but not change it (a program manager is read-only). The bank
belongs to an organization; a quiz is reached through its activity, with the course's
rules."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from amont.accounts.models import Organization, Role, User
from amont.content.access import access_resource
from amont.courses.access import (
    access_activity,
    access_activity_as_learner,
    access_staff_organization,
    staff_role,
)
from amont.courses.models import Activity, Kind
from amont.courses.progress import blocking_activity
from amont.quizzes.models import (
    Question,
    QuestionImage,
    QuizItem,
    Response,
    VideoCue,
)
from amont.quizzes.types import QUESTION_TYPES


def access_bank(user: User, wanted: str = "", *, write: bool = False) -> Organization:
    """The organization whose bank is shown: `wanted` (an id from `?org=`) or the user's
    first one (see access_staff_organization). Sets `organization.can_edit`."""
    return access_staff_organization(user, wanted, write=write)


def access_question(user: User, question_id: int, *, write: bool = False) -> Question:
    """A bank question, for the trainers (read and write) and program managers (read) of
    its organization."""
    question = Question.objects.select_related("organization").filter(pk=question_id).first()
    if question is None:
        raise Http404
    role = staff_role(user, question.organization_id)
    if role not in (Role.TRAINER, Role.MANAGER):
        raise Http404
    if write and role != Role.TRAINER:
        raise PermissionDenied
    return question


def access_question_image(user: User, image_id: int) -> QuestionImage:
    """An image of question texts, for every member of its organization (trainers,
    program managers, learners)."""
    image = (
        QuestionImage.objects.filter(pk=image_id, organization__memberships__user=user)
        .distinct()
        .first()
    )
    if image is None:
        raise Http404
    return image


def access_quiz_activity(user: User, activity_id: int, *, write: bool = False) -> Activity:
    """A quiz activity for the staff of its course (access_activity); 404 for another kind."""
    activity = access_activity(user, activity_id, write=write)
    if activity.kind != Kind.QUIZ:
        raise Http404
    return activity


def access_bank_quiz(user: User, wanted: str, organization: Organization) -> Activity | None:
    """The quiz activity named by `?quiz=` (import or add straight into it), written by
    the user, in the bank's organization; None when `wanted` is empty."""
    if not wanted:
        return None
    if not wanted.isdigit():
        raise Http404
    activity = access_quiz_activity(user, int(wanted), write=True)
    if activity.session.cohort.course.organization_id != organization.pk:
        raise Http404
    return activity


def access_quiz_question(activity: Activity, question_id: int) -> Question:
    """A question of the activity's quiz (the activity already checked by the caller)."""
    if activity.quiz_id is None:
        raise Http404
    item = (
        QuizItem.objects.select_related("question")
        .filter(quiz_id=activity.quiz_id, question_id=question_id)
        .first()
    )
    if item is None:
        raise Http404
    return item.question


def open_responses(activity: Activity) -> QuerySet[Response]:
    """The open-text answers of the submitted attempts of this activity."""
    return Response.objects.filter(
        attempt__activity=activity,
        attempt__submitted_at__isnull=False,
        question_version__type__in=[t.value for t in QUESTION_TYPES.values() if not t.graded],
    )


def access_open_response(activity: Activity, response_id: int) -> Response:
    """An open-text answer to mark, among the activity's (the activity already checked
    by the caller, with write=True for a change)."""
    response = (
        open_responses(activity).select_related("attempt__learner").filter(pk=response_id).first()
    )
    if response is None:
        raise Http404
    return response


def access_cue(user: User, cue_id: int, *, write: bool = False) -> VideoCue:
    """A question placed in a library video, for the staff of the video's organization
    (the resource's rule decides: 404 for outsiders, 403 on a change by a manager)."""
    cue = VideoCue.objects.select_related("resource").filter(pk=cue_id).first()
    if cue is None:
        raise Http404
    access_resource(user, cue.resource_id, write=write)
    return cue


def access_cue_as_learner(user: User, activity_id: int, cue_id: int) -> tuple[Activity, VideoCue]:
    """A question of the video of one of the learner's resource activities, open to them
    (404 otherwise, also when a required quiz still holds the video back)."""
    activity = access_activity_as_learner(user, activity_id)
    if activity.kind != Kind.RESOURCE or activity.resource_id is None:
        raise Http404
    if blocking_activity(user.pk, activity):
        raise Http404
    cue = VideoCue.objects.filter(pk=cue_id, resource_id=activity.resource_id).first()
    if cue is None:
        raise Http404
    return activity, cue
