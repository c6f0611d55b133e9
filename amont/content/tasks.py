"""The media pipeline, run by the task worker (`manage.py db_worker`; in tests, at once).

For an uploaded video: probe (duration), poster (JPEG), "listen only" version (Opus,
48 kb/s). For an uploaded audio file: probe only. The resource's `status` and
`percent_done` say where it is, for the trainer's page that polls them; a failure stores a
sentence in `error` and deletes whatever was half made (content.media writes atomically,
and the outputs of a failed run are removed here).
"""

import logging
import math
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils.translation import gettext as _

from amont.content import media
from amont.content.models import MediaStatus, Resource, ResourceType

logger = logging.getLogger(__name__)

# How often, at most, the worker writes the percentage (a row update each time).
PROGRESS_WRITE_PERIOD = 1.0


def _set(resource_id: int, **fields) -> None:
    Resource.objects.filter(pk=resource_id).update(**fields)


def _derived_name(resource: Resource, suffix: str) -> str:
    if not resource.file.name:
        raise ValueError(f"Resource {resource.pk} has no file.")
    return str(Path(resource.file.name).with_suffix("")) + suffix


@task
def process_resource(*, resource_id: int, keep_estimate: bool = False) -> str:
    """Probe, poster and audio-only version of an uploaded video (probe only for audio).
    Returns the final status. Safe to run twice: the outputs are rewritten atomically."""
    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None or not resource.file or not resource.is_media:
        return "skipped"
    _set(resource_id, status=MediaStatus.PROCESSING, percent_done=1, error="")
    source = resource.file.path
    # What a worker killed mid-job left in this folder (content.media's ".part" files).
    media.remove_partial_files(Path(source).parent)
    made: list[Path] = []
    try:
        info = media.probe(source)
        if resource.type == ResourceType.VIDEO and not info.has_video:
            raise media.MediaError(
                _("This file has no picture: upload it as audio."), code="no_video"
            )
        update = {"duration": info.duration_seconds, "percent_done": 5}
        if not keep_estimate:
            update["estimated_minutes"] = max(1, math.ceil(info.duration_seconds / 60))
        _set(resource_id, **update)
        if resource.type == ResourceType.VIDEO:
            poster = _derived_name(resource, "-poster.jpg")
            media.make_poster(source, Path(settings.MEDIA_ROOT) / poster)
            made.append(Path(settings.MEDIA_ROOT) / poster)
            _set(resource_id, poster=poster, percent_done=10)
            if info.has_audio:
                audio = _derived_name(resource, "-audio.webm")
                last_write = 0.0

                def progress(fraction: float) -> None:
                    nonlocal last_write
                    now = time.monotonic()
                    if now - last_write >= PROGRESS_WRITE_PERIOD:
                        last_write = now
                        _set(resource_id, percent_done=10 + int(fraction * 89))

                media.make_audio_only(source, Path(settings.MEDIA_ROOT) / audio, progress=progress)
                made.append(Path(settings.MEDIA_ROOT) / audio)
                _set(resource_id, audio=audio)
    except media.MediaError as error:
        logger.warning("Media pipeline failed for resource %s: %s %s", resource_id, error.code,
                       error.stderr_tail)  # fmt: skip
        _fail(resource_id, made, error.message)
        return MediaStatus.FAILED
    except Exception:
        logger.exception("Media pipeline crashed for resource %s", resource_id)
        _fail(resource_id, made, _("An unexpected error stopped the processing."))
        raise
    _set(resource_id, status=MediaStatus.READY, percent_done=100)
    return MediaStatus.READY


def _fail(resource_id: int, made: list[Path], message: str) -> None:
    """Keep nothing half made: remove this run's outputs and say why it failed."""
    for path in made:
        path.unlink(missing_ok=True)
    with transaction.atomic():
        _set(resource_id, status=MediaStatus.FAILED, error=message, poster="", audio="",
             percent_done=0)  # fmt: skip
