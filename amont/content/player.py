"""The learner's page of a resource activity (video, audio, document, linked video), the
files it plays, the trainer's preview of those files, and the tracking endpoint that
static/js/track-media.js, track-time.js and track-embed.js post to (content.tracking)."""

import io
from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.content import intervals, providers
from amont.content.access import access_resource, access_resource_activity
from amont.content.models import Resource, ResourceType, resource_of
from amont.content.tracking import apply_batch, completion_rule, record_resource_open
from amont.courses.models import Activity
from amont.courses.progress import next_activity
from amont.lib.markdown import render_markdown
from amont.lib.ranges import ranged_file_response

# What a media URL may serve: the uploaded file, the "listen only" version, the poster,
# the captions.
VARIANTS = ("file", "audio", "poster", "captions")
# A short name for a document's type, from what content.sniff detected.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "text/plain": "TXT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.presentation": "ODP",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
}


def _serve(request: HttpRequest, resource: Resource, variant: str) -> HttpResponseBase:
    if variant not in VARIANTS:
        raise Http404
    if variant == "captions":
        if not resource.captions:
            raise Http404
        data = io.BytesIO(resource.captions.encode())
        return ranged_file_response(request, data, content_type="text/vtt; charset=utf-8")
    field = {"file": resource.file, "audio": resource.audio, "poster": resource.poster}[variant]
    if not field:
        raise Http404
    content_type = {
        "file": resource.detected or "application/octet-stream",
        "audio": "audio/webm",
        "poster": "image/jpeg",
    }[variant]
    return ranged_file_response(
        request,
        field.path,
        content_type=content_type,
        filename=(resource.original_name or None) if variant == "file" else None,
        as_attachment=variant == "file" and request.GET.get("download") == "1",
    )


def _opens_the_document(request: HttpRequest, resource: Resource, variant: str) -> bool:
    """A learner's request for the document itself (not a PDF viewer's later range
    requests, nor a HEAD) counts as an opening."""
    if resource.type != ResourceType.DOCUMENT or variant != "file" or request.method != "GET":
        return False
    byte_range = request.headers.get("Range", "").replace(" ", "")
    return not byte_range or byte_range.startswith("bytes=0-")


def resource_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """The page of a resource activity, for content.views.learner_activity (access and
    the required-quiz rule already checked). Records the opening."""
    resource = resource_of(activity)
    progress = record_resource_open(learner=request.user, resource=resource)
    get_token(request)  # the tracking scripts post with the CSRF cookie

    def media_url(variant: str) -> str:
        return reverse("learner_resource_media", args=[activity.pk, variant])

    transcript = resource.transcript() if resource.type != ResourceType.LINK else ""
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "resource": resource,
        "description": render_markdown(resource.description) if resource.description else "",
        "progress": progress,
        "rule": completion_rule(resource),
        "percent_watched": resource.percent_watched(progress.watched) or 0,
        "minutes_spent": round(progress.seconds_spent / 60),
        "resume": round(progress.position or 0, 2),
        "track_url": reverse("learner_resource_track", args=[activity.pk]),
        "file_url": media_url("file"),
        "download_url": media_url("file") + "?download=1",
        "audio_url": media_url("audio") if resource.audio else "",
        "poster_url": media_url("poster") if resource.poster else "",
        "captions_url": media_url("captions") if resource.captions else "",
        "transcript": transcript,
        "listen": bool(resource.audio) and request.GET.get("listen") == "1",
        "document_type": DOCUMENT_TYPES.get(resource.detected)
        or PurePath(resource.original_name).suffix.lstrip(".").upper(),
        "provider_name": providers.NAMES.get(resource.provider, ""),
        "tracked_embed": resource.provider in providers.TRACKED,
        "next_activity": next_activity(activity),
    }
    return render(request, "content/resource.html", context)


@login_required
@require_safe
def learner_resource_media(
    request: AuthenticatedHttpRequest, activity_id: int, variant: str
) -> HttpResponseBase:
    """A file of a resource activity, for its learners: the video, audio or document
    (`?download=1` to save it), the "listen only" version, the poster, the captions."""
    activity = access_resource_activity(request.user, activity_id)
    resource = resource_of(activity)
    response = _serve(request, resource, variant)
    if _opens_the_document(request, resource, variant):
        record_resource_open(learner=request.user, resource=resource)
    return response


@login_required
@require_safe
def resource_media(
    request: AuthenticatedHttpRequest, resource_id: int, variant: str
) -> HttpResponseBase:
    """The same files for the staff of the resource's organization (preview)."""
    return _serve(request, access_resource(request.user, resource_id), variant)


@login_required
@require_POST
def learner_resource_track(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    """One tracking batch (contract at the top of content.intervals): 204 once applied,
    or when it already was; 400 for what is not a batch."""
    activity = access_resource_activity(request.user, activity_id)
    batch = intervals.parse_batch(request.POST.get("data", ""))
    if batch is None:
        return HttpResponseBadRequest("Not a tracking batch.")
    apply_batch(learner=request.user, resource=resource_of(activity), batch=batch)
    return HttpResponse(status=204)
