"""The editor form of short-answer questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import (
    FULL,
    QuestionEditorForm,
    SensitivityMixin,
    answer_dicts,
    answer_fraction,
    cleaned_text,
    percent_field,
)
from amont.quizzes.editor_text import fraction_of, percent_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import QuestionType


class ShortAnswerForm(SensitivityMixin, QuestionEditorForm):
    question_type = QuestionType.SHORT_ANSWER
    row_fields = ("option", "credit", "feedback")
    min_rows = 1
    default_rows = 3
    rows_legend = _("Accepted answers")
    row_name = _("answer %(number)d")
    rows_help = _(
        "Each accepted answer gives its credit (100 % when left empty). "
        "A star stands for any characters: “*photosynth*”. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"option_{index}"] = forms.CharField(
            label=gettext("Accepted answer %(number)d") % number, max_length=1000, required=False
        )
        self.fields[f"credit_{index}"] = percent_field(
            gettext("Credit of answer %(number)d (%%)") % number
        )
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on answer %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        answers = []
        for index in range(self.row_count):
            text = cleaned_text(cleaned, f"option_{index}")
            feedback = cleaned_text(cleaned, f"feedback_{index}")
            credit = cleaned.get(f"credit_{index}")
            if text:
                percent = 100.0 if credit is None else credit
                answers.append(
                    {"text": text, "fraction": fraction_of(percent), "feedback": feedback}
                )
            elif feedback or credit is not None:
                self.add_error(
                    f"option_{index}", gettext("Write the answer, or empty its whole row.")
                )
        return {**self.common(), "answers": answers, **self.sensitivity()}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = answer_dicts(neutral)
        initial: dict[str, Any] = {"rows": len(answers) + 1, **cls.sensitivity_initial(neutral)}
        for index, answer in enumerate(answers):
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            if answer_fraction(answer) < FULL:
                initial[f"credit_{index}"] = percent_text(answer_fraction(answer))
        return initial
