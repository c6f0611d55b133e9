"""Multiple choice: several right options, with partial credit (the answer a list of
indexes)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.choice import MultipleChoiceForm
from amont.quizzes.types.base import register
from amont.quizzes.types.common import option_choices
from amont.quizzes.types.single_choice import ChoiceType


@register
class MultipleChoice(ChoiceType):
    value = "multiple_choice"
    help = gettext_lazy("Several right options, with partial credit.")
    editor_form = MultipleChoiceForm
    grade = staticmethod(scoring.grade_multiple_choice)
    check = staticmethod(scoring.check_multiple_choice)
    shuffled_by_default = True
    shows_answer_texts = True
    widget_template = "quizzes/types/multiple_choice.html#widget"
    preview_template = "quizzes/types/multiple_choice.html#preview"
    listed = True
    pack_template = "quizzes/types/multiple_choice.html#pack"
    paper_note = gettext_lazy("Several answers may be right: tick all of them.")

    def option_correct(self, fraction: float) -> bool:
        # Any option that earns credit is one of the right ones.
        return fraction > 0

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"choice_{version.pk}"] = forms.TypedMultipleChoiceField(
            label=version.text,
            choices=option_choices(version, seed),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=not form.partial,
            error_messages={"required": gettext_lazy("Choose at least one answer.")},
        )

    def answer_of(self, data, version) -> Any:
        chosen = data.get(f"choice_{version.pk}") or []
        return sorted(set(chosen)) or None

    def describe(self, row, answer, parts) -> None:
        options = row.version.options
        chosen = answer if isinstance(answer, list) else []
        row.mine = [
            (str(options[i]["text"]), float(options[i].get("fraction", 0)) > 0)
            for i in chosen
            if isinstance(i, int) and 0 <= i < len(options)
        ]
        row.right = [str(o["text"]) for o in options if float(o.get("fraction", 0)) > 0]
