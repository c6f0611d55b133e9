import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# No 0/O/1/I/L: codes are read off a projector and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def normalize_code(code: str) -> str:
    """A join code as typed on a phone ("abc 23x", "ABC-23X") in its stored form."""
    return "".join(char for char in code.upper() if char.isalnum())


class LiveState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    VOTING = "voting", _("Voting open")
    CLOSED = "closed", _("Voting closed")
    REVEALED = "revealed", _("Answer revealed")
    ENDED = "ended", _("Ended")


class LiveSession(models.Model):
    session = models.ForeignKey("courses.Session", on_delete=models.CASCADE, related_name="lives")
    code = models.CharField(max_length=12, unique=True, default=new_join_code)
    current_activity = models.ForeignKey(
        "courses.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=LiveState, default=LiveState.WAITING)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.code

    @property
    def group_name(self) -> str:
        """Everyone connected to the live session: state changes."""
        return f"live-{self.pk}"

    @property
    def presenter_group_name(self) -> str:
        """Projector and trainer screens only: votes and joins. Kept apart so that a vote
        is not fanned out to every phone in the room (n votes x n phones)."""
        return f"live-{self.pk}-presenter"

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None


class Participant(models.Model):
    """Someone who joined a live session: a logged-in learner or a pseudonym."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["live", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_user",
            )
        ]


class LiveVote(models.Model):
    """One vote per participant, activity and round; stored before it is acknowledged."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="votes")
    activity = models.ForeignKey("courses.Activity", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField(default=1)
    choice = models.PositiveSmallIntegerField()
    client_id = models.CharField(max_length=64, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["live", "activity", "participant", "round"], name="one_vote_per_round"
            )
        ]
