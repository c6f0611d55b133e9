from django.http import HttpRequest

from amont.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For type checkers: views behind @login_required see a real User."""

    user: User
