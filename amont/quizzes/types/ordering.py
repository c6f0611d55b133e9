"""Ordering: items to put in order (the answer the items' original indexes, in the
learner's order)."""

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.ordering import OrderingForm
from amont.quizzes.types.base import QuestionType, register
from amont.quizzes.types.common import PAPER_SEED, items, part_right, shuffled


@register
class Ordering(QuestionType):
    value = "ordering"
    help = gettext_lazy("Items to put in order.")
    editor_form = OrderingForm
    grade = staticmethod(scoring.grade_ordering)
    check = staticmethod(scoring.check_ordering)
    widget_template = "quizzes/types/ordering.html#widget"
    preview_template = "quizzes/types/ordering.html#preview"
    listed = True
    right_in_order = True
    pack_template = "quizzes/types/ordering.html#pack"
    paper_note = gettext_lazy("Put the items in order: give each one its position, 1 first.")

    def on_paper(self, version, question) -> None:
        texts = items(version)
        question["items"] = [texts[i] for i in shuffled(len(texts), PAPER_SEED, version)]

    def add_fields(self, form, version, *, seed, order) -> None:
        count = len(items(version))
        if order is None or sorted(order) != list(range(count)):
            order = shuffled(count, seed, version)
        form.shown_orders[version.pk] = order
        choices = [(position, position) for position in range(1, count + 1)]
        for position, item in enumerate(order, start=1):
            form.fields[f"order_{version.pk}_{item}"] = forms.TypedChoiceField(
                label=gettext_lazy("Position"),
                choices=choices,
                coerce=int,
                initial=position,
                required=not form.partial,
                error_messages={"required": gettext_lazy("Choose a position.")},
            )

    def clean(self, form, version, cleaned) -> None:
        names = [f"order_{version.pk}_{item}" for item in range(len(items(version)))]
        positions = [cleaned.get(name) for name in names]
        if all(position is None for position in positions) and form.partial:
            return
        for name, position in zip(names, positions, strict=True):
            if position is not None and positions.count(position) > 1:
                form.add_error(name, gettext_lazy("Give each item a different position."))

    def answer_of(self, data, version) -> Any:
        count = len(items(version))
        positions = {item: data.get(f"order_{version.pk}_{item}") for item in range(count)}
        given = {item: p for item, p in positions.items() if p is not None}
        if sorted(given.values()) != list(range(1, count + 1)):
            return None
        return sorted(range(count), key=lambda item: given[item])

    def initial(self, version, answer) -> dict[str, Any]:
        if not isinstance(answer, list):
            return {}
        return {
            f"order_{version.pk}_{item}": position for position, item in enumerate(answer, start=1)
        }

    def saved_order(self, answer: object) -> list[int] | None:
        return answer if isinstance(answer, list) else None

    def draw(self, form, question) -> None:
        pk = question.version.pk
        texts = items(question.version)
        question.parts = [
            (texts[item], form[f"order_{pk}_{item}"]) for item in form.shown_orders[pk]
        ]

    def describe(self, row, answer, parts) -> None:
        texts = items(row.version)
        order = answer if isinstance(answer, list) else []
        row.mine = [
            (texts[item], part_right(parts, position))
            for position, item in enumerate(order)
            if isinstance(item, int) and 0 <= item < len(texts)
        ]
        row.right = texts

    def preview(self, question, view, rich) -> None:
        texts = [str(i) for i in question.get("items") or []]
        # Learners never see the right order: the preview shifts the items by one.
        view["items"] = [rich(i) for i in texts[1:] + texts[:1]]
        view["key"] = [
            {
                "label": "",
                "answers": [
                    {
                        "html": format_html("{}. {}", n, rich(i)),
                        "state": "ok",
                        "credit": "",
                        "feedback": "",
                    }
                    for n, i in enumerate(texts, start=1)
                ],
            }
        ]
