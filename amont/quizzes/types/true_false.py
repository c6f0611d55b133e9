"""True / false: a statement, its two options "True" and "False" (the answer a bool)."""

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.true_false import TrueFalseForm
from amont.quizzes.types.base import register
from amont.quizzes.types.common import choice_field, key_line, neutral_answers
from amont.quizzes.types.single_choice import ChoiceType


@register
class TrueFalse(ChoiceType):
    value = "true_false"
    help = gettext_lazy("A statement that is true or false.")
    editor_form = TrueFalseForm
    grade = staticmethod(scoring.grade_true_false)
    check = staticmethod(scoring.check_true_false)
    live_vote = True

    def on_paper(self, version, question) -> None:
        question["options"] = [_("True"), _("False")]

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"choice_{version.pk}"] = choice_field(
            version,
            [("true", gettext_lazy("True")), ("false", gettext_lazy("False"))],
            lambda value: value == "true",
            required=not form.partial,
        )

    def initial(self, version, answer) -> dict[str, Any]:
        if not isinstance(answer, bool):
            return {}
        return {f"choice_{version.pk}": "true" if answer else "false"}

    def describe(self, row, answer, parts) -> None:
        words = {True: _("True"), False: _("False")}
        if isinstance(answer, bool):
            row.mine = [(words[answer], row.is_correct)]
        row.right = [
            str(words[o["text"].strip().lower() == "true"])
            for o in row.version.options
            if o.get("correct")
        ]

    def preview(self, question, view, rich) -> None:
        labels = {"true": _("True"), "false": _("False")}
        view["choices"] = [labels["true"], labels["false"]]
        answers = neutral_answers(question)
        ordered = sorted(answers, key=lambda a: str(a.get("text")).lower() != "true")
        key = [
            key_line(format_html("{}", labels.get(str(a.get("text")).lower(), "?")), a, rich)
            for a in ordered
        ]
        view["key"] = [{"label": "", "answers": key}]
