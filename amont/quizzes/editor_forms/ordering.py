"""The editor form of ordering questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import QuestionEditorForm, cleaned_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import QuestionType


class OrderingForm(QuestionEditorForm):
    question_type = QuestionType.ORDERING
    row_fields = ("item",)
    min_rows = 2
    default_rows = 4
    rows_legend = _("Items, in the right order")
    row_name = _("item %(number)d")
    rows_help = _(
        "Write the items in the right order; learners see them shuffled. Each item in its "
        "place earns its share of the marks. Empty rows are ignored."
    )

    def add_row_fields(self, index: int) -> None:
        self.fields[f"item_{index}"] = forms.CharField(
            label=gettext("Item %(number)d") % {"number": index + 1},
            max_length=1000,
            required=False,
        )

    def build(self) -> NeutralQuestion:
        items = [cleaned_text(self.cleaned_data, f"item_{i}") for i in range(self.row_count)]
        return {**self.common(), "items": [item for item in items if item]}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        items = [str(item) for item in neutral.get("items") or []]
        initial: dict[str, Any] = {"rows": len(items)}
        for index, item in enumerate(items):
            initial[f"item_{index}"] = item
        return initial
