"""Images in question texts: the trainer's upload (checked by content, stored under a
random name) and the bytes, for every member of the organization."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.lib.ranges import ranged_file_response
from amont.lib.sniff import UploadRejected, check_upload
from amont.quizzes import imports
from amont.quizzes.access import access_bank, access_question_image
from amont.quizzes.editor_common import bank_url, safe_next

# The same rules as images inside imported files ("2 MB": decimal units).
IMAGE_MAX_BYTES = imports.IMAGE_MAX_BYTES
IMAGE_CACHE_CONTROL = "private, max-age=86400"


def _markdown_alt(alt: str) -> str:
    """The alternative text as Markdown image text: one line, brackets escaped."""
    alt = " ".join(alt.split())
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _image_answer(request, *, snippet: str = "", error: str = "", fallback: str) -> HttpResponse:
    """HTMX gets a partial, a client asking for JSON gets JSON, a plain form a redirect
    back to the editor with the snippet (or the error) in a message."""
    if request.htmx:
        return render(
            request, "quizzes/editor/_image_snippet.html", {"snippet": snippet, "error": error}
        )
    if "application/json" in request.headers.get("Accept", ""):
        if error:
            return JsonResponse({"error": error}, status=400)
        return JsonResponse({"markdown": snippet})
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Image added. Copy this line into the question text: %(snippet)s")
            % {"snippet": snippet},
        )
    return HttpResponseRedirect(safe_next(request, fallback))


@login_required
@require_POST
def question_image_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One image for question texts, checked by its content (PNG, JPEG, WebP, GIF; at
    most 2 MB), stored under a random name. Answers the Markdown that shows it."""
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    fallback = bank_url(organization)
    upload: UploadedFile | None = request.FILES.get("image")
    if upload is None:
        return _image_answer(request, error=_("Choose an image to upload."), fallback=fallback)
    try:
        detected = check_upload(upload, allowed=imports.IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)
    except UploadRejected as rejected:
        return _image_answer(request, error=rejected.message, fallback=fallback)
    alt = request.POST.get("alt", "").strip()[:200]
    image = imports.store_question_image(
        organization=organization, file=upload, detected=detected, uploaded_by=request.user,
        alt=alt,
    )  # fmt: skip
    url = reverse("question_image", args=[image.pk])
    return _image_answer(request, snippet=f"![{_markdown_alt(alt)}]({url})", fallback=fallback)


@login_required
@require_safe
def question_image(request: AuthenticatedHttpRequest, image_id: int) -> HttpResponseBase:
    """The bytes of an image, for every member of its organization (trainers, program
    managers, learners); 404 for everybody else."""
    image = access_question_image(request.user, image_id)
    response = ranged_file_response(request, image.file.path, content_type=image.content_type)
    response.headers["Cache-Control"] = IMAGE_CACHE_CONTROL
    return response
