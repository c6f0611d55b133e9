"""The live votes' part of the session summary: each vote's distribution per round and
the gain after discussion (Peer Instruction)."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from amont.courses.models import Activity, Session
from amont.live.models import LiveVote
from amont.quizzes.models import QuestionVersion
from amont.readiness import stats
from amont.readiness.stats import ItemStats


@dataclass(frozen=True)
class VoteRound:
    number: int
    stats: ItemStats


@dataclass(frozen=True)
class VoteResult:
    activity: Activity
    rounds: list[VoteRound]  # round 1, then round 2 when there was one

    @property
    def gain(self) -> int | None:
        if len(self.rounds) < 2:
            return None
        return stats.vote_gain(self.rounds[0].stats, self.rounds[-1].stats)


def vote_results(session: Session, activities: Sequence[Activity]) -> list[VoteResult]:
    """Each live vote of the session, round by round, on its question's latest version;
    two queries."""
    if not activities:
        return []
    counts: dict[int, dict[int, list[tuple[int, bool]]]] = defaultdict(lambda: defaultdict(list))
    for activity_id, round_number, choice, n in (
        LiveVote.objects.filter(live__session=session, activity__in=activities)
        .values_list("activity_id", "round", "choice")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[activity_id][round_number] += [(choice, False)] * n
    # A live vote shows the question as it is now: its latest version.
    latest: dict[int | None, Mapping[str, Any]] = {}  # by question id
    for row in (
        QuestionVersion.objects.filter(question_id__in={a.question_id for a in activities})
        .order_by("number")
        .values("question_id", "text", "options")
    ):
        latest[row["question_id"]] = row
    results = []
    for activity in activities:
        version = latest.get(activity.question_id, {"text": activity.title, "options": []})
        rounds = counts[activity.pk]
        results.append(
            VoteResult(
                activity=activity,
                rounds=[
                    VoteRound(
                        number,
                        stats.item_stats(
                            text=version["text"], options=version["options"], answers=rounds[number]
                        ),
                    )
                    for number in sorted(set(rounds) | {1})
                ],
            )
        )
    return results
