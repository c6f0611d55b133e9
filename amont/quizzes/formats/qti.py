"""QTI 2.1 (1EdTech, formerly IMS) import and export, on the neutral question shape.

Reading
-------
`parse_qti(data)` accepts one `<assessmentItem>` file, an XML file holding several items,
or a content package: a ZIP with `imsmanifest.xml` whose `imsqti_item_xmlv2p*` resources
point at item files (without a manifest, every XML file whose root is an item is read).
Packages are read in memory within limits: MAX_BYTES unpacked in all, MAX_ZIP_MEMBERS
entries, no absolute or "../" names (the package is refused); an href leaving the package
or a missing file is an error entry. Interactions:

- choiceInteraction → single_choice (maxChoices 1) or multiple_choice; a single choice
  whose identifiers are "true" and "false" → true_false;
- textEntryInteraction alone in its paragraph → short_answer (string) or numeric (float,
  integer), or open_text when it has no correct answer; inside a sentence, with other
  text entries or with inlineChoiceInteraction → cloze gaps;
- orderInteraction → ordering; matchInteraction (and associateInteraction, the first
  choice of each pair on the left) → matching; extendedTextInteraction → open_text;
- anything else (hotspot, gap match, slider, upload…), several block interactions, or
  template variables → not imported, with an error giving the item's line.

Scores: `mapping` gives each answer's fraction (partial credit); without one, the
correctResponse is right. Mapped values above 1 are read as points and divided by the best
one (or, for multiple choice, the sum of the positive ones), which also gives the default
grade when MAXSCORE is not declared. Numeric answers and tolerances come from
`<equal toleranceMode="absolute|relative" tolerance="…">` conditions of
responseProcessing, or else from the correctResponse. Feedback: modalFeedback and
feedbackInline whose identifier is a choice (or, in our own files, an answer); feedback on
other outcomes ("correct", "incorrect") has no neutral equivalent and gives a warning.
Foreign texts are kept as HTML (text_format "html", sanitised at render time), their
indentation collapsed; the prompt is appended to the text. The manifest's LOM keywords
become tags, its classification taxon path the category.

Images: in a package, an `<img src>` (or, in our Markdown items, `![alt](src)`) naming a
file of the package relative to the item file becomes one of the question's
"attachments" (formats/images.py), with a warning naming it; a file over
MAX_ATTACHMENT_BYTES leaves the item out. A relative path leaving the package is never
looked for (a warning says so). Web addresses, absolute paths, missing files and the
images of a lone item file are not imported: the text keeps the reference and the
question gets a warning.

Writing
-------
`write_qti(questions)` returns a content package (ZIP bytes: imsmanifest.xml and
items/Qn.xml) and the questions it could not write, each with a "warnings" entry saying
why. Every type is written; response processing is written out rather than as a template,
so that partial credit (mapping), tolerances (`<equal toleranceMode="absolute">`),
per-answer feedback (modalFeedback on a FEEDBACK outcome) and the default grade (MAXSCORE)
work in other players. The questions' attachments are written under items/ (a relative
URL that names a free file is kept; others, such as /bank/images/<id>/, become
images/<digest>.<ext>, one file per content) and listed in the manifest.

Round trips
-----------
parse_qti(write_qti(qs)[0]) gives the questions back, except "line" and "warnings", with
these normalisations:

- Markdown and plain texts are kept exactly: `<itemBody class="amont-markdown">` (or
  amont-plain) marks our files, the question text is written as one `<p>` per blank-line
  separated paragraph inside `<div class="amont-text">`, feedback the same way, other
  texts as escaped text. Other players show the Markdown source as text.
- HTML texts become XHTML: elements QTI does not allow are unwrapped (script, style and
  iframe dropped with their content), attributes it does not allow are dropped, entities
  become characters, `<img>` gets an alt; `<br/>` comes back as `<br>`.
- Characters XML cannot carry (control characters) are dropped.
- Category and tags live in the manifest, so a lone item file loses them; both are
  trimmed, empty tags dropped.
- matching: distractors (left "") come after the pairs; equal rights are written once, so
  a distractor equal to another right disappears. cloze: gaps are numbered in the order
  of their markers. numeric: the answer text is the number as written in the file (the
  given text when it is a valid QTI number equal to the value, else the value), and a "*"
  answer comes last.
- Other players score ordering all-or-nothing (Amont grades per position) and do not
  know Moodle's `*` wildcard in short answers.
"""

import hashlib
import html
import io
import lzma
import math
import posixpath
import re
import struct
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from amont.lib.sniff import format_size
from amont.quizzes.formats import (
    MAX_ATTACHMENT_BYTES,
    MAX_BYTES,
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
    ParseError,
    ParseResult,
)
from amont.quizzes.formats.images import (
    attachment_name,
    attachments_of,
    image_extension,
    image_urls,
    replace_image_urls,
    url_path,
)
from amont.quizzes.formats.xmlsafe import (
    ZIP_MAGIC,
    UnsafeXmlError,
    XmlDocument,
    all_text,
    check_size,
    child,
    children,
    descendants,
    escape_attr,
    escape_text,
    load_xml,
    local_name,
)

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
LOM_XSD = "http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ITEM_RESOURCE = "imsqti_item_xmlv2p1"
MAX_ZIP_MEMBERS = 2 * MAX_QUESTIONS + 100  # items, their images, the manifest

_BLOCK_INTERACTIONS = frozenset(
    {
        "choiceInteraction",
        "orderInteraction",
        "matchInteraction",
        "associateInteraction",
        "extendedTextInteraction",
    }
)
_INLINE_INTERACTIONS = frozenset({"textEntryInteraction", "inlineChoiceInteraction"})
_FEEDBACK_ELEMENTS = frozenset({"feedbackInline", "feedbackBlock"})
_HIDDEN_ELEMENTS = frozenset({"rubricBlock", "templateBlock", "templateInline"})
_NUMERIC_TYPES = frozenset({"float", "integer"})
_TEXT_FORMATS = ("markdown", "plain", "html")
_GENERAL_FEEDBACK = "GENERAL_FEEDBACK"
_MAX_LISTED_FILES = 5
_GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")
_XSD_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WHITESPACE = re.compile(r"\s+")
_EMPTY_BLOCK = re.compile(r"<(p|div)>\s*</\1>")
_VOID_ELEMENTS = frozenset({"br", "hr", "img", "col", "param", "area", "wbr", "source", "input"})

# The XHTML subset QTI 2.1 allows in item bodies, and the attributes kept on each.
_XHTML_NAMES = """abbr acronym address blockquote br cite code dfn div em h1 h2 h3 h4 h5 h6
    kbd p pre q samp span strong var dl dt dd ol ul li object param b big hr i small sub sup
    tt caption col colgroup table tbody td tfoot th thead tr img a"""
_XHTML_ELEMENTS = frozenset(_XHTML_NAMES.split())
_XHTML_ATTRIBUTES = {
    "img": ("src", "alt", "longdesc", "height", "width"),
    "a": ("href", "type"),
    "object": ("data", "type", "width", "height"),
    "param": ("name", "value", "valuetype", "type"),
    "q": ("cite",),
    "blockquote": ("cite",),
    "col": ("span",),
    "colgroup": ("span",),
    "table": ("summary",),
    "td": ("headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"),
    "th": ("headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"),
}
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe"})


# What a damaged or hostile archive may raise while it is opened or read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,  # encrypted
    NotImplementedError,  # unknown compression
    ValueError,
    OSError,
    EOFError,
    IndexError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
)


class _NotImported(Exception):
    """The item is left out; the message says why."""


class _CannotWrite(Exception):
    """The question cannot be written; the message says why."""


# Reading: texts -----------------------------------------------------------------------

Hook = Callable[[ET.Element], str | None]


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_attributes(element: ET.Element) -> str:
    parts = []
    for key, value in element.attrib.items():
        if key == XML_LANG:
            key = "lang"
        elif key.startswith("{"):
            continue
        parts.append(f' {key}="{_escape_html(value).replace(chr(34), "&quot;")}"')
    return "".join(parts)


def _html(element: ET.Element, hook: Hook, *, collapse: bool = False) -> str:
    """The content of an element as HTML, namespaces dropped; `hook` may replace a child
    (its tail is kept). `collapse`: runs of whitespace become one space (outside <pre>),
    for foreign files indented by their tools."""

    def text(value: str | None) -> str:
        value = _escape_html(value or "")
        return _WHITESPACE.sub(" ", value) if collapse else value

    parts = [text(element.text)]
    for node in element:
        if isinstance(node.tag, str):
            replaced = hook(node)
            if replaced is not None:
                parts.append(replaced)
            else:
                name = local_name(node.tag)
                attributes = _html_attributes(node)
                if name in _VOID_ELEMENTS and not len(node) and not node.text:
                    parts.append(f"<{name}{attributes}>")
                else:
                    inner = _html(node, hook, collapse=collapse and name != "pre")
                    parts.append(f"<{name}{attributes}>{inner}</{name}>")
        parts.append(text(node.tail))
    return "".join(parts)


def _plain(element: ET.Element, hook: Hook) -> str:
    parts = [element.text or ""]
    for node in element:
        if isinstance(node.tag, str):
            replaced = hook(node)
            parts.append(_plain(node, hook) if replaced is None else replaced)
        parts.append(node.tail or "")
    return "".join(parts)


def _class_tokens(element: ET.Element | None) -> list[str]:
    return [] if element is None else (element.get("class") or "").split()


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _values(element: ET.Element | None) -> list[str]:
    return [] if element is None else [all_text(value) for value in children(element, "value")]


@dataclass
class _Response:
    identifier: str
    cardinality: str
    base_type: str
    correct: list[str]
    mapping: list[tuple[str, float, bool]]  # key, mapped value, case sensitive

    @classmethod
    def read(cls, element: ET.Element) -> "_Response":
        mapping = []
        mapping_element = child(element, "mapping")
        if mapping_element is not None:
            for entry in children(mapping_element, "mapEntry"):
                value = _float(entry.get("mappedValue"))
                if value is None:
                    continue
                case = entry.get("caseSensitive", "true").strip().lower() != "false"
                mapping.append((entry.get("mapKey", ""), value, case))
        return cls(
            identifier=element.get("identifier", ""),
            cardinality=element.get("cardinality", "single"),
            base_type=element.get("baseType", ""),
            correct=[value.strip() for value in _values(child(element, "correctResponse"))],
            mapping=mapping,
        )


@dataclass
class _Metadata:
    category: str = ""
    tags: list[str] = field(default_factory=list)


def _normalised(fractions: list[float], *, total: bool) -> tuple[list[float], float | None]:
    """Fractions from mapped values: above 1, they are points, divided by the best value
    (or by the sum of the positive ones when `total`). Returns (fractions, points)."""
    positives = [value for value in fractions if value > 0]
    scale = sum(positives) if total else max(positives, default=0.0)
    if scale > 1 + 1e-9:
        return [min(1.0, max(-1.0, value / scale)) for value in fractions], scale
    return [min(1.0, max(-1.0, value)) for value in fractions], None


class _ItemReader:
    """Reads one assessmentItem into a neutral question."""

    def __init__(
        self,
        item: ET.Element,
        document: XmlDocument,
        metadata: _Metadata,
        files: "_ItemFiles | None" = None,
    ) -> None:
        self.item = item
        self.document = document
        self.metadata = metadata
        self.files = files
        self.attached: set[str] = set()  # image sources that became attachments
        self.warnings: list[str] = []
        self.points: float | None = None
        self.responses = {
            response.identifier: response
            for response in map(_Response.read, children(item, "responseDeclaration"))
        }
        self.body = child(item, "itemBody")
        self.parents = {node: parent for parent in item.iter() for node in parent}
        tokens = _class_tokens(self.body)
        marker = next((t for t in tokens if t.removeprefix("amont-") in _TEXT_FORMATS), "")
        self.text_div = None
        if marker and self.body is not None:
            self.text_div = next(
                (
                    node
                    for node in self.body
                    if local_name(node.tag) == "div" and "amont-text" in _class_tokens(node)
                ),
                None,
            )
        # exact: our own file, texts are read back exactly as they were written.
        self.exact = self.text_div is not None
        self.format = marker.removeprefix("amont-") if self.exact else "html"
        self.feedback: dict[str, str] = {}
        self.used_feedback: set[str] = set()
        self.general: list[str] = []

    # Texts

    def skip_hook(self, node: ET.Element) -> str | None:
        name = local_name(node.tag)
        if name in _FEEDBACK_ELEMENTS or name in _HIDDEN_ELEMENTS:
            return ""
        return None

    def content(self, element: ET.Element, hook: Hook | None = None) -> str:
        """A displayed text (choice, item, matching side) in the question's format."""
        hook = hook or self.skip_hook
        if self.format != "html":
            return _plain(element, hook)
        if self.exact:
            return _html(element, hook)
        return _EMPTY_BLOCK.sub("", _html(element, hook, collapse=True)).strip()

    def plain(self, element: ET.Element) -> str:
        """A text that is plain in every format (inline choice)."""
        text = _plain(element, self.skip_hook)
        return text if self.exact else " ".join(text.split())

    def paragraphs(self, element: ET.Element, hook: Hook | None = None) -> str:
        """Question text or feedback: in our Markdown and plain files, one <p> per
        paragraph."""
        hook = hook or self.skip_hook
        if self.exact and self.format != "html":
            paragraphs = children(element, "p")
            if paragraphs:
                return "\n\n".join(_plain(paragraph, hook) for paragraph in paragraphs)
            return _plain(element, hook)
        return self.content(element, hook)

    def question_text(self, inline: Hook) -> str:
        """The item body without its interactions and feedback; `inline` handles inline
        interactions (gap markers, or nothing)."""
        assert self.body is not None

        def hook(node: ET.Element) -> str | None:
            name = local_name(node.tag)
            if name in _INLINE_INTERACTIONS:
                return inline(node)
            if name in _BLOCK_INTERACTIONS:
                prompt = child(node, "prompt")
                if prompt is None:
                    return ""
                text = self.content(prompt, hook)
                if not text:
                    return ""
                return f"<p>{text}</p>" if self.format == "html" else text
            return self.skip_hook(node)

        if self.text_div is not None:
            return self.paragraphs(self.text_div, hook)
        return self.content(self.body, hook)

    def collect_feedback(self) -> None:
        for modal in children(self.item, "modalFeedback"):
            text = self.paragraphs(modal)
            if modal.get("outcomeIdentifier") == _GENERAL_FEEDBACK:
                self.general.append(text)
            else:
                self.feedback.setdefault(modal.get("identifier", ""), text)
        if self.body is not None:
            for node in self.body.iter():
                if local_name(node.tag) in _FEEDBACK_ELEMENTS:
                    self.feedback.setdefault(node.get("identifier", ""), self.content(node))

    def feedback_for(self, identifier: str) -> str:
        if identifier in self.feedback:
            self.used_feedback.add(identifier)
            return self.feedback[identifier]
        return ""

    def attach_images(self, question: NeutralQuestion) -> None:
        """Images of the texts whose files are in the package become attachments."""
        if self.files is None:
            return
        attachments: dict[str, bytes] = {}
        outside: list[str] = []
        for url in image_urls(question):
            try:
                data = self.files.image(url)
            except _OutsidePackage:
                outside.append(html.unescape(url).strip())
                continue
            if data is not None:
                attachments[url] = data
        if outside:
            self.warnings.append(
                _(
                    "Images whose path leaves the package were refused (%(files)s); the text "
                    "still refers to them."
                )
                % {"files": ", ".join(name[:80] for name in outside[:_MAX_LISTED_FILES])}
            )
            self.attached.update(outside)  # said once, not again by file_warning
        if not attachments:
            return
        question["attachments"] = attachments
        self.attached.update(html.unescape(url).strip() for url in attachments)
        names = list(dict.fromkeys(attachment_name(url) for url in attachments))
        listed = ", ".join(names[:_MAX_LISTED_FILES])
        if len(names) > _MAX_LISTED_FILES:
            listed += " …"
        self.warnings.append(_("Images included in the file: %(files)s.") % {"files": listed})

    def file_warning(self) -> None:
        names = []
        for node in self.item.iter():
            name = local_name(node.tag)
            reference = node.get("src") if name == "img" else node.get("data")
            if name not in ("img", "object") or not reference:
                continue
            if reference.strip() in self.attached and name == "img":
                continue
            if not re.match(r"(?i)(https?:|data:)", reference.strip()):
                names.append(reference.strip())
        names = list(dict.fromkeys(names))
        if names:
            listed = ", ".join(names[:_MAX_LISTED_FILES])
            if len(names) > _MAX_LISTED_FILES:
                listed += " …"
            self.warnings.append(
                _(
                    "Images and files were not imported (%(files)s); the text still refers "
                    "to them, add them again by hand."
                )
                % {"files": listed}
            )

    # Responses

    def response(self, interaction: ET.Element) -> _Response:
        identifier = interaction.get("responseIdentifier", "")
        response = self.responses.get(identifier)
        if response is None:
            raise _NotImported(
                _("its interaction refers to an undeclared response “%(id)s”")
                % {"id": identifier[:40]}
            )
        return response

    def choice_fractions(
        self, response: _Response, identifiers: list[str], *, multiple: bool
    ) -> list[float]:
        if response.mapping:
            mapped: dict[str, float] = {}
            for key, value, _case in response.mapping:
                mapped.setdefault(key.strip(), value)
            fractions, points = _normalised(
                [mapped.get(identifier, 0.0) for identifier in identifiers], total=multiple
            )
            self.points = self.points or points
            return fractions
        right = [identifier in response.correct for identifier in identifiers]
        share = 1 / right.count(True) if multiple and any(right) else 1.0
        return [share if is_right else 0.0 for is_right in right]

    def text_answers(self, response: _Response) -> tuple[list[dict[str, Any]], bool]:
        """Accepted answers of a text entry and whether they are case sensitive."""
        if response.mapping:
            fractions, points = _normalised(
                [value for _key, value, _case in response.mapping], total=False
            )
            self.points = self.points or points
            answers = [
                {
                    "text": key,
                    "fraction": fraction,
                    "feedback": self.feedback_for(f"{response.identifier}_A{number}"),
                }
                for number, ((key, _value, _case), fraction) in enumerate(
                    zip(response.mapping, fractions, strict=True), start=1
                )
            ]
            return answers, any(case for _key, _value, case in response.mapping)
        answers = [{"text": value, "fraction": 1.0, "feedback": ""} for value in response.correct]
        return answers, True

    def numeric_answers(self, response: _Response) -> list[dict[str, Any]]:
        answers = self.numeric_branches(response.identifier)
        if not answers:
            for value in response.correct:
                number = _float(value)
                if number is not None:
                    answers.append(
                        {
                            "text": value,
                            "fraction": 1.0,
                            "feedback": "",
                            "value": number,
                            "tolerance": 0.0,
                        }
                    )
        fractions, points = _normalised([answer["fraction"] for answer in answers], total=False)
        self.points = self.points or points
        for answer, fraction in zip(answers, fractions, strict=True):
            answer["fraction"] = fraction
        return answers

    def numeric_branches(self, identifier: str) -> list[dict[str, Any]]:
        """Answers from `responseIf` conditions comparing the response with a number
        (`equal` with a tolerance, or `match`), and a final `responseElse` as "*"."""
        processing = child(self.item, "responseProcessing")
        if processing is None:
            return []
        answers: list[dict[str, Any]] = []
        for condition in descendants(processing, "responseCondition"):
            found = False
            for branch in condition:
                name = local_name(branch.tag)
                test = next(iter(branch), None)
                if name in ("responseIf", "responseElseIf") and test is not None:
                    compared = _numeric_test(test, identifier)
                    if compared is None:
                        continue
                    found = True
                    text, value, tolerance = compared
                    fraction, feedback = self.branch_outcomes(branch)
                    answers.append(
                        {
                            "text": text,
                            "fraction": fraction,
                            "feedback": feedback,
                            "value": value,
                            "tolerance": tolerance,
                        }
                    )
                elif name == "responseElse" and found:
                    fraction, feedback = self.branch_outcomes(branch)
                    answers.append({"text": "*", "fraction": fraction, "feedback": feedback})
        return answers

    def branch_outcomes(self, branch: ET.Element) -> tuple[float, str]:
        fraction, feedback = 1.0, ""
        for setter in children(branch, "setOutcomeValue"):
            outcome = setter.get("identifier")
            values = descendants(setter, "baseValue")
            if outcome == "SCORE":
                numbers = [_float(all_text(value)) for value in values]
                numbers = [number for number in numbers if number is not None]
                if numbers:  # else SCORE is MAXSCORE or computed: a right answer
                    fraction = numbers[-1]
            elif outcome == "FEEDBACK" and values:
                feedback = self.feedback_for(all_text(values[-1]).strip())
        return fraction, feedback

    # Interactions → questions

    def read(self) -> NeutralQuestion:
        if self.body is None:
            raise _NotImported(_("it has no itemBody"))
        if children(self.item, "templateDeclaration"):
            raise _NotImported(_("it uses template variables, which are not supported"))
        interactions = [
            node for node in self.body.iter() if local_name(node.tag).endswith("Interaction")
        ]
        names = [local_name(node.tag) for node in interactions]
        unsupported = sorted(
            {name for name in names if name not in _BLOCK_INTERACTIONS | _INLINE_INTERACTIONS}
        )
        if unsupported:
            raise _NotImported(
                _("%(interaction)s is not supported") % {"interaction": ", ".join(unsupported)}
            )
        if not interactions:
            raise _NotImported(_("it has no interaction"))
        blocks = [node for node in interactions if local_name(node.tag) in _BLOCK_INTERACTIONS]
        inline = [node for node in interactions if local_name(node.tag) in _INLINE_INTERACTIONS]
        if len(blocks) > 1 or (blocks and inline):
            raise _NotImported(_("it combines several interactions, which is not supported"))
        self.collect_feedback()
        if blocks:
            question = getattr(self, f"_read_{local_name(blocks[0].tag)}")(blocks[0])
        elif len(inline) == 1 and self.stands_alone(inline[0]):
            question = self._read_text_entry(inline[0])
        else:
            question = self._read_cloze(inline)
        if self.item.get("adaptive", "false").strip() == "true":
            self.warnings.append(
                _("The item was adaptive (several attempts); only its first attempt is kept.")
            )
        unused = sorted(set(self.feedback) - self.used_feedback)
        if unused:
            self.warnings.append(
                _("Feedback shown on conditions Amont does not model (%(ids)s) was not imported.")
                % {"ids": ", ".join(unused[:_MAX_LISTED_FILES])}
            )
        self.attach_images(question)
        self.file_warning()
        if self.warnings:
            question["warnings"] = self.warnings
        return question

    def base(self, kind: str, text: str) -> NeutralQuestion:
        title = self.item.get("title", "")
        return {
            "type": kind,
            "title": title if self.exact else " ".join(title.split()),
            "text": text,
            "text_format": self.format,
            "general_feedback": "\n\n".join(self.general),
            "category": self.metadata.category,
            "tags": list(self.metadata.tags),
            "default_grade": 1.0,
            "line": self.document.line(self.item),
        }

    def finish(self, question: NeutralQuestion) -> NeutralQuestion:
        grade = None
        for outcome in children(self.item, "outcomeDeclaration"):
            if outcome.get("identifier") == "MAXSCORE":
                grade = _float(next(iter(_values(child(outcome, "defaultValue"))), None))
            elif outcome.get("identifier") == "SCORE" and grade is None:
                grade = _float(outcome.get("normalMaximum"))
        if grade is None:
            grade = self.points
        question["default_grade"] = grade if grade is not None and grade >= 0 else 1.0
        return question

    def no_inline(self, node: ET.Element) -> str:
        return ""

    def stands_alone(self, interaction: ET.Element) -> bool:
        """A text entry outside the text: alone in its paragraph (foreign files), outside
        the amont-text div (ours)."""
        if self.exact:
            node = interaction
            while node in self.parents:
                node = self.parents[node]
                if node is self.text_div:
                    return False
            return True
        parent = self.parents.get(interaction)
        if parent is None or len(parent) != 1:
            return False
        around = (parent.text or "") + (interaction.tail or "")
        return not around.strip()

    def _read_choiceInteraction(self, interaction: ET.Element) -> NeutralQuestion:
        response = self.response(interaction)
        choices = children(interaction, "simpleChoice")
        if not choices:
            raise _NotImported(_("it has no choices"))
        identifiers = [choice.get("identifier", "") for choice in choices]
        multiple = (
            response.cardinality == "multiple" or interaction.get("maxChoices", "1").strip() != "1"
        )
        fractions = self.choice_fractions(response, identifiers, multiple=multiple)
        answers = [
            {
                "text": self.content(choice),
                "fraction": fraction,
                "feedback": self.feedback_for(identifier),
            }
            for choice, identifier, fraction in zip(choices, identifiers, fractions, strict=True)
        ]
        text = self.question_text(self.no_inline)
        lowered = [identifier.strip().lower() for identifier in identifiers]
        if not multiple and sorted(lowered) == ["false", "true"]:
            question = self.base("true_false", text)
            by_value = dict(zip(lowered, answers, strict=True))
            question["answers"] = [
                {**by_value["true"], "text": "true"},
                {**by_value["false"], "text": "false"},
            ]
            return self.finish(question)
        question = self.base("multiple_choice" if multiple else "single_choice", text)
        question["answers"] = answers
        question["shuffle"] = interaction.get("shuffle", "false").strip() == "true"
        return self.finish(question)

    def _read_orderInteraction(self, interaction: ET.Element) -> NeutralQuestion:
        response = self.response(interaction)
        texts = {
            choice.get("identifier", ""): self.content(choice)
            for choice in children(interaction, "simpleChoice")
        }
        items = [texts[identifier] for identifier in response.correct if identifier in texts]
        if not items:
            raise _NotImported(_("it has no correct order"))
        if len(items) < len(texts):
            self.warnings.append(_("Choices missing from the correct order were left out."))
        question = self.base("ordering", self.question_text(self.no_inline))
        question["items"] = items
        return self.finish(question)

    def correct_pairs(self, response: _Response) -> list[tuple[str, str]]:
        values = response.correct or [key for key, value, _case in response.mapping if value > 0]
        pairs = []
        for value in values:
            parts = value.split()
            if len(parts) == 2:
                pairs.append((parts[0], parts[1]))
        return pairs

    def _read_matchInteraction(self, interaction: ET.Element) -> NeutralQuestion:
        response = self.response(interaction)
        sets = children(interaction, "simpleMatchSet")
        if len(sets) != 2:
            raise _NotImported(_("a match interaction needs two sets of choices"))
        sources = {
            choice.get("identifier", ""): self.content(choice)
            for choice in children(sets[0], "simpleAssociableChoice")
        }
        targets = {
            choice.get("identifier", ""): self.content(choice)
            for choice in children(sets[1], "simpleAssociableChoice")
        }
        pairs = []
        for source, target in self.correct_pairs(response):
            if source in targets and target in sources:
                source, target = target, source
            pairs.append((source, target))
        return self.matching(interaction, sources, targets, pairs)

    def _read_associateInteraction(self, interaction: ET.Element) -> NeutralQuestion:
        response = self.response(interaction)
        choices = {
            choice.get("identifier", ""): self.content(choice)
            for choice in children(interaction, "simpleAssociableChoice")
        }
        pairs = self.correct_pairs(response)
        lefts = {source for source, _target in pairs}
        sources = {key: text for key, text in choices.items() if key in lefts}
        targets = {key: text for key, text in choices.items() if key not in lefts}
        self.warnings.append(
            _("The associations became pairs: the first choice of each pair is on the left.")
        )
        return self.matching(interaction, sources, targets, pairs)

    def matching(
        self,
        interaction: ET.Element,
        sources: dict[str, str],
        targets: dict[str, str],
        pairs: list[tuple[str, str]],
    ) -> NeutralQuestion:
        result, used = [], set()
        for source, left in sources.items():
            rights = [target for key, target in pairs if key == source and target in targets]
            if not rights:
                self.warnings.append(
                    _("“%(left)s” has no right side and was left out.") % {"left": left[:60]}
                )
                continue
            if len(rights) > 1:
                self.warnings.append(
                    _("“%(left)s” had several right sides; only the first one was kept.")
                    % {"left": left[:60]}
                )
            used.add(rights[0])
            result.append({"left": left, "right": targets[rights[0]]})
        if not result:
            raise _NotImported(_("it has no correct pairs"))
        result += [{"left": "", "right": text} for key, text in targets.items() if key not in used]
        question = self.base("matching", self.question_text(self.no_inline))
        question["pairs"] = result
        question["shuffle"] = interaction.get("shuffle", "false").strip() == "true"
        return self.finish(question)

    def _read_extendedTextInteraction(self, interaction: ET.Element) -> NeutralQuestion:
        return self.finish(self.base("open_text", self.question_text(self.no_inline)))

    def _read_text_entry(self, interaction: ET.Element) -> NeutralQuestion:
        response = self.response(interaction)
        text = self.question_text(self.no_inline)
        if response.base_type in _NUMERIC_TYPES:
            question = self.base("numeric", text)
            question["answers"] = self.numeric_answers(response)
        else:
            question = self.base("short_answer", text)
            answers, case_sensitive = self.text_answers(response)
            question["answers"] = answers
            question["case_sensitive"] = case_sensitive
            question["accent_sensitive"] = "amont-accent-insensitive" not in _class_tokens(
                interaction
            )
        if not question["answers"]:
            self.warnings.append(
                _("The item has no correct answer; it was imported as an open question.")
            )
            question = self.base("open_text", text)
        return self.finish(question)

    def _read_cloze(self, inline: list[ET.Element]) -> NeutralQuestion:
        gaps: list[dict[str, Any]] = []

        def marker(node: ET.Element) -> str:
            gaps.append(self.gap(node, len(gaps) + 1))
            return f"{{{{{len(gaps)}}}}}"

        text = self.question_text(marker)
        if len(gaps) != len(inline):
            raise _NotImported(_("some of its gaps are outside the text"))
        question = self.base("cloze", text)
        question["gaps"] = gaps
        return self.finish(question)

    def gap(self, interaction: ET.Element, number: int) -> dict[str, Any]:
        response = self.response(interaction)
        gap: dict[str, Any]
        if local_name(interaction.tag) == "inlineChoiceInteraction":
            choices = children(interaction, "inlineChoice")
            identifiers = [choice.get("identifier", "") for choice in choices]
            fractions = self.choice_fractions(response, identifiers, multiple=False)
            gap = {
                "kind": "choice",
                "answers": [
                    {
                        "text": self.plain(choice),
                        "fraction": fraction,
                        "feedback": self.feedback_for(identifier),
                    }
                    for choice, identifier, fraction in zip(
                        choices, identifiers, fractions, strict=True
                    )
                ],
            }
        elif response.base_type in _NUMERIC_TYPES:
            gap = {"kind": "numeric", "answers": self.numeric_answers(response)}
        else:
            answers, case_sensitive = self.text_answers(response)
            gap = {
                "kind": "short_answer",
                "answers": answers,
                "case_sensitive": case_sensitive,
                "accent_sensitive": "amont-accent-insensitive" not in _class_tokens(interaction),
            }
        if not gap["answers"]:
            raise _NotImported(_("gap %(number)d has no correct answer") % {"number": number})
        return gap


def _numeric_test(test: ET.Element, identifier: str) -> tuple[str, float, float] | None:
    """(text, value, tolerance) when `test` compares the response with a number."""
    name = local_name(test.tag)
    if name not in ("equal", "match"):
        return None
    variables = [node.get("identifier") for node in children(test, "variable")]
    values = children(test, "baseValue")
    if variables != [identifier] or len(values) != 1:
        return None
    text = all_text(values[0]).strip()
    value = _float(text)
    if value is None:
        return None
    tolerance = 0.0
    mode = test.get("toleranceMode", "exact").strip()
    first = _float((test.get("tolerance") or "0").split()[0] if test.get("tolerance") else "0")
    if name == "equal" and first is not None and mode == "absolute":
        tolerance = abs(first)
    elif name == "equal" and first is not None and mode == "relative":
        tolerance = abs(value) * abs(first) / 100
    return text, value, tolerance


# Reading: files -----------------------------------------------------------------------


def _item_error(source: str, line: int, title: str, reason: object) -> ParseError:
    where = f"{source}: " if source else ""
    return {
        "line": line,
        "message": where
        + _("Item “%(title)s” (line %(line)d) was not imported: %(reason)s.")
        % {"title": title[:80], "line": line, "reason": reason},
    }


def _read_items(
    items: Iterable[ET.Element],
    document: XmlDocument,
    *,
    source: str = "",
    metadata: _Metadata | None = None,
    files: "_ItemFiles | None" = None,
) -> tuple[list[NeutralQuestion], list[ParseError]]:
    questions, errors = [], []
    for item in items:
        line = document.line(item)
        try:
            reader = _ItemReader(item, document, metadata or _Metadata(), files)
            questions.append(reader.read())
        except _NotImported as reason:
            errors.append(
                _item_error(source, line, " ".join(item.get("title", "").split()), reason)
            )
    return questions, errors


def _items_of(document: XmlDocument) -> list[ET.Element]:
    root = document.root
    name = local_name(root.tag)
    if name == "assessmentItem":
        return [root]
    if name == "questestinterop":
        raise FormatError(
            _("This is a QTI 1.2 file; only QTI 2.1 is supported. Export QTI 2.1 instead.")
        )
    if name == "manifest":
        raise FormatError(
            _("This is the manifest of a content package; import the whole ZIP file instead.")
        )
    if name == "assessmentTest":
        raise FormatError(
            _(
                "This is a QTI test, which only refers to item files; import the whole "
                "content package (ZIP) instead."
            )
        )
    items = descendants(root, "assessmentItem")
    if not items:
        raise FormatError(
            _(
                "This is not a QTI 2.1 file: it has no <assessmentItem> (its first element "
                "is <%(found)s>)."
            )
            % {"found": name[:40]}
        )
    return items


def _check_count(count: int) -> None:
    if count > MAX_QUESTIONS:
        raise FormatError(
            _("The file has more than %(count)d questions; split it into smaller files.")
            % {"count": MAX_QUESTIONS}
        )


def _safe_member_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    if re.match(r"[A-Za-z]:", name):
        return False
    return ".." not in name.split("/")


class _Package:
    """A ZIP content package read within the limits: at most MAX_ZIP_MEMBERS entries,
    MAX_BYTES unpacked in all (declared sizes checked first, actual bytes counted while
    reading), no absolute or "../" names. Nothing is extracted to disk."""

    def __init__(self, data: bytes) -> None:
        check_size(data)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except _ZIP_ERRORS as error:
            raise FormatError(_("This is not a valid ZIP file.")) from error
        if len(infos) > MAX_ZIP_MEMBERS:
            raise FormatError(
                _("The package has more than %(count)d files.") % {"count": MAX_ZIP_MEMBERS}
            )
        for info in infos:
            if not _safe_member_name(info.filename):
                raise FormatError(
                    _("The package holds a file with an unsafe path (%(name)s); it was refused.")
                    % {"name": info.filename[:80]}
                )
        if sum(info.file_size for info in infos) > MAX_BYTES:
            raise FormatError(
                _("The package unpacks to more than %(size)d MB; it was refused.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        self.members = {info.filename: info for info in infos if not info.is_dir()}
        self.budget = MAX_BYTES
        self.images: dict[str, bytes] = {}  # read once, however many items show them

    def read(self, name: str) -> bytes:
        info = self.members[name]
        try:
            with self.archive.open(info) as member:
                data = member.read(self.budget + 1)
        except _ZIP_ERRORS as error:
            raise FormatError(
                _("The file %(name)s of the package cannot be read.") % {"name": name[:80]}
            ) from error
        if len(data) > self.budget:
            raise FormatError(
                _("The package unpacks to more than %(size)d MB; it was refused.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        self.budget -= len(data)
        return data


class _OutsidePackage(Exception):
    """An image path that leaves the package ("../../etc/passwd"): never read."""


class _ItemFiles:
    """The files of a package that the images of one item file point at."""

    def __init__(self, package: _Package, member: str) -> None:
        self.package = package
        self.folder = posixpath.dirname(member)

    def image(self, url: str) -> bytes | None:
        """The bytes of the package file an image URL names, relative to the item file;
        None for a web address, an absolute path or a missing file (they keep their
        warning); _OutsidePackage for a relative path that leaves the package, which is
        never looked for. A file over MAX_ATTACHMENT_BYTES leaves the item out."""
        raw = html.unescape(url).strip()
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw) or raw.startswith(("/", "#")):
            return None
        path = url_path(url)
        if not path or "\\" in path or "\x00" in path:
            return None
        joined = posixpath.normpath(posixpath.join(self.folder, path))
        if joined == ".." or joined.startswith(("../", "/")):
            raise _OutsidePackage
        info = self.package.members.get(joined)
        if info is None or joined.lower().endswith(".xml"):  # items and the manifest
            return None
        if joined not in self.package.images:
            # The declared size first, so that a big file is not even read.
            size = info.file_size
            if size <= MAX_ATTACHMENT_BYTES:
                data = self.package.read(joined)
                size = len(data)
            if size > MAX_ATTACHMENT_BYTES:
                raise _NotImported(
                    _("the image “%(name)s” is too large (%(size)s; at most %(limit)s)")
                    % {
                        "name": raw[:80],
                        "size": format_size(size),
                        "limit": format_size(MAX_ATTACHMENT_BYTES),
                    }
                )
            self.package.images[joined] = data
        return self.package.images[joined]


def _resolve(href: str) -> str | None:
    """A manifest href as a member name; None when it leaves the package."""
    href = urllib.parse.unquote(href.strip())
    if not href or "://" in href or href.startswith("/") or "\\" in href:
        return None
    path = posixpath.normpath(href)
    if path == ".." or path.startswith("../") or path.startswith("/"):
        return None
    return path


def _lom_metadata(resource: ET.Element) -> _Metadata:
    metadata = _Metadata()
    lom = next(iter(descendants(resource, "lom")), None)
    if lom is None:
        return metadata
    general = child(lom, "general")
    if general is not None:
        for keyword in children(general, "keyword"):
            for string in children(keyword, "string"):
                tag = all_text(string).strip()
                if tag:
                    metadata.tags.append(tag)
    for classification in children(lom, "classification"):
        purpose = all_text(child(child(classification, "purpose"), "value")).strip()
        if purpose not in ("", "discipline"):
            continue
        for path in children(classification, "taxonPath"):
            entries = [
                all_text(child(child(taxon, "entry"), "string"))
                for taxon in children(path, "taxon")
            ]
            if entries:
                metadata.category = "/".join(entries).strip()
                break
        if metadata.category:
            break
    return metadata


def _parse_package(data: bytes) -> ParseResult:
    package = _Package(data)
    resources: list[tuple[str, str | None, _Metadata]] = []  # (href, member, metadata)
    listed = "imsmanifest.xml" in package.members
    if listed:
        manifest = load_xml(package.read("imsmanifest.xml"))
        if local_name(manifest.root.tag) != "manifest":
            raise FormatError(_("The package's imsmanifest.xml is not a manifest."))
        for resource in descendants(manifest.root, "resource"):
            kind = resource.get("type", "")
            if kind.startswith("imsqti_xmlv1") or kind.startswith("imsqti_item_xmlv1"):
                raise FormatError(_("This is a QTI 1.2 package; only QTI 2.1 is supported."))
            if not kind.startswith("imsqti_item_xmlv2"):
                continue
            href = resource.get("href") or next(
                (node.get("href", "") for node in children(resource, "file")), ""
            )
            resources.append((href, _resolve(href), _lom_metadata(resource)))
    if not resources:
        listed = False
        resources = [
            (name, name, _Metadata())
            for name in package.members
            if name.lower().endswith(".xml") and name != "imsmanifest.xml"
        ]
    _check_count(len(resources))
    questions: list[NeutralQuestion] = []
    errors: list[ParseError] = []
    for href, member, metadata in resources:
        if member is None or member not in package.members:
            reason = (
                _("its path leaves the package") if member is None else _("the file is missing")
            )
            errors.append(
                {
                    "line": 0,
                    "message": _("%(file)s was not imported: %(reason)s.")
                    % {"file": href[:80], "reason": reason},
                }
            )
            continue
        raw = package.read(member)  # a damaged or oversized member refuses the package
        try:
            document = load_xml(raw)
        except UnsafeXmlError as error:
            raise FormatError(f"{member}: {error}") from error
        except FormatError as error:
            if listed:
                errors.append({"line": 0, "message": f"{member}: {error}"})
            continue
        if local_name(document.root.tag) != "assessmentItem":
            if listed:
                errors.append(
                    {
                        "line": 0,
                        "message": _("%(file)s was not imported: it is not an assessmentItem.")
                        % {"file": member[:80]},
                    }
                )
            continue
        found, failed = _read_items(
            [document.root],
            document,
            source=member,
            metadata=metadata,
            files=_ItemFiles(package, member),
        )
        questions += found
        errors += failed
        _check_count(len(questions) + len(errors))
    if not questions and not errors:
        errors.append({"line": 0, "message": _("The package holds no QTI 2.1 items.")})
    return {"questions": questions, "errors": errors}


def parse_qti(data: bytes | str) -> ParseResult:
    """Questions and per-item errors of a QTI 2.1 item, XML of several items, or content
    package. Raises FormatError when the whole file cannot be read."""
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        return _parse_package(data)
    document = load_xml(data)
    items = _items_of(document)
    _check_count(len(items))
    questions, errors = _read_items(items, document)
    return {"questions": questions, "errors": errors}


# Writing: texts -----------------------------------------------------------------------


class _XhtmlWriter(HTMLParser):
    """HTML fragment → the XHTML subset QTI allows (see the module docstring); gap
    markers {{n}} in text become what `gap(n)` returns (None: kept as text)."""

    def __init__(self, gap: Callable[[int], str | None] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.gap = gap
        self.out: list[str] = []
        self.stack: list[str] = []
        self.pending: list[str] = []
        self.dropping = 0

    def flush(self) -> None:
        text = "".join(self.pending)
        self.pending = []
        if text:
            self.out.append(_text_with_gaps(text, self.gap))

    def start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        self.flush()
        if tag in _DROPPED_WITH_CONTENT:
            if not closed:
                self.dropping += 1
            return
        if self.dropping or tag not in _XHTML_ELEMENTS:
            return
        allowed = _XHTML_ATTRIBUTES.get(tag, ())
        parts = []
        names = set()
        for name, value in attrs:
            if value is None or name in names:
                continue
            if name == "class" or name in allowed:
                parts.append(f' {name}="{escape_attr(value)}"')
            elif name == "lang":
                parts.append(f' xml:lang="{escape_attr(value)}"')
            else:
                continue
            names.add(name)
        if tag == "img" and "alt" not in names:
            parts.append(' alt=""')
        attributes = "".join(parts)
        if tag in _VOID_ELEMENTS:
            self.out.append(f"<{tag}{attributes}/>")
        elif closed:
            self.out.append(f"<{tag}{attributes}></{tag}>")
        else:
            self.out.append(f"<{tag}{attributes}>")
            self.stack.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        if tag in _DROPPED_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if tag in self.stack:
            while self.stack:
                name = self.stack.pop()
                self.out.append(f"</{name}>")
                if name == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.pending.append(data)

    def result(self) -> str:
        self.close()
        self.flush()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def _text_with_gaps(text: str, gap: Callable[[int], str | None] | None) -> str:
    if gap is None:
        return escape_text(text)
    parts, position = [], 0
    for match in _GAP_MARKER.finditer(text):
        replacement = gap(int(match.group(1)))
        if replacement is None:
            continue
        parts.append(escape_text(text[position : match.start()]))
        parts.append(replacement)
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def _xhtml(markup: str, gap: Callable[[int], str | None] | None = None) -> str:
    writer = _XhtmlWriter(gap)
    writer.feed(markup)
    return writer.result()


def _number(value: float) -> str:
    return repr(float(value))


def _identifier_value(text: str) -> str:
    return f'<baseValue baseType="identifier">{escape_text(text)}</baseValue>'


def _float_value(value: float) -> str:
    return f'<baseValue baseType="float">{_number(value)}</baseValue>'


def _add_score(expression: str) -> str:
    return (
        '<setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/>'
        f"{expression}</sum></setOutcomeValue>"
    )


def _add_feedback(expression: str) -> str:
    return (
        '<setOutcomeValue identifier="FEEDBACK"><multiple><variable identifier="FEEDBACK"/>'
        f"{expression}</multiple></setOutcomeValue>"
    )


def _texts(value: object) -> str:
    return value if isinstance(value, str) else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _fraction(answer: dict[str, Any]) -> float:
    value = answer.get("fraction", 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return min(1.0, max(-1.0, float(value)))


def _answers(container: dict[str, Any]) -> list[dict[str, Any]]:
    answers = container.get("answers")
    if not isinstance(answers, list) or not answers:
        raise _CannotWrite(_("it has no answers"))
    return [answer if isinstance(answer, dict) else {} for answer in answers]


class _ItemWriter:
    """Writes one neutral question as an assessmentItem."""

    def __init__(self, question: NeutralQuestion, identifier: str, labels: tuple[str, str]):
        self.question = question
        self.identifier = identifier
        self.labels = labels
        text_format = question.get("text_format")
        self.format = text_format if text_format in _TEXT_FORMATS else "markdown"
        self.declarations: list[str] = []
        self.rules: list[str] = []
        self.feedback: list[tuple[str, str]] = []  # (identifier, text)
        self.scored = True
        self.parts = 1  # the score is the mean of this many responses' fractions

    # Texts

    def flow(self, text: object) -> str:
        """A displayed text inside a choice."""
        text = _texts(text)
        return _xhtml(text) if self.format == "html" else escape_text(text)

    def paragraphs(self, text: object, gap: Callable[[int], str | None] | None = None) -> str:
        text = _texts(text)
        if self.format == "html":
            return _xhtml(text, gap)
        return "".join(f"<p>{_text_with_gaps(piece, gap)}</p>" for piece in text.split("\n\n"))

    def answer_feedback(self, identifier: str, answer: dict[str, Any]) -> bool:
        text = _texts(answer.get("feedback"))
        if text:
            self.feedback.append((identifier, text))
        return bool(text)

    # Responses

    def declare(
        self,
        identifier: str,
        cardinality: str,
        base_type: str,
        correct: list[str],
        mapping: Sequence[tuple[str, float, bool | None]] = (),
    ) -> None:
        parts = [
            f'<responseDeclaration identifier="{identifier}" cardinality="{cardinality}" '
            f'baseType="{base_type}">'
        ]
        if correct:
            values = "".join(f"<value>{escape_text(value)}</value>" for value in correct)
            parts.append(f"<correctResponse>{values}</correctResponse>")
        if mapping:
            parts.append('<mapping defaultValue="0">')
            for key, value, case in mapping:
                # caseSensitive is required by the QTI 2.1 schema, even for identifiers.
                parts.append(
                    f'<mapEntry mapKey="{escape_attr(key)}" mappedValue="{_number(value)}" '
                    f'caseSensitive="{str(case is not False).lower()}"/>'
                )
            parts.append("</mapping>")
        parts.append("</responseDeclaration>")
        self.declarations.append("".join(parts))

    def score_by_mapping(self, identifier: str, *, feedback_is_response: bool = False) -> None:
        actions = _add_score(f'<mapResponse identifier="{identifier}"/>')
        if feedback_is_response:
            actions += _add_feedback(f'<variable identifier="{identifier}"/>')
        self.rules.append(
            "<responseCondition><responseIf><not><isNull>"
            f'<variable identifier="{identifier}"/></isNull></not>{actions}'
            "</responseIf></responseCondition>"
        )

    def choices(
        self, identifier: str, answers: list[dict[str, Any]], ids: list[str], *, multiple: bool
    ) -> None:
        fractions = [_fraction(answer) for answer in answers]
        if multiple:
            correct = [key for key, fraction in zip(ids, fractions, strict=True) if fraction > 0]
        else:
            best = max(fractions)
            correct = [ids[fractions.index(best)]] if best > 0 else []
        self.declare(
            identifier,
            "multiple" if multiple else "single",
            "identifier",
            correct,
            [(key, fraction, None) for key, fraction in zip(ids, fractions, strict=True)],
        )
        with_feedback = [
            self.answer_feedback(key, answer) for key, answer in zip(ids, answers, strict=True)
        ]
        self.score_by_mapping(identifier, feedback_is_response=any(with_feedback))

    def text_entry(
        self, identifier: str, answers: list[dict[str, Any]], *, case_sensitive: bool
    ) -> None:
        texts = [_texts(answer.get("text")) for answer in answers]
        fractions = [_fraction(answer) for answer in answers]
        best = max(fractions)
        self.declare(
            identifier,
            "single",
            "string",
            [texts[fractions.index(best)]] if best > 0 else [],
            [
                (text, fraction, case_sensitive)
                for text, fraction in zip(texts, fractions, strict=True)
            ],
        )
        self.score_by_mapping(identifier)
        for number, (text, answer) in enumerate(zip(texts, answers, strict=True), start=1):
            key = f"{identifier}_A{number}"
            if self.answer_feedback(key, answer):
                self.rules.append(
                    "<responseCondition><responseIf>"
                    f'<stringMatch caseSensitive="{str(case_sensitive).lower()}">'
                    f'<variable identifier="{identifier}"/>'
                    f'<baseValue baseType="string">{escape_text(text)}</baseValue></stringMatch>'
                    f"{_add_feedback(_identifier_value(key))}</responseIf></responseCondition>"
                )

    def numeric_entry(self, identifier: str, answers: list[dict[str, Any]]) -> None:
        branches, catch_all, correct = [], None, []
        best = None
        for number, answer in enumerate(answers, start=1):
            key = f"{identifier}_A{number}"
            fraction = _fraction(answer)
            actions = _add_score(_float_value(fraction))
            if self.answer_feedback(key, answer):
                actions += _add_feedback(_identifier_value(key))
            value = answer.get("value")
            if _texts(answer.get("text")).strip() == "*" and not isinstance(value, int | float):
                catch_all = catch_all or actions
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _CannotWrite(_("answer %(number)d has no value") % {"number": number})
            if not math.isfinite(value):
                raise _CannotWrite(
                    _("answer %(number)d is not a finite number") % {"number": number}
                )
            text = _texts(answer.get("text")).strip()
            if not (_XSD_DOUBLE.fullmatch(text) and float(text) == value):
                text = _number(value)
            tolerance = answer.get("tolerance", 0.0)
            if isinstance(tolerance, bool) or not isinstance(tolerance, int | float):
                tolerance = 0.0
            tolerance = abs(float(tolerance)) if math.isfinite(tolerance) else 0.0
            if tolerance:
                test = (
                    f'<equal toleranceMode="absolute" tolerance="{_number(tolerance)} '
                    f'{_number(tolerance)}">'
                )
            else:
                test = '<equal toleranceMode="exact">'
            test += (
                f'<variable identifier="{identifier}"/>'
                f'<baseValue baseType="float">{text}</baseValue></equal>'
            )
            tag = "responseIf" if not branches else "responseElseIf"
            branches.append(f"<{tag}>{test}{actions}</{tag}>")
            if best is None or fraction > best:
                best, correct = fraction, [text]
        if not branches:
            raise _CannotWrite(_("it has no numeric answer"))
        if catch_all:
            branches.append(f"<responseElse>{catch_all}</responseElse>")
        self.declare(identifier, "single", "float", correct if best and best > 0 else [])
        self.rules.append(f"<responseCondition>{''.join(branches)}</responseCondition>")

    # Types

    def write(self) -> str:
        kind = self.question.get("type")
        method = getattr(self, f"_write_{kind}", None) if isinstance(kind, str) else None
        if method is None:
            raise _CannotWrite(
                _("the question type “%(type)s” cannot be written") % {"type": str(kind)[:40]}
            )
        body = method()
        return self.item(body)

    def text_div(self, gap: Callable[[int], str | None] | None = None) -> str:
        return f'<div class="amont-text">{self.paragraphs(self.question.get("text"), gap)}</div>'

    def _write_single_choice(self, multiple: bool = False) -> str:
        answers = _answers(self.question)
        ids = [f"C{number}" for number in range(1, len(answers) + 1)]
        self.choices("RESPONSE", answers, ids, multiple=multiple)
        shuffle = str(self.question.get("shuffle", True) is not False).lower()
        choices = "".join(
            f'<simpleChoice identifier="{key}">{self.flow(answer.get("text"))}</simpleChoice>'
            for key, answer in zip(ids, answers, strict=True)
        )
        return (
            f'{self.text_div()}<choiceInteraction responseIdentifier="RESPONSE" '
            f'shuffle="{shuffle}" maxChoices="{0 if multiple else 1}">{choices}'
            "</choiceInteraction>"
        )

    def _write_multiple_choice(self) -> str:
        return self._write_single_choice(multiple=True)

    def _write_true_false(self) -> str:
        by_text = {
            _texts(answer.get("text")).strip().lower(): answer for answer in _answers(self.question)
        }
        if set(by_text) != {"true", "false"}:
            raise _CannotWrite(_("it needs one “true” and one “false” answer"))
        answers = [by_text["true"], by_text["false"]]
        ids = ["true", "false"]
        self.choices("RESPONSE", answers, ids, multiple=False)
        choices = "".join(
            f'<simpleChoice identifier="{key}">{escape_text(label)}</simpleChoice>'
            for key, label in zip(ids, self.labels, strict=True)
        )
        return (
            f'{self.text_div()}<choiceInteraction responseIdentifier="RESPONSE" '
            f'shuffle="false" maxChoices="1">{choices}</choiceInteraction>'
        )

    def _write_short_answer(self) -> str:
        self.text_entry(
            "RESPONSE",
            _answers(self.question),
            case_sensitive=self.question.get("case_sensitive") is True,
        )
        return f"{self.text_div()}<p>{self.text_entry_element('RESPONSE', self.question)}</p>"

    def text_entry_element(self, identifier: str, settings: dict[str, Any]) -> str:
        accents = settings.get("accent_sensitive", self.question.get("accent_sensitive", True))
        css = ' class="amont-accent-insensitive"' if accents is False else ""
        return f'<textEntryInteraction responseIdentifier="{identifier}"{css}/>'

    def _write_numeric(self) -> str:
        self.numeric_entry("RESPONSE", _answers(self.question))
        return f'{self.text_div()}<p><textEntryInteraction responseIdentifier="RESPONSE"/></p>'

    def _write_matching(self) -> str:
        pairs = [pair for pair in _list(self.question.get("pairs")) if isinstance(pair, dict)]
        lefts = [(_texts(pair.get("left")), _texts(pair.get("right"))) for pair in pairs]
        sources = [(left, right) for left, right in lefts if left]
        if not sources:
            raise _CannotWrite(_("it has no pairs"))
        rights: list[str] = []
        for _left, right in sources + [(left, right) for left, right in lefts if not left]:
            if right and right not in rights:
                rights.append(right)
        target_ids = {right: f"T{number}" for number, right in enumerate(rights, start=1)}
        uses = {right: sum(1 for _l, r in sources if r == right) for right in rights}
        correct = [
            f"S{number} {target_ids[right]}"
            for number, (_left, right) in enumerate(sources, start=1)
            if right in target_ids
        ]
        self.declare(
            "RESPONSE", "multiple", "directedPair", correct, [(key, 1.0, None) for key in correct]
        )
        self.rules.append(
            '<responseCondition><responseIf><not><isNull><variable identifier="RESPONSE"/>'
            "</isNull></not>"
            + _add_score(
                f'<divide><mapResponse identifier="RESPONSE"/>{_float_value(len(sources))}</divide>'
            )
            + "</responseIf></responseCondition>"
        )
        shuffle = str(self.question.get("shuffle", True) is not False).lower()
        source_set = "".join(
            f'<simpleAssociableChoice identifier="S{number}" matchMax="1">{self.flow(left)}'
            "</simpleAssociableChoice>"
            for number, (left, _right) in enumerate(sources, start=1)
        )
        target_set = "".join(
            f'<simpleAssociableChoice identifier="{target_ids[right]}" '
            f'matchMax="{max(1, uses[right])}">{self.flow(right)}</simpleAssociableChoice>'
            for right in rights
        )
        return (
            f'{self.text_div()}<matchInteraction responseIdentifier="RESPONSE" '
            f'shuffle="{shuffle}" maxAssociations="{len(sources)}">'
            f"<simpleMatchSet>{source_set}</simpleMatchSet>"
            f"<simpleMatchSet>{target_set}</simpleMatchSet></matchInteraction>"
        )

    def _write_ordering(self) -> str:
        items = [_texts(item) for item in _list(self.question.get("items"))]
        if not items:
            raise _CannotWrite(_("it has no items"))
        ids = [f"I{number}" for number in range(1, len(items) + 1)]
        self.declare("RESPONSE", "ordered", "identifier", ids)
        self.rules.append(
            '<responseCondition><responseIf><match><variable identifier="RESPONSE"/>'
            '<correct identifier="RESPONSE"/></match>'
            f"{_add_score(_float_value(1.0))}</responseIf></responseCondition>"
        )
        # Listed out of order, for players that do not shuffle.
        shown = list(zip(ids, items, strict=True))
        shown = shown[1:] + shown[:1]
        choices = "".join(
            f'<simpleChoice identifier="{key}">{self.flow(item)}</simpleChoice>'
            for key, item in shown
        )
        return (
            f'{self.text_div()}<orderInteraction responseIdentifier="RESPONSE" shuffle="true">'
            f"{choices}</orderInteraction>"
        )

    def _write_open_text(self) -> str:
        self.scored = False
        self.declare("RESPONSE", "single", "string", [])
        return f'{self.text_div()}<extendedTextInteraction responseIdentifier="RESPONSE"/>'

    def _write_cloze(self) -> str:
        gaps = self.question.get("gaps")
        if not isinstance(gaps, list) or not gaps:
            raise _CannotWrite(_("it has no gaps"))
        markers = [int(n) for n in _GAP_MARKER.findall(_texts(self.question.get("text")))]
        markers = [n for n in markers if 1 <= n <= len(gaps)]
        if sorted(markers) != list(range(1, len(gaps) + 1)):
            raise _CannotWrite(_("its gap markers do not match its gaps"))
        elements = {}
        for number, gap in enumerate(gaps, start=1):
            if not isinstance(gap, dict):
                raise _CannotWrite(_("gap %(number)d is malformed") % {"number": number})
            elements[number] = self.gap(number, gap)
        self.parts = len(gaps)
        return self.text_div(elements.get)

    def gap(self, number: int, gap: dict[str, Any]) -> str:
        identifier = f"RESPONSE_{number}"
        kind = gap.get("kind")
        answers = _answers(gap)
        if kind == "choice":
            ids = [f"G{number}_C{index}" for index in range(1, len(answers) + 1)]
            self.choices(identifier, answers, ids, multiple=False)
            choices = "".join(
                f'<inlineChoice identifier="{key}">{escape_text(_texts(answer.get("text")))}'
                "</inlineChoice>"
                for key, answer in zip(ids, answers, strict=True)
            )
            return (
                f'<inlineChoiceInteraction responseIdentifier="{identifier}" shuffle="false">'
                f"{choices}</inlineChoiceInteraction>"
            )
        if kind == "numeric":
            self.numeric_entry(identifier, answers)
            return f'<textEntryInteraction responseIdentifier="{identifier}"/>'
        if kind == "short_answer":
            case = gap.get("case_sensitive", self.question.get("case_sensitive", False))
            self.text_entry(identifier, answers, case_sensitive=case is True)
            return self.text_entry_element(identifier, gap)
        raise _CannotWrite(_("gap %(number)d is of an unknown kind") % {"number": number})

    # Item

    def grade(self) -> float:
        grade = self.question.get("default_grade", 1.0)
        if isinstance(grade, bool) or not isinstance(grade, int | float):
            return 1.0
        return float(grade) if math.isfinite(grade) and grade >= 0 else 1.0

    def item(self, body: str) -> str:
        grade = self.grade()
        general = _texts(self.question.get("general_feedback"))
        outcomes = [
            '<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"'
            + (f' normalMaximum="{_number(grade)}"' if grade > 0 else "")
            + "><defaultValue><value>0</value></defaultValue></outcomeDeclaration>",
            '<outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float">'
            f"<defaultValue><value>{_number(grade)}</value></defaultValue></outcomeDeclaration>",
        ]
        rules = list(self.rules)
        if self.scored:
            score = '<variable identifier="SCORE"/>'
            if self.parts > 1:
                score = f"<divide>{score}{_float_value(self.parts)}</divide>"
            rules.append(
                f'<setOutcomeValue identifier="SCORE"><product>{score}'
                '<variable identifier="MAXSCORE"/></product></setOutcomeValue>'
            )
        if self.feedback:
            outcomes.append(
                '<outcomeDeclaration identifier="FEEDBACK" cardinality="multiple" '
                'baseType="identifier"/>'
            )
        if general:
            outcomes.append(
                f'<outcomeDeclaration identifier="{_GENERAL_FEEDBACK}" cardinality="single" '
                'baseType="identifier"/>'
            )
            rules.append(
                f'<setOutcomeValue identifier="{_GENERAL_FEEDBACK}">'
                f"{_identifier_value('SHOW')}</setOutcomeValue>"
            )
        modal = [
            f'<modalFeedback outcomeIdentifier="FEEDBACK" identifier="{key}" showHide="show">'
            f"{self.paragraphs(text)}</modalFeedback>"
            for key, text in self.feedback
        ]
        if general:
            modal.append(
                f'<modalFeedback outcomeIdentifier="{_GENERAL_FEEDBACK}" identifier="SHOW" '
                f'showHide="show">{self.paragraphs(general)}</modalFeedback>'
            )
        title = _texts(self.question.get("title"))
        processing = "".join(rules)
        return "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f'<assessmentItem xmlns="{QTI_NS}" xmlns:xsi="{XSI_NS}" '
                f'xsi:schemaLocation="{QTI_NS} {QTI_XSD}" identifier="{self.identifier}" '
                f'title="{escape_attr(title)}" adaptive="false" timeDependent="false">',
                *self.declarations,
                *outcomes,
                f'<itemBody class="amont-{self.format}">{body}</itemBody>',
                f"<responseProcessing>{processing}</responseProcessing>" if processing else "",
                *modal,
                "</assessmentItem>",
                "",
            ]
        )


# Writing: package ---------------------------------------------------------------------


def _lom(question: NeutralQuestion) -> str:
    general = [f"<imsmd:title><imsmd:string>{escape_text(_texts(question.get('title')))}"]
    general[0] += "</imsmd:string></imsmd:title>"
    for tag in _list(question.get("tags")):
        if isinstance(tag, str) and tag.strip():
            general.append(
                f"<imsmd:keyword><imsmd:string>{escape_text(tag.strip())}</imsmd:string>"
                "</imsmd:keyword>"
            )
    parts = [f"<imsmd:general>{''.join(general)}</imsmd:general>"]
    category = _texts(question.get("category")).strip()
    if category:
        taxa = "".join(
            f"<imsmd:taxon><imsmd:entry><imsmd:string>{escape_text(segment)}</imsmd:string>"
            "</imsmd:entry></imsmd:taxon>"
            for segment in category.split("/")
        )
        parts.append(
            "<imsmd:classification><imsmd:purpose><imsmd:source>LOMv1.0</imsmd:source>"
            "<imsmd:value>discipline</imsmd:value></imsmd:purpose><imsmd:taxonPath>"
            "<imsmd:source><imsmd:string>amont</imsmd:string></imsmd:source>"
            f"{taxa}</imsmd:taxonPath></imsmd:classification>"
        )
    return f"<metadata><imsmd:lom>{''.join(parts)}</imsmd:lom></metadata>"


def _manifest(written: list[tuple[str, str, NeutralQuestion, list[str]]]) -> str:
    resources = "\n".join(
        f'<resource identifier="{identifier}" type="{ITEM_RESOURCE}" href="{path}">'
        f'{_lom(question)}<file href="{path}"/>'
        + "".join(f'<file href="{escape_attr(urllib.parse.quote(image))}"/>' for image in images)
        + "</resource>"
        for identifier, path, question, images in written
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<manifest xmlns="{CP_NS}" xmlns:imsmd="{LOM_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{CP_NS} {CP_XSD} {LOM_NS} {LOM_XSD}" '
            'identifier="MANIFEST-amont">',
            "<metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion>"
            "</metadata>",
            "<organizations/>",
            "<resources>",
            resources,
            "</resources>",
            "</manifest>",
            "",
        ]
    )


def _kept_member(url: str) -> str | None:
    """The package file an image URL already names from items/ (a relative path that
    stays in items/ and is not an item), or None."""
    raw = html.unescape(url).strip()
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw) or raw.startswith(("/", "#")):
        return None
    path = url_path(url)
    member = posixpath.normpath(posixpath.join("items", path)) if path else ""
    if (
        not _safe_member_name(member)
        or not member.startswith("items/")
        or member.lower().endswith(".xml")
    ):
        return None
    return member


def _package_images(
    question: NeutralQuestion, packed: dict[str, bytes]
) -> tuple[NeutralQuestion, list[tuple[str, bytes]]]:
    """The question with its images' URLs pointing into the package, and the image files
    to add (member, bytes). A relative URL is kept when its file is free or holds the same
    bytes; any other (/bank/images/<id>/) becomes images/<digest>.<ext>, one file per
    content, however many questions show it."""
    attachments = attachments_of(question)
    if not attachments:
        return question, []
    shown = set(image_urls(question))
    renames: dict[str, str] = {}
    images: list[tuple[str, bytes]] = []
    taken = dict(packed)
    for url, content in attachments.items():
        if url not in shown:
            continue
        data = bytes(content)
        member = _kept_member(url)
        if member is None or taken.get(member, data) != data:
            name = f"images/{hashlib.sha256(data).hexdigest()[:20]}{image_extension(data)}"
            member = f"items/{name}"
            renames[url] = name
        if all(member != used for used, _data in images):
            images.append((member, data))
        taken[member] = data
    written = replace_image_urls(question, renames) if renames else question
    return written, images


def write_qti(
    questions: Iterable[NeutralQuestion], *, labels: tuple[str, str] = ("True", "False")
) -> tuple[bytes, list[NeutralQuestion]]:
    """A QTI 2.1 content package (ZIP bytes: imsmanifest.xml, items/Qn.xml and the images
    of the questions' "attachments" under items/) and the questions that could not be
    written, each with a warning saying why. `labels` are the texts shown for true/false
    choices (pass translated ones)."""
    written: list[tuple[str, str, NeutralQuestion, list[str]]] = []
    files: list[tuple[str, str | bytes]] = []
    packed: dict[str, bytes] = {}
    skipped: list[NeutralQuestion] = []
    for number, question in enumerate(questions, start=1):
        identifier = f"Q{number}"
        if not isinstance(question, dict):
            continue
        try:
            shown, images = _package_images(question, packed)
            xml = _ItemWriter(shown, identifier, labels).write()
        except _CannotWrite as reason:
            warnings = question.get("warnings")
            previous = list(warnings) if isinstance(warnings, list) else []
            message = _("Not exported to QTI: %(reason)s.") % {"reason": reason}
            skipped.append({**question, "warnings": [*previous, message]})
            continue
        path = f"items/{identifier}.xml"
        written.append((identifier, path, question, sorted(member for member, _data in images)))
        files.append((path, xml))
        for member, data in images:
            if member not in packed:
                packed[member] = data
                files.append((member, data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in [("imsmanifest.xml", _manifest(written)), *files]:
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue(), skipped
