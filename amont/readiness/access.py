"""Who may see the readiness pages: a session's readiness follows its course
(courses.access.access_session); the dashboard is for the staff."""

from django.http import Http404

from amont.accounts.models import User
from amont.courses.access import staff_organizations


def check_staff(user: User) -> None:
    """404 for a user who neither teaches nor manages anywhere: learners have their own
    home, and the dashboard would only be an empty shell for them."""
    if not staff_organizations(user).exists():
        raise Http404
