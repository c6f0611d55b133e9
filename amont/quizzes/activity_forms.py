"""The trainer's forms for live votes: a new single-choice question, or one of the bank.
They validate; the writes happen in actions."""

from typing import cast

from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.courses.forms import textarea
from amont.courses.models import Objective
from amont.quizzes.models import Question, QuestionVersion

MIN_OPTIONS = 2
MAX_OPTIONS = 6
SHOWN_OPTIONS = 4  # the last rows are folded until needed


class QuestionForm(forms.Form):
    """A single-choice question: text, general feedback and 2 to 6 options, exactly one of
    them correct, each with its own feedback. Empty option rows are ignored."""

    text = forms.CharField(label=_("Question"), max_length=4000, widget=textarea(3))
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
        widget=textarea(2),
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
        initial: dict[str, object] = {
            "text": version.text,
            "general_feedback": version.general_feedback,
        }
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
        cleaned = super().clean() or self.cleaned_data
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
        cleaned = super().clean() or self.cleaned_data
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

    def _question_field(self) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields["question"])

    def __init__(self, *args, questions: QuerySet[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self._question_field().queryset = questions

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        question = cleaned.get("question")
        if not cleaned.get("title") and question is not None:
            cleaned["title"] = self._question_field().label_from_instance(question)[:200]
        return cleaned
