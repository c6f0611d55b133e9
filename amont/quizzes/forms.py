"""The learner's quiz form, for every question type.

Field names carry the id of the question version shown, so that answers point at exactly
what the learner read: `choice_<id>` (single, multiple, true/false), `answer_<id>` (short
answer, numeric, open text), `match_<id>_<pair>` (matching), `order_<id>_<item>`
(ordering), `gap_<id>_<gap>` (cloze) and `confidence_<id>`. `answers()` turns the cleaned
fields into the answer shapes of `amont.quizzes.scoring`; `initial_for()` does the reverse
to put saved answers back in the form.

A full form (the final submit) wants every answer and, for graded questions, a degree of
certainty; a partial one (saving one question, moving to the next screen) takes what is
there.
"""

import random
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from amont.lib.markdown import render_text
from amont.quizzes.models import Confidence, QuestionVersion
from amont.quizzes.scoring import parse_number

SHORT_ANSWER_MAX = 500
OPEN_TEXT_MAX = 10_000
GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")

_CHOOSE = _("Choose an answer.")
_WRITE = _("Write your answer.")
_NUMBER = _("Enter a number, such as 12.5 or 12,5.")
_TEXT_ATTRS = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}


def _texts(items: object) -> list[str]:
    return [str(item) for item in items] if isinstance(items, list) else []


def _dicts(items: object) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def lefts(version: QuestionVersion) -> list[tuple[int, str]]:
    """Matching: (pair index, left text) of the pairs that have a left."""
    pairs = _dicts(version.data.get("pairs"))
    return [
        (index, str(pair.get("left", "")).strip())
        for index, pair in enumerate(pairs)
        if str(pair.get("left", "")).strip()
    ]


def rights(version: QuestionVersion) -> list[str]:
    """Matching: the right texts, distractors included, each once, in the pairs' order."""
    seen: list[str] = []
    for pair in _dicts(version.data.get("pairs")):
        right = str(pair.get("right", "")).strip()
        if right and right not in seen:
            seen.append(right)
    return seen


def items(version: QuestionVersion) -> list[str]:
    return _texts(version.data.get("items"))


def gaps(version: QuestionVersion) -> list[dict]:
    return _dicts(version.data.get("gaps"))


def shuffled(count: int, seed: str, version: QuestionVersion) -> list[int]:
    """range(count) in an order fixed by the attempt (its client key) and the question;
    never the identity when it can be avoided, so an ordering never starts solved."""
    order = list(range(count))
    random.Random(f"{seed}:{version.pk}").shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def is_graded(version: QuestionVersion) -> bool:
    return version.type != "open_text"


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


class AttemptForm(forms.Form):
    """Questions of a quiz (all of them, or the one of the current screen).

    seed: the attempt's client key, which fixes the order of matching rights and ordering
    items. order: for ordering questions, the item order to show (a saved answer)."""

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
        self._orders: dict[int, list[int]] = {}
        for version in self.versions:
            builder = getattr(self, f"_add_{version.type}", None)
            if builder is None:
                continue
            builder(version, seed, (orders or {}).get(version.pk))
            if is_graded(version):
                self.fields[f"confidence_{version.pk}"] = forms.ChoiceField(
                    label=_("How sure are you?"),
                    choices=Confidence.choices,
                    widget=forms.RadioSelect,
                    required=not partial,
                    error_messages={"required": _("Say how sure you are.")},
                )

    # Fields, by type ------------------------------------------------------------------

    def _required(self) -> bool:
        return not self.partial

    def _choice(self, version: QuestionVersion, choices, coerce, message=_CHOOSE) -> None:
        self.fields[f"choice_{version.pk}"] = forms.TypedChoiceField(
            label=version.text,
            choices=choices,
            coerce=coerce,
            empty_value=None,
            widget=forms.RadioSelect,
            required=self._required(),
            error_messages={"required": message},
        )

    def _option_choices(self, version, seed) -> list[tuple[int, str]]:
        """The options, values being their stored index; in an order fixed per attempt
        when the trainer asked for shuffling (the editor's "shuffle" box, Moodle's
        shuffleanswers). Readiness letters keep the stored order."""
        indexes = list(range(len(version.options)))
        if version.data.get("shuffle"):
            random.Random(f"{seed}:{version.pk}:options").shuffle(indexes)
        return [(index, version.options[index]["text"]) for index in indexes]

    def _add_single_choice(self, version, seed, order) -> None:
        self._choice(version, self._option_choices(version, seed), int)

    def _add_true_false(self, version, seed, order) -> None:
        self._choice(
            version, [("true", _("True")), ("false", _("False"))], lambda value: value == "true"
        )

    def _add_multiple_choice(self, version, seed, order) -> None:
        self.fields[f"choice_{version.pk}"] = forms.TypedMultipleChoiceField(
            label=version.text,
            choices=self._option_choices(version, seed),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=self._required(),
            error_messages={"required": _("Choose at least one answer.")},
        )

    def _text_field(self, version, *, numeric=False) -> None:
        attrs = {**_TEXT_ATTRS, "inputmode": "decimal"} if numeric else dict(_TEXT_ATTRS)
        self.fields[f"answer_{version.pk}"] = forms.CharField(
            label=_("Your answer"),
            max_length=SHORT_ANSWER_MAX,
            required=self._required(),
            widget=forms.TextInput(attrs=attrs),
            validators=[_is_number] if numeric else [],
            error_messages={"required": _WRITE},
        )

    def _add_short_answer(self, version, seed, order) -> None:
        self._text_field(version)

    def _add_numeric(self, version, seed, order) -> None:
        self._text_field(version, numeric=True)

    def _add_open_text(self, version, seed, order) -> None:
        self.fields[f"answer_{version.pk}"] = forms.CharField(
            label=_("Your answer"),
            help_text=_("Not graded automatically: your trainer reads it."),
            max_length=OPEN_TEXT_MAX,
            required=self._required(),
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": _WRITE},
        )

    def _add_matching(self, version, seed, order) -> None:
        texts = rights(version)
        choices = [("", _("Choose…"))] + [
            (str(index), texts[index]) for index in shuffled(len(texts), seed, version)
        ]
        for pair, left in lefts(version):
            self.fields[f"match_{version.pk}_{pair}"] = forms.TypedChoiceField(
                label=left,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=self._required(),
                error_messages={"required": _("Choose a match.")},
            )

    def _add_ordering(self, version, seed, order) -> None:
        count = len(items(version))
        if order is None or sorted(order) != list(range(count)):
            order = shuffled(count, seed, version)
        self._orders[version.pk] = order
        choices = [(position, position) for position in range(1, count + 1)]
        for position, item in enumerate(order, start=1):
            self.fields[f"order_{version.pk}_{item}"] = forms.TypedChoiceField(
                label=_("Position"),
                choices=choices,
                coerce=int,
                initial=position,
                required=self._required(),
                error_messages={"required": _("Choose a position.")},
            )

    def _add_cloze(self, version, seed, order) -> None:
        for index, gap in enumerate(gaps(version)):
            name = f"gap_{version.pk}_{index}"
            label = _("Gap %(number)d") % {"number": index + 1}
            aria = {"aria-label": label}
            if gap.get("kind") == "choice":
                answers = _dicts(gap.get("answers"))
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=[("", "…")]
                    + [(str(i), str(a.get("text", ""))) for i, a in enumerate(answers)],
                    coerce=int,
                    empty_value=None,
                    required=self._required(),
                    widget=forms.Select(attrs=aria),
                    error_messages={"required": _("Fill in this gap.")},
                )
                continue
            numeric = gap.get("kind") == "numeric"
            attrs = {**_TEXT_ATTRS, **aria, "class": "gap", "size": 10}
            if numeric:
                attrs["inputmode"] = "decimal"
            self.fields[name] = forms.CharField(
                label=label,
                max_length=SHORT_ANSWER_MAX,
                required=self._required(),
                widget=forms.TextInput(attrs=attrs),
                validators=[_is_number] if numeric else [],
                error_messages={"required": _("Fill in this gap.")},
            )

    # Validation ------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean() or self.cleaned_data
        for version in self.versions:
            if version.type != "ordering":
                continue
            names = [f"order_{version.pk}_{item}" for item in range(len(items(version)))]
            positions = [cleaned.get(name) for name in names]
            if all(position is None for position in positions) and self.partial:
                continue
            for name, position in zip(names, positions, strict=True):
                if position is not None and positions.count(position) > 1:
                    self.add_error(name, _("Give each item a different position."))
        return cleaned

    # Reading ---------------------------------------------------------------------------

    def answer_of(self, version: QuestionVersion):
        """The cleaned answer of one question in grading's shape; None when not given."""
        data, pk = self.cleaned_data, version.pk
        kind = version.type
        if kind in ("single_choice", "true_false"):
            return data.get(f"choice_{pk}")
        if kind == "multiple_choice":
            chosen = data.get(f"choice_{pk}") or []
            return sorted(set(chosen)) or None
        if kind in ("short_answer", "numeric", "open_text"):
            return data.get(f"answer_{pk}") or None
        if kind == "matching":
            texts = rights(version)
            chosen = {
                str(pair): texts[index]
                for pair, _left in lefts(version)
                if (index := data.get(f"match_{pk}_{pair}")) is not None and index < len(texts)
            }
            return chosen or None
        if kind == "ordering":
            count = len(items(version))
            positions = {item: data.get(f"order_{pk}_{item}") for item in range(count)}
            given = {item: p for item, p in positions.items() if p is not None}
            if sorted(given.values()) != list(range(1, count + 1)):
                return None
            return sorted(range(count), key=lambda item: given[item])
        if kind == "cloze":
            entries = [data.get(f"gap_{pk}_{index}") for index in range(len(gaps(version)))]
            entries = [None if entry == "" else entry for entry in entries]
            return entries if any(entry is not None for entry in entries) else None
        return None

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
            if version.type == "matching":
                question.parts = [
                    (left, self[f"match_{pk}_{pair}"]) for pair, left in lefts(version)
                ]
            elif version.type == "ordering":
                texts = items(version)
                question.parts = [
                    (texts[item], self[f"order_{pk}_{item}"]) for item in self._orders[pk]
                ]
            elif version.type == "cloze":
                question.gaps = [self[f"gap_{pk}_{index}"] for index in range(len(gaps(version)))]
                question.text = _cloze_html(version, question.gaps)
            if f"confidence_{pk}" in self.fields:
                question.confidence = self[f"confidence_{pk}"]
            drawn.append(question)
        return drawn


def _is_number(value: str) -> None:
    if parse_number(value) is None:
        raise forms.ValidationError(_NUMBER, code="number")


def _cloze_html(version: QuestionVersion, fields: list[forms.BoundField]) -> SafeString:
    """The text with each {{n}} marker replaced by gap n's input; gaps whose marker is
    missing follow the text, so that they can still be answered."""
    html = str(render_text(version.text, version.text_format))
    placed: set[int] = set()

    def widget(match: re.Match) -> str:
        index = int(match[1]) - 1
        if not 0 <= index < len(fields) or index in placed:
            return match[0]
        placed.add(index)
        return str(fields[index])

    html = GAP_MARKER.sub(widget, html)
    rest = [str(bound) for index, bound in enumerate(fields) if index not in placed]
    if rest:
        html += format_html("<p>{}</p>", mark_safe(" ".join(rest)))
    return mark_safe(html)


def initial_for(version: QuestionVersion, answer, confidence: str) -> dict:
    """Form initial values for a saved answer (the reverse of AttemptForm.answer_of)."""
    pk, kind = version.pk, version.type
    initial: dict = {}
    if confidence:
        initial[f"confidence_{pk}"] = confidence
    if answer is None:
        return initial
    if kind in ("single_choice", "multiple_choice"):
        initial[f"choice_{pk}"] = answer
    elif kind == "true_false" and isinstance(answer, bool):
        initial[f"choice_{pk}"] = "true" if answer else "false"
    elif kind in ("short_answer", "numeric", "open_text"):
        initial[f"answer_{pk}"] = str(answer)
    elif kind == "matching" and isinstance(answer, dict):
        texts = rights(version)
        for pair, _left in lefts(version):
            chosen = answer.get(str(pair))
            if chosen in texts:
                initial[f"match_{pk}_{pair}"] = str(texts.index(chosen))
    elif kind == "ordering" and isinstance(answer, list):
        for position, item in enumerate(answer, start=1):
            initial[f"order_{pk}_{item}"] = position
    elif kind == "cloze" and isinstance(answer, list):
        for index, entry in enumerate(answer):
            if entry is not None:
                initial[f"gap_{pk}_{index}"] = str(entry)
    return initial


def saved_orders(versions: Iterable[QuestionVersion], answers: dict[int, object]) -> dict:
    """The item order of each ordering question the learner already answered."""
    return {
        version.pk: answers[version.pk]
        for version in versions
        if version.type == "ordering" and isinstance(answers.get(version.pk), list)
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
