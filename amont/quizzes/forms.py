"""The learner's quiz form, for every question type.

Field names carry the id of the question version shown, so that answers point at exactly
what the learner read: `choice_<id>` (single, multiple, true/false), `answer_<id>` (short
answer, numeric, open text), `match_<id>_<pair>` (matching), `order_<id>_<item>`
(ordering), `gap_<id>_<gap>` (cloze) and `confidence_<id>`. `answers()` turns the cleaned
fields into the answer shapes of `amont.quizzes.scoring`; `initial_for()` does the reverse
to put saved answers back in the form. What each type adds, reads and draws is its entry's
(`amont.quizzes.types`).

A full form (the final submit) wants every answer and, for graded questions, a degree of
certainty; a partial one (saving one question, moving to the next screen) takes what is
there.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from amont.lib.markdown import render_text
from amont.quizzes.models import Confidence, QuestionVersion
from amont.quizzes.types import QUESTION_TYPES, QuestionType, question_type


def is_graded(version: QuestionVersion) -> bool:
    return question_type(version.type).graded


@dataclass
class QuestionFields:
    """What the template needs to draw one question."""

    version: QuestionVersion
    number: int
    text: SafeString
    answer: forms.BoundField | None = None
    # matching: (left text, select); ordering: (item text, position select)
    parts: list[tuple[str, forms.BoundField]] = field(default_factory=list)
    gaps: list[forms.BoundField] = field(default_factory=list)  # cloze, inline in `text`
    confidence: forms.BoundField | None = None

    @property
    def type(self) -> str:
        return self.version.type

    @property
    def kind(self) -> QuestionType:
        """The question's type entry (its widget template, how its text labels it)."""
        return question_type(self.version.type)


class AttemptForm(forms.Form):
    """Questions of a quiz (all of them, or the one of the current screen).

    seed: the attempt's client key, which fixes the order of matching rights and ordering
    items. order: for ordering questions, the item order to show (a saved answer). Each
    question's fields come from its type (`amont.quizzes.types`)."""

    client_key = forms.CharField(max_length=64, min_length=8, widget=forms.HiddenInput)
    # The server says what is missing, in words tied to each field; browsers' bubbles
    # would also stop "Next" on a question the learner wants to skip.
    use_required_attribute = False

    def __init__(
        self,
        versions: Sequence[QuestionVersion],
        *args,
        partial: bool = False,
        seed: str = "",
        orders: dict[int, list[int]] | None = None,
        first_number: int = 1,
        **kwargs,
    ):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("client_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.versions = list(versions)
        self.partial = partial
        self.first_number = first_number
        seed = seed or str(self.data.get("client_key") or self.initial["client_key"])
        # The item order each ordering question is shown in (set by its type).
        self.shown_orders: dict[int, list[int]] = {}
        for version in self.versions:
            kind = QUESTION_TYPES.get(version.type)
            if kind is None:
                continue
            kind.add_fields(self, version, seed=seed, order=(orders or {}).get(version.pk))
            if kind.graded:
                self.fields[f"confidence_{version.pk}"] = forms.ChoiceField(
                    label=_("How sure are you?"),
                    choices=Confidence.choices,
                    widget=forms.RadioSelect,
                    required=not partial,
                    error_messages={"required": _("Say how sure you are.")},
                )

    # Validation ------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        for version in self.versions:
            if version.type in QUESTION_TYPES:
                question_type(version.type).clean(self, version, cleaned)
        return cleaned

    # Reading ---------------------------------------------------------------------------

    def answer_of(self, version: QuestionVersion):
        """The cleaned answer of one question in grading's shape; None when not given."""
        kind = QUESTION_TYPES.get(version.type)
        return kind.answer_of(self.cleaned_data, version) if kind is not None else None

    def answers(self) -> dict[int, tuple[object, str]]:
        """The given answers in the shape submit_attempt() takes (a full form gives them
        all; a partial one only those the learner gave)."""
        given = {}
        for version in self.versions:
            answer = self.answer_of(version)
            if answer is None:
                continue
            given[version.pk] = (answer, self.cleaned_data.get(f"confidence_{version.pk}") or "")
        return given

    # Drawing ---------------------------------------------------------------------------

    def questions(self) -> list[QuestionFields]:
        drawn = []
        for number, version in enumerate(self.versions, start=self.first_number):
            pk = version.pk
            question = QuestionFields(
                version=version, number=number, text=render_text(version.text, version.text_format)
            )
            for name in (f"choice_{pk}", f"answer_{pk}"):
                if name in self.fields:
                    question.answer = self[name]
            if version.type in QUESTION_TYPES:
                question_type(version.type).draw(self, question)
            if f"confidence_{pk}" in self.fields:
                question.confidence = self[f"confidence_{pk}"]
            drawn.append(question)
        return drawn


def initial_for(version: QuestionVersion, answer, confidence: str) -> dict:
    """Form initial values for a saved answer (the reverse of AttemptForm.answer_of)."""
    initial: dict = {}
    if confidence:
        initial[f"confidence_{version.pk}"] = confidence
    if answer is None or version.type not in QUESTION_TYPES:
        return initial
    return initial | question_type(version.type).initial(version, answer)


def saved_orders(versions: Iterable[QuestionVersion], answers: dict[int, object]) -> dict:
    """The item order of each ordering question the learner already answered."""
    orders = {}
    for version in versions:
        order = question_type(version.type).saved_order(answers.get(version.pk))
        if order is not None:
            orders[version.pk] = order
    return orders


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
