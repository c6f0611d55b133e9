from datetime import timedelta
from unittest import mock

from django.utils import timezone

from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
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
from amont.live.models import LiveSession, LiveState, LiveVote, Participant
from amont.live.tests.base import LiveTestCase


class FakeLayer:
    def __init__(self):
        self.sent = []

    async def group_send(self, group, message):
        self.sent.append((group, message))


class StartJoinTestCase(LiveTestCase):
    def test_it_runs_one_live_session_per_class_at_a_time(self):
        self.assertEqual(start_live(session=self.session), self.live)
        end_live(live=self.live)
        again = start_live(session=self.session)
        self.assertNotEqual(again, self.live)
        self.assertNotEqual(again.code, self.live.code)
        self.assertEqual(LiveSession.objects.filter(session=self.session).count(), 2)

    def test_it_gives_a_logged_in_user_the_same_participant(self):
        first = join_live(live=self.live, user=self.learner)
        second = join_live(live=self.live, user=self.learner, pseudonym="ignored")
        self.assertEqual(first, second)
        self.assertEqual(Participant.objects.filter(live=self.live, user=self.learner).count(), 1)

    def test_it_creates_a_participant_per_pseudonym(self):
        other = join_live(live=self.live, pseudonym="  Zoé  ")
        self.assertNotEqual(other, self.participant)
        self.assertEqual(other.pseudonym, "Zoé")
        self.assertNotEqual(other.token, self.participant.token)

    def test_it_takes_no_new_participant_once_ended(self):
        known = join_live(live=self.live, user=self.learner)
        end_live(live=self.live)
        with self.assertRaises(LiveError):
            join_live(live=self.live, pseudonym="Late")
        with self.assertRaises(LiveError):
            join_live(live=self.live, user=self.other_learner)
        self.assertEqual(join_live(live=self.live, user=self.learner), known)


class StateTestCase(LiveTestCase):
    def test_it_opens_a_vote(self):
        open_vote(live=self.live, activity=self.vote_activity)
        self.live.refresh_from_db()
        self.assertEqual(self.live.state, LiveState.VOTING)
        self.assertEqual(self.live.current_activity, self.vote_activity)

    def test_it_opens_only_live_votes_of_its_own_session(self):
        foreign = add_activity(
            session=self.other_session,
            phase=Phase.DURING,
            kind=Kind.LIVE_VOTE,
            title="Vote",
            question=self.question,
        )
        for activity in (self.quiz_activity, foreign):
            with self.assertRaises(LiveError):
                open_vote(live=self.live, activity=activity)
        self.live.refresh_from_db()
        self.assertEqual(self.live.state, LiveState.WAITING)
        self.assertIsNone(self.live.current_activity)

    def test_it_closes_reveals_and_ends(self):
        open_vote(live=self.live, activity=self.vote_activity)
        close_vote(live=self.live)
        self.assertEqual(LiveSession.objects.get().state, LiveState.CLOSED)
        close_vote(live=self.live)  # a second click changes nothing
        reveal(live=self.live)
        self.assertEqual(LiveSession.objects.get().state, LiveState.REVEALED)
        end_live(live=self.live)
        live = LiveSession.objects.get()
        self.assertEqual(live.state, LiveState.ENDED)
        assert live.ended_at is not None
        self.assertAlmostEqual(live.ended_at, timezone.now(), delta=timedelta(seconds=5))
        self.assertEqual(self.live.state, LiveState.ENDED)  # the caller's instance follows

    def test_it_reveals_an_open_vote(self):
        open_vote(live=self.live, activity=self.vote_activity)
        reveal(live=self.live)
        self.assertEqual(LiveSession.objects.get().state, LiveState.REVEALED)

    def test_it_refuses_transitions_that_make_no_sense(self):
        for action in (close_vote, reveal):
            with self.assertRaises(LiveError):
                action(live=self.live)
        end_live(live=self.live)
        with self.assertRaises(LiveError):
            open_vote(live=self.live, activity=self.vote_activity)
        self.assertEqual(LiveSession.objects.get().state, LiveState.ENDED)


class CastVoteTestCase(LiveTestCase):
    def setUp(self):
        super().setUp()
        open_vote(live=self.live, activity=self.vote_activity)

    def vote(self, choice=1, client_id="client-1", participant=None):
        return cast_vote(
            participant=participant or self.participant,
            activity=self.vote_activity,
            choice=choice,
            client_id=client_id,
        )

    def test_it_stores_a_vote(self):
        vote = self.vote(choice=2)
        stored = LiveVote.objects.get()
        self.assertEqual(stored, vote)
        self.assertEqual(
            (stored.live, stored.activity, stored.participant, stored.round, stored.choice),
            (self.live, self.vote_activity, self.participant, 1, 2),
        )

    def test_it_is_idempotent_on_the_client_id(self):
        first = self.vote(choice=1, client_id="same")
        second = self.vote(choice=2, client_id="same")
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(second.choice, 1)
        self.assertEqual(LiveVote.objects.get().choice, 1)

    def test_it_replaces_the_choice_on_a_new_client_id(self):
        first = self.vote(choice=1, client_id="first")
        second = self.vote(choice=0, client_id="second")
        self.assertEqual(first.pk, second.pk)
        stored = LiveVote.objects.get()
        self.assertEqual((stored.choice, stored.client_id), (0, "second"))
        # The latest key is now the stored one: a retry of it is a no-op.
        self.assertEqual(self.vote(choice=0, client_id="second").pk, first.pk)
        self.assertEqual(LiveVote.objects.count(), 1)

    def test_it_keeps_one_vote_per_participant(self):
        other = join_live(live=self.live, pseudonym="Max")
        self.vote(choice=0, client_id="a")
        self.vote(choice=1, client_id="b", participant=other)
        self.assertEqual(LiveVote.objects.count(), 2)

    def test_it_acknowledges_a_retry_after_the_vote_closed(self):
        stored = self.vote(client_id="late-ack")
        close_vote(live=self.live)
        self.assertEqual(self.vote(client_id="late-ack"), stored)
        with self.assertRaises(LiveError):
            self.vote(client_id="new-after-close")
        self.assertEqual(LiveVote.objects.count(), 1)

    def test_it_refuses_votes_when_voting_is_not_open(self):
        close_vote(live=self.live)
        with self.assertRaises(LiveError):
            self.vote()
        reveal(live=self.live)
        with self.assertRaises(LiveError):
            self.vote()
        self.assertFalse(LiveVote.objects.exists())

    def test_it_refuses_votes_for_another_question(self):
        other = add_activity(
            session=self.session,
            phase=Phase.DURING,
            kind=Kind.LIVE_VOTE,
            title="Vote 2",
            question=self.question,
        )
        with self.assertRaises(LiveError):
            cast_vote(participant=self.participant, activity=other, choice=0, client_id="x")
        self.assertFalse(LiveVote.objects.exists())

    def test_it_refuses_choices_out_of_range(self):
        for choice in (3, -1, True, "1", None):
            with self.assertRaises(LiveError):
                self.vote(choice=choice, client_id=f"bad-{choice}")
        self.assertFalse(LiveVote.objects.exists())

    def test_it_refuses_the_client_id_of_someone_else(self):
        self.vote(choice=0, client_id="mine")
        other = join_live(live=self.live, pseudonym="Max")
        with self.assertRaises(LiveError):
            self.vote(choice=2, client_id="mine", participant=other)
        self.assertEqual(LiveVote.objects.get().participant, self.participant)

    def test_it_refuses_empty_or_long_client_ids(self):
        for client_id in ("", "x" * 65):
            with self.assertRaises(LiveError):
                self.vote(client_id=client_id)
        self.assertFalse(LiveVote.objects.exists())


@mock.patch("amont.live.actions.get_channel_layer")
class BroadcastTestCase(LiveTestCase):
    def test_it_broadcasts_state_changes_after_commit(self, get_layer):
        layer = get_layer.return_value = FakeLayer()
        with self.captureOnCommitCallbacks() as callbacks:
            open_vote(live=self.live, activity=self.vote_activity)
        self.assertEqual(layer.sent, [])
        for callback in callbacks:
            callback()
        self.assertEqual(
            layer.sent,
            [
                (
                    self.live.group_name,
                    {"type": "live.state", "state": "voting", "activity": self.vote_activity.pk},
                )
            ],
        )

    def test_it_broadcasts_votes_to_the_presenters_after_commit(self, get_layer):
        layer = get_layer.return_value = FakeLayer()
        with self.captureOnCommitCallbacks(execute=True):
            open_vote(live=self.live, activity=self.vote_activity)
        layer.sent.clear()
        with self.captureOnCommitCallbacks() as callbacks:
            cast_vote(
                participant=self.participant, activity=self.vote_activity, choice=0, client_id="c"
            )
        self.assertEqual(layer.sent, [])
        for callback in callbacks:
            callback()
        self.assertEqual(
            layer.sent,
            [
                (
                    self.live.presenter_group_name,
                    {"type": "live.vote", "activity": self.vote_activity.pk, "round": 1},
                )
            ],
        )

    def test_it_does_not_broadcast_a_retry(self, get_layer):
        layer = get_layer.return_value = FakeLayer()
        with self.captureOnCommitCallbacks(execute=True):
            open_vote(live=self.live, activity=self.vote_activity)
            cast_vote(
                participant=self.participant, activity=self.vote_activity, choice=0, client_id="c"
            )
        layer.sent.clear()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            cast_vote(
                participant=self.participant, activity=self.vote_activity, choice=0, client_id="c"
            )
        self.assertEqual((callbacks, layer.sent), ([], []))

    def test_it_tells_the_presenters_who_joins(self, get_layer):
        layer = get_layer.return_value = FakeLayer()
        with self.captureOnCommitCallbacks(execute=True):
            join_live(live=self.live, pseudonym="Max")
        self.assertEqual(layer.sent, [(self.live.presenter_group_name, {"type": "live.joined"})])
