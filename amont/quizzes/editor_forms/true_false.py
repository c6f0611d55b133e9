"""The editor form of true/false questions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from amont.quizzes.editor_forms.base import (
    FULL,
    QuestionEditorForm,
    answer_dicts,
    answer_fraction,
    cleaned_text,
)
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import QuestionType


class TrueFalseForm(QuestionEditorForm):
    question_type = QuestionType.TRUE_FALSE

    correct_answer = forms.ChoiceField(
        label=_("The statement is"),
        choices=[("true", _("True")), ("false", _("False"))],
        widget=forms.RadioSelect,
    )
    feedback_true = forms.CharField(
        label=_("Feedback for learners who answer “true”"),
        required=False,
        max_length=5000,
    )
    feedback_false = forms.CharField(
        label=_("Feedback for learners who answer “false”"),
        required=False,
        max_length=5000,
    )

    def build(self) -> NeutralQuestion:
        cleaned = self.cleaned_data
        right = cleaned.get("correct_answer")
        return {
            **self.common(),
            "answers": [
                {
                    "text": value,
                    "fraction": 1.0 if right == value else 0.0,
                    "feedback": cleaned_text(cleaned, f"feedback_{value}"),
                }
                for value in ("true", "false")
            ],
        }

    @classmethod
    def type_initial(cls, neutral: NeutralQuestion) -> dict:
        initial: dict[str, Any] = {}
        for answer in answer_dicts(neutral):
            value = str(answer.get("text", "")).strip().lower()
            if value in ("true", "false"):
                initial[f"feedback_{value}"] = answer.get("feedback", "")
                if answer_fraction(answer) >= FULL:
                    initial["correct_answer"] = value
        return initial
