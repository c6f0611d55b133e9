from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from amont.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For type checkers: views behind @login_required see a real User (and
    HtmxMiddleware's `request.htmx`)."""

    user: User
    htmx: HtmxDetails
