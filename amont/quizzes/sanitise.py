"""Imported questions made safe and canonical before the bank stores them: displayed HTML
sanitised, defaults some formats leave out made explicit. No database."""

from amont.lib.markdown import sanitize_html
from amont.quizzes.formats import NeutralQuestion


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
    displayed = clean.get("type") in ("single_choice", "multiple_choice")

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


_SHUFFLED = ("single_choice", "multiple_choice", "matching")


_TEXT_DEFAULTS = {"case_sensitive": False, "accent_sensitive": True}


def canonical_question(question: NeutralQuestion) -> NeutralQuestion:
    """A parsed question as the bank stores it: displayed HTML sanitised, and defaults
    that some formats write and others leave out made explicit (shuffle, case and
    accents), so that a
    question exported and imported again is stored the same."""
    question = sanitise_question(question)
    if question.get("type") in _SHUFFLED and "shuffle" not in question:
        question = {**question, "shuffle": True}
    if question.get("type") == "cloze" and isinstance(question.get("gaps"), list):
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
            {**_TEXT_DEFAULTS, **options, **gap}
            if isinstance(gap, dict) and gap.get("kind") == "short_answer"
            else gap
            for gap in question["gaps"]
        ]
    if question.get("type") == "short_answer":
        question = {**_TEXT_DEFAULTS, **question}
    return question
