import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import Organization
from amont.content.captions import CaptionError, transcript_from_vtt
from amont.content.intervals import CompletionRule, fraction_watched
from amont.courses.models import Activity


class Article(models.Model):
    """A Markdown article of an organization's resource library."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)
    # A summary sheet (fiche): short, printed first in the session's paper version.
    is_sheet = models.BooleanField(_("summary sheet (fiche)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title


class ResourceType(models.TextChoices):
    VIDEO = "video", _("Video (uploaded)")
    LINK = "link", _("Video link (YouTube, Vimeo, PeerTube)")
    AUDIO = "audio", _("Audio / podcast")
    DOCUMENT = "document", _("Document (PDF or other file)")


class MediaStatus(models.TextChoices):
    """Where an uploaded file is in the background pipeline (content.tasks)."""

    READY = "ready", _("Ready")
    PENDING = "pending", _("Waiting for processing")
    PROCESSING = "processing", _("Processing")
    FAILED = "failed", _("Processing failed")


class Completion(models.TextChoices):
    WATCHED = "watched_fraction", _("A share of the media watched or heard")
    OPENED = "opened", _("Opened")
    TIME_SPENT = "time_spent", _("Time spent on it")


def _resource_upload_to(resource: "Resource", filename: str) -> str:
    # The stored name is random; the learner-facing name is `original_name`.
    suffix = Path(filename).suffix.lower()[:10]
    return f"resources/{resource.organization_id}/{secrets.token_hex(16)}{suffix}"


class Resource(models.Model):
    """A video, audio file, document or video link of an organization's library. Sessions
    reuse it through activities (kind "resource") without copying the file."""

    # Set by content.access.access_resource: whether the user who reached it may change it.
    can_edit: bool

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="resources"
    )
    type = models.CharField(_("type"), max_length=20, choices=ResourceType)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description (Markdown)"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=5)
    # Uploaded file (video, audio, document) and what the pipeline made of it.
    file = models.FileField(upload_to=_resource_upload_to, max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    detected = models.CharField(max_length=20, blank=True)  # sniff.check_upload's answer
    status = models.CharField(max_length=20, choices=MediaStatus, default=MediaStatus.READY)
    percent_done = models.PositiveSmallIntegerField(default=0)  # while processing
    error = models.TextField(blank=True)
    duration = models.FloatField(null=True, blank=True)  # seconds, from the probe
    poster = models.FileField(max_length=200, blank=True)
    audio = models.FileField(max_length=200, blank=True)  # "listen only", Opus
    # Linked video: the page URL the trainer gave, and what we derived from it.
    url = models.URLField(_("video address"), max_length=500, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    embed_url = models.URLField(max_length=500, blank=True)
    # WebVTT text (validated by content.captions); the transcript is derived from it.
    captions = models.TextField(_("captions (WebVTT)"), blank=True)
    captions_language = models.CharField(max_length=10, default="fr")
    completion = models.CharField(
        _("counts as done when"),
        max_length=20,
        choices=Completion,
        default=Completion.OPENED,
    )
    # A fraction (0.8) for "watched", seconds for "time spent", unused for "opened".
    completion_threshold = models.FloatField(_("threshold"), default=0.0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def short_type_label(self) -> str:
        labels: dict[str, Promise] = {
            ResourceType.VIDEO: _("Video"),
            ResourceType.LINK: _("Video"),
            ResourceType.AUDIO: _("Audio"),
            ResourceType.DOCUMENT: _("Document"),
        }
        return str(labels[self.type])

    def transcript(self) -> str:
        """The text of the captions, "" without any (or with captions from before they
        were checked on upload)."""
        if not self.captions.strip():
            return ""
        try:
            return transcript_from_vtt(self.captions)
        except CaptionError:
            return ""

    def transcript_paragraphs(self) -> list[str]:
        return [part for part in self.transcript().split("\n\n") if part.strip()]

    def percent_watched(self, watched) -> int | None:
        """The share of a video or audio played, in percent, from a learner's merged
        intervals; None for documents and when the length is not known yet."""
        if self.type == ResourceType.DOCUMENT or not self.duration:
            return None
        return round(100 * fraction_watched(watched or [], self.duration))

    @property
    def is_media(self) -> bool:
        return self.type in (ResourceType.VIDEO, ResourceType.AUDIO)

    @property
    def is_ready(self) -> bool:
        return self.status == MediaStatus.READY

    def completion_rule(self) -> CompletionRule:
        if self.completion == Completion.WATCHED:
            return CompletionRule("watched_fraction", self.completion_threshold or 0.8)
        if self.completion == Completion.TIME_SPENT:
            return CompletionRule("time_spent", self.completion_threshold)
        return CompletionRule("opened")


class ResourceProgress(models.Model):
    """One row per learner and library item (an article or a resource), read by pages in
    one query. For media, `watched` is the merged union of the seconds played (see
    content.intervals) and `position` where to resume."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_progress"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="progress"
    )
    resource = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.CASCADE, related_name="learner_progress"
    )
    first_opened_at = models.DateTimeField()
    last_opened_at = models.DateTimeField()
    open_count = models.PositiveIntegerField(default=1)
    watched = models.JSONField(default=list, blank=True)
    played_seconds = models.FloatField(default=0.0)  # replays included
    position = models.FloatField(null=True, blank=True)
    seconds_spent = models.FloatField(default=0.0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "article"], name="one_progress_per_article"),
            models.UniqueConstraint(
                fields=["learner", "resource"], name="one_progress_per_resource"
            ),
            models.CheckConstraint(
                condition=Q(article__isnull=False, resource__isnull=True)
                | Q(article__isnull=True, resource__isnull=False),
                name="progress_of_one_item",
            ),
        ]


class TrackingBatch(models.Model):
    """A tracking batch already applied: the client resends until acknowledged."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    batch_id = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "resource", "batch_id"], name="one_tracking_batch"
            )
        ]


def article_of(activity: Activity) -> Article:
    """The article of an article activity, which always has one (the kinds' check
    constraint)."""
    if activity.article is None:
        raise ValueError(f"Activity {activity.pk} has no article.")
    return activity.article


def resource_of(activity: Activity) -> Resource:
    """The resource of a resource activity, which always has one (the kinds' check
    constraint)."""
    if activity.resource is None:
        raise ValueError(f"Activity {activity.pk} has no resource.")
    return activity.resource
