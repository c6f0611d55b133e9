"""Short answer: a word or a few words, compared with the accepted answers (the answer a
string)."""

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.short_answer import ShortAnswerForm
from amont.quizzes.types.base import QuestionType, register
from amont.quizzes.types.common import (
    TEXT_DEFAULTS,
    full_marks,
    key_line,
    neutral_answers,
    text_field,
)


class TextType(QuestionType):
    """What the typed answers share: one `answer_<id>` field."""

    widget_template = "quizzes/types/short_answer.html#widget"
    preview_template = "quizzes/types/short_answer.html#preview"
    pack_template = "quizzes/types/short_answer.html#pack"
    # Lines to write the answer on, on paper.
    paper_lines = 1

    def on_paper(self, version, question) -> None:
        question["lines"] = self.paper_lines

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"answer_{version.pk}"] = text_field(required=not form.partial)

    def answer_of(self, data, version) -> Any:
        return data.get(f"answer_{version.pk}") or None

    def initial(self, version, answer) -> dict[str, Any]:
        return {f"answer_{version.pk}": str(answer)}

    def describe(self, row, answer, parts) -> None:
        if isinstance(answer, str):
            row.mine = [(answer, row.is_correct)]


@register
class ShortAnswer(TextType):
    value = "short_answer"
    help = gettext_lazy("A word or a few words; several answers may be accepted.")
    editor_form = ShortAnswerForm
    grade = staticmethod(scoring.grade_short_answer)
    check = staticmethod(scoring.check_short_answer)

    def canonical(self, question: dict[str, Any]) -> dict[str, Any]:
        return {**TEXT_DEFAULTS, **question}

    def describe(self, row, answer, parts) -> None:
        super().describe(row, answer, parts)
        row.right = [
            str(a.get("text", "")) for a in full_marks(row.version.data.get("answers", []))
        ]

    def preview(self, question, view, rich) -> None:
        view["input"] = "text"
        options = []
        if question.get("case_sensitive") is True:
            options.append(_("case must match"))
        if question.get("accent_sensitive", True) is False:
            options.append(_("accents may be left out"))
        view["key"] = [
            {
                "label": ", ".join(options),
                "answers": [
                    key_line(format_html("{}", a.get("text", "")), a, rich)
                    for a in neutral_answers(question)
                ],
            }
        ]
