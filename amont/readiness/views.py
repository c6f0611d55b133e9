from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import Membership, Role
from amont.courses.access import access_session
from amont.readiness import queries


def _is_staff(request: AuthenticatedHttpRequest) -> bool:
    return Membership.objects.filter(
        user=request.user, role__in=[Role.TRAINER, Role.MANAGER]
    ).exists()


@login_required
@require_safe
def staff_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Learners have their own home; this page would only be an empty shell for them.
    if not _is_staff(request):
        raise Http404
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
