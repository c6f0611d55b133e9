"""Who may see and change the content app's objects (see courses/access.py for courses,
cohorts, sessions and activities)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from amont.accounts.models import Role, User
from amont.content.models import Resource
from amont.courses.access import access_activity_as_learner, staff_role
from amont.courses.models import Activity, Kind
from amont.courses.progress import blocking_activity


def access_resource(user: User, resource_id: int, *, write: bool = False) -> Resource:
    """A resource for the staff of its organization: 404 for anyone else, 403 on a change
    by a program manager. Sets `resource.can_edit`."""
    resource = Resource.objects.select_related("organization").filter(pk=resource_id).first()
    if resource is None:
        raise Http404
    role = staff_role(user, resource.organization_id)
    if role is None:
        raise Http404
    if write and role != Role.TRAINER:
        raise PermissionDenied
    resource.can_edit = role == Role.TRAINER
    return resource


def access_resource_activity(user: User, activity_id: int) -> Activity:
    """A resource activity of the learner's cohort (404 otherwise), not held back by a
    required quiz (403): what its media and tracking URLs serve."""
    activity = access_activity_as_learner(user, activity_id)
    if activity.kind != Kind.RESOURCE or activity.resource is None:
        raise Http404
    if blocking_activity(user.pk, activity):
        raise PermissionDenied
    return activity
