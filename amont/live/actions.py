"""Writes of the in-class live vote. Every state change and every stored vote is broadcast
to the connected screens, and only once the transaction has committed: a phone is never
told about a vote that a rollback then erased."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import User
from amont.courses.models import Activity, Kind, Session
from amont.live.models import LiveSession, LiveState, LiveVote, Participant
from amont.live.queries import running_live
from amont.quizzes.models import QuestionVersion

logger = logging.getLogger(__name__)


class LiveError(ValueError):
    """A request the live session refuses; its message is shown to the person."""


def _broadcast(group: str, message: dict) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, message)

    # robust: a channel layer that is down must not turn a stored vote into an error page.
    transaction.on_commit(send, robust=True)


def _broadcast_state(live: LiveSession) -> None:
    _broadcast(
        live.group_name,
        {"type": "live.state", "state": live.state, "activity": live.current_activity_id},
    )


def _locked(live: LiveSession) -> LiveSession:
    """The live session's row, locked and fresh; the caller's instance is updated too."""
    fresh = LiveSession.objects.select_for_update().get(pk=live.pk)
    live.state = fresh.state
    live.current_activity_id = fresh.current_activity_id
    live.ended_at = fresh.ended_at
    return fresh


def _set_state(live: LiveSession, fresh: LiveSession, **fields) -> None:
    for name, value in fields.items():
        setattr(fresh, name, value)
        setattr(live, name, value)
    fresh.save(update_fields=list(fields))
    _broadcast_state(fresh)


@transaction.atomic
def start_live(*, session: Session) -> LiveSession:
    """The session's running live session, or a new one with a fresh join code."""
    # Lock the session so that two clicks on "Start" cannot open two live sessions.
    list(Session.objects.select_for_update().filter(pk=session.pk).values_list("pk"))
    live = running_live(session)
    if live is not None:
        return live
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return LiveSession.objects.create(session=session)
        except IntegrityError:
            # Two live sessions drew the same join code: draw again.
            continue
    raise RuntimeError("Could not draw a free join code.")


@transaction.atomic
def join_live(
    *, live: LiveSession, user: User | AnonymousUser | None = None, pseudonym: str = ""
) -> Participant:
    """A logged-in user always gets their participant back; a pseudonym is a new one."""
    account = user if user is not None and user.is_authenticated else None
    if account is not None:
        participant = Participant.objects.filter(live=live, user=account).first()
        if participant is not None:
            return participant
    if live.is_ended:
        raise LiveError(_("This live session has ended."))
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                live=live, user=account, pseudonym="" if account else pseudonym.strip()[:40]
            )
    except IntegrityError:
        if account is None:
            raise
        # The same user joined from two tabs at once.
        return Participant.objects.get(live=live, user=account)
    _broadcast(live.presenter_group_name, {"type": "live.joined"})
    return participant


@transaction.atomic
def open_vote(*, live: LiveSession, activity: Activity) -> None:
    if activity.session_id != live.session_id or activity.kind != Kind.LIVE_VOTE:
        raise LiveError(_("This activity is not a live vote of this session."))
    fresh = _locked(live)
    if fresh.is_ended:
        raise LiveError(_("This live session has ended."))
    if fresh.state == LiveState.VOTING and fresh.current_activity_id == activity.pk:
        return
    _set_state(live, fresh, current_activity=activity, state=LiveState.VOTING)


@transaction.atomic
def close_vote(*, live: LiveSession) -> None:
    fresh = _locked(live)
    if fresh.state == LiveState.CLOSED:
        return
    if fresh.state != LiveState.VOTING:
        raise LiveError(_("No vote is open."))
    _set_state(live, fresh, state=LiveState.CLOSED)


@transaction.atomic
def reveal(*, live: LiveSession) -> None:
    """Show the right answer; revealing also closes the vote."""
    fresh = _locked(live)
    if fresh.state == LiveState.REVEALED:
        return
    if fresh.state not in (LiveState.VOTING, LiveState.CLOSED):
        raise LiveError(_("There is no question to reveal."))
    _set_state(live, fresh, state=LiveState.REVEALED)


@transaction.atomic
def end_live(*, live: LiveSession) -> None:
    fresh = _locked(live)
    if fresh.is_ended:
        return
    _set_state(live, fresh, state=LiveState.ENDED, ended_at=timezone.now())


def _check_vote(
    participant: Participant, activity: Activity, choice: int, round: int
) -> LiveSession:
    live = LiveSession.objects.get(pk=participant.live_id)
    if live.is_ended:
        raise LiveError(_("This live session has ended."))
    if live.state != LiveState.VOTING or live.current_activity_id != activity.pk:
        raise LiveError(_("Voting is not open for this question."))
    if isinstance(choice, bool) or not isinstance(choice, int) or round < 1:
        raise LiveError(_("This choice does not exist."))
    version = (
        QuestionVersion.objects.filter(question_id=activity.question_id).order_by("-number").first()
        if activity.question_id is not None
        else None
    )
    if version is None or not 0 <= choice < len(version.options):
        raise LiveError(_("This choice does not exist."))
    return live


def _stored(participant: Participant, client_id: str) -> LiveVote | None:
    vote = LiveVote.objects.filter(client_id=client_id).first()
    if vote is not None and vote.participant_id != participant.pk:
        raise LiveError(_("This vote could not be stored."))
    return vote


@transaction.atomic
def cast_vote(
    *,
    participant: Participant,
    activity: Activity,
    choice: int,
    client_id: str,
    round: int = 1,
) -> LiveVote:
    """Store a vote. The same client_id twice is one vote (a retry after a lost
    acknowledgement); a new client_id replaces the participant's choice for this question
    and round, so reconnecting neither loses nor doubles a vote."""
    if not client_id or len(client_id) > 64:
        raise LiveError(_("This vote could not be stored."))
    vote = _stored(participant, client_id)
    if vote is not None:
        return vote
    live = _check_vote(participant, activity, choice, round)
    key = {
        "live": live,
        "activity": activity,
        "participant": participant,
        "round": round,
    }
    for _attempt in range(2):
        vote = LiveVote.objects.filter(**key).first()
        try:
            with transaction.atomic():
                if vote is None:
                    vote = LiveVote.objects.create(**key, choice=choice, client_id=client_id)
                else:
                    changed = vote.choice != choice
                    vote.choice = choice
                    vote.client_id = client_id
                    vote.save(update_fields=["choice", "client_id", "updated_at"])
                    if not changed:
                        return vote
        except IntegrityError:
            # A concurrent request stored this client_id or this participant's vote first.
            vote = _stored(participant, client_id)
            if vote is not None:
                return vote
            continue
        _broadcast(
            live.presenter_group_name,
            {"type": "live.vote", "activity": activity.pk, "round": round},
        )
        return vote
    raise LiveError(_("This vote could not be stored."))
