"""Moodle XML import (docs.moodle.org, "Moodle XML format") → neutral questions.

`parse_moodle_xml(data)` reads a `<quiz>` of `<question type="…">` elements:

- multichoice → single_choice (`<single>true`) or multiple_choice; multichoiceset →
  multiple_choice (the right answers share the marks equally, with a warning: Moodle's
  all-or-nothing rule is not kept); truefalse; shortanswer (`<usecase>` → case_sensitive);
  numerical (answer + `<tolerance>`; "*" stays Moodle's "any other answer"); matching
  (an empty subquestion is a distractor: left ""); essay → open_text;
- cloze (Moodle's "embedded answers", also called multianswer): `{1:SHORTANSWER:=a~b}`,
  `{1:MULTICHOICE:…}`, `{1:NUMERICAL:=3:0.1}` and their short names become gaps, read by
  a linear scanner; MULTIRESPONSE gaps have no neutral equivalent and stop the question;
- gapselect and ddwtos → cloze with choice gaps (a gap offers the options of its group);
- `<question type="category">` sets the category of the questions that follow it;
- description, calculated, random, drag-and-drop on images…: not imported, with an error
  that gives the question's line.

Texts: the question text keeps its format (html stays HTML, to be sanitised at render
time; markdown stays Markdown; plain_text is "plain"; moodle_auto_format, also assumed
when `format` is missing, is read as Markdown, as the GIFT reader does). Texts are trimmed. Every other displayed text of the question (choices, matching
sides, feedback) is converted to the question's format, so one renderer can show them
all; accepted answers of short answer, numeric and gaps are always plain text.

Images: a `<file encoding="base64">` (in the question text, a feedback or an answer) that
an image of a text shows as `@@PLUGINFILE@@/name` becomes one of the question's
"attachments" (see formats/images.py), with a warning naming it; invalid base64 or a file
over MAX_ATTACHMENT_BYTES leaves the question out. The files of a question share one
name space (two different files of the same name: the first one wins). Other files and
references (a link to a PDF, a missing file) are not imported: the text keeps its
reference and the question gets a "warnings" entry. Other things left behind (hints,
units, grader information, gap weights) are warnings too. "errors" lists only questions
that were not imported.
"""

import base64
import html
import re
import urllib.parse
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from amont.lib.sniff import format_size
from amont.quizzes.formats import (
    MAX_ATTACHMENT_BYTES,
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
    ParseError,
    ParseResult,
)
from amont.quizzes.formats.images import PLUGINFILE, attachment_name, image_urls
from amont.quizzes.formats.xmlsafe import all_text, child, children, load_xml, local_name

# Moodle's format names → the neutral text_format of a question text.
_QUESTION_FORMATS = {
    "html": "html",
    # Plain text with line breaks and a little HTML, which Markdown renders nearly alike
    # (the GIFT reader reads it the same way).
    "moodle_auto_format": "markdown",
    "plain_text": "plain",
    "markdown": "markdown",
}
_DEFAULT_FORMAT = "moodle_auto_format"  # what Moodle assumes when `format` is missing
_PLUGINFILE = re.compile(r"@@PLUGINFILE@@/([^\"'<>\s?#)]+)")
_SELECT_MARKER = re.compile(r"\[\[([0-9]+)\]\]")
_CLOZE_HEADER = re.compile(r"\{([0-9]*):([A-Za-z_]+):")
_MAX_LISTED_FILES = 5

# Embedded answer types: kind of gap, case sensitivity (short answers only).
_CLOZE_TYPES: dict[str, tuple[str, bool]] = {}
for _names, _kind, _case in (
    (("SHORTANSWER", "SA", "MW"), "short_answer", False),
    (("SHORTANSWER_C", "SAC", "MWC"), "short_answer", True),
    (("NUMERICAL", "NM"), "numeric", False),
    (
        (
            "MULTICHOICE",
            "MC",
            "MULTICHOICE_V",
            "MCV",
            "MULTICHOICE_H",
            "MCH",
            "MULTICHOICE_S",
            "MCS",
            "MULTICHOICE_VS",
            "MCVS",
            "MULTICHOICE_HS",
            "MCHS",
        ),
        "choice",
        False,
    ),
):
    for _name in _names:
        _CLOZE_TYPES[_name] = (_kind, _case)
_CLOZE_UNSUPPORTED = frozenset(
    {"MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS"}
    | {"MULTIRESPONSE_HS", "MRHS"}
)


class _NotImported(Exception):
    """The question is left out; the message says why."""


class _Unsupported(_NotImported):
    """Well formed, but not a question Amont can hold: reported, not blocking."""


# Text helpers -------------------------------------------------------------------------


class _TextExtractor(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "br" or tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment, paragraphs on their own lines."""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    text = "\n".join(line.strip() for line in "".join(extractor.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _plain_to_html(text: str) -> str:
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>\n")


def _convert(text: str, source: str, target: str) -> str:
    """A text in Moodle format `source` as a text in neutral format `target`."""
    if not text:
        return ""
    if target == "html":
        if source == "html":
            return text
        if source == "moodle_auto_format":
            return text.replace("\r\n", "\n").replace("\n", "<br>\n")
        return _plain_to_html(text)
    if source == "html":
        return html_to_text(text)
    return text


def _element_text(element: ET.Element | None) -> str:
    """Text of an element, CDATA or not; child elements (HTML written as XML) are kept as
    markup."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for node in element:
        parts.append(ET.tostring(node, encoding="unicode"))
    return "".join(parts).strip()


def _formatted(element: ET.Element | None, name: str) -> tuple[str, str]:
    """(text, Moodle format) of a child like `<questiontext format="html"><text>…`."""
    node = child(element, name)
    if node is None:
        return "", _DEFAULT_FORMAT
    text_node = child(node, "text")
    text = _element_text(text_node) if text_node is not None else _element_text(node)
    return text, node.get("format", _DEFAULT_FORMAT)


def _simple(element: ET.Element, name: str) -> str:
    """Text of a child like `<single>true</single>` or `<name><text>…</text></name>`."""
    node = child(element, name)
    if node is None:
        return ""
    text_node = child(node, "text")
    return _element_text(text_node if text_node is not None else node)


def _bool(element: ET.Element, name: str, default: bool) -> bool:
    value = _simple(element, name).strip().lower()
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    return default


def _float(value: str, default: float) -> float:
    try:
        number = float(value.strip().replace(",", "."))
    except ValueError:
        return default
    return number if number == number and abs(number) != float("inf") else default


def _fraction(answer: ET.Element, number: int) -> float:
    raw = answer.get("fraction", "0")
    try:
        fraction = float(raw) / 100
    except ValueError as error:
        raise _NotImported(
            _("answer %(number)d has an invalid fraction “%(fraction)s”")
            % {"number": number, "fraction": raw[:20]}
        ) from error
    if fraction != fraction:
        raise _NotImported(
            _("answer %(number)d has an invalid fraction “%(fraction)s”")
            % {"number": number, "fraction": raw[:20]}
        )
    # Moodle writes 33.33333; 7 decimals drop the float noise of the division.
    return min(1.0, max(-1.0, round(fraction, 7)))


def _listed(names: list[str]) -> str:
    listed = ", ".join(names[:_MAX_LISTED_FILES])
    return listed + " …" if len(names) > _MAX_LISTED_FILES else listed


def _file_path(node: ET.Element) -> str:
    """`<file name="b.png" path="/a/">` → "a/b.png", as @@PLUGINFILE@@/a/b.png names it."""
    folder = node.get("path", "/").strip().strip("/")
    name = node.get("name", "").strip()
    return f"{folder}/{name}" if folder else name


def _decode(node: ET.Element, name: str) -> bytes:
    """The bytes of a `<file encoding="base64">`, refused beyond MAX_ATTACHMENT_BYTES
    before decoding."""
    encoded = "".join((node.text or "").split())
    size = len(encoded) * 3 // 4 - encoded[-2:].count("=")
    if size > MAX_ATTACHMENT_BYTES:
        raise _NotImported(
            _("the image “%(name)s” is too large (%(size)s; at most %(limit)s)")
            % {
                "name": name[:80],
                "size": format_size(size),
                "limit": format_size(MAX_ATTACHMENT_BYTES),
            }
        )
    try:
        return base64.b64decode(encoded, validate=True)
    except ValueError as error:  # binascii.Error is a ValueError
        raise _NotImported(
            _("the file “%(name)s” is not valid base64") % {"name": name[:80]}
        ) from error


# Question types -----------------------------------------------------------------------


class _Reader:
    """Reads one `<question>` element into a neutral question."""

    def __init__(self, element: ET.Element) -> None:
        self.element = element
        self.warnings: list[str] = []
        text, source = _formatted(element, "questiontext")
        # An unknown format (Moodle's old wiki_like) keeps its text as it is.
        self.text_format = _QUESTION_FORMATS.get(source, "markdown")
        self.text = _convert(text, source, self.text_format)

    def display(self, element: ET.Element | None, name: str | None = None) -> str:
        """A displayed text (choice, feedback…) converted to the question's format."""
        if element is None:
            return ""
        if name is not None:
            text, source = _formatted(element, name)
        else:
            text_node = child(element, "text")
            text = _element_text(text_node) if text_node is not None else ""
            source = element.get("format", _DEFAULT_FORMAT)
        return _convert(text, source, self.text_format)

    def accepted(self, answer: ET.Element) -> str:
        """An accepted answer (compared with what learners type): plain text."""
        text = _simple(answer, "text")
        if answer.get("format") == "html":
            return html_to_text(text)
        return text.strip()

    def feedback(self, answer: ET.Element) -> str:
        return self.display(answer, "feedback")

    def base(self, kind: str) -> NeutralQuestion:
        tags = [
            _simple(tag, "text")
            for tags in children(self.element, "tags")
            for tag in children(tags, "tag")
        ]
        grade = _float(_simple(self.element, "defaultgrade"), 1.0)
        return {
            "type": kind,
            "title": html_to_text(_simple(self.element, "name")),
            "text": self.text,
            "text_format": self.text_format,
            "general_feedback": self.display(self.element, "generalfeedback"),
            "tags": [tag for tag in tags if tag],
            "default_grade": grade if grade >= 0 else 1.0,
        }

    def answers(self) -> list[ET.Element]:
        answers = children(self.element, "answer")
        if not answers:
            raise _NotImported(_("it has no answers"))
        return answers

    def read(self, qtype: str) -> NeutralQuestion:
        reader = getattr(self, f"_read_{qtype}", None)
        if reader is None:
            raise _Unsupported(
                _("the Moodle question type “%(type)s” is not supported") % {"type": qtype[:40]}
            )
        question: NeutralQuestion = reader()
        if children(self.element, "hint"):
            self.warnings.append(_("The hints were not imported."))
        self._attach_files(question)
        if self.warnings:
            question["warnings"] = self.warnings
        return question

    def _attach_files(self, question: NeutralQuestion) -> None:
        """Files shown as images (`@@PLUGINFILE@@/name` in an image of a text, with a
        `<file>` of that name) become the question's attachments; other files and
        references are left behind with a warning."""
        files: dict[str, ET.Element] = {}
        for node in self.element.iter():
            if local_name(node.tag) == "file" and node.get("name", "").strip():
                files.setdefault(_file_path(node), node)
        attachments: dict[str, bytes] = {}
        decoded: dict[str, bytes] = {}
        for url in image_urls(question):
            name = attachment_name(url)
            if not url.startswith(PLUGINFILE) or name not in files:
                continue
            if name not in decoded:
                decoded[name] = _decode(files[name], name)
            attachments[url] = decoded[name]
        if attachments:
            question["attachments"] = attachments
        names = list(files)
        for match in _PLUGINFILE.finditer(all_text(self.element)):
            names.append(urllib.parse.unquote(match.group(1)))
        names = [
            name
            for name in dict.fromkeys(name.strip() for name in names if name.strip())
            if name not in decoded
        ]
        if decoded:
            self.warnings.append(
                _("Images included in the file: %(files)s.") % {"files": _listed(list(decoded))}
            )
        if names:
            self.warnings.append(
                _(
                    "Images and files were not imported (%(files)s); the text still refers to "
                    "them, add them again by hand."
                )
                % {"files": _listed(names)}
            )

    # Types, by Moodle name

    def _read_description(self) -> NeutralQuestion:
        raise _Unsupported(_("a description is not a question"))

    def _read_multichoice(self) -> NeutralQuestion:
        single = _bool(self.element, "single", True)
        question = self.base("single_choice" if single else "multiple_choice")
        question["answers"] = [
            {
                "text": self.display(answer),
                "fraction": _fraction(answer, number),
                "feedback": self.feedback(answer),
            }
            for number, answer in enumerate(self.answers(), start=1)
        ]
        question["shuffle"] = _bool(self.element, "shuffleanswers", True)
        return question

    def _read_multichoiceset(self) -> NeutralQuestion:
        question = self.base("multiple_choice")
        answers = self.answers()
        right = [_fraction(answer, n) > 0 for n, answer in enumerate(answers, start=1)]
        if not any(right):
            raise _NotImported(_("it has no right answer"))
        question["answers"] = [
            {
                "text": self.display(answer),
                "fraction": 1 / right.count(True) if is_right else 0.0,
                "feedback": self.feedback(answer),
            }
            for answer, is_right in zip(answers, right, strict=True)
        ]
        question["shuffle"] = _bool(self.element, "shuffleanswers", True)
        self.warnings.append(
            _(
                "All-or-nothing scoring was not kept: each right answer now gives its share "
                "of the marks."
            )
        )
        return question

    def _read_truefalse(self) -> NeutralQuestion:
        question = self.base("true_false")
        found: dict[str, dict[str, Any]] = {}
        for number, answer in enumerate(self.answers(), start=1):
            value = html_to_text(_simple(answer, "text")).strip().lower()
            if value in ("true", "false") and value not in found:
                found[value] = {
                    "text": value,
                    "fraction": _fraction(answer, number),
                    "feedback": self.feedback(answer),
                }
        if len(found) != 2:
            raise _NotImported(_("it needs one “true” and one “false” answer"))
        question["answers"] = [found["true"], found["false"]]
        return question

    def _read_shortanswer(self) -> NeutralQuestion:
        question = self.base("short_answer")
        question["answers"] = [
            {
                "text": self.accepted(answer),
                "fraction": _fraction(answer, number),
                "feedback": self.feedback(answer),
            }
            for number, answer in enumerate(self.answers(), start=1)
        ]
        question["case_sensitive"] = _bool(self.element, "usecase", False)
        question["accent_sensitive"] = True
        return question

    def _read_numerical(self) -> NeutralQuestion:
        question = self.base("numeric")
        answers = []
        for number, answer in enumerate(self.answers(), start=1):
            text = self.accepted(answer)
            fraction = _fraction(answer, number)
            feedback = self.feedback(answer)
            if text == "*":
                answers.append({"text": "*", "fraction": fraction, "feedback": feedback})
                continue
            value = _float(text, float("nan"))
            if value != value:
                raise _NotImported(
                    _("answer %(number)d is not a number: “%(text)s”")
                    % {"number": number, "text": text[:40]}
                )
            tolerance = abs(_float(_simple(answer, "tolerance") or "0", 0.0))
            answers.append(
                {
                    "text": text,
                    "fraction": fraction,
                    "feedback": feedback,
                    "value": value,
                    "tolerance": tolerance,
                }
            )
        question["answers"] = answers
        units = [node for units in children(self.element, "units") for node in units]
        if units:
            self.warnings.append(_("The units were not imported; answers are plain numbers."))
        return question

    def _read_matching(self) -> NeutralQuestion:
        question = self.base("matching")
        pairs = []
        for subquestion in children(self.element, "subquestion"):
            left = self.display(subquestion)
            answer = child(subquestion, "answer")
            right_text = html_to_text(_simple(answer, "text")) if answer is not None else ""
            right = _convert(right_text, "plain_text", self.text_format)
            if not left.strip() and not right.strip():
                continue
            pairs.append({"left": left if left.strip() else "", "right": right})
        if not any(pair["left"] for pair in pairs):
            raise _NotImported(_("it has no pairs"))
        question["pairs"] = pairs
        question["shuffle"] = _bool(self.element, "shuffleanswers", True)
        return question

    def _read_essay(self) -> NeutralQuestion:
        question = self.base("open_text")
        if html_to_text(_formatted(self.element, "graderinfo")[0]):
            self.warnings.append(_("The information for graders was not imported."))
        if html_to_text(_formatted(self.element, "responsetemplate")[0]):
            self.warnings.append(_("The response template was not imported."))
        return question

    def _read_cloze(self) -> NeutralQuestion:
        question = self.base("cloze")
        text, gaps = self._embedded_answers(question["text"])
        if not gaps:
            raise _NotImported(_("its text has no embedded answers"))
        question["text"], question["gaps"] = text, gaps
        return question

    _read_multianswer = _read_cloze

    def _read_gapselect(self) -> NeutralQuestion:
        return self._select_gaps("selectoption")

    def _read_ddwtos(self) -> NeutralQuestion:
        self.warnings.append(_("The drag-and-drop gaps became drop-down choices."))
        return self._select_gaps("dragbox")

    # Gaps

    def _gap_text(self, text: str) -> str:
        """A gap's answer written inside the question text: plain text."""
        text = text.strip()
        return html_to_text(text) if self.text_format == "html" else text

    def _select_gaps(self, option_name: str) -> NeutralQuestion:
        question = self.base("cloze")
        options = [
            (self._gap_text(_simple(option, "text")), _simple(option, "group").strip() or "1")
            for option in children(self.element, option_name)
        ]
        gaps: list[dict[str, Any]] = []

        def gap(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if not 1 <= number <= len(options):
                raise _NotImported(
                    _("the gap [[%(number)d]] refers to a missing choice") % {"number": number}
                )
            group = options[number - 1][1]
            gaps.append(
                {
                    "kind": "choice",
                    "answers": [
                        {
                            "text": text,
                            "fraction": 1.0 if index == number - 1 else 0.0,
                            "feedback": "",
                        }
                        for index, (text, option_group) in enumerate(options)
                        if option_group == group
                    ],
                }
            )
            return f"{{{{{len(gaps)}}}}}"

        question["text"] = _SELECT_MARKER.sub(gap, question["text"])
        if not gaps:
            raise _NotImported(_("its text has no gaps"))
        question["gaps"] = gaps
        return question

    def _embedded_answers(self, text: str) -> tuple[str, list[dict[str, Any]]]:
        """Moodle's embedded answers → (text with {{n}} markers, gaps). One pass: each
        header is searched once and each closing brace found by scanning forward."""
        out: list[str] = []
        gaps: list[dict[str, Any]] = []
        position = 0
        weighted = False
        while True:
            match = _CLOZE_HEADER.search(text, position)
            if match is None:
                break
            name = match.group(2).upper()
            if name in _CLOZE_UNSUPPORTED:
                raise _NotImported(
                    _(
                        "the embedded answer type %(type)s (several answers in one gap) is not supported"
                    )
                    % {"type": match.group(2)}
                )
            if name not in _CLOZE_TYPES:
                out.append(text[position : match.end()])
                position = match.end()
                continue
            close = _find_closing_brace(text, match.end())
            if close < 0:
                break
            weight = match.group(1)
            weighted = weighted or (weight not in ("", "1") and weight.lstrip("0") != "1")
            gaps.append(self._gap(name, text[match.end() : close], len(gaps) + 1))
            out.append(text[position : match.start()])
            out.append(f"{{{{{len(gaps)}}}}}")
            position = close + 1
        out.append(text[position:])
        if weighted:
            self.warnings.append(
                _("The gaps' weights were not kept: every gap now counts the same.")
            )
        return "".join(out), gaps

    def _gap(self, name: str, body: str, number: int) -> dict[str, Any]:
        kind, case_sensitive = _CLOZE_TYPES[name]
        answers = []
        for piece in _split_unescaped(body, "~"):
            if not piece.strip():
                continue
            fraction, rest = _cloze_fraction(piece.strip())
            answer_part, _sep, feedback = _partition_unescaped(rest, "#")
            answer_text = _unescape(answer_part)
            feedback = _unescape(feedback).strip()
            answer: dict[str, Any] = {
                "text": self._gap_text(answer_text),
                "fraction": fraction,
                "feedback": feedback,
            }
            if kind == "numeric":
                value_text, _colon, tolerance = answer["text"].partition(":")
                value_text = value_text.strip()
                if value_text == "*":
                    answer["text"] = "*"
                else:
                    value = _float(value_text, float("nan"))
                    if value != value:
                        raise _NotImported(
                            _("gap %(number)d has an answer that is not a number: “%(text)s”")
                            % {"number": number, "text": value_text[:40]}
                        )
                    answer.update(
                        text=value_text,
                        value=value,
                        tolerance=abs(_float(tolerance or "0", 0.0)),
                    )
            answers.append(answer)
        if not answers:
            raise _NotImported(_("gap %(number)d has no answers") % {"number": number})
        gap: dict[str, Any] = {"kind": kind, "answers": answers}
        if kind == "short_answer":
            gap["case_sensitive"] = case_sensitive
            gap["accent_sensitive"] = True
        return gap


def _find_closing_brace(text: str, start: int) -> int:
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "}":
            return index
        index += 1
    return -1


def _split_unescaped(text: str, separator: str) -> list[str]:
    pieces, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == separator:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    pieces.append("".join(current))
    return pieces


def _partition_unescaped(text: str, separator: str) -> tuple[str, str, str]:
    pieces = _split_unescaped(text, separator)
    if len(pieces) == 1:
        return text, "", ""
    return pieces[0], separator, separator.join(pieces[1:])


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _cloze_fraction(piece: str) -> tuple[float, str]:
    if piece.startswith("="):
        return 1.0, piece[1:]
    match = re.match(r"%(-?[0-9]+(?:\.[0-9]+)?)%", piece)
    if match:
        fraction = round(float(match.group(1)) / 100, 7)
        return min(1.0, max(-1.0, fraction)), piece[match.end() :]
    return 0.0, piece


def _category_path(element: ET.Element) -> str:
    """From "$course$/top/Sciences/Cycle de l'eau" to "Sciences/Cycle de l'eau": the
    context and Moodle's "top" dropped, segments trimmed and empty ones dropped, as the
    GIFT reader does."""
    path = re.sub(r"^\$[a-z0-9]+\$/?", "", _simple(element, "category").strip())
    segments = [segment.strip() for segment in path.split("/")]
    if segments and segments[0] == "top":
        segments = segments[1:]
    return "/".join(segment for segment in segments if segment)


# Entry point --------------------------------------------------------------------------


def parse_moodle_xml(data: bytes | str) -> ParseResult:
    """Questions and per-question errors of a Moodle XML file. Raises FormatError when
    the whole file cannot be read (not XML, hostile, too big, not a <quiz>)."""
    document = load_xml(data)
    root = document.root
    if local_name(root.tag) != "quiz":
        raise FormatError(
            _("This is not a Moodle XML file: its first element is <%(found)s>, not <quiz>.")
            % {"found": local_name(root.tag)[:40]}
        )
    elements = children(root, "question")
    if sum(1 for element in elements if element.get("type") != "category") > MAX_QUESTIONS:
        raise FormatError(
            _("The file has more than %(count)d questions; split it into smaller files.")
            % {"count": MAX_QUESTIONS}
        )
    questions: list[NeutralQuestion] = []
    errors: list[ParseError] = []
    category = ""
    number = 0
    for element in elements:
        qtype = element.get("type", "").strip().lower()
        line = document.line(element)
        if qtype == "category":
            category = _category_path(element)
            continue
        number += 1
        try:
            question = _Reader(element).read(qtype)
        except _NotImported as reason:
            title = html_to_text(_simple(element, "name"))[:80]
            error: ParseError = {
                "line": line,
                "message": _(
                    "Question %(number)d “%(title)s” (line %(line)d) was not imported: %(reason)s."
                )
                % {"number": number, "title": title, "line": line, "reason": reason},
            }
            if isinstance(reason, _Unsupported):
                error["skipped"] = True
            errors.append(error)
            continue
        question["category"] = category
        question["line"] = line
        questions.append(question)
    if not elements:
        errors.append({"line": 0, "message": _("The file has no questions.")})
    return {"questions": questions, "errors": errors}
