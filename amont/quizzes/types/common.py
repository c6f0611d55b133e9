"""What several question types share: readers of the stored shape (pairs, items, gaps),
the learner's fields, the texts of a result and the lines of the preview's answer key.
Each type's module (`amont.quizzes.types.<type>`) picks what it needs."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.quizzes.editor_text import percent_text
from amont.quizzes.formats.gift import number_text
from amont.quizzes.scoring import parse_number

if TYPE_CHECKING:
    from amont.quizzes.models import QuestionVersion

SHORT_ANSWER_MAX = 500
OPEN_TEXT_MAX = 10_000
GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")

CHOOSE = gettext_lazy("Choose an answer.")
WRITE = gettext_lazy("Write your answer.")
NUMBER = gettext_lazy("Enter a number, such as 12.5 or 12,5.")
TEXT_ATTRS = {"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}

# The case and accent options of a short answer (or a short answer gap) when a format
# leaves them out.
TEXT_DEFAULTS = {"case_sensitive": False, "accent_sensitive": True}

_FULL = 1.0 - 1e-6


# The stored shape -------------------------------------------------------------------------


def texts(values: object) -> list[str]:
    return [str(value) for value in values] if isinstance(values, list) else []


def dicts(values: object) -> list[dict[str, Any]]:
    if not isinstance(values, list):
        return []
    return [value for value in values if isinstance(value, dict)]


def lefts(version: QuestionVersion) -> list[tuple[int, str]]:
    """Matching: (pair index, left text) of the pairs that have a left."""
    pairs = dicts(version.data.get("pairs"))
    return [
        (index, str(pair.get("left", "")).strip())
        for index, pair in enumerate(pairs)
        if str(pair.get("left", "")).strip()
    ]


def rights(version: QuestionVersion) -> list[str]:
    """Matching: the right texts, distractors included, each once, in the pairs' order."""
    seen: list[str] = []
    for pair in dicts(version.data.get("pairs")):
        right = str(pair.get("right", "")).strip()
        if right and right not in seen:
            seen.append(right)
    return seen


def items(version: QuestionVersion) -> list[str]:
    return texts(version.data.get("items"))


def gaps(version: QuestionVersion) -> list[dict[str, Any]]:
    return dicts(version.data.get("gaps"))


def shuffled(count: int, seed: str, version: QuestionVersion) -> list[int]:
    """range(count) in an order fixed by the attempt (its client key) and the question;
    never the identity when it can be avoided, so an ordering never starts solved."""
    order = list(range(count))
    random.Random(f"{seed}:{version.pk}").shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


# The learner's fields ---------------------------------------------------------------------


def is_number(value: str) -> None:
    if parse_number(value) is None:
        raise forms.ValidationError(NUMBER, code="number")


def choice_field(
    version: QuestionVersion,
    choices: Sequence[tuple[Any, Any]],
    coerce: Callable[[Any], Any],
    *,
    required: bool,
) -> forms.Field:
    return forms.TypedChoiceField(
        label=version.text,
        choices=choices,
        coerce=coerce,
        empty_value=None,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": CHOOSE},
    )


def option_choices(version: QuestionVersion, seed: str) -> list[tuple[int, str]]:
    """The options, values being their stored index; in an order fixed per attempt
    when the trainer asked for shuffling (the editor's "shuffle" box, Moodle's
    shuffleanswers). Readiness letters keep the stored order."""
    indexes = list(range(len(version.options)))
    if version.data.get("shuffle"):
        random.Random(f"{seed}:{version.pk}:options").shuffle(indexes)
    return [(index, version.options[index]["text"]) for index in indexes]


def text_field(*, required: bool, numeric: bool = False) -> forms.Field:
    attrs = {**TEXT_ATTRS, "inputmode": "decimal"} if numeric else dict(TEXT_ATTRS)
    return forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=SHORT_ANSWER_MAX,
        required=required,
        widget=forms.TextInput(attrs=attrs),
        validators=[is_number] if numeric else [],
        error_messages={"required": WRITE},
    )


# Results ----------------------------------------------------------------------------------


def option_texts(version: QuestionVersion, indices: Sequence[object]) -> list[str]:
    return [
        str(version.options[index]["text"])
        for index in indices
        if isinstance(index, int) and 0 <= index < len(version.options)
    ]


def result_number(answer: dict[str, Any]) -> str:
    """An accepted number as the result page shows it ("12.5 ± 0.1")."""
    value = parse_number(answer.get("value"))
    if value is None:
        return str(answer.get("text", ""))
    tolerance = parse_number(answer.get("tolerance", 0)) or 0
    shown = f"{value:g}"
    return f"{shown} ± {tolerance:g}" if tolerance else shown


def full_marks(answers: object) -> list[dict[str, Any]]:
    return [a for a in dicts(answers) if float(a.get("fraction", 0)) >= 0.999]


def part_right(parts: Sequence[float], index: int) -> bool | None:
    """Whether part `index` of a grade (a left, a position, a gap) got full credit."""
    return parts[index] >= 0.999 if index < len(parts) else None


# On paper ---------------------------------------------------------------------------------

# The shuffle seed of matching and ordering questions on paper (their stored order would
# give the answer away).
PAPER_SEED = "paper"


# The preview's answer key -----------------------------------------------------------------


def neutral_answers(question: dict[str, Any]) -> list[dict[str, Any]]:
    return dicts(question.get("answers") or [])


def _fraction(answer: dict[str, Any]) -> float:
    value = answer.get("fraction", 0.0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _state(fraction: float) -> str:
    if fraction >= _FULL:
        return "ok"
    if fraction > 0:
        return "partial"
    return "wrong"


def key_line(
    html: SafeString,
    answer: dict[str, Any],
    rich: Callable[[str], SafeString],
    *,
    show_credit: bool = True,
) -> dict[str, Any]:
    fraction = _fraction(answer)
    feedback = str(answer.get("feedback") or "")
    return {
        "html": html,
        "state": _state(fraction),
        "credit": percent_text(fraction) if show_credit else "",
        "feedback": rich(feedback) if feedback.strip() else "",
    }


def number_label(answer: dict[str, Any]) -> SafeString:
    value = parse_number(answer.get("value"))
    if value is None:
        return format_html("{}", _("Any other answer"))
    tolerance = parse_number(answer.get("tolerance", 0.0)) or 0.0
    if tolerance:
        return format_html("{} ± {}", number_text(value), number_text(tolerance))
    return format_html("{}", number_text(value))
