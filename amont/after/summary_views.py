"""The session summary (step 7 of the loop: evaluate and adjust). Kept apart from
`views.py`, which holds the learners' after-class pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.after.queries import session_summary as build_summary
from amont.courses.access import access_session


@login_required
@require_safe
def session_summary(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    return render(
        request, "after/summary.html", {"session": session, "summary": build_summary(session)}
    )
