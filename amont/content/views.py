"""The learner's side: what to prepare, a session, and one URL for every activity."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from amont.accounts.http import AuthenticatedHttpRequest

# Feedback belongs to `after`, higher up the loop; the activity URL dispatches to it
# because a learner has one address per activity, whatever its kind.
from amont.after.views import feedback_activity_page
from amont.content.actions import record_article_open
from amont.content.offline import pack_filename, session_pack_file
from amont.content.paper import build_session_pdf, paper_filename
from amont.content.player import resource_activity_page
from amont.content.pwa import is_precache, without_records
from amont.content.queries import blocking_quiz, learner_plan, next_activity, session_plan
from amont.courses.access import (
    access_activity_as_learner,
    access_session,
    access_session_as_learner,
)
from amont.courses.models import Activity, Kind
from amont.lib.markdown import render_markdown
from amont.quizzes.views import (
    locked_activity_page,
    quiz_activity_page,
    unclear_activity_page,
)


def _article_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    record_article_open(learner=request.user, article=activity.article)
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "article": activity.article,
        "body": render_markdown(activity.article.body),
        "next_activity": next_activity(activity),
    }
    return render(request, "content/article.html", context)


def _live_vote_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
    }
    return render(request, "content/live_vote.html", context)


# Kinds whose page takes a POST (a form); the others are read-only.
_PAGES = {
    Kind.ARTICLE: (_article_page, False),
    Kind.QUIZ: (quiz_activity_page, True),
    Kind.UNCLEAR: (unclear_activity_page, True),
    Kind.FEEDBACK: (feedback_activity_page, True),
    Kind.LIVE_VOTE: (_live_vote_page, False),
    Kind.RESOURCE: (resource_activity_page, False),
}


@login_required
@require_GET
def learner_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    plan = learner_plan(request.user, now=timezone.now())
    return render(request, "content/learner_home.html", {"plan": plan})


@login_required
@require_GET
def learner_session(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = access_session_as_learner(request.user, session_id)
    plan = session_plan(request.user, session, now=timezone.now())
    context = {"session": session, "plan": plan, "objectives": session.objectives.all()}
    return render(request, "content/learner_session.html", context)


@login_required
@require_GET
def learner_session_pack(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
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
    """The session's before-class activities as a PDF to print (content.paper)."""
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
    activity = access_activity_as_learner(request.user, activity_id)
    page, accepts_post = _PAGES[Kind(activity.kind)]
    if request.method == "POST" and not accepts_post:
        return HttpResponseNotAllowed(["GET"])
    # The required-quiz rule (content.queries): 403, with a link to the quiz to do first.
    if quiz := blocking_quiz(request.user, activity):
        return locked_activity_page(request, activity, quiz)
    if request.method == "GET" and is_precache(request):
        return without_records(page, request, activity)  # kept for offline, not read
    return page(request, activity)
