"""How a question shows to the trainer: rendered texts, the learner's view with its
answer key (`preview_question`), and a one-line excerpt for lists. No database."""

import re
from collections.abc import Callable
from typing import Any

import nh3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from amont.lib.markdown import render_text
from amont.quizzes.editor_text import percent_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.formats.gift import number_text
from amont.quizzes.scoring import parse_number

_FULL = 1.0 - 1e-6


def render_rich(text: str, text_format: str = "markdown") -> SafeString:
    """A question text as the learner's pages render it: Markdown rendered and
    sanitised, HTML sanitised, plain text escaped with its line breaks."""
    return render_text(text or "", text_format)


_ONE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\s*\Z", re.DOTALL)


def render_inline(text: str, text_format: str = "markdown") -> SafeString:
    """An option, a feedback or a side of a pair: like render_rich, without the paragraph
    around a single line."""
    html = str(render_rich(text, text_format))
    match = _ONE_PARAGRAPH.match(html)
    if match and "<p>" not in match.group(1):
        html = match.group(1)
    return mark_safe(html)


def excerpt(question: NeutralQuestion, size: int = 140) -> str:
    """A one-line plain text of the question for lists: its title, or its text."""
    text = str(question.get("title") or "") or str(question.get("text") or "")
    if question.get("text_format") == "html" or "<" in text:
        text = nh3.clean(text, tags=set())
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


_GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")


def _answers(question: NeutralQuestion) -> list[dict]:
    return [a for a in question.get("answers") or [] if isinstance(a, dict)]


def _fraction(answer: dict) -> float:
    value = answer.get("fraction", 0.0)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _state(fraction: float) -> str:
    if fraction >= _FULL:
        return "ok"
    if fraction > 0:
        return "partial"
    return "wrong"


def _gap_widget(number: int, gap: dict, rich: Callable[[str], SafeString]) -> SafeString:
    label = _("Gap %(number)d") % {"number": number}
    if gap.get("kind") == "choice":
        options = format_html_join(
            "",
            "<option>{}</option>",
            ((a.get("text", ""),) for a in gap.get("answers") or [] if isinstance(a, dict)),
        )
        return format_html(
            '<select aria-label="{}"><option value="">—</option>{}</select>', label, options
        )
    mode = "decimal" if gap.get("kind") == "numeric" else "text"
    return format_html('<input type="text" size="12" inputmode="{}" aria-label="{}">', mode, label)


def _key_line(html: SafeString, answer: dict, rich, *, show_credit: bool = True) -> dict:
    fraction = _fraction(answer)
    feedback = str(answer.get("feedback") or "")
    return {
        "html": html,
        "state": _state(fraction),
        "credit": percent_text(fraction) if show_credit else "",
        "feedback": rich(feedback) if feedback.strip() else "",
    }


def _number_label(answer: dict) -> SafeString:
    value = parse_number(answer.get("value"))
    if value is None:
        return format_html("{}", _("Any other answer"))
    tolerance = parse_number(answer.get("tolerance", 0.0)) or 0.0
    if tolerance:
        return format_html("{} ± {}", number_text(value), number_text(tolerance))
    return format_html("{}", number_text(value))


def preview_question(question: NeutralQuestion) -> dict[str, Any]:
    """What the preview template needs: the learner's view (text, choices or inputs)
    and the trainer's answer key, every text rendered and sanitised."""
    text_format = str(question.get("text_format") or "markdown")

    def rich(text: str) -> SafeString:
        return render_inline(str(text or ""), text_format)

    kind = question.get("type")
    answers = _answers(question)
    view: dict[str, Any] = {
        "type": kind,
        "title": str(question.get("title") or ""),
        "text": render_rich(str(question.get("text") or ""), text_format),
        "general_feedback": render_rich(str(question.get("general_feedback") or ""), text_format)
        if str(question.get("general_feedback") or "").strip()
        else "",
        "choices": [],
        "input": None,
        "pairs": [],
        "rights": [],
        "items": [],
        "key": [],
    }
    key: list[dict] = []
    if kind in ("single_choice", "multiple_choice"):
        view["choices"] = [rich(a.get("text", "")) for a in answers]
        view["key"] = [
            {"label": "", "answers": [_key_line(rich(a.get("text", "")), a, rich) for a in answers]}
        ]
    elif kind == "true_false":
        labels = {"true": _("True"), "false": _("False")}
        view["choices"] = [labels["true"], labels["false"]]
        ordered = sorted(answers, key=lambda a: str(a.get("text")).lower() != "true")
        key = [
            _key_line(format_html("{}", labels.get(str(a.get("text")).lower(), "?")), a, rich)
            for a in ordered
        ]
        view["key"] = [{"label": "", "answers": key}]
    elif kind == "short_answer":
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
                    _key_line(format_html("{}", a.get("text", "")), a, rich) for a in answers
                ],
            }
        ]
    elif kind == "numeric":
        view["input"] = "number"
        view["key"] = [
            {"label": "", "answers": [_key_line(_number_label(a), a, rich) for a in answers]}
        ]
    elif kind == "matching":
        pairs = [p for p in question.get("pairs") or [] if isinstance(p, dict)]
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
    elif kind == "ordering":
        items = [str(i) for i in question.get("items") or []]
        # Learners never see the right order: the preview shifts the items by one.
        view["items"] = [rich(i) for i in items[1:] + items[:1]]
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
                    for n, i in enumerate(items, start=1)
                ],
            }
        ]
    elif kind == "cloze":
        gaps = [g for g in question.get("gaps") or [] if isinstance(g, dict)]
        html = str(view["text"])

        def widget(match: re.Match) -> str:
            number = int(match.group(1))
            if 1 <= number <= len(gaps):
                return str(_gap_widget(number, gaps[number - 1], rich))
            return match.group(0)

        view["text"] = mark_safe(_GAP_MARKER.sub(widget, html))
        for number, gap in enumerate(gaps, start=1):
            gap_answers = [a for a in gap.get("answers") or [] if isinstance(a, dict)]
            lines = []
            for answer in gap_answers:
                label = (
                    _number_label(answer)
                    if gap.get("kind") == "numeric"
                    else format_html("{}", answer.get("text", ""))
                )
                lines.append(_key_line(label, answer, rich))
            view["key"].append(
                {"label": _("Gap %(number)d") % {"number": number}, "answers": lines}
            )
    elif kind == "open_text":
        view["input"] = "textarea"
    return view
