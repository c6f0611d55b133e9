"""What a learner really watched of a video or heard of an audio file, and when a resource
counts as done. Pure functions, no database: the tracking view and the models build on them.

Watching is the union of the seconds actually played: replaying a part counts once, and
seeking to the end is not watching the middle. Times are media seconds (floats).

Server contract for the tracking view (client: static/js/track-media.js)
-------------------------------------------------------------------------
The page renders `<video|audio controls data-track-url="<view URL>" data-resume="<s>"
data-speed-label="{% translate 'Playback speed' %}">`, loads the script with `defer`, and
sets the CSRF cookie (`{% csrf_token %}` on the page, or `@ensure_csrf_cookie`).

Every ~15 s, and when the page is hidden or left, the client closes a batch of what was
played since the previous one and POSTs each batch not yet acknowledged (oldest first):

    POST <data-track-url>
    Content-Type: application/x-www-form-urlencoded
    csrfmiddlewaretoken=<token>&data=<JSON>
    JSON: {"batch": "<id>", "segments": [[start, end], ...], "position": <seconds>}

Two optional fields: `"spent": <seconds>`, the time the page was visible since the
previous batch (documents, static/js/track-time.js; the server caps it by the wall clock
since the previous batch), and `"duration": <seconds>`, the length an embedded player
reports (linked videos only, whose length the server cannot probe: the first report is
kept as the resource's duration). See content.tracking.apply_batch.

Form-encoded rather than a JSON body: `navigator.sendBeacon` (used when the page goes away)
cannot set `X-CSRFToken`, and Chrome refuses a beacon whose type is application/json; so
Django's CSRF middleware reads the token from the form, unchanged. A segment is one
stretch of continuous playback; the client cuts it at every seek and before it grows
past `SEGMENT_SECONDS` of media, so an honest segment is never longer. The id is a UUID,
or another string of letters, digits and dashes where randomUUID is missing (plain http).

The view:

1. Checks access (`access_activity_as_learner`); 404/403 as usual.
2. `batch = parse_batch(request.POST.get("data", ""))`; None → 400.
3. If this (learner, resource, batch.id) was already applied → 204 again: the client
   resends until acknowledged, and a beacon's answer is never read. (The union itself is
   idempotent; the id keeps the played-seconds counter and any event log exact.)
4. `accepted = accept_segments(batch.segments, duration=..., max_segment=MAX_SEGMENT_SECONDS,
   budget=budget)` with `budget = MAX_PLAYBACK_RATE * (now - first_opened_at).total_seconds()
   + MAX_SEGMENT_SECONDS - played_seconds`, where `played_seconds` is the running sum of
   accepted segment lengths (replays included): a learner cannot have played more media
   than twice the wall-clock time since they opened the resource, even when a batch kept
   offline arrives late together with a dozen others.
5. `watched = add(watched, start, end)` for each accepted segment; `played_seconds +=`
   their lengths; `position = sanitize_position(batch.position, duration)` if not None
   (the next `data-resume`); then `is_complete(rule, ...)` → completed_at.
6. Answers 204 (any 2xx acknowledges the batch). A 4xx other than 408/429 makes the
   client drop the batch; anything else (5xx, network) keeps it for a retry.

Store `watched` as a JSON list of [start, end] pairs, already merged: it stays short
(one pair per stretch watched, usually a handful).
"""

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

# Gaps up to this length between two stretches are noise (timeupdate fires every 15 to 250 ms,
# a resume lands a few frames off), not unwatched media: merge() closes them.
EPSILON = 0.25
# The client cuts a segment after this much media; the server refuses longer ones.
SEGMENT_SECONDS = 10.0
MAX_SEGMENT_SECONDS = 15.0
# The fastest speed the player offers.
MAX_PLAYBACK_RATE = 2.0
MAX_BATCH_CHARS = 16_000
MAX_SEGMENTS_PER_BATCH = 100

Interval = tuple[float, float]

_BATCH_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


def _number(value: object) -> float | None:
    """A finite float, or None (bools, strings, NaN and infinities are not times)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _known(duration: float | None) -> float | None:
    duration = _number(duration)
    return duration if duration is not None and duration > 0 else None


def merge(intervals: Iterable[Sequence[float]], *, epsilon: float = EPSILON) -> list[Interval]:
    """The union of `intervals` as sorted, disjoint (start, end) pairs, joining those that
    overlap, touch or are less than `epsilon` apart. Empty, reversed and non-finite pairs
    are dropped. Idempotent, and independent of the order of its input."""
    cleaned = []
    for pair in intervals:
        if len(pair) != 2:
            continue
        start, end = _number(pair[0]), _number(pair[1])
        if start is not None and end is not None and start < end:
            cleaned.append((start, end))
    cleaned.sort()
    merged: list[Interval] = []
    for start, end in cleaned:
        if merged and start <= merged[-1][1] + epsilon:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def add(
    watched: Iterable[Sequence[float]], start: float, end: float, *, epsilon: float = EPSILON
) -> list[Interval]:
    """`watched` with one more stretch played (sanitize it first)."""
    return merge([*watched, (start, end)], epsilon=epsilon)


def watched_seconds(intervals: Iterable[Sequence[float]], duration: float | None = None) -> float:
    """How many seconds of the media the union of `intervals` covers, counted within
    [0, duration] when the duration is known. Overlaps count once."""
    limit = _known(duration)
    total = 0.0
    for start, end in merge(intervals, epsilon=0):
        start = max(start, 0.0)
        if limit is not None:
            end = min(end, limit)
        total += max(0.0, end - start)
    return min(total, limit) if limit is not None else total


def fraction_watched(intervals: Iterable[Sequence[float]], duration: float | None) -> float:
    """The share of the media watched, from 0 to 1 (0 when the duration is unknown)."""
    limit = _known(duration)
    if limit is None:
        return 0.0
    return min(1.0, watched_seconds(intervals, limit) / limit)


def sanitize_segment(
    start: object, end: object, duration: float | None, *, max_segment: float
) -> Interval | None:
    """A segment a client reported, made safe to add, or None to refuse it.

    Refused: non-numbers, NaN and infinities, negative times, empty or reversed segments,
    a start at or past the end of the media, and any segment longer than `max_segment`
    seconds. Refusing rather than clamping the last case is deliberate: a client that
    claims 0-600 s in one segment missed a seek (or lies), and crediting its first
    `max_segment` seconds would count media that was skipped. The end is clamped to the
    duration when it is known (a browser's duration differs from ours by a few frames).
    """
    start, end = _number(start), _number(end)
    if start is None or end is None or start < 0 or end <= start:
        return None
    limit = _known(duration)
    if limit is not None:
        if start >= limit:
            return None
        end = min(end, limit)
    if end - start > max_segment:
        return None
    return start, end


def accept_segments(
    segments: Iterable[Sequence[object]],
    *,
    duration: float | None,
    max_segment: float = MAX_SEGMENT_SECONDS,
    budget: float,
) -> list[Interval]:
    """The segments of a batch that may be added: each sanitized, in the order sent,
    until their total length would exceed `budget` seconds (the media the learner can
    have played by now, see the module docstring); that segment and the rest are refused."""
    accepted: list[Interval] = []
    remaining = budget
    for pair in segments:
        if len(pair) != 2:
            continue
        segment = sanitize_segment(pair[0], pair[1], duration, max_segment=max_segment)
        if segment is None:
            continue
        length = segment[1] - segment[0]
        if length > remaining:
            break
        remaining -= length
        accepted.append(segment)
    return accepted


def sanitize_position(position: object, duration: float | None) -> float | None:
    """Where to resume: a finite time within [0, duration], or None to keep the old one."""
    position = _number(position)
    if position is None:
        return None
    position = max(0.0, position)
    limit = _known(duration)
    return min(position, limit) if limit is not None else position


# A linked video's length as its player reports it (links only), at most a day.
MAX_REPORTED_DURATION = 24 * 3600.0


@dataclass(frozen=True)
class Batch:
    id: str
    segments: list[tuple[float, float]]
    position: float | None
    # Seconds the page was visible since the previous batch (static/js/track-time.js);
    # the tracking action caps it by the wall clock (content.tracking).
    spent: float | None = None
    # The media length the embedded player of a linked video reports.
    duration: float | None = None


def parse_batch(raw: str | bytes) -> Batch | None:
    """The batch the client sent (the `data` field), or None when it is not one.
    Pairs that are not two numbers are left out; sanitize what remains. The optional
    `spent` (seconds, at least 0) and `duration` (seconds, more than 0 and at most
    MAX_REPORTED_DURATION) are None when absent or out of range."""
    if len(raw) > MAX_BATCH_CHARS:
        return None
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(payload, dict):
        return None
    batch_id, segments, position = (
        payload.get("batch"),
        payload.get("segments"),
        payload.get("position"),
    )
    if not isinstance(batch_id, str) or not _BATCH_ID.fullmatch(batch_id):
        return None
    if not isinstance(segments, list) or len(segments) > MAX_SEGMENTS_PER_BATCH:
        return None
    pairs = []
    for pair in segments:
        if isinstance(pair, list) and len(pair) == 2:
            start, end = _number(pair[0]), _number(pair[1])
            if start is not None and end is not None:
                pairs.append((start, end))
    spent = _number(payload.get("spent"))
    duration = _number(payload.get("duration"))
    return Batch(
        id=batch_id,
        segments=pairs,
        position=_number(position),
        spent=spent if spent is not None and spent >= 0 else None,
        duration=(
            duration if duration is not None and 0 < duration <= MAX_REPORTED_DURATION else None
        ),
    )


CompletionKind = Literal["watched_fraction", "opened", "time_spent"]
COMPLETION_KINDS: tuple[CompletionKind, ...] = ("watched_fraction", "opened", "time_spent")


@dataclass(frozen=True)
class CompletionRule:
    """When a resource counts as done:

    - "watched_fraction": at least `threshold` (0, 1] of the media watched, e.g. 0.8;
    - "opened": opened once (`threshold` unused);
    - "time_spent": at least `threshold` seconds spent on it (documents).
    """

    kind: CompletionKind
    threshold: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in COMPLETION_KINDS:
            raise ValueError(f"Unknown completion rule {self.kind!r}.")
        threshold = _number(self.threshold)
        if self.kind == "watched_fraction" and not (threshold is not None and 0 < threshold <= 1):
            raise ValueError("A watched fraction is in (0, 1].")
        if self.kind == "time_spent" and not (threshold is not None and threshold >= 0):
            raise ValueError("A time spent is a number of seconds, at least 0.")


def is_complete(
    rule: CompletionRule,
    *,
    intervals: Iterable[Sequence[float]] = (),
    duration: float | None = None,
    opened: bool = False,
    seconds_spent: float = 0.0,
) -> bool:
    if rule.kind == "opened":
        return bool(opened)
    if rule.kind == "time_spent":
        return seconds_spent >= rule.threshold
    # 1e-9: 480 s of 600 is 0.8, whatever the float rounding of the division.
    return fraction_watched(intervals, duration) >= rule.threshold - 1e-9
