"""The editor form of numeric questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import (
    FULL,
    QuestionEditorForm,
    answer_dicts,
    answer_fraction,
    cleaned_text,
    percent_field,
)
from amont.quizzes.editor_text import fraction_of, percent_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.formats.gift import number_text
from amont.quizzes.models import QuestionType
from amont.quizzes.scoring import parse_number


class NumericForm(QuestionEditorForm):
    question_type = QuestionType.NUMERIC
    row_fields = ("value", "tolerance", "credit", "feedback")
    min_rows = 1
    default_rows = 2
    rows_legend = _("Accepted values")
    row_name = _("value %(number)d")
    rows_help = _(
        "An answer within the tolerance of a value gets its credit (100 % when left empty). "
        "Learners may write “3,14” or “3.14”. A value “*” catches any other answer, "
        "to give it a feedback. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"value_{index}"] = forms.CharField(
            label=gettext("Value %(number)d") % number,
            max_length=100,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        self.fields[f"tolerance_{index}"] = forms.CharField(
            label=gettext("Tolerance of value %(number)d (±)") % number,
            max_length=100,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        self.fields[f"credit_{index}"] = percent_field(
            gettext("Credit of value %(number)d (%%)") % number
        )
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on value %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        answers = []
        for index in range(self.row_count):
            raw = cleaned_text(cleaned, f"value_{index}")
            raw_tolerance = cleaned_text(cleaned, f"tolerance_{index}")
            feedback = cleaned_text(cleaned, f"feedback_{index}")
            credit = cleaned.get(f"credit_{index}")
            if not raw:
                if raw_tolerance or feedback or credit is not None:
                    self.add_error(
                        f"value_{index}", gettext("Write the value, or empty its whole row.")
                    )
                continue
            if raw == "*":
                percent = 0.0 if credit is None else credit
                answers.append(
                    {"text": "*", "fraction": fraction_of(percent), "feedback": feedback}
                )
                continue
            value = parse_number(raw)
            tolerance = parse_number(raw_tolerance) if raw_tolerance else 0.0
            if value is None:
                self.add_error(f"value_{index}", gettext("Write a number, such as 3.14."))
                continue
            if tolerance is None or tolerance < 0:
                self.add_error(
                    f"tolerance_{index}", gettext("Write a number, zero or more, such as 0.01.")
                )
                continue
            percent = 100.0 if credit is None else credit
            answers.append(
                {
                    "text": number_text(value),
                    "fraction": fraction_of(percent),
                    "feedback": feedback,
                    "value": value,
                    "tolerance": tolerance,
                }
            )
        return {**self.common(), "answers": answers}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = answer_dicts(neutral)
        initial: dict[str, Any] = {"rows": len(answers) + 1}
        for index, answer in enumerate(answers):
            value = parse_number(answer.get("value"))
            initial[f"value_{index}"] = "*" if value is None else number_text(value)
            tolerance = parse_number(answer.get("tolerance", 0.0)) or 0.0
            if value is not None and tolerance:
                initial[f"tolerance_{index}"] = number_text(tolerance)
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            fraction = answer_fraction(answer)
            if (value is None and fraction) or (value is not None and fraction < FULL):
                initial[f"credit_{index}"] = percent_text(fraction)
        return initial
