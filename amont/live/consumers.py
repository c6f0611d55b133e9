"""Websockets of the live vote. They push the same server-rendered partials as the pages:
a participant's phone gets `_participant_state.html`, the projector `_results.html`."""

import asyncio
import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from amont.courses.access import access_session
from amont.live.access import find_participant, live_activity, live_by_code
from amont.live.actions import LiveError, cast_vote
from amont.live.models import LiveSession, Participant
from amont.live.queries import fresh_live, participant_context, results_context

# A lecture hall votes in bursts: the projector is re-rendered at most this often.
RESULTS_INTERVAL = 0.2  # seconds

# Close codes (4000-4999 are the application's own).
CLOSE_NOT_FOUND = 4404
CLOSE_FORBIDDEN = 4403


def _language(scope) -> str:
    """The language the page was shown in: language cookie, then Accept-Language."""
    request = HttpRequest()
    request.COOKIES = scope.get("cookies", {})
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            request.META["HTTP_ACCEPT_LANGUAGE"] = value.decode("latin1")
    return translation.get_language_from_request(request)


class _LiveConsumer(AsyncJsonWebsocketConsumer):
    live_id: int
    language: str
    joined: tuple[str, ...] = ()

    async def _join(self, *groups: str) -> None:
        self.joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)

    async def disconnect(self, code):
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            content = None
        if not isinstance(content, dict):
            await self.send_error(None, _("Malformed message."))
            return
        await self.receive_json(content)

    async def send_error(self, client_id, message) -> None:
        with translation.override(self.language):
            message = str(message)
        await self.send_json({"type": "error", "client_id": client_id, "message": message})

    async def receive_json(self, content, **kwargs):
        """Screens other than the participant's send nothing."""


class ParticipantConsumer(_LiveConsumer):
    """ws/live/<code>/?token=<rejoin token>: a phone in the room."""

    participant: Participant

    async def connect(self):
        self.language = _language(self.scope)
        code = self.scope["url_route"]["kwargs"]["code"]
        token = parse_qs(self.scope.get("query_string", b"").decode("latin1")).get("token", [""])
        found = await self._find(code, token[0], self.scope.get("user"))
        if found is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        live, self.participant = found
        self.live_id = live.pk
        await self.accept()
        await self._join(live.group_name)
        await self._send_state()

    @database_sync_to_async
    def _find(self, code, token, user) -> tuple[LiveSession, Participant] | None:
        live = live_by_code(code)
        if live is None:
            return None
        participant = find_participant(live, token=token, user=user)
        return None if participant is None else (live, participant)

    async def receive_json(self, content, **kwargs):
        if content.get("type") != "vote":
            return
        client_id = content.get("client_id")
        choice = content.get("choice")
        activity_id = content.get("activity")
        if (
            not isinstance(client_id, str)
            or not 0 < len(client_id) <= 64
            or isinstance(choice, bool)
            or not isinstance(choice, int)
            or not (activity_id is None or type(activity_id) is int)
        ):
            await self.send_error(client_id, _("Malformed vote."))
            return
        try:
            await self._vote(client_id, choice, activity_id)
        except LiveError as error:
            await self.send_error(client_id, error.args[0])
            return
        # Acknowledged only now that the vote is stored: the phone may forget it.
        await self.send_json({"type": "ack", "client_id": client_id})
        await self._send_state()

    @database_sync_to_async
    def _vote(self, client_id: str, choice: int, activity_id: int | None) -> None:
        live = LiveSession.objects.select_related("current_activity").get(pk=self.live_id)
        activity = live_activity(live, activity_id)
        if activity is None:
            raise LiveError(_("Voting is not open for this question."))
        cast_vote(
            participant=self.participant, activity=activity, choice=choice, client_id=client_id
        )

    async def live_state(self, event):
        await self._send_state()

    async def _send_state(self):
        html = await self._render()
        await self.send_json({"type": "state", "html": html})

    @database_sync_to_async
    def _render(self) -> str:
        with translation.override(self.language):
            context = participant_context(fresh_live(self.live_id), self.participant)
            return render_to_string("live/_participant_state.html", context)


class PresenterConsumer(_LiveConsumer):
    """ws/live/<code>/presenter/: the projector and the trainer's screen, staff only."""

    async def connect(self):
        self.language = _language(self.scope)
        self.pending: asyncio.Task | None = None
        self.last_sent = 0.0
        live = await self._find(self.scope["url_route"]["kwargs"]["code"], self.scope.get("user"))
        if live is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.live_id = live.pk
        await self.accept()
        await self._join(live.group_name, live.presenter_group_name)
        await self._send_results()

    @database_sync_to_async
    def _find(self, code, user) -> LiveSession | None:
        if user is None or not user.is_authenticated:
            return None
        live = live_by_code(code)
        if live is None:
            return None
        try:
            access_session(user, live.session_id)
        except (Http404, PermissionDenied):
            return None
        return live

    async def disconnect(self, code):
        pending = getattr(self, "pending", None)  # None before connect() set it
        if pending is not None:
            pending.cancel()
        await super().disconnect(code)

    async def live_state(self, event):
        await self._send_results()

    async def live_vote(self, event):
        """Coalesce bursts of votes: one rendering per RESULTS_INTERVAL at most, and the
        last vote of a burst is always shown."""
        if self.pending is not None:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self.last_sent + RESULTS_INTERVAL - loop.time())
        self.pending = asyncio.create_task(self._send_results_later(delay))

    live_joined = live_vote

    async def _send_results_later(self, delay: float):
        await asyncio.sleep(delay)
        # Votes arriving from now on are not in this rendering: let them schedule another.
        self.pending = None
        await self._send_results()

    async def _send_results(self):
        self.last_sent = asyncio.get_running_loop().time()
        html = await self._render()
        await self.send_json({"type": "results", "html": html})

    @database_sync_to_async
    def _render(self) -> str:
        with translation.override(self.language):
            return render_to_string("live/_results.html", results_context(fresh_live(self.live_id)))
