import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import access_session, can_edit_course
from amont.courses.models import Kind, Phase
from amont.live.access import (
    access_live,
    access_live_activity,
    live_activity,
    live_by_code,
    remember_participant,
    request_participant,
)
from amont.live.actions import (
    LiveError,
    cast_vote,
    close_vote,
    end_live,
    join_live,
    open_vote,
    reveal,
    start_live,
)
from amont.live.forms import CodeForm, JoinForm, VoteForm
from amont.live.models import LiveSession
from amont.live.queries import fresh_live, participant_context, results_context, running_live


def _join_url(request: HttpRequest, live: LiveSession) -> str:
    return request.build_absolute_uri(reverse("live_join", args=[live.code]))


def _join_context(request: HttpRequest, live: LiveSession) -> dict:
    url = _join_url(request, live)
    qr = segno.make(url, error="m").svg_inline(
        omitsize=True, border=2, light="#fff", svgclass="live-qr", title=_("Join: %s") % url
    )
    return {
        "join_url": url,
        "join_url_short": url.split("://", 1)[-1],
        # segno writes only its own path data and the (escaped) title.
        "qr_svg": mark_safe(qr),
        "presenter_ws": f"/ws/live/{live.code}/presenter/",
    }


def _code_page(request: HttpRequest, code: str, *, ended: bool = False) -> HttpResponse:
    """The code entry form, after an unknown code (404) or a live session that is over."""
    if ended:
        message = _("This live session has ended.")
    else:
        message = _("No live session has the code %(code)s.") % {"code": code.upper()}
    context = {"form": CodeForm(initial={"code": "" if ended else code}), "message": message}
    return render(request, "live/code.html", context, status=200 if ended else 404)


def _run(request: HttpRequest, live: LiveSession, action, **kwargs) -> HttpResponseRedirect:
    try:
        action(live=live, **kwargs)
    except LiveError as error:
        messages.error(request, str(error))
    return redirect("live_control", live.session_id)


@login_required
@require_http_methods(["GET", "POST"])
def live_control(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The trainer's remote: start the live session, open, close and reveal the votes."""
    if request.method == "POST":
        session = access_session(request.user, session_id, write=True)
        start_live(session=session)
        return redirect("live_control", session.pk)

    session = access_session(request.user, session_id)
    live = running_live(session)
    context = {
        "session": session,
        "live": live,
        "can_edit": can_edit_course(request.user, session.cohort.course),
        "activities": session.phase_items(Phase.DURING).filter(kind=Kind.LIVE_VOTE),
    }
    if live is not None:
        context.update(results_context(live))
        context.update(_join_context(request, live))
    return render(request, "live/control.html", context)


@login_required
@require_POST
def live_open(request: AuthenticatedHttpRequest, live_id: int, activity_id: int) -> HttpResponse:
    live = access_live(request.user, live_id, write=True)
    activity = access_live_activity(request.user, live, activity_id, write=True)
    return _run(request, live, open_vote, activity=activity)


@login_required
@require_POST
def live_close(request: AuthenticatedHttpRequest, live_id: int) -> HttpResponse:
    return _run(request, access_live(request.user, live_id, write=True), close_vote)


@login_required
@require_POST
def live_reveal(request: AuthenticatedHttpRequest, live_id: int) -> HttpResponse:
    return _run(request, access_live(request.user, live_id, write=True), reveal)


@login_required
@require_POST
def live_end(request: AuthenticatedHttpRequest, live_id: int) -> HttpResponse:
    return _run(request, access_live(request.user, live_id, write=True), end_live)


@login_required
@require_GET
def live_present(request: AuthenticatedHttpRequest, live_id: int) -> HttpResponse:
    """The projector: join code, QR code, current question and its live bar chart."""
    live = fresh_live(access_live(request.user, live_id).pk)
    context = {"session": live.session, **results_context(live), **_join_context(request, live)}
    return render(request, "live/present.html", context)


@require_GET
def live_code(request: HttpRequest) -> HttpResponse:
    """/j/: type the code shown on the projector."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        return redirect("live_join", form.cleaned_data["code"])
    return render(request, "live/code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def live_join(request: HttpRequest, code: str) -> HttpResponse:
    """/j/<code>: the short link of the projector. Learners with an account join with it,
    everyone else with a pseudonym; joining is a POST, so that link previews join no one."""
    live = live_by_code(code)
    if live is None:
        return _code_page(request, code)
    participant = request_participant(request, live)
    if participant is None and live.is_ended:
        return _code_page(request, code, ended=True)
    form = None if request.user.is_authenticated else JoinForm(request.POST or None)
    if participant is None and request.method == "POST" and (form is None or form.is_valid()):
        try:
            participant = join_live(
                live=live,
                user=request.user,
                pseudonym=form.cleaned_data["pseudonym"] if form else "",
            )
        except LiveError:
            return _code_page(request, code, ended=True)
    if participant is not None:
        return remember_participant(redirect("live_participant", live.code), live, participant)
    return render(request, "live/join.html", {"live": live, "form": form})


@require_http_methods(["GET", "POST"])
def live_participant(request: HttpRequest, code: str) -> HttpResponse:
    """The phone page. With JavaScript the websocket drives it; without, the vote buttons
    post here and the page comes back (post/redirect/get)."""
    live = live_by_code(code)
    if live is None:
        return _code_page(request, code)
    if code != live.code:
        return redirect("live_participant", live.code)
    participant = request_participant(request, live)
    if participant is None:
        return redirect("live_join", live.code)

    if request.method == "POST":
        form = VoteForm(request.POST)
        try:
            if not form.is_valid():
                raise LiveError(_("This vote could not be stored."))
            activity = live_activity(live, form.cleaned_data["activity"])
            if activity is None:
                raise LiveError(_("Voting is not open for this question."))
            cast_vote(
                participant=participant,
                activity=activity,
                choice=form.cleaned_data["choice"],
                client_id=form.cleaned_data["client_id"],
            )
        except LiveError as error:
            messages.error(request, str(error))
        return redirect("live_participant", live.code)

    context = participant_context(live, participant)
    context["participant_ws"] = f"/ws/live/{live.code}/?token={participant.token}"
    return remember_participant(
        render(request, "live/participant.html", context), live, participant
    )
