"""The editor forms of single and multiple choice questions."""

from typing import Any, ClassVar, cast

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
from amont.quizzes.models import QuestionType


class _ChoiceForm(QuestionEditorForm):
    row_fields: ClassVar[tuple[str, ...]] = ("option", "credit", "feedback")
    min_rows = 2
    default_rows = 4
    rows_legend = _("Options")
    row_name = _("option %(number)d")

    shuffle = forms.BooleanField(
        label=_("Shuffle the options for each learner"), required=False, initial=True
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"option_{index}"] = forms.CharField(
            label=gettext("Option %(number)d") % number, max_length=2000, required=False
        )
        self.fields[f"credit_{index}"] = self.credit_field(index)
        self.fields[f"feedback_{index}"] = forms.CharField(
            label=gettext("Feedback on option %(number)d") % number,
            max_length=5000,
            required=False,
        )

    def credit_field(self, index: int) -> forms.FloatField:
        raise NotImplementedError

    def option_rows(self) -> list[tuple[int, str, str, float | None]]:
        """(index, text, feedback, credit) of the rows in use; errors for half rows."""
        rows = []
        cleaned = self.cleaned_data
        for index in range(self.row_count):
            text, feedback = (
                cleaned_text(cleaned, f"option_{index}"),
                cleaned_text(cleaned, f"feedback_{index}"),
            )
            credit = cleaned.get(f"credit_{index}")
            if text:
                rows.append((index, text, feedback, credit))
            elif feedback or credit is not None or self.marks_row(index):
                self.add_error(
                    f"option_{index}", gettext("Write the option, or empty its whole row.")
                )
        return rows

    def marks_row(self, index: int) -> bool:
        return False


class SingleChoiceForm(_ChoiceForm):
    question_type = QuestionType.SINGLE_CHOICE
    rows_help = _(
        "Mark the correct option. A wrong option may give partial credit (e.g. 50 %). "
        "Each option's feedback is shown to learners who choose it. Empty rows are ignored."
    )

    correct = forms.TypedChoiceField(
        label=_("Correct option"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["correct"]).choices = [
            (i, i + 1) for i in range(self.row_count)
        ]

    def credit_field(self, index: int) -> forms.FloatField:
        return percent_field(
            gettext("Partial credit of option %(number)d (%%)") % {"number": index + 1}
        )

    def shift_after_removal(self, data, removed: int) -> None:
        try:
            correct = int(data.get("correct"))
        except (TypeError, ValueError):
            return
        if correct == removed:
            data.pop("correct", None)
        elif correct > removed:
            data["correct"] = str(correct - 1)

    def row_list(self) -> list[dict]:
        rows = super().row_list()
        radios = list(self["correct"])
        for row, radio in zip(rows, radios, strict=False):
            row["radio"] = radio
        return rows

    def marks_row(self, index: int) -> bool:
        return self.cleaned_data.get("correct") == index

    def build(self) -> NeutralQuestion:
        correct = self.cleaned_data.get("correct")
        answers = []
        for index, text, feedback, credit in self.option_rows():
            fraction = 1.0 if index == correct else fraction_of(credit or 0.0)
            answers.append({"text": text, "fraction": fraction, "feedback": feedback})
        if correct is None and not self.has_error("correct"):
            self.add_error("correct", gettext("Mark the correct option."))
        return {
            **self.common(),
            "answers": answers,
            "shuffle": bool(self.cleaned_data.get("shuffle")),
        }

    def filter_problems(self, problems: list[str]) -> list[str]:
        if self.cleaned_data.get("correct") is None:
            # "Mark the correct option." already says it, next to the options.
            unmarked = gettext(
                "Exactly one answer must give full marks (fraction 1); %(count)d do."
            )
            problems = [p for p in problems if p != unmarked % {"count": 0}]
        return problems

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = answer_dicts(neutral)
        initial: dict[str, Any] = {"rows": len(answers), "shuffle": neutral.get("shuffle", True)}
        correct = next((i for i, a in enumerate(answers) if answer_fraction(a) >= FULL), None)
        initial["correct"] = correct
        for index, answer in enumerate(answers):
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            if index != correct and answer_fraction(answer):
                initial[f"credit_{index}"] = percent_text(answer_fraction(answer))
        return initial


class MultipleChoiceForm(_ChoiceForm):
    question_type = QuestionType.MULTIPLE_CHOICE
    row_fields = ("option", "right", "credit", "feedback")
    rows_help = _(
        "Tick the right options: they share the marks equally unless you give their credit "
        "(the right options' credits add up to 100 %). A negative credit is a penalty for "
        "choosing a wrong option."
    )

    def add_row_fields(self, index: int) -> None:
        super().add_row_fields(index)
        self.fields[f"right_{index}"] = forms.BooleanField(
            label=gettext("Right answer (option %(number)d)") % {"number": index + 1},
            required=False,
        )

    def credit_field(self, index: int) -> forms.FloatField:
        return percent_field(gettext("Credit of option %(number)d (%%)") % {"number": index + 1})

    def marks_row(self, index: int) -> bool:
        return bool(self.cleaned_data.get(f"right_{index}"))

    def build(self) -> NeutralQuestion:
        rows = self.option_rows()
        right = [r for r in rows if self.cleaned_data.get(f"right_{r[0]}")]
        given = sum(credit for _i, _t, _f, credit in right if credit is not None)
        shared = [r for r in right if r[3] is None]
        share = (100 - given) / len(shared) if shared else 0.0
        answers = []
        for index, text, feedback, credit in rows:
            if self.cleaned_data.get(f"right_{index}"):
                percent = share if credit is None else credit
            else:
                percent = credit or 0.0
            answers.append({"text": text, "fraction": fraction_of(percent), "feedback": feedback})
        if rows and not right:
            self.add_error(None, gettext("Tick at least one right option."))
        return {
            **self.common(),
            "answers": answers,
            "shuffle": bool(self.cleaned_data.get("shuffle")),
        }

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        answers = answer_dicts(neutral)
        initial: dict[str, Any] = {"rows": len(answers), "shuffle": neutral.get("shuffle", True)}
        positives = [answer_fraction(a) for a in answers if answer_fraction(a) > 0]
        equal = bool(positives) and max(positives) - min(positives) < 1e-6
        for index, answer in enumerate(answers):
            fraction = answer_fraction(answer)
            initial[f"option_{index}"] = answer.get("text", "")
            initial[f"feedback_{index}"] = answer.get("feedback", "")
            initial[f"right_{index}"] = fraction > 0
            if fraction < 0 or (fraction > 0 and not equal):
                initial[f"credit_{index}"] = percent_text(fraction)
        return initial
