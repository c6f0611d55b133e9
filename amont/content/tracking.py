"""Writes of the consultation tracking: a learner opens a resource, and the players post
batches of what was watched, heard or read (the contract and the pure rules are in
content.intervals; the views in content.player).

Every write locks the learner's ResourceProgress row for the resource (created at the
first opening), so that two requests of the same learner (two tabs, a beacon and a
retried fetch) are applied one after the other.

What the server trusts of a batch:

- segments: through `accept_segments`, with the playback budget of the contract (twice
  the wall-clock time since the first opening, minus what was already played);
- `spent` (documents): at most the wall-clock time since the previous batch of this
  learner for this resource, or since the page was last opened when that is later. A
  batch kept offline and sent together with others therefore loses its time: the
  measure errs on the side of less.
- `duration` (linked videos only, whose length we cannot probe): the first value
  reported becomes the resource's duration and later reports are ignored, so that one
  learner cannot change everybody's percentage afterwards. Uploaded media keep the
  duration the pipeline measured.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from amont.accounts.models import User
from amont.content import intervals
from amont.content.models import Resource, ResourceProgress, ResourceType, TrackingBatch

# How long a batch id is remembered (track-media.js keeps a batch 7 days at most).
BATCH_MEMORY = timedelta(days=8)


# A linked video's length comes from the first player that reports it; one that is not
# within this factor of the trainer's estimate is not believed (a forged report would
# skew every learner's share watched).
DURATION_TOLERANCE = 10


def _plausible(duration: float, estimated_minutes: int) -> bool:
    estimate = max(estimated_minutes, 1) * 60
    return estimate / DURATION_TOLERANCE <= duration <= estimate * DURATION_TOLERANCE


def completion_rule(resource: Resource) -> intervals.CompletionRule:
    """The resource's rule; a threshold out of range (an old row, a hand edit) falls back
    to the default of its type rather than break every tracking request."""
    try:
        return resource.completion_rule()
    except ValueError:
        if resource.type == ResourceType.DOCUMENT:
            return intervals.CompletionRule("opened")
        return intervals.CompletionRule("watched_fraction", 0.8)


def locked_progress(*, learner: User, at: datetime, **item) -> tuple[ResourceProgress, bool]:
    """The learner's progress row for a library item (`article=` or `resource=`), locked
    until the transaction ends; created as a first opening at `at` when missing (then
    True). Two requests creating it at once get the same row."""
    progress = ResourceProgress.objects.select_for_update().filter(learner=learner, **item).first()
    if progress is not None:
        return progress, False
    try:
        with transaction.atomic():
            progress = ResourceProgress.objects.create(
                learner=learner, first_opened_at=at, last_opened_at=at, **item
            )
        return progress, True
    except IntegrityError:
        # Another request of the same learner created it between our read and our write.
        progress = ResourceProgress.objects.select_for_update().get(learner=learner, **item)
        return progress, False


def meets_rule(progress: ResourceProgress, resource: Resource) -> bool:
    """Whether an opened resource's progress meets its completion rule."""
    return intervals.is_complete(
        completion_rule(resource),
        intervals=progress.watched,
        duration=resource.duration,
        opened=True,
        # Media pages send no `spent`: time playing is time spent on them.
        seconds_spent=max(progress.seconds_spent, progress.played_seconds),
    )


def _mark_complete(progress: ResourceProgress, resource: Resource, at: datetime) -> bool:
    """Sets `completed_at` the first time the rule is met; True when it did."""
    if progress.completed_at is not None:
        return False
    done = meets_rule(progress, resource)
    if done:
        progress.completed_at = at
    return done


@transaction.atomic
def record_resource_open(
    *, learner: User, resource: Resource, at: datetime | None = None
) -> ResourceProgress:
    """The learner opened the resource's page (or a document's file): first and last
    opening, count, and completion for the rule "opened"."""
    at = at or timezone.now()
    progress, created = locked_progress(learner=learner, resource=resource, at=at)
    fields = []
    if not created:
        progress.last_opened_at = at
        progress.open_count += 1
        fields += ["last_opened_at", "open_count"]
    if _mark_complete(progress, resource, at):
        fields.append("completed_at")
    if fields:
        progress.save(update_fields=fields)
    return progress


@transaction.atomic
def apply_batch(
    *, learner: User, resource: Resource, batch: intervals.Batch, now: datetime | None = None
) -> bool:
    """Apply one tracking batch (already parsed by `intervals.parse_batch`) to the
    learner's progress; False when this batch id was applied before (nothing changes).
    `now` is the time of reception (tests give it; it also stamps the batch row)."""
    progress, _ = locked_progress(learner=learner, resource=resource, at=now or timezone.now())
    try:
        with transaction.atomic():
            row = TrackingBatch.objects.create(
                learner=learner, resource=resource, batch_id=batch.id
            )
    except IntegrityError:
        return False  # resent until acknowledged: applied once
    if now is None:
        now = row.received_at
    else:
        TrackingBatch.objects.filter(pk=row.pk).update(received_at=now)
    # The client keeps an unacknowledged batch for 7 days: older ids cannot come back.
    TrackingBatch.objects.filter(
        learner=learner, resource=resource, received_at__lt=now - BATCH_MEMORY
    ).delete()

    fields = []
    if resource.type != ResourceType.DOCUMENT:
        duration = resource.duration
        if (
            resource.type == ResourceType.LINK
            and duration is None
            and batch.duration
            and _plausible(batch.duration, resource.estimated_minutes)
        ):
            Resource.objects.filter(pk=resource.pk, duration__isnull=True).update(
                duration=batch.duration
            )
            resource.duration = duration = batch.duration
        elapsed = max(0.0, (now - progress.first_opened_at).total_seconds())
        budget = (
            intervals.MAX_PLAYBACK_RATE * elapsed
            + intervals.MAX_SEGMENT_SECONDS
            - progress.played_seconds
        )
        accepted = intervals.accept_segments(batch.segments, duration=duration, budget=budget)
        if accepted:
            progress.watched = [
                list(pair) for pair in intervals.merge([*progress.watched, *accepted])
            ]
            progress.played_seconds += sum(end - start for start, end in accepted)
            fields += ["watched", "played_seconds"]
        position = intervals.sanitize_position(batch.position, duration)
        if position is not None:
            progress.position = position
            fields.append("position")

    if batch.spent:
        previous = (
            TrackingBatch.objects.filter(learner=learner, resource=resource)
            .exclude(pk=row.pk)
            .order_by("-received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        since = max(previous or progress.last_opened_at, progress.last_opened_at)
        allowed = max(0.0, (now - since).total_seconds())
        progress.seconds_spent += min(batch.spent, allowed)
        fields.append("seconds_spent")

    if _mark_complete(progress, resource, now):
        fields.append("completed_at")
    if fields:
        progress.save(update_fields=fields)
    return True
