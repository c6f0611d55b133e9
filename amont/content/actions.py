import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from amont.accounts.models import Organization, User
from amont.content import providers
from amont.content.captions import read_captions
from amont.content.models import (
    Article,
    Completion,
    MediaStatus,
    Resource,
    ResourceProgress,
    ResourceType,
)
from amont.content.tracking import locked_progress
from amont.courses.actions import add_activity
from amont.courses.models import Activity, Kind, Session
from amont.lib import sniff


def create_article(
    *, organization: Organization, title: str, body: str, author: User | None = None,
    estimated_minutes: int = 5, is_sheet: bool = False,
) -> Article:  # fmt: skip
    return Article.objects.create(
        organization=organization,
        title=title,
        body=body,
        created_by=author,
        estimated_minutes=estimated_minutes,
        is_sheet=is_sheet,
    )


@transaction.atomic
def record_article_open(*, learner: User, article: Article, at=None) -> ResourceProgress:
    at = at or timezone.now()
    progress, created = locked_progress(learner=learner, article=article, at=at)
    if not created:
        progress.last_opened_at = at
        progress.open_count += 1
        progress.save(update_fields=["last_opened_at", "open_count"])
    return progress


@transaction.atomic
def create_article_activity(
    *,
    session: Session,
    phase: str,
    title: str,
    body: str,
    author: User | None = None,
    estimated_minutes: int = 5,
    is_sheet: bool = False,
    **fields,
) -> Activity:
    """Write a new article in the course's organization library and add it to a session.
    fields: instructions, due_at, required."""
    article = create_article(
        organization=session.cohort.course.organization,
        title=title,
        body=body,
        author=author,
        estimated_minutes=estimated_minutes,
        is_sheet=is_sheet,
    )
    return add_activity(
        session=session, phase=phase, kind=Kind.ARTICLE, title=title, article=article, **fields
    )


def update_article(
    *, article: Article, body: str, estimated_minutes: int, is_sheet: bool | None = None
) -> Article:
    """Change a library article: every activity that reuses it shows the new text."""
    article.body = body
    article.estimated_minutes = estimated_minutes
    fields = ["body", "estimated_minutes", "updated_at"]
    if is_sheet is not None:
        article.is_sheet = is_sheet
        fields.append("is_sheet")
    article.save(update_fields=fields)
    return article


# Resources (video, audio, document, video link) -----------------------------------------

# What each uploaded type accepts, by content (content.sniff), and the file suffix we store.
UPLOAD_TYPES: dict[str, frozenset[str]] = {
    ResourceType.VIDEO: sniff.VIDEO_TYPES,
    ResourceType.AUDIO: sniff.AUDIO_TYPES,
    ResourceType.DOCUMENT: sniff.DOCUMENT_TYPES
    | frozenset({sniff.DOCX, sniff.PPTX, sniff.XLSX, sniff.ODT, sniff.ODP, sniff.ODS}),
}
SUFFIXES = {
    sniff.VIDEO_MP4: ".mp4",
    sniff.VIDEO_WEBM: ".webm",
    sniff.AUDIO_MP4: ".m4a",
    sniff.AUDIO_WEBM: ".weba",
    sniff.AUDIO_OGG: ".ogg",
    sniff.AUDIO_MPEG: ".mp3",
    sniff.AUDIO_WAV: ".wav",
    sniff.APPLICATION_PDF: ".pdf",
    sniff.TEXT_PLAIN: ".txt",
    sniff.DOCX: ".docx",
    sniff.PPTX: ".pptx",
    sniff.XLSX: ".xlsx",
    sniff.ODT: ".odt",
    sniff.ODP: ".odp",
    sniff.ODS: ".ods",
}


def check_resource_upload(fileobj, *, type: str) -> str:
    """The detected MIME type of an upload for a resource of this type, or UploadRejected
    with a sentence for the trainer (wrong content, empty, over the size limit)."""
    return sniff.check_upload(
        fileobj, allowed=UPLOAD_TYPES[type], max_bytes=settings.RESOURCE_MAX_UPLOAD_BYTES
    )


def clean_captions(text: str) -> str:
    """WebVTT text normalised to "\\n" line ends, or CaptionError (with the line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    read_captions(text)
    return text


@transaction.atomic
def create_resource(
    *,
    organization: Organization,
    type: str,
    title: str,
    author: User | None = None,
    upload=None,
    detected: str = "",
    url: str = "",
    description: str = "",
    estimated_minutes: int | None = None,
    captions: str = "",
    captions_language: str = "fr",
    completion: str | None = None,
    completion_threshold: float | None = None,
    schedule: bool = True,
) -> Resource:
    """A library resource. For an upload (video, audio, document), `upload` is the file
    already checked by `check_resource_upload` (its answer in `detected`); a video or
    audio file is then processed in the background (`content.tasks.process_resource`)
    once the transaction commits (with `schedule=False` the caller runs
    `process_resource.call` itself). For a link, `url` is a YouTube, Vimeo or PeerTube page.
    Captions are WebVTT text, validated (`clean_captions`)."""
    defaults: dict[str, tuple[Completion, float]] = {
        ResourceType.VIDEO: (Completion.WATCHED, 0.8),
        ResourceType.AUDIO: (Completion.WATCHED, 0.8),
        ResourceType.LINK: (Completion.WATCHED, 0.8),
        ResourceType.DOCUMENT: (Completion.OPENED, 0.0),
    }
    default_completion = defaults[type]
    resource = Resource(
        organization=organization,
        type=type,
        title=title,
        description=description,
        created_by=author,
        captions=clean_captions(captions) if captions.strip() else "",
        captions_language=captions_language,
        completion=completion or default_completion[0],
        completion_threshold=(
            default_completion[1] if completion_threshold is None else completion_threshold
        ),
        estimated_minutes=estimated_minutes or 5,
    )
    if type == ResourceType.LINK:
        video = providers.parse_video_url(url)  # VideoURLError (a message) if unknown
        resource.url, resource.provider, resource.embed_url = url, video.provider, video.embed_url
        if video.provider not in providers.TRACKED:
            resource.completion, resource.completion_threshold = Completion.OPENED, 0.0
    else:
        if upload is None:
            raise ValueError("An uploaded resource needs its file.")
        upload.seek(0)
        resource.original_name = Path(upload.name or "").name[:200]
        resource.file_size = upload.size or 0
        resource.detected = detected
        name = secrets.token_hex(16) + SUFFIXES.get(detected, "")
        resource.file.save(name, upload, save=False)
        if resource.is_media:
            resource.status = MediaStatus.PENDING
    resource.save()
    if resource.status == MediaStatus.PENDING and schedule:
        schedule_processing(resource, keep_estimate=estimated_minutes is not None)
    return resource


def schedule_processing(resource: Resource, *, keep_estimate: bool = False) -> None:
    """Queue the media pipeline for this resource after the transaction commits."""
    from amont.content.tasks import process_resource  # tasks import actions

    Resource.objects.filter(pk=resource.pk).update(
        status=MediaStatus.PENDING, percent_done=0, error=""
    )
    transaction.on_commit(
        lambda: process_resource.enqueue(resource_id=resource.pk, keep_estimate=keep_estimate)
    )


def update_resource(
    *,
    resource: Resource,
    title: str,
    description: str,
    estimated_minutes: int,
    completion: str,
    completion_threshold: float,
    captions: str | None = None,
) -> Resource:
    """Change a library resource: every activity that reuses it shows the change."""
    resource.title = title
    resource.description = description
    resource.estimated_minutes = estimated_minutes
    resource.completion = completion
    resource.completion_threshold = completion_threshold
    fields = [
        "title",
        "description",
        "estimated_minutes",
        "completion",
        "completion_threshold",
        "updated_at",
    ]
    if captions is not None:
        resource.captions = clean_captions(captions) if captions.strip() else ""
        fields.append("captions")
    resource.save(update_fields=fields)
    return resource


@transaction.atomic
def create_resource_activity(
    *, session: Session, phase: str, title: str, author: User | None = None, **resource_fields
) -> Activity:
    """A new library resource added to a session. resource_fields: those of
    create_resource; activity fields (instructions, due_at, required) go apart."""
    activity_fields = {
        key: resource_fields.pop(key)
        for key in ("instructions", "due_at", "required")
        if key in resource_fields
    }
    resource = create_resource(
        organization=session.cohort.course.organization,
        title=title,
        author=author,
        **resource_fields,
    )
    return add_activity(
        session=session,
        phase=phase,
        kind=Kind.RESOURCE,
        title=title,
        resource=resource,
        **activity_fields,
    )
