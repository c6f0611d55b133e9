"""The live websockets, through the real ASGI stack (origin check, session cookie,
URL router), with a committed database: the consumers read it from their own thread."""

import time
from types import SimpleNamespace

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.utils import timezone

from amont.accounts.actions import create_organization, create_user
from amont.asgi import application
from amont.courses.actions import add_activity, create_cohort, create_course, create_session
from amont.courses.models import Kind, Phase
from amont.live.actions import cast_vote, close_vote, end_live, join_live, open_vote, start_live
from amont.live.consumers import RESULTS_INTERVAL
from amont.live.models import LiveVote
from amont.quizzes.actions import create_question

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture
def world():
    manager = create_user(email="manager@example.org", password="pw")
    org = create_organization(name="Lycée", manager=manager)
    trainer = create_user(email="trainer@example.org", password="pw")
    outsider = create_user(email="outsider@example.org", password="pw")
    create_organization(name="Autre", manager=outsider)
    course = create_course(organization=org, trainer=trainer, title="Eau")
    session = create_session(
        cohort=create_cohort(course=course, name="5e B"), title="Séance", starts_at=timezone.now()
    )
    question = create_question(
        organization=org,
        text="Qu'est-ce qui fait s'évaporer l'eau ?",
        options=[
            {"text": "Le soleil", "correct": True},
            {"text": "Le vent"},
            {"text": "La lune"},
        ],
    )
    activity = add_activity(
        session=session, phase=Phase.DURING, kind=Kind.LIVE_VOTE, title="Vote", question=question
    )
    live = start_live(session=session)
    participant = join_live(live=live, pseudonym="Zoé")
    return SimpleNamespace(
        trainer=trainer,
        manager=manager,
        outsider=outsider,
        activity=activity,
        live=live,
        participant=participant,
    )


@database_sync_to_async
def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def _language_headers(user=None) -> list:
    cookies = [f"{settings.LANGUAGE_COOKIE_NAME}=en"]
    if user is not None:
        cookies.append(await _session_cookie(user))
    return [ORIGIN, (b"cookie", "; ".join(cookies).encode())]


async def phone(world, token=None) -> WebsocketCommunicator:
    path = f"/ws/live/{world.live.code.lower()}/?token={token or world.participant.token}"
    return WebsocketCommunicator(application, path, headers=await _language_headers())


async def projector(world, user) -> WebsocketCommunicator:
    path = f"/ws/live/{world.live.code}/presenter/"
    return WebsocketCommunicator(application, path, headers=await _language_headers(user))


async def connected(communicator, first_type) -> dict:
    ok, _ = await communicator.connect()
    assert ok
    message = await communicator.receive_json_from()
    assert message["type"] == first_type
    return message


async def drain(communicator, wait=0.5) -> list[dict]:
    """Every message that arrives within `wait` seconds of the previous one."""
    messages = []
    while not await communicator.receive_nothing(timeout=wait):
        messages.append(await communicator.receive_json_from())
    return messages


def _votes():
    return list(LiveVote.objects.values_list("participant__pseudonym", "choice"))


votes = database_sync_to_async(_votes)


async def test_it_pushes_the_question_when_the_trainer_opens_the_vote(world):
    socket = await phone(world)
    first = await connected(socket, "state")
    assert "Waiting for the next question" in first["html"]

    # The trainer clicks "Open vote": a sync view whose broadcast leaves after commit.
    client = Client()
    await database_sync_to_async(client.force_login)(world.trainer)
    url = f"/live/{world.live.pk}/open/{world.activity.pk}/"
    response = await database_sync_to_async(client.post)(url)
    assert response.status_code == 302

    state = await socket.receive_json_from()
    assert state["type"] == "state"
    assert "Qu&#x27;est-ce qui fait s&#x27;évaporer l&#x27;eau ?" in state["html"]
    for index, text in enumerate(["Le soleil", "Le vent", "La lune"]):
        assert f'name="choice" value="{index}"' in state["html"]
        assert text in state["html"]
    await socket.disconnect()


async def test_it_acknowledges_a_stored_vote_and_shows_it_on_the_projector(world):
    screen = await projector(world, world.trainer)
    assert 'data-participants="1"' in (await connected(screen, "results"))["html"]
    socket = await phone(world)
    await connected(socket, "state")
    await database_sync_to_async(open_vote)(live=world.live, activity=world.activity)
    assert (await socket.receive_json_from())["type"] == "state"
    assert 'data-voters="0"' in (await screen.receive_json_from())["html"]

    await socket.send_json_to(
        {"type": "vote", "choice": 1, "client_id": "c-1", "activity": world.activity.pk}
    )
    assert await socket.receive_json_from() == {"type": "ack", "client_id": "c-1"}
    # Acknowledged means stored.
    assert await votes() == [("Zoé", 1)]
    state = await socket.receive_json_from()
    assert "Vote received: B. Le vent" in state["html"]

    results = await screen.receive_json_from()
    assert results["type"] == "results"
    assert 'data-voters="1"' in results["html"]
    assert '<div class="bar live-bar" data-count="1">' in results["html"]
    await socket.disconnect()
    await screen.disconnect()


async def test_it_keeps_one_vote_when_a_phone_reconnects_and_sends_again(world):
    await database_sync_to_async(open_vote)(live=world.live, activity=world.activity)
    vote = {"type": "vote", "choice": 2, "client_id": "pending-1", "activity": world.activity.pk}
    socket = await phone(world)
    await connected(socket, "state")
    await socket.send_json_to(vote)
    assert (await socket.receive_json_from())["type"] == "ack"
    await socket.disconnect()  # the ack was lost with the connection: the phone resends

    socket = await phone(world)
    assert "Vote received: C. La lune" in (await connected(socket, "state"))["html"]
    await socket.send_json_to(vote)
    assert await socket.receive_json_from() == {"type": "ack", "client_id": "pending-1"}
    assert (await socket.receive_json_from())["type"] == "state"
    assert await votes() == [("Zoé", 2)]

    # A new choice from the same phone replaces the vote.
    await socket.send_json_to({**vote, "choice": 0, "client_id": "pending-2"})
    assert (await socket.receive_json_from())["type"] == "ack"
    assert "Vote received: A. Le soleil" in (await socket.receive_json_from())["html"]
    assert await votes() == [("Zoé", 0)]
    await socket.disconnect()


async def test_it_votes_for_the_current_question_without_an_activity(world):
    await database_sync_to_async(open_vote)(live=world.live, activity=world.activity)
    socket = await phone(world)
    await connected(socket, "state")
    await socket.send_json_to({"type": "vote", "choice": 0, "client_id": "bare"})
    assert (await socket.receive_json_from())["type"] == "ack"
    assert await votes() == [("Zoé", 0)]
    await socket.disconnect()


async def test_it_reports_refused_votes(world):
    socket = await phone(world)
    await connected(socket, "state")
    await socket.send_json_to({"type": "vote", "choice": 0, "client_id": "early"})
    assert await socket.receive_json_from() == {
        "type": "error",
        "client_id": "early",
        "message": "Voting is not open for this question.",
    }
    await database_sync_to_async(open_vote)(live=world.live, activity=world.activity)
    await socket.receive_json_from()
    for bad in ({"choice": 7, "client_id": "x"}, {"choice": "1", "client_id": "y"}):
        await socket.send_json_to({"type": "vote", **bad})
        error = await socket.receive_json_from()
        assert (error["type"], error["client_id"]) == ("error", bad["client_id"])
    await socket.send_to(text_data="not json")
    assert (await socket.receive_json_from())["type"] == "error"
    await database_sync_to_async(close_vote)(live=world.live)
    await socket.receive_json_from()
    await socket.send_json_to({"type": "vote", "choice": 0, "client_id": "late"})
    assert (await socket.receive_json_from())["type"] == "error"
    assert await votes() == []
    await socket.disconnect()


async def test_it_rejects_unknown_phones(world):
    socket = await phone(world, token="forged")
    ok, _ = await socket.connect()
    assert not ok
    bad_code = WebsocketCommunicator(application, "/ws/live/ZZZZZZ/", headers=[ORIGIN])
    ok, _ = await bad_code.connect()
    assert not ok


async def test_it_lets_only_staff_of_the_session_see_the_projector(world):
    for user in (world.outsider, None):
        screen = await projector(world, user)
        ok, _ = await screen.connect()
        assert not ok
    screen = await projector(world, world.manager)  # read-only, but may watch
    await connected(screen, "results")
    await screen.disconnect()


async def test_it_rejects_other_origins(world):
    path = f"/ws/live/{world.live.code}/?token={world.participant.token}"
    socket = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://evil.test")])
    ok, _ = await socket.connect()
    assert not ok


async def test_it_coalesces_a_burst_of_votes_for_the_projector(world):
    await database_sync_to_async(open_vote)(live=world.live, activity=world.activity)
    screen = await projector(world, world.trainer)
    await connected(screen, "results")

    @database_sync_to_async
    def burst():
        for n in range(20):
            participant = join_live(live=world.live, pseudonym=f"P{n}")
            cast_vote(
                participant=participant, activity=world.activity, choice=n % 3, client_id=f"b{n}"
            )

    started = time.monotonic()
    await burst()
    messages = await drain(screen, wait=1.0)
    elapsed = time.monotonic() - started
    # 20 joins and 20 votes arrived: at most one redraw per interval, not one per event.
    assert 1 <= len(messages) <= elapsed / RESULTS_INTERVAL + 1
    assert len(messages) < 40
    assert 'data-voters="20"' in messages[-1]["html"]
    assert 'data-participants="21"' in messages[-1]["html"]
    await screen.disconnect()


async def test_it_tells_everyone_when_the_session_ends(world):
    screen = await projector(world, world.trainer)
    await connected(screen, "results")
    socket = await phone(world)
    await connected(socket, "state")

    await database_sync_to_async(end_live)(live=world.live)
    assert "This live session has ended." in (await socket.receive_json_from())["html"]
    assert 'data-state="ended"' in (await screen.receive_json_from())["html"]
    await socket.disconnect()
    await screen.disconnect()
