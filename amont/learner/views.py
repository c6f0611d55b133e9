"""The learner's side: what to prepare, a session, and one URL for every activity."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import (
    access_activity_as_learner,
    access_session,
    access_session_as_learner,
)
from amont.courses.models import Activity
from amont.courses.progress import blocking_activity
from amont.learner.offline import pack_filename, session_pack_file
from amont.learner.paper import build_session_pdf, paper_filename
from amont.learner.plan import learner_plan, session_plan
from amont.learner.pwa import is_precache, without_records


def _locked_page(
    request: AuthenticatedHttpRequest, activity: Activity, blocker: Activity
) -> HttpResponse:
    """An activity held back by a required one the learner has not done (403)."""
    context = {"activity": activity, "session": activity.session, "quiz_activity": blocker}
    return render(request, "learner/locked.html", context, status=403)


@login_required
@require_GET
def learner_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = learner_plan(request.user, now=timezone.now())
    return render(request, "learner/learner_home.html", {"plan": plan})


@login_required
@require_GET
def learner_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session_as_learner(request.user, session_id)
    plan = session_plan(request.user, session, now=timezone.now())
    context = {"session": session, "plan": plan, "objectives": session.objectives.all()}
    return render(request, "learner/learner_session.html", context)


@login_required
@require_GET
def learner_session_pack(request: AuthenticatedHttpRequest, session_id: int) -> FileResponse:
    """The session's before-class activities as a ZIP, to read offline and on paper."""
    session = access_session_as_learner(request.user, session_id)
    # Media make packs of hundreds of megabytes: written to disk, streamed from there.
    response = FileResponse(
        session_pack_file(session=session, learner=request.user),
        as_attachment=True,
        filename=pack_filename(session),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _paper_response(session, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # Django's own header writer: quotes and non-ASCII titles stay valid.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=paper_filename(session)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def learner_session_paper(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The session's before-class activities as a PDF to print (learner.paper)."""
    session = access_session_as_learner(request.user, session_id)
    return _paper_response(session, build_session_pdf(session, learner=request.user))


@login_required
@require_GET
def session_paper(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The trainer's copy of the printable PDF, to hand out or check before class."""
    session = access_session(request.user, session_id)
    return _paper_response(session, build_session_pdf(session))


@login_required
@require_http_methods(["GET", "POST"])
def learner_activity(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    """One address per activity: its kind's own page answers (courses/kinds.py)."""
    activity = access_activity_as_learner(request.user, activity_id)
    kind = activity.activity_kind
    if request.method == "POST" and not kind.accepts_post:
        return HttpResponseNotAllowed(["GET"])
    # The lock rule (courses/progress.py): 403, with a link to what to do first.
    if blocker := blocking_activity(request.user.pk, activity):
        return _locked_page(request, activity, blocker)
    if request.method == "GET" and is_precache(request):
        return without_records(kind.learner_page, request, activity)  # kept offline, not read
    return kind.learner_page(request, activity)
