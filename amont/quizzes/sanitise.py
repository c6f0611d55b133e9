"""Imported questions made safe and canonical before the bank stores them: displayed HTML
sanitised, defaults some formats leave out made explicit. No database."""

from amont.lib.markdown import sanitize_html
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.types import QUESTION_TYPES, QuestionType


def sanitise_html(html: str) -> str:
    """HTML from imported files, reduced to what the learner's pages show (no script,
    no style, no event handler, only http(s) and mailto links)."""
    return str(sanitize_html(html or ""))


_HTML_FIELDS = ("text", "general_feedback")


def sanitise_question(question: NeutralQuestion) -> NeutralQuestion:
    """An imported question whose texts are HTML, with every displayed text sanitised
    (accepted answers of short answers and gaps are compared, not displayed: kept)."""
    if question.get("text_format") != "html":
        return question
    clean = dict(question)
    for key in _HTML_FIELDS:
        if isinstance(clean.get(key), str):
            clean[key] = sanitise_html(clean[key])
    entry = _entry(clean)
    displayed = entry is not None and entry.shows_answer_texts

    def answers(items: object, texts: bool) -> list:
        result = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                item = dict(item)
                if isinstance(item.get("feedback"), str):
                    item["feedback"] = sanitise_html(item["feedback"])
                if texts and isinstance(item.get("text"), str):
                    item["text"] = sanitise_html(item["text"])
            result.append(item)
        return result

    if "answers" in clean:
        clean["answers"] = answers(clean["answers"], displayed)
    if isinstance(clean.get("pairs"), list):
        clean["pairs"] = [
            {k: sanitise_html(v) if isinstance(v, str) else v for k, v in pair.items()}
            if isinstance(pair, dict)
            else pair
            for pair in clean["pairs"]
        ]
    if isinstance(clean.get("items"), list):
        clean["items"] = [sanitise_html(i) if isinstance(i, str) else i for i in clean["items"]]
    if isinstance(clean.get("gaps"), list):
        clean["gaps"] = [
            {**gap, "answers": answers(gap.get("answers"), gap.get("kind") == "choice")}
            if isinstance(gap, dict)
            else gap
            for gap in clean["gaps"]
        ]
    return clean


def _entry(question: NeutralQuestion) -> QuestionType | None:
    kind = question.get("type")
    return QUESTION_TYPES.get(kind) if isinstance(kind, str) else None


def canonical_question(question: NeutralQuestion) -> NeutralQuestion:
    """A parsed question as the bank stores it: displayed HTML sanitised, and defaults
    that some formats write and others leave out made explicit (shuffle, case and
    accents, each type's own in its `canonical()`), so that a question exported and
    imported again is stored the same."""
    question = sanitise_question(question)
    entry = _entry(question)
    if entry is None:
        return question
    if entry.shuffled_by_default and "shuffle" not in question:
        question = {**question, "shuffle": True}
    return entry.canonical(question)
