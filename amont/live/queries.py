"""Reads of the live vote: the tally for the projector and what a phone shows."""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Q

from amont.courses.models import Activity, Session
from amont.live.models import LiveSession, LiveState, LiveVote, Participant
from amont.quizzes.models import QuestionVersion

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def option_label(index: int) -> str:
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


@dataclass(frozen=True)
class OptionResult:
    index: int
    label: str
    text: str
    count: int
    percent: int
    correct: bool


@dataclass(frozen=True)
class VoteResults:
    question: str
    options: list[OptionResult]
    voters: int
    participants: int


def running_live(session: Session) -> LiveSession | None:
    """The session's live session that has not ended (the latest, should there be two)."""
    return (
        session.lives.filter(ended_at__isnull=True)
        .select_related("current_activity")
        .order_by("-started_at", "-pk")
        .first()
    )


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def latest_version(activity: Activity) -> QuestionVersion | None:
    if activity.question_id is None:
        return None
    return (
        QuestionVersion.objects.filter(question_id=activity.question_id).order_by("-number").first()
    )


def vote_results(*, live: LiveSession, activity: Activity, round: int = 1) -> VoteResults:
    """Votes per option of the question's latest version, in two queries."""
    version = latest_version(activity)
    options = version.options if version else []
    votes = Q(votes__activity=activity, votes__round=round)
    tally = Participant.objects.filter(live=live).aggregate(
        participants=Count("pk", distinct=True),
        # At most one vote per participant, question and round: no double counting.
        **{f"c{i}": Count("votes", filter=votes & Q(votes__choice=i)) for i in range(len(options))},
    )
    counts = [tally[f"c{i}"] for i in range(len(options))]
    voters = sum(counts)
    return VoteResults(
        question=version.text if version else "",
        options=[
            OptionResult(
                index=i,
                label=option_label(i),
                text=option["text"],
                count=count,
                percent=_percent(count, voters),
                correct=bool(option.get("correct")),
            )
            for i, (option, count) in enumerate(zip(options, counts, strict=True))
        ],
        voters=voters,
        participants=tally["participants"],
    )


def results_context(live: LiveSession) -> dict:
    """Context of templates/live/_results.html; `live` must be fresh."""
    activity = live.current_activity
    results = vote_results(live=live, activity=activity) if activity else None
    return {
        "live": live,
        "activity": activity,
        "results": results,
        "participants": results.participants if results else live.participants.count(),
        "show_answer": live.state == LiveState.REVEALED,
    }


def participant_context(live: LiveSession, participant: Participant) -> dict:
    """Context of templates/live/_participant_state.html; `live` must be fresh."""
    activity = live.current_activity
    version = latest_version(activity) if activity else None
    vote = (
        LiveVote.objects.filter(live=live, activity=activity, participant=participant, round=1)
        .only("choice")
        .first()
        if activity
        else None
    )
    options = [
        {
            "index": i,
            "label": option_label(i),
            "text": option["text"],
            "feedback": option.get("feedback", ""),
            "correct": bool(option.get("correct")),
            "chosen": vote is not None and vote.choice == i,
        }
        for i, option in enumerate(version.options if version else [])
    ]
    chosen = next((o for o in options if o["chosen"]), None)
    return {
        "live": live,
        "participant": participant,
        "activity": activity if version else None,
        "version": version,
        "options": options,
        "chosen": chosen,
        "correct": next((o for o in options if o["correct"]), None),
        # A fresh key per rendering: the no-JS form is idempotent on double submit.
        "client_id": uuid.uuid4().hex,
    }


def fresh_live(live_id: int) -> LiveSession:
    return LiveSession.objects.select_related("current_activity").get(pk=live_id)
