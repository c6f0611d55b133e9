"""Single choice: one right option among several (`options`, the answer an index)."""

from typing import Any

from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.choice import SingleChoiceForm
from amont.quizzes.types.base import QuestionType, register
from amont.quizzes.types.common import (
    choice_field,
    key_line,
    neutral_answers,
    option_choices,
    option_texts,
)


class ChoiceType(QuestionType):
    """What the three choice types share: options in QuestionVersion.options and one
    `choice_<id>` field."""

    is_choice = True
    widget_template = "quizzes/types/single_choice.html#widget"
    pack_template = "quizzes/types/single_choice.html#pack"

    def on_paper(self, version, question) -> None:
        question["options"] = [str(option.get("text", "")) for option in version.options]

    preview_template = "quizzes/types/single_choice.html#preview"

    def answer_of(self, data, version):
        return data.get(f"choice_{version.pk}")

    def initial(self, version, answer) -> dict[str, Any]:
        return {f"choice_{version.pk}": answer}

    def preview(self, question, view, rich) -> None:
        answers = neutral_answers(question)
        view["choices"] = [rich(a.get("text", "")) for a in answers]
        view["key"] = [
            {"label": "", "answers": [key_line(rich(a.get("text", "")), a, rich) for a in answers]}
        ]


@register
class SingleChoice(ChoiceType):
    value = "single_choice"
    help = gettext_lazy("One right option among several.")
    editor_form = SingleChoiceForm
    grade = staticmethod(scoring.grade_single_choice)
    check = staticmethod(scoring.check_single_choice)
    shuffled_by_default = True
    shows_answer_texts = True
    live_vote = True

    def stored_choice(self, answer: object) -> int | None:
        if isinstance(answer, int) and 0 <= answer < 32767:
            return answer
        return None

    def add_fields(self, form, version, *, seed, order) -> None:
        form.fields[f"choice_{version.pk}"] = choice_field(
            version, option_choices(version, seed), int, required=not form.partial
        )

    def describe(self, row, answer, parts) -> None:
        version = row.version
        row.mine = [(text, row.is_correct) for text in option_texts(version, [answer])]
        index = version.correct_index
        row.right = option_texts(version, [index]) if index is not None else []
