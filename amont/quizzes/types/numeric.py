"""Numeric: a number, with a tolerance (the answer what the learner typed, "3,14")."""

from typing import Any

from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.numeric import NumericForm
from amont.quizzes.types.base import register
from amont.quizzes.types.common import (
    full_marks,
    key_line,
    neutral_answers,
    number_label,
    result_number,
    text_field,
)
from amont.quizzes.types.short_answer import TextType


@register
class Numeric(TextType):
    value = "numeric"
    help = gettext_lazy("A number, with a tolerance.")
    editor_form = NumericForm
    grade = staticmethod(scoring.grade_numeric)
    check = staticmethod(scoring.check_numeric)
    preview_template = "quizzes/types/numeric.html#preview"

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"answer_{version.pk}"] = text_field(required=not form.partial, numeric=True)

    def describe(self, row, answer: Any, parts) -> None:
        if answer is not None:
            row.mine = [(str(answer), row.is_correct)]
        row.right = [result_number(a) for a in full_marks(row.version.data.get("answers", []))]

    def preview(self, question, view, rich) -> None:
        view["input"] = "number"
        view["key"] = [
            {
                "label": "",
                "answers": [key_line(number_label(a), a, rich) for a in neutral_answers(question)],
            }
        ]
