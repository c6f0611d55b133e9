"""Who has done what, by every kind's own "done" rule, for a learner or a whole cohort in
one query; and the rules that follow from it (the required-activity lock).

The lock: before class, a required activity of a kind that `gates` (a quiz) must be done
before what follows it. In the BEFORE phase of a session, every activity placed after such
an activity the learner has not done yet is locked: the plans mark it and
`blocking_activity()` says which activity holds back one opened directly (the page then
answers 403 with a link to it). Activities during and after class are never locked.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet, Value

from amont.courses.kinds import KINDS, kind_of
from amont.courses.models import Activity, Phase

# (learner_id, activity_id) → when it was done (None when the rule gives no date).
DoneAt = dict[tuple[int, int], datetime | None]


def done_at(activities: Sequence[Activity], learner_ids: Collection[int]) -> DoneAt:
    """Every (learner, activity) pair done by its kind's rule, with when: one query for
    any number of activities, learners and kinds (each kind's rows, united)."""
    learner_ids = list(learner_ids)
    if not activities or not learner_ids:
        return {}
    by_kind: dict[str, list[Activity]] = defaultdict(list)
    for activity in activities:
        by_kind[activity.kind].append(activity)
    parts: list[QuerySet[Any, Any]] = []
    for value, members in by_kind.items():
        rows = KINDS[value].done_rows(members, learner_ids)
        if rows is not None:
            # The tag tells whose rows they are once united.
            parts.append(rows.annotate(kind_tag=Value(value)))
    if not parts:
        return {}
    united = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    keyed: dict[tuple[str, int], list[Activity]] = defaultdict(list)
    for activity in activities:
        key = kind_of(activity).done_key(activity)
        if key is not None:
            keyed[(activity.kind, key)].append(activity)
    done: DoneAt = {}
    for learner_id, key, at, tag in united:
        for activity in keyed.get((tag, key), ()):
            pair = (learner_id, activity.pk)
            previous = done.get(pair)
            # Several rows for one pair (two submitted attempts): keep the first date.
            if pair not in done or (at is not None and (previous is None or at < previous)):
                done[pair] = at
    return done


def done_ids(activities: Sequence[Activity], learner_id: int) -> set[int]:
    """The ids of the activities this learner has done."""
    return {activity_id for (_, activity_id) in done_at(activities, [learner_id])}


def locked_by(before: Iterable[Activity], done: Collection[int]) -> dict[int, Activity]:
    """The lock rule on a BEFORE phase already in order: activity id → the required
    activity to do first, for every activity it holds back."""
    locks: dict[int, Activity] = {}
    blocker = None
    for activity in before:
        if blocker is not None:
            locks[activity.pk] = blocker
        elif kind_of(activity).gates and activity.required and activity.pk not in done:
            blocker = activity
    return locks


def blocking_activity(learner_id: int, activity: Activity) -> Activity | None:
    """The first required gating activity placed before this one (before class) that the
    learner has not done; None when the activity is open. Two queries at most."""
    if activity.phase != Phase.BEFORE:
        return None
    gating = [kind.value for kind in KINDS.values() if kind.gates]
    earlier = list(
        Activity.objects.filter(
            session_id=activity.session_id, phase=Phase.BEFORE, kind__in=gating, required=True
        )
        .filter(
            Q(position__lt=activity.position) | Q(position=activity.position, pk__lt=activity.pk)
        )
        .order_by("position", "pk")
    )
    if not earlier:
        return None
    done = done_ids(earlier, learner_id)
    return next((item for item in earlier if item.pk not in done), None)


def next_activity(activity: Activity) -> Activity | None:
    """The activity after this one in its phase (for the "Next" link), or None."""
    siblings = list(activity.session.phase_items(activity.phase).only("pk", "title"))
    index = next(i for i, item in enumerate(siblings) if item.pk == activity.pk)
    return siblings[index + 1] if index + 1 < len(siblings) else None


def estimated_minutes(activity: Activity) -> int:
    """The time a learner needs for an activity, by its kind's estimate."""
    return kind_of(activity).minutes(activity)
