"""Pure helpers of the question bank's editor, preview, import and export: no database.

- the compact syntax of cloze gaps (`parse_gap_lines`, `write_gap_lines`);
- percents ↔ fractions as trainers type them;
- rendering of question texts (Markdown, sanitised HTML, plain) and the learner's preview;
- sniffing the format of an uploaded file and dispatching to the parsers.
"""

import re
import zipfile
from collections.abc import Callable
from typing import Any

import nh3
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.lib.markdown import render_text, sanitize_html
from amont.quizzes.formats import (
    MAX_BYTES,
    FormatError,
    NeutralQuestion,
    ParseResult,
)
from amont.quizzes.formats.gift import number_text
from amont.quizzes.scoring import parse_number

# The formats a file can be imported from, and those the bank exports to.
IMPORT_FORMATS = {
    "gift": gettext_lazy("Moodle GIFT"),
    "aiken": gettext_lazy("Aiken"),
    "moodlexml": gettext_lazy("Moodle XML"),
    "qti": gettext_lazy("QTI 2.1 (item, XML or zip package)"),
}
EXPORT_FORMATS = {"gift": gettext_lazy("Moodle GIFT"), "qti": gettext_lazy("QTI 2.1")}

# What each type asks of learners, for the type picker of the editor.
TYPE_HELP = {
    "single_choice": gettext_lazy("One right option among several."),
    "multiple_choice": gettext_lazy("Several right options, with partial credit."),
    "true_false": gettext_lazy("A statement that is true or false."),
    "short_answer": gettext_lazy("A word or a few words; several answers may be accepted."),
    "numeric": gettext_lazy("A number, with a tolerance."),
    "matching": gettext_lazy("Pairs to match."),
    "ordering": gettext_lazy("Items to put in order."),
    "cloze": gettext_lazy("A text with gaps to fill."),
    "open_text": gettext_lazy("A free answer, read by the trainer."),
}

_FULL = 1.0 - 1e-6


# Percents ----------------------------------------------------------------------------


def percent_text(fraction: float) -> str:
    """A fraction as a percent a trainer reads: 1.0 → "100", 0.3333333 → "33.33333"."""
    text = f"{round(fraction * 100, 5):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def fraction_of(percent: float) -> float:
    """A percent as a neutral fraction, rounded to 7 decimals like Moodle stores them."""
    return round(percent / 100, 7)


# Cloze gaps: one line per gap --------------------------------------------------------

# The syntax is GIFT's answer syntax, one gap a line:
#   =Paris =Lutèce            a short answer gap: each "=" is an accepted answer
#   =gazeux ~liquide ~solide  a choice gap: one "=" right option, "~" wrong ones
#   #100:0.5                  a numeric gap: value:tolerance ("#=100:0 =%50%100:5" for more)
# "%50%" before an answer gives partial credit; "#text" after an answer is its feedback;
# "\=", "\~", "\#" and "\%" write the characters themselves.

_SPECIAL = "=~#%\\"
_WEIGHT = re.compile(r"%(-?[0-9]+(?:[.,][0-9]+)?)%")


class _Token:
    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.text: list[str] = []
        self.feedback: list[str] | None = None

    def add(self, char: str) -> None:
        (self.feedback if self.feedback is not None else self.text).append(char)


def _tokens(line: str, markers: str) -> tuple[str, list[_Token]]:
    """Split a line at unescaped markers; returns what comes before the first marker and
    the answers. Escaped characters are kept with a leading NUL so that weights and
    feedback separators can tell them apart."""
    lead: list[str] = []
    tokens: list[_Token] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line) and line[index + 1] in _SPECIAL:
            escaped = "\0" + line[index + 1]
            if tokens:
                tokens[-1].add(escaped)
            else:
                lead.append(escaped)
            index += 2
            continue
        if char in markers:
            tokens.append(_Token(char))
        elif char == "#" and tokens and tokens[-1].feedback is None:
            tokens[-1].feedback = []
        elif tokens:
            tokens[-1].add(char)
        else:
            lead.append(char)
        index += 1
    return "".join(lead), tokens


def _unescape(chars: list[str] | str) -> str:
    return "".join(chars).replace("\0", "").strip()


def _weight(text: str, default: float) -> tuple[float, str]:
    """(fraction, rest of the text) from an optional leading %weight%."""
    match = _WEIGHT.match(text.lstrip())
    if not match:
        return default, text
    percent = float(match.group(1).replace(",", "."))
    if not -100 <= percent <= 100:
        raise ValueError(_("A weight is a percent between -100 and 100."))
    return fraction_of(percent), text.lstrip()[match.end() :]


def _numeric_answer(text: str, fraction: float, feedback: str) -> dict:
    text = _unescape(text)
    if text == "*":
        return {"text": "*", "fraction": fraction, "feedback": feedback}
    raw_value, _colon, raw_tolerance = text.partition(":")
    value = parse_number(raw_value)
    tolerance = parse_number(raw_tolerance) if raw_tolerance.strip() else 0.0
    if value is None:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": raw_value.strip()[:40]})
    if tolerance is None or tolerance < 0:
        raise ValueError(_("The tolerance after “:” must be a number, zero or more."))
    return {
        "text": number_text(value),
        "fraction": fraction,
        "feedback": feedback,
        "value": value,
        "tolerance": tolerance,
    }


def _parse_gap(line: str) -> dict:
    stripped = line.strip()
    if stripped.startswith("#"):
        lead, tokens = _tokens(stripped[1:], "=")
        if tokens and lead.strip():
            raise ValueError(_("Write the numbers after “=” signs, or a single value:tolerance."))
        if not tokens:
            # "#100:0.5#feedback": one answer, its own feedback after the next "#".
            _lead, tokens = _tokens("=" + stripped[1:], "=")
        answers = []
        for token in tokens:
            fraction, text = _weight("".join(token.text), 1.0)
            answers.append(_numeric_answer(text, fraction, _unescape(token.feedback or [])))
        return {"kind": "numeric", "answers": answers}
    lead, tokens = _tokens(stripped, "=~")
    if lead.strip() or not tokens:
        raise ValueError(_("Start each answer with “=” (right) or “~” (wrong)."))
    kind = "choice" if any(token.marker == "~" for token in tokens) else "short_answer"
    answers = []
    for token in tokens:
        fraction, text = _weight("".join(token.text), 1.0 if token.marker == "=" else 0.0)
        answers.append(
            {
                "text": _unescape(text),
                "fraction": fraction,
                "feedback": _unescape(token.feedback or []),
            }
        )
    return {"kind": kind, "answers": answers}


def parse_gap_lines(text: str) -> tuple[list[dict], list[str]]:
    """The gaps written one a line (blank lines are skipped), and the problems found."""
    gaps: list[dict] = []
    problems: list[str] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        number = len(gaps) + 1
        try:
            gaps.append(_parse_gap(line))
        except ValueError as error:
            problems.append(_("Gap %(number)d: %(problem)s") % {"number": number, "problem": error})
            gaps.append({"kind": "short_answer", "answers": []})
    return gaps, problems


def _escape_gap(text: str) -> str:
    return "".join("\\" + char if char in _SPECIAL else char for char in str(text))


def _gap_answer(marker: str, answer: dict, default: float, body: str) -> str:
    fraction = float(answer.get("fraction", 0.0) or 0.0)
    weight = "" if abs(fraction - default) < 1e-9 else f"%{percent_text(fraction)}%"
    feedback = str(answer.get("feedback") or "")
    return marker + weight + body + (f"#{_escape_gap(feedback)}" if feedback else "")


def write_gap_lines(gaps: list[dict]) -> str:
    """The compact syntax of neutral gaps; parse_gap_lines reads it back."""
    lines = []
    for gap in gaps:
        answers = [a for a in gap.get("answers", []) if isinstance(a, dict)]
        kind = gap.get("kind")
        if kind == "numeric":
            parts = []
            for answer in answers:
                if parse_number(answer.get("value")) is None:
                    body = "*"
                else:
                    body = f"{number_text(float(answer['value']))}:" + number_text(
                        float(answer.get("tolerance", 0.0) or 0.0)
                    )
                parts.append(_gap_answer("=", answer, 1.0, body))
            if len(parts) == 1 and parts[0].startswith("=") and not parts[0].startswith("=%"):
                lines.append("#" + parts[0][1:])  # one right value: "#100:0.5"
            else:
                lines.append("#" + " ".join(parts))
        elif kind == "choice":
            lines.append(
                " ".join(
                    _gap_answer(
                        "=" if float(a.get("fraction", 0) or 0) >= _FULL else "~",
                        a,
                        1.0 if float(a.get("fraction", 0) or 0) >= _FULL else 0.0,
                        _escape_gap(a.get("text", "")),
                    )
                    for a in answers
                )
            )
        else:
            lines.append(
                " ".join(_gap_answer("=", a, 1.0, _escape_gap(a.get("text", ""))) for a in answers)
            )
    return "\n".join(lines)


# Rendering ---------------------------------------------------------------------------


def sanitise_html(html: str) -> str:
    """HTML from imported files, reduced to what the learner's pages show (no script,
    no style, no event handler, only http(s) and mailto links)."""
    return str(sanitize_html(html or ""))


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
        # keep them); grading reads the question's as a fallback, so moving them down
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


def excerpt(question: NeutralQuestion, size: int = 140) -> str:
    """A one-line plain text of the question for lists: its title, or its text."""
    text = str(question.get("title") or "") or str(question.get("text") or "")
    if question.get("text_format") == "html" or "<" in text:
        text = nh3.clean(text, tags=set())
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


# Preview: the question as a learner sees it, and its answer key for the trainer -------

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


def preview(question: NeutralQuestion) -> dict[str, Any]:
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


# Files: sniffing and parsing ---------------------------------------------------------

_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*:\s*[A-Za-z]\s*$", re.IGNORECASE | re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^\s*[A-Z][.)]\s+\S", re.MULTILINE)


def _looks_binary(data: bytes) -> bool:
    if b"\0" in data[:8192]:
        return True
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start < 65536 - 4
    return False


def _xml_root(data: bytes) -> str | None:
    """The local name of the first element of an XML document, skipping the prolog."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            return None
        if head.startswith(b"<?", start):
            position = head.find(b"?>", start) + 2
        elif head.startswith(b"<!--", start):
            position = head.find(b"-->", start) + 3
        elif head.startswith(b"<!", start):
            position = head.find(b">", start) + 1
        else:
            match = _XML_ROOT.match(head, start)
            return match.group(2).decode("ascii", "replace") if match else None
        if position <= 0:
            return None


def sniff_format(data: bytes) -> str | None:
    """The format an uploaded file holds, read from its content (never from its name):
    "qti" for a zip package or QTI XML, "moodlexml" for a <quiz>, "aiken" or "gift" for
    text; None when it is not text or nothing fits."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "qti"
    if _looks_binary(data):
        return None
    root = _xml_root(data)
    if root is not None:
        return "moodlexml" if root == "quiz" else "qti"
    text = data.decode("utf-8", "replace")
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text) and "{" not in text:
        return "aiken"
    if "{" in text and "}" in text:
        return "gift"
    if _AIKEN_ANSWER.search(text):
        return "aiken"
    return None


def _parser(fmt: str) -> Callable[[bytes], ParseResult]:
    # Imported here: the parsers are big and only the import needs them.
    if fmt == "gift":
        from amont.quizzes.formats.gift import parse_gift

        return parse_gift
    if fmt == "aiken":
        from amont.quizzes.formats.aiken import parse_aiken

        return parse_aiken
    if fmt == "moodlexml":
        from amont.quizzes.formats.moodlexml import parse_moodle_xml

        return parse_moodle_xml
    if fmt == "qti":
        from amont.quizzes.formats.qti import parse_qti

        return parse_qti
    raise ValueError(f"Unknown format: {fmt!r}")


_TEXT_FORMATS = ("gift", "aiken")


def parse_source(data: bytes, fmt: str = "auto") -> tuple[str, ParseResult]:
    """(format, parse result) of an uploaded or pasted file. Raises FormatError with a
    sentence for the trainer when the file is too big, not a question file, or not of
    the chosen format."""
    if len(data) > MAX_BYTES:
        raise FormatError(
            _("The file is too big: %(max)d MB at most.") % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FormatError(_("The file is empty."))
    sniffed = sniff_format(data)
    if fmt == "auto":
        if sniffed is None:
            raise FormatError(
                _(
                    "This file does not look like GIFT, Aiken, Moodle XML or QTI. "
                    "Choose its format, or check that it is a text, XML or zip file."
                )
            )
        fmt = sniffed
    elif sniffed is None and _looks_binary(data) and not data.startswith(b"PK"):
        raise FormatError(_("This is not a text, XML or zip file."))
    elif sniffed is not None and (sniffed in _TEXT_FORMATS) != (fmt in _TEXT_FORMATS):
        raise FormatError(
            _("This file looks like %(found)s, not %(chosen)s: choose its format again.")
            % {"found": IMPORT_FORMATS[sniffed], "chosen": IMPORT_FORMATS[fmt]}
        )
    if fmt == "moodlexml" and data.startswith(b"PK"):
        raise FormatError(_("A zip file cannot be Moodle XML."))
    try:
        result = _parser(fmt)(data)
    except FormatError:
        raise
    except (zipfile.BadZipFile, RecursionError, MemoryError, ValueError) as error:
        raise FormatError(
            _("The file could not be read: %(error)s") % {"error": str(error)[:200]}
        ) from error
    return fmt, result
