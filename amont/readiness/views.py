from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import access_session
from amont.readiness import queries
from amont.readiness.access import check_staff


@login_required
@require_safe
def staff_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_staff(request.user)
    dashboard = queries.staff_dashboard(request.user)
    return render(request, "readiness/dashboard.html", {"dashboard": dashboard})


@login_required
@require_safe
def readiness(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session(request.user, session_id)
    return render(
        request,
        "readiness/readiness.html",
        {"session": session, "readiness": queries.session_readiness(session)},
    )
