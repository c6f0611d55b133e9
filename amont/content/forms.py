"""The trainer's forms for articles and resources (video, audio, document, linked video):
new, reused from the library, edited. They validate; the writes happen in actions."""

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.content.actions import check_resource_upload, clean_captions
from amont.content.captions import CaptionError
from amont.content.models import Article, Completion, Resource, ResourceType
from amont.content.providers import VideoURLError, parse_video_url
from amont.courses.forms import ActivityForm, textarea
from amont.lib import sniff


class NewArticleForm(ActivityForm):
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=textarea(12),
        help_text=_("# Heading, **bold**, *italic*, - list, [link](https://…)."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated reading time (minutes)"), min_value=1, max_value=600, initial=5
    )

    is_sheet = forms.BooleanField(
        label=_("Summary sheet (fiche)"),
        required=False,
        help_text=_("A short sheet of key points: marked as such and printed first."),
    )

    field_order = [
        "title",
        "body",
        "estimated_minutes",
        "is_sheet",
        "instructions",
        "due_at",
        "required",
    ]


class LibraryArticleForm(ActivityForm):
    article = forms.ModelChoiceField(
        label=_("Article of the library"), queryset=Article.objects.none()
    )

    field_order = ["article", "title", "instructions", "due_at", "required"]

    def __init__(self, *args, articles: QuerySet[Article], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["article"]).queryset = articles
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the article's title is used.")

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("title") and cleaned.get("article"):
            cleaned["title"] = cleaned["article"].title
        return cleaned


class ArticleBodyForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["body", "estimated_minutes", "is_sheet"]
        labels = {"estimated_minutes": _("Estimated reading time (minutes)")}
        widgets = {"body": textarea(12)}


# Resources (video, audio, document, video link) -----------------------------------------

CAPTIONS_MAX_BYTES = 1_000_000


def read_captions_upload(upload) -> str:
    """The WebVTT text of an uploaded caption file, or ValidationError (by content, with
    the line of the first problem)."""
    try:
        sniff.check_upload(upload, allowed=sniff.CAPTION_TYPES, max_bytes=CAPTIONS_MAX_BYTES)
        upload.seek(0)
        return clean_captions(upload.read().decode("utf-8"))
    except sniff.UploadRejected as rejected:
        raise forms.ValidationError(rejected.message) from None
    except (CaptionError, UnicodeDecodeError) as error:
        raise forms.ValidationError(
            gettext("These captions are not valid WebVTT: %(problem)s") % {"problem": error}
        ) from None


class CompletionFields(forms.Form):
    """When a resource counts as done for a learner, as the trainer says it."""

    completion = forms.ChoiceField(
        label=_("Counts as done when"), choices=Completion.choices, initial=Completion.WATCHED
    )
    watched_percent = forms.IntegerField(
        label=_("Share to watch or hear (%)"),
        min_value=1,
        max_value=100,
        initial=80,
        required=False,
        help_text=_("For videos and audio: the seconds really played count, not a skip."),
    )
    spent_minutes = forms.IntegerField(
        label=_("Minutes to spend on it"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("For “Time spent on it”."),
    )

    def completion_values(self) -> tuple[str, float]:
        data = self.cleaned_data
        if data["completion"] == Completion.WATCHED:
            return Completion.WATCHED, (data.get("watched_percent") or 80) / 100
        if data["completion"] == Completion.TIME_SPENT:
            return Completion.TIME_SPENT, float((data.get("spent_minutes") or 1) * 60)
        return Completion.OPENED, 0.0

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        kind = cleaned.get("completion")
        type = cleaned.get("type") or getattr(self, "resource_type", None)
        if kind == Completion.WATCHED and type == ResourceType.DOCUMENT:
            self.add_error("completion", gettext("A document is not watched: choose another rule."))
        if kind == Completion.TIME_SPENT and not cleaned.get("spent_minutes"):
            self.add_error("spent_minutes", gettext("Say how many minutes."))
        return cleaned


class NewResourceForm(ActivityForm, CompletionFields):
    type = forms.ChoiceField(
        label=_("Kind of resource"),
        choices=ResourceType.choices,
        widget=forms.RadioSelect,
        initial=ResourceType.VIDEO,
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "Video: MP4 or WebM. Audio: MP3, M4A, Ogg, WebM, WAV. Document: PDF, text, office files."
        ),
    )
    url = forms.URLField(
        label=_("Video address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A YouTube, Vimeo or PeerTube page, e.g. https://www.youtube.com/watch?v=…"),
    )
    captions_file = forms.FileField(
        label=_("Captions (WebVTT .vtt)"),
        required=False,
        help_text=_("Optional. Shown under the video and as a transcript."),
    )
    description = forms.CharField(
        label=_("Description (Markdown)"),
        required=False,
        widget=textarea(3),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated time (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Left empty for a video or audio file: measured from the file."),
    )

    field_order = [
        "type",
        "title",
        "file",
        "url",
        "captions_file",
        "description",
        "estimated_minutes",
        "completion",
        "watched_percent",
        "spent_minutes",
        "instructions",
        "due_at",
        "required",
    ]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        type = cleaned.get("type")
        upload = cleaned.get("file")
        if type == ResourceType.LINK:
            try:
                cleaned["video"] = parse_video_url(cleaned.get("url") or "")
            except VideoURLError as error:
                self.add_error("url", error.message)
        elif type:
            if upload is None:
                self.add_error("file", gettext("Choose the file to upload."))
            else:
                try:
                    cleaned["detected"] = check_resource_upload(upload, type=type)
                except sniff.UploadRejected as rejected:
                    self.add_error("file", rejected.message)
        if type == ResourceType.DOCUMENT and not cleaned.get("estimated_minutes"):
            cleaned["estimated_minutes"] = 5
        if type == ResourceType.LINK and not cleaned.get("estimated_minutes"):
            self.add_error("estimated_minutes", gettext("Say how long the video lasts."))
        captions = cleaned.get("captions_file")
        if captions is not None:
            if type not in (ResourceType.VIDEO, ResourceType.AUDIO, ResourceType.LINK):
                self.add_error("captions_file", gettext("Only videos and audio have captions."))
            else:
                try:
                    cleaned["captions"] = read_captions_upload(captions)
                except forms.ValidationError as error:
                    self.add_error("captions_file", error)
        return cleaned


class LibraryResourceForm(ActivityForm):
    resource = forms.ModelChoiceField(
        label=_("Resource of the library"), queryset=Resource.objects.none()
    )

    field_order = ["resource", "title", "instructions", "due_at", "required"]

    def __init__(self, *args, resources: QuerySet[Resource], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["resource"]).queryset = resources
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the resource's title is used.")

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        if not cleaned.get("title") and cleaned.get("resource"):
            cleaned["title"] = cleaned["resource"].title
        return cleaned


class ResourceEditForm(CompletionFields):
    """A library resource's own settings; every session that uses it sees the change."""

    title = forms.CharField(label=_("Title in the library"), max_length=200)
    description = forms.CharField(
        label=_("Description (Markdown)"), required=False, widget=textarea(3)
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated time (minutes)"), min_value=1, max_value=600
    )
    captions_file = forms.FileField(label=_("Replace the captions (WebVTT .vtt)"), required=False)
    remove_captions = forms.BooleanField(label=_("Remove the captions"), required=False)

    def __init__(self, *args, resource: Resource, **kwargs):
        self.resource_type = resource.type
        initial = {
            "title": resource.title,
            "description": resource.description,
            "estimated_minutes": resource.estimated_minutes,
            "completion": resource.completion,
            "watched_percent": round(resource.completion_threshold * 100)
            if resource.completion == Completion.WATCHED
            else 80,
            "spent_minutes": round(resource.completion_threshold / 60)
            if resource.completion == Completion.TIME_SPENT
            else None,
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        if resource.type == ResourceType.DOCUMENT:
            del self.fields["captions_file"], self.fields["remove_captions"]
            del self.fields["watched_percent"]
            cast(forms.ChoiceField, self.fields["completion"]).choices = [
                (value, label) for value, label in Completion.choices if value != Completion.WATCHED
            ]
        elif not resource.captions:
            del self.fields["remove_captions"]

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        captions = cleaned.get("captions_file")
        if captions is not None:
            try:
                cleaned["captions"] = read_captions_upload(captions)
            except forms.ValidationError as error:
                self.add_error("captions_file", error)
        elif cleaned.get("remove_captions"):
            cleaned["captions"] = ""
        return cleaned
