"""Forms of the trainer's authoring pages. They validate; the writes happen in actions."""

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.content.actions import check_resource_upload, clean_captions
from amont.content.captions import CaptionError
from amont.content.models import Article, Completion, Resource, ResourceType
from amont.content.providers import VideoURLError, parse_video_url
from amont.courses.models import Activity, Course, Kind, Objective, Phase, Session
from amont.lib import sniff
from amont.quizzes.models import Question, QuestionVersion

MIN_OPTIONS = 2
MAX_OPTIONS = 6
SHOWN_OPTIONS = 4  # the last rows are folded until needed

# The kinds a trainer may add to each phase, in the order the "Add" links show them.
PHASE_KINDS: dict[str, tuple[str, ...]] = {
    Phase.BEFORE: (Kind.RESOURCE, Kind.ARTICLE, Kind.QUIZ, Kind.UNCLEAR),
    Phase.DURING: (Kind.LIVE_VOTE,),
    Phase.AFTER: (Kind.QUIZ, Kind.UNCLEAR, Kind.FEEDBACK, Kind.ARTICLE, Kind.RESOURCE),
}


def kind_fits_phase(kind: str, phase: str) -> bool:
    return kind in PHASE_KINDS.get(phase, ())


class DateTimeLocalInput(forms.DateTimeInput):
    """A native date and time picker; the value is read in the server's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(3))
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, empty_label=None)
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        widget=_textarea(5),
        help_text=_("One per line, e.g. “Explain evaporation”. You can add more later."),
    )

    def __init__(self, *args, organizations: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        if len(organizations) > 1:
            self.fields["organization"].queryset = organizations
        else:
            del self.fields["organization"]

    def clean_objectives(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["objectives"].splitlines()]
        lines = [line for line in lines if line]
        max_length = Objective._meta.get_field("title").max_length
        for line in lines:
            if len(line) > max_length:
                raise forms.ValidationError(
                    _("Each objective fits in %(max)d characters."), params={"max": max_length}
                )
        return lines


class CourseEditForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "description"]
        widgets = {"description": _textarea(3)}


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("New objective"), max_length=300)
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("Optional, e.g. O3. Left empty, the next number is used."),
    )


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. “5e B” or “Spring 2026”.")
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "objectives"]
        labels = {"objectives": _("Objectives practised")}
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "objectives": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = course.objectives.all()
        self.fields["starts_at"].help_text = _("Time zone: %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }


class ActivityForm(forms.Form):
    """The fields every kind has: quiz, "what was unclear?" and feedback survey."""

    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        widget=_textarea(3),
        help_text=_("What learners should do, shown above the activity."),
    )
    due_at = forms.DateTimeField(
        label=_("Due"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Before-class activities are due when the session starts unless set."),
    )
    required = forms.BooleanField(
        label=_("Required"),
        required=False,
        help_text=_("Learners see it as mandatory; readiness and reminders count it."),
    )


class NewArticleForm(ActivityForm):
    body = forms.CharField(
        label=_("Text (Markdown)"),
        widget=_textarea(12),
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
    article = forms.ModelChoiceField(label=_("Article of the library"), queryset=None)

    field_order = ["article", "title", "instructions", "due_at", "required"]

    def __init__(self, *args, articles: QuerySet[Article], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = articles
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the article's title is used.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("article"):
            cleaned["title"] = cleaned["article"].title
        return cleaned


class QuestionForm(forms.Form):
    """A single-choice question: text, general feedback and 2 to 6 options, exactly one of
    them correct, each with its own feedback. Empty option rows are ignored."""

    text = forms.CharField(label=_("Question"), max_length=4000, widget=_textarea(3))
    correct = forms.TypedChoiceField(
        label=_("Correct option"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        choices=[(index, index + 1) for index in range(MAX_OPTIONS)],
    )
    general_feedback = forms.CharField(
        label=_("General feedback"),
        required=False,
        widget=_textarea(2),
        help_text=_("Shown to every learner after they answer."),
    )

    def __init__(self, *args, objectives: QuerySet[Objective] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(MAX_OPTIONS):
            number = {"number": index + 1}
            self.fields[f"option_{index}"] = forms.CharField(
                label=gettext("Option %(number)d") % number, max_length=1000, required=False
            )
            self.fields[f"feedback_{index}"] = forms.CharField(
                label=gettext("Feedback on option %(number)d") % number,
                max_length=2000,
                required=False,
            )
        if objectives is not None:
            self.fields["objective"] = forms.ModelChoiceField(
                label=_("Objective"),
                queryset=objectives,
                required=False,
                help_text=_("The objective this question checks, for readiness."),
            )

    @classmethod
    def initial_from(cls, version: QuestionVersion) -> dict:
        initial = {"text": version.text, "general_feedback": version.general_feedback}
        for index, option in enumerate(version.options[:MAX_OPTIONS]):
            initial[f"option_{index}"] = option["text"]
            initial[f"feedback_{index}"] = option.get("feedback", "")
            if option.get("correct"):
                initial["correct"] = index
        return initial

    def extra_rows_used(self) -> bool:
        """Whether the rows beyond the first four hold something (they start folded)."""
        folded = range(SHOWN_OPTIONS, MAX_OPTIONS)
        if str(self["correct"].value()) in {str(index) for index in folded}:
            return True
        return any(
            self[f"{name}_{index}"].value() for index in folded for name in ("option", "feedback")
        )

    def option_rows(self) -> list[dict]:
        radios = list(self["correct"])
        return [
            {
                "number": index + 1,
                "text": self[f"option_{index}"],
                "feedback": self[f"feedback_{index}"],
                "correct": radios[index],
            }
            for index in range(MAX_OPTIONS)
        ]

    def clean(self):
        cleaned = super().clean()
        correct = cleaned.get("correct")
        options = []
        for index in range(MAX_OPTIONS):
            text = cleaned.get(f"option_{index}", "").strip()
            feedback = cleaned.get(f"feedback_{index}", "").strip()
            if text:
                options.append({"text": text, "correct": index == correct, "feedback": feedback})
            elif feedback:
                self.add_error(f"option_{index}", _("Write the option, or remove its feedback."))
            elif index == correct:
                self.add_error("correct", _("The option marked correct is empty."))
        if len(options) < MIN_OPTIONS:
            raise forms.ValidationError(
                _("A question needs at least %(min)d options."), params={"min": MIN_OPTIONS}
            )
        if correct is None:
            self.add_error("correct", _("Mark the correct option."))
        cleaned["options"] = options
        return cleaned


class NewVoteForm(QuestionForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Shown on the presenter view. Left empty, the question is used."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("text"):
            cleaned["title"] = cleaned["text"][:200]
        return cleaned


class QuestionChoiceField(forms.ModelChoiceField):
    """Questions labelled by their latest version, from prefetched versions (no query
    per question)."""

    def label_from_instance(self, obj: Question) -> str:
        versions = list(obj.versions.all())
        if not versions:
            return gettext("Question %(id)d") % {"id": obj.pk}
        text = max(versions, key=lambda v: v.number).text
        return text if len(text) <= 120 else text[:119] + "…"


def bank_questions(
    organization_id: int, types: tuple[str, ...] | None = None
) -> QuerySet[Question]:
    """The organization's questions; with `types`, those whose latest version has one of
    them (a live vote needs a question with one answer to choose)."""
    questions = Question.objects.filter(organization_id=organization_id)
    if types is not None:
        latest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
        questions = questions.annotate(latest_type=Subquery(latest.values("type")[:1])).filter(
            latest_type__in=types
        )
    return questions.prefetch_related("versions").order_by("-created_at", "-pk")


class BankQuestionForm(forms.Form):
    question = QuestionChoiceField(label=_("Question of the bank"), queryset=None)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Shown on the presenter view. Left empty, the question is used."),
    )

    def __init__(self, *args, questions: QuerySet[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions

    def clean(self):
        cleaned = super().clean()
        question = cleaned.get("question")
        if not cleaned.get("title") and question is not None:
            cleaned["title"] = self.fields["question"].label_from_instance(question)[:200]
        return cleaned


class ActivityEditForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "instructions", "due_at", "required"]
        widgets = {"instructions": _textarea(3), "due_at": DateTimeLocalInput()}
        help_texts = {
            "instructions": _("What learners should do, shown above the activity."),
            "required": _("Learners see it as mandatory; readiness and reminders count it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.phase == Phase.DURING:
            # A live vote is run by the trainer in class: no deadline, nothing to require.
            del self.fields["due_at"]
            del self.fields["required"]


class ArticleBodyForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["body", "estimated_minutes", "is_sheet"]
        labels = {"estimated_minutes": _("Estimated reading time (minutes)")}
        widgets = {"body": _textarea(12)}


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
        cleaned = super().clean()
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
        widget=_textarea(3),
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
        cleaned = super().clean()
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
    resource = forms.ModelChoiceField(label=_("Resource of the library"), queryset=None)

    field_order = ["resource", "title", "instructions", "due_at", "required"]

    def __init__(self, *args, resources: QuerySet[Resource], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, the resource's title is used.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("resource"):
            cleaned["title"] = cleaned["resource"].title
        return cleaned


class ResourceEditForm(CompletionFields):
    """A library resource's own settings; every session that uses it sees the change."""

    title = forms.CharField(label=_("Title in the library"), max_length=200)
    description = forms.CharField(
        label=_("Description (Markdown)"), required=False, widget=_textarea(3)
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
        super().__init__(*args, initial=initial, **kwargs)
        if resource.type == ResourceType.DOCUMENT:
            del self.fields["captions_file"], self.fields["remove_captions"]
            del self.fields["watched_percent"]
            self.fields["completion"].choices = [
                (value, label) for value, label in Completion.choices if value != Completion.WATCHED
            ]
        elif not resource.captions:
            del self.fields["remove_captions"]

    def clean(self):
        cleaned = super().clean()
        captions = cleaned.get("captions_file")
        if captions is not None:
            try:
                cleaned["captions"] = read_captions_upload(captions)
            except forms.ValidationError as error:
                self.add_error("captions_file", error)
        elif cleaned.get("remove_captions"):
            cleaned["captions"] = ""
        return cleaned
