"""The editor form of matching questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import QuestionEditorForm, cleaned_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import QuestionType


class MatchingForm(QuestionEditorForm):
    question_type = QuestionType.MATCHING
    row_fields = ("left", "right")
    min_rows = 2
    default_rows = 4
    rows_legend = _("Pairs")
    row_name = _("pair %(number)d")
    rows_help = _(
        "Learners match each left side with its right side. A right side without a left "
        "side is a distractor: it matches nothing. Empty rows are ignored."
    )

    shuffle = forms.BooleanField(
        label=_("Shuffle the right sides for each learner"), required=False, initial=True
    )

    def add_row_fields(self, index: int) -> None:
        number = {"number": index + 1}
        self.fields[f"left_{index}"] = forms.CharField(
            label=gettext("Left side %(number)d") % number, max_length=1000, required=False
        )
        self.fields[f"right_{index}"] = forms.CharField(
            label=gettext("Right side %(number)d") % number, max_length=1000, required=False
        )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        pairs = []
        for index in range(self.row_count):
            left, right = (
                cleaned_text(cleaned, f"left_{index}"),
                cleaned_text(cleaned, f"right_{index}"),
            )
            if left or right:
                pairs.append({"left": left, "right": right})
        return {**self.common(), "pairs": pairs, "shuffle": bool(cleaned.get("shuffle"))}

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        pairs = [p for p in neutral.get("pairs") or [] if isinstance(p, dict)]
        initial: dict[str, Any] = {"rows": len(pairs), "shuffle": neutral.get("shuffle", True)}
        for index, pair in enumerate(pairs):
            initial[f"left_{index}"] = pair.get("left", "")
            initial[f"right_{index}"] = pair.get("right", "")
        return initial
