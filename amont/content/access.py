"""Who may see and change the content app's objects (see courses/access.py for courses,
cohorts, sessions and activities)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from amont.accounts.models import Role, User
from amont.content.models import Resource
from amont.courses.access import staff_role


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
    resource.can_edit = role == Role.TRAINER  # type: ignore[attr-defined]
    return resource
