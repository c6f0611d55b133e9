"""How a question shows to the trainer: rendered texts, the learner's view with its
answer key (`preview_question`), and a one-line excerpt for lists. No database."""

import re
from typing import Any

import nh3
from django.utils.safestring import SafeString, mark_safe

from amont.lib.markdown import render_text
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.types import QUESTION_TYPES


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


def preview_question(question: NeutralQuestion) -> dict[str, Any]:
    """What the preview template needs: the learner's view (text, choices or inputs)
    and the trainer's answer key, every text rendered and sanitised. The type's entry
    (`amont.quizzes.types`) fills its part and names the template that draws it."""
    text_format = str(question.get("text_format") or "markdown")

    def rich(text: str) -> SafeString:
        return render_inline(str(text or ""), text_format)

    kind = question.get("type")
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
        "template": None,
    }
    entry = QUESTION_TYPES.get(kind) if isinstance(kind, str) else None
    if entry is not None:
        view["template"] = entry.preview_template
        entry.preview(dict(question), view, rich)
    return view
