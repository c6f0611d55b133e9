import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from amont.quizzes.models import Confidence, QuestionVersion


@dataclass
class QuestionFields:
    """What the template needs to draw one question: its version and two bound fields."""

    version: QuestionVersion
    choice: forms.BoundField
    confidence: forms.BoundField


class AttemptForm(forms.Form):
    """All the questions of a quiz on one page. Field names carry the id of the question
    version shown, so the answers point at exactly what the learner read."""

    client_key = forms.CharField(max_length=64, min_length=8, widget=forms.HiddenInput)

    def __init__(self, versions: Sequence[QuestionVersion], *args, **kwargs):
        kwargs.setdefault("initial", {"client_key": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)
        self.versions = list(versions)
        for version in self.versions:
            self.fields[f"choice_{version.pk}"] = forms.TypedChoiceField(
                label=version.text,
                choices=[(index, option["text"]) for index, option in enumerate(version.options)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )
            self.fields[f"confidence_{version.pk}"] = forms.ChoiceField(
                label=_("How sure are you?"),
                choices=Confidence.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Say how sure you are.")},
            )

    def questions(self) -> list[QuestionFields]:
        return [
            QuestionFields(
                version=version,
                choice=self[f"choice_{version.pk}"],
                confidence=self[f"confidence_{version.pk}"],
            )
            for version in self.versions
        ]

    def answers(self) -> dict[int, tuple[int, str]]:
        """The cleaned answers in the shape submit_attempt() takes."""
        return {
            version.pk: (
                self.cleaned_data[f"choice_{version.pk}"],
                self.cleaned_data[f"confidence_{version.pk}"],
            )
            for version in self.versions
        }


class UnclearPointForm(forms.Form):
    text = forms.CharField(
        label=_("What was unclear? What questions do you have?"),
        max_length=4000,
        help_text=_(
            "Your trainer reads everyone's questions before class to decide what to explain"
            " again. 4000 characters at most."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write at least a few words.")},
    )
