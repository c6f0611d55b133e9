"""Who may reach a live session: staff through the session's course (courses.access), and
participants through the join code and their rejoin token."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from amont.accounts.models import User
from amont.courses.access import access_session
from amont.courses.models import Activity, Kind
from amont.live.models import LiveSession, Participant, normalize_code


def access_live(user: User, live_id: int, *, write: bool = False) -> LiveSession:
    """A live session seen as staff: 404 for outsiders, 403 for read-only roles on writes."""
    live = LiveSession.objects.filter(pk=live_id).first()
    if live is None:
        raise Http404
    live.session = access_session(user, live.session_id, write=write)
    return live


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


def live_activity(live: LiveSession, activity_id: int | None) -> Activity | None:
    """The live vote a participant answers: the one named, if it belongs to the live's
    session, or the current one."""
    if activity_id is None:
        return live.current_activity
    return Activity.objects.filter(
        pk=activity_id, session_id=live.session_id, kind=Kind.LIVE_VOTE
    ).first()
