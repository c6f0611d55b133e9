"""Moodle GIFT: `parse_gift(text) -> ParseResult` and `write_gift(questions) -> (text, skipped)`.

Written from Moodle's documentation ("GIFT format") and the behaviour of Moodle's own
importer (qformat_gift), on the neutral shape of `amont.quizzes.formats`. Pure: no
database, standard library only.

Reading
-------
Questions are separated by blank lines; a line whose first non-blank characters are `//`
is a comment (it does not end the question). `// [tag:x]` in a question's comments gives
a tag (Moodle 3.6+; `[id:…]` is ignored). `$CATEGORY: path` sets the category of the
questions that follow. `::title::` names a question; `[markdown]`, `[html]`, `[plain]`
or `[moodle]` before a text gives its format. Escapes: `\\~ \\= \\# \\{ \\} \\: \\\\` and
`\\n` (a line break); any other backslash is kept as it is (LaTeX). A file may have a
byte-order mark and CRLF or CR line ends.

GIFT construct -> neutral type:

- `{}` (optionally `{####general feedback}`) -> open_text (Moodle's essay).
- `{T}` `{TRUE}` `{F}` `{FALSE}` (any case) with `#wrong feedback#right feedback` ->
  true_false; the first feedback goes to the wrong answer, the second to the right one.
- `{#…}` -> numeric: `value:tolerance`, `min..max` (turned into the middle value and
  half the width), several `=%w%value:tolerance#feedback` answers, `~#feedback` for any
  other answer (a catch-all answer `{"text": "*", "fraction": 0.0}` without value, as
  the grading expects). A single decimal comma is read as a decimal point ("3,14").
- An answer block with `~` -> a choice. One `=` answer -> single_choice (other answers
  may carry partial or negative `%w%` weights, but only one may give full marks).
  Several `=` answers, or none (only `~` and `~%w%`, Moodle's checkboxes) ->
  multiple_choice: unweighted `=` answers share the credit (1/n each) when no other
  answer has a positive weight; otherwise the positive weights must add up to 100%.
- `=` answers and `->` -> matching; `= -> extra` adds a distractor right (left "").
- Otherwise `=` answers (or a bare `{answer}`) -> short_answer with `%w%` weights.
- Text after the answer block (Moodle's "missing word") -> cloze with one gap marked
  `{{1}}`: kind "choice", "short_answer" or "numeric". For true/false, matching and
  essay in the middle of a sentence, Moodle's `_____` replaces the block instead.
- No answer block at all (Moodle's description) -> not imported: an error entry.

Texts, answers and feedback are trimmed, as Moodle does. A text with no format or
`[moodle]` is read as Markdown (Moodle's auto-format is plain text with line breaks and
some HTML, which Markdown renders nearly alike). `[html]` texts are returned as they are:
the import must sanitise them. Weights become fractions rounded to 7 decimals (as Moodle
stores them). A category `$course$/top/A/B` (any `$context$` prefix, then Moodle's
`top`) becomes "A/B": segments are trimmed and empty ones dropped.

Every question carries type, title, text, text_format, general_feedback, category, tags
and line; GIFT has no default grade, shuffle flag nor case sensitivity, so those keys are
absent (their defaults apply). A malformed question becomes an error entry with its line
and the others still parse; a whole file beyond MAX_BYTES or MAX_QUESTIONS raises
FormatError; a question or gap with more than MAX_ANSWERS answers is an error. The
reader scans each question a bounded number of times, with regular expressions whose
backtracking is at most linear, so hostile files stay linear (a few seconds at worst
for 5 MB of pathological text).

Writing
-------
`write_gift` writes every question GIFT can express (see `_answer_block`), with a
`$CATEGORY:` line whenever the category changes, a `// [tag:…]` comment for tags, the
title, the text format and escaped texts. It returns the text and the questions it had
to skip: ordering questions, cloze questions with more than one gap, short answers whose
answers or feedback contain `->` (Moodle would read a matching question), matching lefts
with `->`, numeric catch-alls with a non-zero fraction. It silently drops what GIFT
cannot carry: default_grade, shuffle, case_sensitive and accent_sensitive. A cloze whose
only gap ends the text cannot stay a cloze (GIFT reads it as an ordinary question).

For the questions it writes, `parse_gift(write_gift(qs)[0])["questions"]` equals `qs`
apart from "line", provided texts are trimmed and non-empty, categories are normalised
as above, tags are trimmed and unique, fractions have at most 7 decimals and numeric
answers' "text" is `number_text(value)`.
"""

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from amont.quizzes.formats import (
    MAX_BYTES,
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
    ParseError,
    ParseResult,
)

# Answers in one question or gap; beyond, a 5 MB file could build millions of answers.
MAX_ANSWERS = 200

_FORMATS = {"markdown": "markdown", "moodle": "markdown", "html": "html", "plain": "plain"}
_FORMAT_TAG = re.compile(r"\[(markdown|moodle|html|plain)\]")
_SPECIALS = "~=#{}:"
# Decoding: an escape gives its character; `\n` a line break. Other backslashes stay.
_ESCAPE = re.compile(r"\\([~=#{}:\\n])")
# The mask has the same length as the decoded text: each unescaped special character
# and each real line break is kept, everything else (escapes included) becomes NUL.
_MASK = re.compile(r"\\[~=#{}:\\n]|[^~=#{}:\n]")
_WEIGHT = re.compile(r"%(-?[0-9]+(?:\.[0-9]+)?)%")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]])*)\]")
_CONTEXT = re.compile(r"\$[a-z0-9]+\$")
_GAP_MARKER = re.compile(r"\{\{[0-9]+\}\}")
_MARKERS = {chars: re.compile(f"[{re.escape(chars)}]") for chars in ("~=", "=")}
_TRUE = frozenset({"T", "TRUE"})
_FALSE = frozenset({"F", "FALSE"})
_BLANK = "_____"
_SUM_SLACK = 0.01  # positive weights may add up to 99.99…%, as grading allows
_FULL = 1.0 - 1e-6  # a fraction at or above this gives full marks, as in grading


# Source text -------------------------------------------------------------------------


def source_text(data: str | bytes) -> str:
    """The text of an uploaded file: size checked (FormatError beyond MAX_BYTES), bytes
    decoded as UTF-8 (FormatError otherwise), byte-order mark removed, line ends turned
    into "\\n". Shared by the text formats (GIFT, Aiken)."""
    too_big = FormatError(
        _("The file is too big: %(max)d MB at most.") % {"max": MAX_BYTES // (1024 * 1024)}
    )
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > MAX_BYTES:
            raise too_big
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError(_("The file is not UTF-8 text.")) from None
    else:
        text = data
        if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise too_big
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def too_many_questions() -> FormatError:
    return FormatError(
        _("The file holds more than %(max)d questions: split it.") % {"max": MAX_QUESTIONS}
    )


def number_text(value: float) -> str:
    """How a number is written: "1822" for 1822.0, otherwise Python's shortest form
    ("3.14", "1e-05"), which reads back to the same float."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _excerpt(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


# Reading: blocks ---------------------------------------------------------------------


@dataclass
class _Block:
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    comments: list[str] = field(default_factory=list)


def _category(raw: str) -> str:
    path = raw.strip()
    context = _CONTEXT.match(path)
    segments = [part.strip() for part in path[context.end() if context else 0 :].split("/")]
    segments = [part for part in segments if part]
    if context and segments and segments[0] == "top":
        segments = segments[1:]
    return "/".join(segments)


def _read_blocks(source: str) -> list[str | _Block]:
    """The file as a list of category paths (str) and question blocks, in order."""
    items: list[str | _Block] = []
    block = _Block()

    def close() -> None:
        nonlocal block
        first = block.lines[0][1].strip() if block.lines else ""
        if first.startswith("$CATEGORY:"):
            items.append(_category(first.removeprefix("$CATEGORY:")))
            block.lines.pop(0)
        if block.lines:
            items.append(block)
        block = _Block()

    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            close()
        elif stripped.startswith("//"):
            block.comments.append(stripped)
        else:
            block.lines.append((number, line))
    close()
    return items


# Reading: decoded text with its mask -------------------------------------------------


class _Bad(Exception):
    """A question that cannot be imported: its line and why."""

    def __init__(self, line: int, message: str, *, skipped: bool = False):
        super().__init__(message)
        self.line = line
        self.message = message
        self.skipped = skipped  # well formed, but not a question: does not block the file


@dataclass(frozen=True)
class _Span:
    """A piece of a question: decoded text `s`, mask `m` (same length; see _MASK) and
    the offset of s[0] in the whole question, for line numbers."""

    s: str
    m: str
    base: int

    def sub(self, start: int, end: int | None = None) -> "_Span":
        end = len(self.s) if end is None else end
        return _Span(self.s[start:end], self.m[start:end], self.base + start)

    def strip(self) -> "_Span":
        left = len(self.s) - len(self.s.lstrip())
        return self.sub(left, left + len(self.s[left:].rstrip()))

    def split(self, chars: str) -> tuple["_Span", list[tuple[str, "_Span"]]]:
        """The text before the first unescaped marker among `chars`, then a (marker,
        segment) pair per marker."""
        cuts = [match.start() for match in _MARKERS[chars].finditer(self.m)]
        if not cuts:
            return self, []
        ends = [*cuts[1:], len(self.s)]
        segments = [
            (self.m[cut], self.sub(cut + 1, end)) for cut, end in zip(cuts, ends, strict=True)
        ]
        return self.sub(0, cuts[0]), segments


@dataclass(frozen=True)
class _Question:
    whole: _Span
    linenos: list[int]

    def line(self, offset: int) -> int:
        index = self.whole.m.count("\n", 0, max(offset, 0))
        return self.linenos[min(index, len(self.linenos) - 1)]


def _rich(text: str) -> str:
    """An answer or feedback text: trimmed, without its format tag (Moodle ignores a
    per-answer format on import, and so do we)."""
    text = text.strip()
    tag = _FORMAT_TAG.match(text)
    return text[tag.end() :].strip() if tag else text


def _question_text(text: str) -> tuple[str, str]:
    text = text.strip()
    tag = _FORMAT_TAG.match(text)
    if not tag:
        return text, "markdown"
    return text[tag.end() :].strip(), _FORMATS[tag.group(1)]


def _fraction(percent: str, line: int) -> float:
    fraction = float(percent) / 100
    if not -1.0 <= fraction <= 1.0:
        raise _Bad(
            line,
            _("The weight %(weight)s%% is outside -100%%…100%%.") % {"weight": percent},
        )
    return round(fraction, 7)


def _number(text: str, line: int) -> Decimal:
    """A number as written ("3.14", "3,14", "-1e3"), exact, so that ranges halve without
    float noise; _Bad when it is not one or beyond float's range."""
    raw = text.strip()
    if raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if _NUMBER.fullmatch(raw) and math.isfinite(float(raw)):
        return Decimal(raw)
    raise _Bad(line, _("“%(text)s” is not a number.") % {"text": _excerpt(text)})


@dataclass
class _Answer:
    marker: str  # "=", "~" or "" (a numeric or short answer without marker)
    weight: float | None  # from %w%, None when absent
    text: str
    feedback: str
    line: int


def _answer(question: _Question, marker: str, segment: _Span) -> _Answer:
    segment = segment.strip()
    line = question.line(segment.base)
    weight = None
    match = _WEIGHT.match(segment.s)
    if match:
        weight = _fraction(match.group(1), line)
        segment = segment.sub(match.end())
    feedback = ""
    sharp = segment.m.find("#")
    if sharp != -1:
        feedback = _rich(segment.s[sharp + 1 :])
        segment = segment.sub(0, sharp)
    return _Answer(marker, weight, _rich(segment.s), feedback, line)


def _check_count(question: _Question, block: _Span, chars: str) -> None:
    if sum(block.m.count(char) for char in chars) > MAX_ANSWERS:
        raise _Bad(
            question.line(block.base),
            _("Too many answers: %(max)d at most.") % {"max": MAX_ANSWERS},
        )


def _answers(question: _Question, block: _Span, chars: str) -> list[_Answer]:
    _check_count(question, block, chars)
    lead, segments = block.split(chars)
    if lead.s.strip():
        raise _Bad(
            question.line(lead.base),
            _("“%(text)s” comes before the first answer: start each answer with %(markers)s.")
            % {"text": _excerpt(lead.s), "markers": " or ".join(chars)},
        )
    answers = [_answer(question, marker, segment) for marker, segment in segments]
    for answer in answers:
        if not answer.text:
            raise _Bad(answer.line, _("An answer is empty."))
    return answers


# Reading: answer blocks --------------------------------------------------------------


def _entry(answer: _Answer, fraction: float) -> dict[str, Any]:
    return {"text": answer.text, "fraction": fraction, "feedback": answer.feedback}


def _choice(question: _Question, block: _Span, gap: bool) -> tuple[str, list[dict[str, Any]]]:
    answers = _answers(question, block, "~=")
    line = question.line(block.base)
    if len(answers) < 2:
        raise _Bad(line, _("A multiple-choice question needs at least two answers."))
    default = {"=": 1.0, "~": 0.0}
    entries = [_entry(a, a.weight if a.weight is not None else default[a.marker]) for a in answers]
    rights = [a for a in answers if a.marker == "="]
    full = sum(1 for entry in entries if entry["fraction"] >= _FULL)
    if gap or len(rights) == 1:
        if full != 1:
            raise _Bad(
                line,
                _("Exactly one answer must be right (= or %%100%%); %(count)d are.")
                % {"count": full},
            )
        return "single_choice", entries
    others_positive = any(
        e["fraction"] > 0 for a, e in zip(answers, entries, strict=True) if a.marker != "="
    )
    if len(rights) > 1 and all(a.weight is None for a in rights) and not others_positive:
        share = round(1 / len(rights), 7)
        for answer, entry in zip(answers, entries, strict=True):
            if answer.marker == "=":
                entry["fraction"] = share
    total = math.fsum(entry["fraction"] for entry in entries if entry["fraction"] > 0)
    if total == 0:
        raise _Bad(line, _("No answer is right: mark one with = or give weights ~%%50%%.") % {})
    if abs(total - 1.0) > _SUM_SLACK + 1e-9:
        raise _Bad(
            line,
            _("The positive weights add up to %(total)s%%, not 100%%.")
            % {"total": _percent(total)},
        )
    return "multiple_choice", entries


def _accepted(question: _Question, answers: list[_Answer], line: int) -> list[dict[str, Any]]:
    entries = []
    for answer in answers:
        fraction = 1.0 if answer.weight is None else answer.weight
        if fraction < 0:
            raise _Bad(answer.line, _("Only choices may have a negative weight."))
        entries.append(_entry(answer, fraction))
    if not any(entry["fraction"] >= _FULL for entry in entries):
        raise _Bad(line, _("No answer gives full marks (= or %%100%%).") % {})
    return entries


def _short_answer(question: _Question, block: _Span) -> list[dict[str, Any]]:
    line = question.line(block.base)
    if "=" in block.m:
        answers = _answers(question, block, "=")
    else:  # {no one}: Moodle reads a bare answer as the accepted one
        answers = [_answer(question, "", block)]
        if not answers[0].text:
            raise _Bad(line, _("An answer is empty."))
    return _accepted(question, answers, line)


def _numeric_value(answer: _Answer) -> tuple[float, float]:
    spec = answer.text
    dots = spec.find("..", 1)
    if dots > 0:
        low, high = _number(spec[:dots], answer.line), _number(spec[dots + 2 :], answer.line)
        if low > high:
            raise _Bad(
                answer.line,
                _("The range %(range)s goes down: write the smaller number first.")
                % {"range": _excerpt(spec)},
            )
        middle, half = (low + high) / 2, (high - low) / 2
    elif (colon := spec.find(":", 1)) > 0:
        middle, half = _number(spec[:colon], answer.line), _number(spec[colon + 1 :], answer.line)
    else:
        middle, half = _number(spec, answer.line), Decimal(0)
    value, tolerance = float(middle), float(half)
    if not (math.isfinite(value) and math.isfinite(tolerance)):
        raise _Bad(answer.line, _("“%(text)s” is not a number.") % {"text": _excerpt(spec)})
    if tolerance < 0:
        raise _Bad(answer.line, _("A tolerance cannot be negative."))
    return value, tolerance


def _numeric(question: _Question, block: _Span) -> list[dict[str, Any]]:
    line = question.line(block.base)
    block = block.sub(1)  # the leading "#"
    catch_all = None
    tilde = block.m.find("~")
    if tilde != -1:  # Moodle's "~#feedback": the feedback for any other answer
        rest = block.sub(tilde + 1)
        sharp = rest.m.find("#")
        feedback = _rich(rest.s[sharp + 1 :]) if sharp != -1 else ""
        catch_all = {"text": "*", "fraction": 0.0, "feedback": feedback}
        block = block.sub(0, tilde)
    block = block.strip()
    if not block.s:
        raise _Bad(line, _("A numerical question needs at least one answer."))
    single = "=" not in block.m  # {#1822:5}: one answer without marker
    answers = [_answer(question, "", block)] if single else _answers(question, block, "=")
    entries = _accepted(question, answers, line)
    for answer, entry in zip(answers, entries, strict=True):
        value, tolerance = _numeric_value(answer)
        entry.update(text=number_text(value), value=value, tolerance=tolerance)
    return [*entries, catch_all] if catch_all else entries


def _matching(question: _Question, block: _Span) -> list[dict[str, Any]]:
    _check_count(question, block, "=")
    lead, segments = block.split("=")
    if lead.s.strip():
        raise _Bad(
            question.line(lead.base),
            _("“%(text)s” comes before the first pair: start each pair with =.")
            % {"text": _excerpt(lead.s)},
        )
    pairs = []
    for _marker, segment in segments:
        segment = segment.strip()
        line = question.line(segment.base)
        arrow = segment.s.find("->")
        if arrow == -1:
            raise _Bad(
                line,
                _("The pair “%(text)s” has no “->”: write =left -> right.")
                % {"text": _excerpt(segment.s)},
            )
        right = segment.s[arrow + 2 :].strip()
        if not right:
            raise _Bad(line, _("A pair has nothing after “->”."))
        pairs.append({"left": _rich(segment.s[:arrow]), "right": right})
    if sum(1 for pair in pairs if pair["left"]) < 2:
        raise _Bad(
            question.line(block.base),
            _("A matching question needs at least two pairs with a left side."),
        )
    return pairs


def _true_false(block: _Span) -> list[dict[str, Any]] | None:
    """The true/false answers when the block is T, TRUE, F or FALSE (any case) with
    optional #wrong#right feedback; None otherwise."""
    first = block.m.find("#")
    head = (block.s if first == -1 else block.s[:first]).strip().upper()
    if head not in _TRUE | _FALSE:
        return None
    feedback = ["", ""]
    if first != -1:
        second = block.m.find("#", first + 1)
        if second == -1:
            feedback[0] = _rich(block.s[first + 1 :])
        else:
            feedback = [_rich(block.s[first + 1 : second]), _rich(block.s[second + 1 :])]
    wrong, right = feedback
    is_true = head in _TRUE
    return [
        {
            "text": "true",
            "fraction": 1.0 if is_true else 0.0,
            "feedback": right if is_true else wrong,
        },
        {
            "text": "false",
            "fraction": 0.0 if is_true else 1.0,
            "feedback": wrong if is_true else right,
        },
    ]


def _parse_block(block: _Block, category: str) -> NeutralQuestion:
    raw = "\n".join(text for _number, text in block.lines)
    # A callback per escape only when some escape may be \n (a template is much faster).
    decoded = _ESCAPE.sub(_unescape if "\\n" in raw else r"\1", raw)
    mask = _MASK.sub("\0", raw)
    question = _Question(_Span(decoded, mask, 0), [number for number, _text in block.lines])
    body = question.whole.strip()
    line = question.line(body.base)

    title = ""
    if body.m.startswith("::"):
        end = body.m.find("::", 2)
        if end == -1:
            raise _Bad(line, _("The title is not closed: add “::” after it."))
        title = body.s[2:end].strip()
        body = body.sub(end + 2)

    opening, closing = body.m.find("{"), body.m.find("}")
    if opening == -1 and closing == -1:
        raise _Bad(
            line,
            _("Description (no answer block {…}): not a question, not imported."),
            skipped=True,
        )
    if opening == -1 or -1 < closing < opening:
        raise _Bad(
            question.line(body.base + closing),
            _("“}” without “{” before it; write \\} for a brace in a text."),
        )
    if closing == -1:
        raise _Bad(
            question.line(body.base + opening),
            _("The answer block opened here with “{” is not closed with “}”."),
        )
    nested = body.m.find("{", opening + 1, closing)
    if nested != -1:
        raise _Bad(
            question.line(body.base + nested),
            _("“{” inside an answer block; write \\{ for a brace in a text."),
        )
    extra = [i for i in (body.m.find("{", closing + 1), body.m.find("}", closing + 1)) if i != -1]
    if extra:
        raise _Bad(
            question.line(body.base + min(extra)),
            _("Only one answer block {…} per question; write \\{ and \\} for braces in a text."),
        )

    before, after = body.s[:opening], body.s[closing + 1 :]
    block_span = body.sub(opening + 1, closing).strip()
    general_feedback = ""
    fourfold = block_span.m.rfind("####")
    if fourfold != -1:
        general_feedback = _rich(block_span.s[fourfold + 4 :])
        block_span = block_span.sub(0, fourfold).strip()
    gap = bool(after.strip())

    payload: dict[str, Any]
    gap_kind = None
    if not block_span.s:
        kind, payload = "open_text", {}
    elif block_span.m[0] == "#":
        kind, gap_kind = "numeric", "numeric"
        payload = {"answers": _numeric(question, block_span)}
    elif "~" in block_span.m:
        kind, answers = _choice(question, block_span, gap)
        gap_kind, payload = "choice", {"answers": answers}
    elif "=" in block_span.m and "->" in block_span.s:
        kind, payload = "matching", {"pairs": _matching(question, block_span)}
    elif (true_false := _true_false(block_span)) is not None:
        kind, payload = "true_false", {"answers": true_false}
    else:
        kind, gap_kind = "short_answer", "short_answer"
        payload = {"answers": _short_answer(question, block_span)}

    if gap and gap_kind:
        if _GAP_MARKER.search(before) or _GAP_MARKER.search(after):
            raise _Bad(line, _("The text holds “{{n}}”, which marks gaps: write it otherwise."))
        kind, payload = "cloze", {"gaps": [{"kind": gap_kind, **payload}]}
        text, text_format = _question_text(before + "{{1}}" + after)
    else:
        text, text_format = _question_text(before + (_BLANK if gap else "") + after)
    if not text:
        raise _Bad(line, _("The question has no text."))

    tags: list[str] = []
    for comment in block.comments:
        for match in _TAG.finditer(comment):
            tag = match.group(1).replace("\\]", "]").strip()
            if tag and tag not in tags:
                tags.append(tag)
    return {
        "type": kind,
        "title": title,
        "text": text,
        "text_format": text_format,
        "general_feedback": general_feedback,
        "category": category,
        "tags": tags,
        "line": line,
        **payload,
    }


def _unescape(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char == "n" else char


def parse_gift(text: str | bytes) -> ParseResult:
    """The questions of a GIFT file and, per question not imported, its line and why.
    Raises FormatError when the file is beyond MAX_BYTES or MAX_QUESTIONS, or is bytes
    that are not UTF-8."""
    items = _read_blocks(source_text(text))
    if sum(1 for item in items if isinstance(item, _Block)) > MAX_QUESTIONS:
        raise too_many_questions()
    questions: list[NeutralQuestion] = []
    errors: list[ParseError] = []
    category = ""
    for item in items:
        if isinstance(item, str):
            category = item
            continue
        try:
            questions.append(_parse_block(item, category))
        except _Bad as bad:
            error: ParseError = {"line": bad.line, "message": bad.message}
            if bad.skipped:
                error["skipped"] = True
            errors.append(error)
    return {"questions": questions, "errors": errors}


# Writing -----------------------------------------------------------------------------

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)


def _escape(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_ESCAPES)


def _escape_rich(text: str, text_format: str) -> str:
    """An answer or feedback text: escaped, and behind a format tag when it starts with
    something the reader would take for one."""
    tag = f"[{text_format}]" if _FORMAT_TAG.match(text) else ""
    return tag + _escape(text)


def _percent(fraction: float) -> str:
    value = round(fraction * 100, 5)
    if value.is_integer():
        return str(int(value))
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _weight(fraction: float, default: float, text: str) -> str:
    """`%w%`, unless the fraction is the marker's default; always when the text starts
    with % (otherwise "%50%" in a text would read as a weight)."""
    if fraction == default and not text.startswith("%"):
        return ""
    return f"%{_percent(fraction)}%"


def _feedback(answer: dict[str, Any], text_format: str) -> str:
    feedback = str(answer.get("feedback") or "")
    return "#" + _escape_rich(feedback, text_format) if feedback else ""


def _fraction_of(answer: dict[str, Any]) -> float:
    return float(answer.get("fraction") or 0.0)


def _choice_items(answers: list[Any], text_format: str, single: bool) -> list[str]:
    items, marked = [], False
    for answer in answers:
        fraction, text = _fraction_of(answer), str(answer.get("text") or "")
        if single and fraction >= _FULL and not marked:
            marker, default, marked = "=", 1.0, True
        else:
            marker, default = "~", 0.0
        items.append(
            f"{marker}{_weight(fraction, default, text)}{_escape_rich(text, text_format)}"
            f"{_feedback(answer, text_format)}"
        )
    return items


def _accepted_items(answers: list[Any], text_format: str) -> list[str] | None:
    items = []
    for answer in answers:
        text, feedback = str(answer.get("text") or ""), str(answer.get("feedback") or "")
        if "->" in text or "->" in feedback:
            return None  # Moodle would read a matching question
        items.append(
            f"={_weight(_fraction_of(answer), 1.0, text)}{_escape_rich(text, text_format)}"
            f"{_feedback(answer, text_format)}"
        )
    return items


def _numeric_items(answers: list[Any], text_format: str) -> list[str] | None:
    """`=%w%value:tolerance#feedback` items, the catch-all `~#feedback` last; a single
    full-marks answer without feedback is just `value:tolerance`."""
    items: list[str] = []
    catch_all: list[str] = []
    for answer in answers:
        value, tolerance = answer.get("value"), answer.get("tolerance", 0.0)
        if value is None and str(answer.get("text", "")).strip() == "*":
            if _fraction_of(answer) != 0.0 or catch_all:
                return None  # GIFT's catch-all always scores 0
            catch_all.append("~#" + _escape_rich(str(answer.get("feedback") or ""), text_format))
            continue
        try:
            value, tolerance = float(value), float(tolerance or 0.0)
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(value) and math.isfinite(tolerance)) or tolerance < 0:
            return None
        items.append(
            f"={_weight(_fraction_of(answer), 1.0, '')}"
            f"{number_text(value)}:{number_text(tolerance)}{_feedback(answer, text_format)}"
        )
    if not items:
        return None
    if len(items) == 1 and not catch_all and items[0].startswith("=") and "#" not in items[0]:
        return [items[0][1:]]
    return items + catch_all


def _matching_items(pairs: list[Any], text_format: str) -> list[str] | None:
    items = []
    for pair in pairs:
        left, right = str(pair.get("left") or ""), str(pair.get("right") or "")
        if "->" in left:
            return None  # the reader splits a pair at its first "->"
        items.append(f"={_escape_rich(left, text_format)} -> {_escape(right)}")
    return items


def _gap_items(gap: dict[str, Any], text_format: str) -> tuple[str, list[str] | None]:
    answers = list(gap.get("answers") or [])
    kind = gap.get("kind")
    if kind == "choice":
        return "{", _choice_items(answers, text_format, single=True)
    if kind == "short_answer":
        return "{", _accepted_items(answers, text_format)
    if kind == "numeric":
        return "{#", _numeric_items(answers, text_format)
    return "{", None


def _true_false_opening(answers: list[Any], text_format: str) -> str | None:
    by_text = {
        str(answer.get("text") or "").strip().lower(): answer
        for answer in answers
        if isinstance(answer, dict)
    }
    if set(by_text) != {"true", "false"}:
        return None
    is_true = _fraction_of(by_text["true"]) >= _fraction_of(by_text["false"])
    right, wrong = (by_text["true"], by_text["false"])[:: 1 if is_true else -1]
    right_feedback = _escape_rich(str(right.get("feedback") or ""), text_format)
    wrong_feedback = _escape_rich(str(wrong.get("feedback") or ""), text_format)
    opening = "{TRUE" if is_true else "{FALSE"
    if wrong_feedback or right_feedback:
        opening += "#" + wrong_feedback
    if right_feedback:
        opening += "#" + right_feedback
    return opening


def _answer_block(question: NeutralQuestion, text_format: str) -> tuple[str, str, str] | None:
    """(text before the block, the block, text after it), None when GIFT cannot say it."""
    kind = question.get("type")
    text = str(question.get("text") or "")
    answers = list(question.get("answers") or [])
    before, after, inline = text, "", False
    items: list[str] | None = []
    opening: str | None = "{"
    if kind in ("single_choice", "multiple_choice"):
        items = _choice_items(answers, text_format, single=kind == "single_choice")
    elif kind == "short_answer":
        items = _accepted_items(answers, text_format)
    elif kind == "numeric":
        opening, items = "{#", _numeric_items(answers, text_format)
        inline = items is not None and len(items) == 1 and not items[0].startswith("=")
    elif kind == "matching":
        items = _matching_items(list(question.get("pairs") or []), text_format)
    elif kind == "true_false":
        opening, inline = _true_false_opening(answers, text_format), True
    elif kind == "open_text":
        inline = True
    elif kind == "cloze":
        gaps = list(question.get("gaps") or [])
        if len(gaps) != 1 or not isinstance(gaps[0], dict) or text.count("{{1}}") != 1:
            return None
        before, after = text.split("{{1}}")
        if _GAP_MARKER.search(before) or _GAP_MARKER.search(after):
            return None
        (opening, items), inline = _gap_items(gaps[0], text_format), True
    else:  # ordering, and anything unknown
        return None
    if opening is None or items is None:
        return None

    general_feedback = str(question.get("general_feedback") or "")
    if general_feedback:
        items = [*items, "####" + _escape_rich(general_feedback, text_format)]
    if inline:
        block = opening + " ".join(items) + "}"
    else:
        block = opening + "".join(f"\n\t{item}" for item in items) + "\n}"
    return before, block, after


def _write_question(question: NeutralQuestion) -> str | None:
    """The GIFT of one question, or None when GIFT cannot express it."""
    text_format = question.get("text_format") or "markdown"
    if text_format not in ("markdown", "html", "plain"):
        text_format = "markdown"
    parts = _answer_block(question, text_format)
    if parts is None:
        return None
    before, block, after = parts
    lines = []
    tags = [" ".join(str(tag).split()) for tag in question.get("tags") or []]
    if any(tags):
        lines.append("// " + " ".join(f"[tag:{_tag(tag)}]" for tag in tags if tag))
    title = str(question.get("title") or "")
    head = f"::{_escape(title)}::" if title else ""
    lines.append(f"{head}[{text_format}]{_escape(before)}{block}{_escape(after)}")
    return "\n".join(lines)


def _tag(tag: str) -> str:
    return tag.replace("]", "\\]")


def _normal_category(category: str) -> str:
    parts = (part.strip() for part in " ".join(category.split("\n")).split("/"))
    return "/".join(part for part in parts if part)


def write_gift(questions: list[NeutralQuestion]) -> tuple[str, list[NeutralQuestion]]:
    """The GIFT text of the questions GIFT can express, and the questions skipped."""
    chunks: list[str] = []
    skipped: list[NeutralQuestion] = []
    category = ""
    for question in questions:
        written = _write_question(question) if isinstance(question, dict) else None
        if written is None:
            skipped.append(question)
            continue
        wanted = _normal_category(str(question.get("category") or ""))
        if wanted != category:
            chunks.append(f"$CATEGORY: $course$/top/{wanted}".rstrip("/"))
            category = wanted
        chunks.append(written)
    return ("\n\n".join(chunks) + "\n" if chunks else ""), skipped
