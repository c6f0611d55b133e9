"""Who may reach a live session: staff through the session's course (courses.access), and
participants through the join code and their rejoin token."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse

from amont.accounts.models import User
from amont.courses.access import access_activity, access_session
from amont.courses.models import Activity, Kind
from amont.live.models import LiveSession, Participant, normalize_code


def access_live(user: User, live_id: int, *, write: bool = False) -> LiveSession:
    """A live session seen as staff: 404 for outsiders, 403 for read-only roles on writes."""
    live = LiveSession.objects.filter(pk=live_id).first()
    if live is None:
        raise Http404
    live.session = access_session(user, live.session_id, write=write)
    return live


def access_live_activity(
    user: User, live: LiveSession, activity_id: int, *, write: bool = False
) -> Activity:
    """An activity of the live's own session, for its staff (404 for any other)."""
    activity = access_activity(user, activity_id, write=write)
    if activity.session_id != live.session_id:
        raise Http404
    return activity


def live_by_code(code: str) -> LiveSession | None:
    """The live session a join code names, whatever its case and stray separators."""
    code = normalize_code(code)
    if not code:
        return None
    return LiveSession.objects.select_related("current_activity").filter(code=code).first()


def find_participant(
    live: LiveSession, *, token: str | None, user: User | AnonymousUser | None
) -> Participant | None:
    """The participant behind a rejoin token, else the logged-in user's one, else None."""
    if token:
        participant = Participant.objects.filter(live=live, token=token).first()
        if participant is not None:
            return participant
    if user is not None and user.is_authenticated:
        return Participant.objects.filter(live=live, user=user).first()
    return None


# A participant's rejoin token, per live session, in a signed cookie; a class lasts less
# than a day.
PARTICIPANT_COOKIE_AGE = 24 * 60 * 60
PARTICIPANT_COOKIE_SALT = "amont.live.participant"


def _cookie_name(live: LiveSession) -> str:
    return f"amont_live_{live.code}"


def request_participant(request: HttpRequest, live: LiveSession) -> Participant | None:
    """The participant behind a request: its rejoin cookie, else its logged-in user."""
    token = request.get_signed_cookie(
        _cookie_name(live),
        default=None,
        salt=PARTICIPANT_COOKIE_SALT,
        max_age=PARTICIPANT_COOKIE_AGE,
    )
    return find_participant(live, token=token, user=request.user)


def remember_participant(
    response: HttpResponse, live: LiveSession, participant: Participant
) -> HttpResponse:
    """Give the browser the rejoin cookie that request_participant reads back."""
    response.set_signed_cookie(
        _cookie_name(live),
        participant.token,
        salt=PARTICIPANT_COOKIE_SALT,
        max_age=PARTICIPANT_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def live_activity(live: LiveSession, activity_id: int | None) -> Activity | None:
    """The live vote a participant answers: the one named, if it belongs to the live's
    session, or the current one."""
    if activity_id is None:
        return live.current_activity
    return Activity.objects.filter(
        pk=activity_id, session_id=live.session_id, kind=Kind.LIVE_VOTE
    ).first()
