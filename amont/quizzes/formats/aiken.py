"""Aiken: `parse_aiken(text) -> ParseResult`. Pure: no database, standard library only.

The format (Moodle's "Aiken format"): a question text, its options one a line (a capital
letter, then "." or ")", then a space and the option), and a line `ANSWER: X` giving the
right option's letter:

    Quelle est la capitale de la France ?
    A. Lyon
    B) Paris
    ANSWER: B

Each question becomes a single_choice question (text_format "plain", no title: Aiken has
none) whose right option has fraction 1.0 and the others 0.0. Blank lines are ignored.
Unlike Moodle, the text may span several lines (they are kept, joined by line breaks),
`Answer:` may be in any case and the letter in lower case. A question that cannot be
imported (no ANSWER line, an ANSWER letter among no option, fewer than two options, an
option before any text, a letter used twice) becomes an error with its line; the others
still parse. A file beyond MAX_BYTES or MAX_QUESTIONS raises FormatError.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from amont.quizzes.formats import MAX_QUESTIONS, NeutralQuestion, ParseError, ParseResult
from amont.quizzes.formats.gift import source_text, too_many_questions

_OPTION = re.compile(r"([A-Z])[.)](?:[ \t]+(.*))?")
_ANSWER = re.compile(r"answer[ \t]*:[ \t]*(.*)", re.IGNORECASE)


@dataclass
class _Draft:
    line: int  # where the question starts
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # letter, text, line


def _finish(draft: _Draft, answer: str, answer_line: int) -> NeutralQuestion:
    """The question, or ValueError(line, message) when it cannot be imported."""
    text = "\n".join(draft.text).strip()
    if not text:
        raise ValueError(draft.line, _("Options without a question text before them."))
    letters: list[str] = []
    for letter, _text, line in draft.options:
        if letter in letters:
            raise ValueError(line, _("The letter %(letter)s is used twice.") % {"letter": letter})
        letters.append(letter)
    if len(draft.options) < 2:
        raise ValueError(draft.line, _("A question needs at least two options (A. and B.)."))
    for _letter, option, line in draft.options:
        if not option:
            raise ValueError(line, _("An option is empty."))
    letter = answer.strip().upper()
    if len(letter) != 1 or not "A" <= letter <= "Z":
        raise ValueError(
            answer_line,
            _("“ANSWER:” must be followed by one letter, not “%(answer)s”.")
            % {"answer": answer.strip()[:20]},
        )
    if letter not in letters:
        raise ValueError(
            answer_line,
            _("The answer %(letter)s is none of the options (%(letters)s).")
            % {"letter": letter, "letters": ", ".join(letters)},
        )
    return {
        "type": "single_choice",
        "title": "",
        "text": text,
        "text_format": "plain",
        "general_feedback": "",
        "category": "",
        "tags": [],
        "line": draft.line,
        "answers": [
            {"text": option, "fraction": 1.0 if code == letter else 0.0, "feedback": ""}
            for code, option, _line in draft.options
        ],
    }


def parse_aiken(text: str | bytes) -> ParseResult:
    """The questions of an Aiken file and, per question not imported, its line and why.
    Raises FormatError when the file is beyond MAX_BYTES or MAX_QUESTIONS, or is bytes
    that are not UTF-8."""
    questions: list[NeutralQuestion] = []
    errors: list[ParseError] = []
    draft: _Draft | None = None
    count = 0

    def missing_answer(pending: _Draft) -> None:
        errors.append(
            {
                "line": pending.line,
                "message": _("This question has no “ANSWER:” line after its options."),
            }
        )

    for number, raw in enumerate(source_text(text).split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.fullmatch(line)
        option = None if answer else _OPTION.fullmatch(line)
        if answer:
            if draft is None:
                errors.append(
                    {"line": number, "message": _("“ANSWER:” without a question before it.")}
                )
                continue
            try:
                questions.append(_finish(draft, answer.group(1), number))
            except ValueError as bad:
                errors.append({"line": bad.args[0], "message": bad.args[1]})
            draft = None
        elif option:
            if draft is None:
                draft = _Draft(line=number)
                count += 1
            draft.options.append((option.group(1), (option.group(2) or "").strip(), number))
        else:
            if draft is not None and draft.options:  # a new question: the last one had no ANSWER
                missing_answer(draft)
                draft = None
            if draft is None:
                draft = _Draft(line=number)
                count += 1
            draft.text.append(line)
        if count > MAX_QUESTIONS:
            raise too_many_questions()
    if draft is not None:
        missing_answer(draft)
    return {"questions": questions, "errors": errors}
