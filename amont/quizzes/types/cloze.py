"""Cloze: a text with gaps to fill, each a short answer, a number or a choice (the answer
one entry per gap: a string, or the index of the chosen answer)."""

import re
from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.lib.markdown import render_text
from amont.lib.paper import Block, Run
from amont.quizzes import scoring
from amont.quizzes.editor_forms.cloze import ClozeForm
from amont.quizzes.models import QuestionVersion
from amont.quizzes.types.base import QuestionType, register
from amont.quizzes.types.common import (
    GAP_MARKER,
    PAPER_SEED,
    SHORT_ANSWER_MAX,
    TEXT_ATTRS,
    TEXT_DEFAULTS,
    dicts,
    full_marks,
    gaps,
    is_number,
    key_line,
    number_label,
    part_right,
    result_number,
    shuffled,
)

_FILL = gettext_lazy("Fill in this gap.")


@register
class Cloze(QuestionType):
    value = "cloze"
    help = gettext_lazy("A text with gaps to fill.")
    editor_form = ClozeForm
    grade = staticmethod(scoring.grade_cloze)
    check = staticmethod(scoring.check_cloze)
    widget_template = "quizzes/types/cloze.html#widget"
    text_labels = False
    listed = True
    pack_template = "quizzes/types/cloze.html#pack"

    def on_paper(self, version, question) -> None:
        for index, gap in enumerate(gaps(version), start=1):
            if gap.get("kind") == "choice":
                texts = [str(answer.get("text", "")) for answer in dicts(gap.get("answers"))]
                # Shuffled too: authors often type the right answer first.
                order = shuffled(len(texts), f"{PAPER_SEED}:{index}", version)
                question["gap_choices"].append(
                    {"number": index, "options": [texts[i] for i in order]}
                )

    def pack_text(self, html: SafeString) -> SafeString:
        """Each {{n}} marker becomes a numbered blank to fill in by hand."""
        return mark_safe(
            GAP_MARKER.sub(
                lambda match: f'<span class="gap">({int(match[1])})&nbsp;______________</span>',
                str(html),
            )
        )

    def paper_blocks(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each {{n}} gap marker of the text becomes a numbered blank to fill in."""

        def runs_with_gaps(runs: list[Run]) -> list[Run]:
            out: list[Run] = []
            for run in runs:
                if "text" not in run or run.get("code"):
                    out.append(run)
                    continue
                pieces = GAP_MARKER.split(run["text"])
                for index, piece in enumerate(pieces):
                    if index % 2:
                        out.append({"gap": int(piece)})
                    elif piece:
                        out.append({**run, "text": piece})
            return out

        def walk(block: Block) -> Block:
            block = dict(block)
            if "runs" in block:
                block["runs"] = runs_with_gaps(block["runs"])
            if "blocks" in block:
                block["blocks"] = [walk(b) for b in block["blocks"]]
            if "items" in block:
                block["items"] = [[walk(b) for b in item] for item in block["items"]]
            if "rows" in block:
                block["rows"] = [[runs_with_gaps(cell) for cell in row] for row in block["rows"]]
            return block

        return [walk(block) for block in blocks]

    def canonical(self, question: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(question.get("gaps"), list):
            return question
        # Case and accent options belong to the short answer gaps (as the editor and QTI
        # keep them); scoring reads the question's as a fallback, so moving them down
        # changes nothing.
        question = dict(question)
        options = {
            key: question.pop(key)
            for key in ("case_sensitive", "accent_sensitive")
            if key in question
        }
        question["gaps"] = [
            {**TEXT_DEFAULTS, **options, **gap}
            if isinstance(gap, dict) and gap.get("kind") == "short_answer"
            else gap
            for gap in question["gaps"]
        ]
        return question

    def add_fields(self, form, version, *, seed, order) -> None:
        for index, gap in enumerate(gaps(version)):
            name = f"gap_{version.pk}_{index}"
            label = gettext_lazy("Gap %(number)d") % {"number": index + 1}
            aria = {"aria-label": label}
            if gap.get("kind") == "choice":
                answers = dicts(gap.get("answers"))
                form.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=[("", "…")]
                    + [(str(i), str(a.get("text", ""))) for i, a in enumerate(answers)],
                    coerce=int,
                    empty_value=None,
                    required=not form.partial,
                    widget=forms.Select(attrs=aria),
                    error_messages={"required": _FILL},
                )
                continue
            numeric = gap.get("kind") == "numeric"
            attrs = {**TEXT_ATTRS, **aria, "class": "gap", "size": 10}
            if numeric:
                attrs["inputmode"] = "decimal"
            form.fields[name] = forms.CharField(
                label=label,
                max_length=SHORT_ANSWER_MAX,
                required=not form.partial,
                widget=forms.TextInput(attrs=attrs),
                validators=[is_number] if numeric else [],
                error_messages={"required": _FILL},
            )

    def answer_of(self, data, version) -> Any:
        entries = [data.get(f"gap_{version.pk}_{index}") for index in range(len(gaps(version)))]
        entries = [None if entry == "" else entry for entry in entries]
        return entries if any(entry is not None for entry in entries) else None

    def initial(self, version, answer) -> dict[str, Any]:
        if not isinstance(answer, list):
            return {}
        return {
            f"gap_{version.pk}_{index}": str(entry)
            for index, entry in enumerate(answer)
            if entry is not None
        }

    def draw(self, form, question) -> None:
        pk = question.version.pk
        question.gaps = [form[f"gap_{pk}_{index}"] for index in range(len(gaps(question.version)))]
        question.text = _cloze_html(question.version, question.gaps)

    def describe(self, row, answer, parts) -> None:
        entries = answer if isinstance(answer, list) else []
        for index, gap in enumerate(gaps(row.version)):
            label = _("Gap %(number)d") % {"number": index + 1}
            choices = gap.get("answers", [])
            entry = entries[index] if index < len(entries) else None
            if gap.get("kind") == "choice" and isinstance(entry, int):
                entry = choices[entry].get("text", "") if 0 <= entry < len(choices) else None
            shown = entry if entry not in (None, "") else "—"
            row.mine.append((f"{label}: {shown}", part_right(parts, index)))
            best = full_marks(choices)
            if best:
                right = result_number(best[0]) if gap.get("kind") == "numeric" else best[0]["text"]
                row.right.append(f"{label}: {right}")

    def preview(self, question, view, rich) -> None:
        question_gaps = dicts(question.get("gaps") or [])
        html = str(view["text"])

        def widget(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if 1 <= number <= len(question_gaps):
                return str(_gap_widget(number, question_gaps[number - 1]))
            return match.group(0)

        view["text"] = mark_safe(GAP_MARKER.sub(widget, html))
        for number, gap in enumerate(question_gaps, start=1):
            lines = []
            for answer in dicts(gap.get("answers") or []):
                label = (
                    number_label(answer)
                    if gap.get("kind") == "numeric"
                    else format_html("{}", answer.get("text", ""))
                )
                lines.append(key_line(label, answer, rich))
            view["key"].append(
                {"label": _("Gap %(number)d") % {"number": number}, "answers": lines}
            )


def _cloze_html(version: QuestionVersion, fields: list[forms.BoundField]) -> SafeString:
    """The text with each {{n}} marker replaced by gap n's input; gaps whose marker is
    missing follow the text, so that they can still be answered."""
    html = str(render_text(version.text, version.text_format))
    placed: set[int] = set()

    def widget(match: re.Match[str]) -> str:
        index = int(match[1]) - 1
        if not 0 <= index < len(fields) or index in placed:
            return match[0]
        placed.add(index)
        return str(fields[index])

    html = GAP_MARKER.sub(widget, html)
    rest = [str(bound) for index, bound in enumerate(fields) if index not in placed]
    if rest:
        html += format_html("<p>{}</p>", mark_safe(" ".join(rest)))
    return mark_safe(html)


def _gap_widget(number: int, gap: dict[str, Any]) -> SafeString:
    """A gap of the editor's preview, as a learner sees it (not a form field)."""
    label = _("Gap %(number)d") % {"number": number}
    if gap.get("kind") == "choice":
        options = format_html_join(
            "",
            "<option>{}</option>",
            ((a.get("text", ""),) for a in dicts(gap.get("answers") or [])),
        )
        return format_html(
            '<select aria-label="{}"><option value="">—</option>{}</select>', label, options
        )
    mode = "decimal" if gap.get("kind") == "numeric" else "text"
    return format_html('<input type="text" size="12" inputmode="{}" aria-label="{}">', mode, label)
