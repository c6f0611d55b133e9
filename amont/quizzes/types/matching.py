"""Matching: pairs to match, distractors being rights without a left (the answer a dict
{pair index: right text})."""

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.quizzes import scoring
from amont.quizzes.editor_forms.matching import MatchingForm
from amont.quizzes.types.base import QuestionType, register
from amont.quizzes.types.common import PAPER_SEED, dicts, lefts, part_right, rights, shuffled


@register
class Matching(QuestionType):
    value = "matching"
    help = gettext_lazy("Pairs to match.")
    editor_form = MatchingForm
    grade = staticmethod(scoring.grade_matching)
    check = staticmethod(scoring.check_matching)
    shuffled_by_default = True
    widget_template = "quizzes/types/matching.html#widget"
    preview_template = "quizzes/types/matching.html#preview"
    listed = True
    pack_template = "quizzes/types/matching.html#pack"
    paper_note = gettext_lazy("Write next to each item the number of its match.")

    def on_paper(self, version, question) -> None:
        texts = rights(version)
        question["lefts"] = [left for _index, left in lefts(version)]
        question["rights"] = [texts[i] for i in shuffled(len(texts), PAPER_SEED, version)]

    def add_fields(self, form, version, *, seed, order) -> None:
        texts = rights(version)
        choices = [("", gettext_lazy("Choose…"))] + [
            (str(index), texts[index]) for index in shuffled(len(texts), seed, version)
        ]
        for pair, left in lefts(version):
            form.fields[f"match_{version.pk}_{pair}"] = forms.TypedChoiceField(
                label=left,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=not form.partial,
                error_messages={"required": gettext_lazy("Choose a match.")},
            )

    def answer_of(self, data, version) -> Any:
        texts = rights(version)
        chosen = {
            str(pair): texts[index]
            for pair, _left in lefts(version)
            if (index := data.get(f"match_{version.pk}_{pair}")) is not None and index < len(texts)
        }
        return chosen or None

    def initial(self, version, answer) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        if not isinstance(answer, dict):
            return initial
        texts = rights(version)
        for pair, _left in lefts(version):
            chosen = answer.get(str(pair))
            if chosen in texts:
                initial[f"match_{version.pk}_{pair}"] = str(texts.index(chosen))
        return initial

    def draw(self, form, question) -> None:
        pk = question.version.pk
        question.parts = [
            (left, form[f"match_{pk}_{pair}"]) for pair, left in lefts(question.version)
        ]

    def describe(self, row, answer, parts) -> None:
        matched = answer if isinstance(answer, dict) else {}
        pairs = row.version.data.get("pairs", [])
        for position, (pair, left) in enumerate(lefts(row.version)):
            row.mine.append(
                (f"{left} → {matched.get(str(pair)) or '—'}", part_right(parts, position))
            )
            row.right.append(f"{left} → {pairs[pair].get('right', '')}")

    def preview(self, question, view, rich) -> None:
        pairs = dicts(question.get("pairs") or [])
        view["pairs"] = [rich(p.get("left", "")) for p in pairs if str(p.get("left", "")).strip()]
        view["rights"] = sorted({str(p.get("right", "")).strip() for p in pairs} - {""})
        view["key"] = [
            {
                "label": "",
                "answers": [
                    {
                        "html": format_html(
                            "{} → {}", rich(p.get("left", "")), rich(p.get("right", ""))
                        )
                        if str(p.get("left", "")).strip()
                        else format_html("{} ({})", rich(p.get("right", "")), _("distractor")),
                        "state": "ok" if str(p.get("left", "")).strip() else "wrong",
                        "credit": "",
                        "feedback": "",
                    }
                    for p in pairs
                ],
            }
        ]
