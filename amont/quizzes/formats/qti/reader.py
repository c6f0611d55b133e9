"""Reading QTI 2.1 items, item files and content packages into neutral questions
(see the package's docstring)."""

import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from amont.quizzes.formats import (
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
    ParseError,
    ParseResult,
)
from amont.quizzes.formats.images import attachment_name, image_urls
from amont.quizzes.formats.qti.common import (
    GENERAL_FEEDBACK,
    TEXT_FORMATS,
    VOID_ELEMENTS,
    Metadata,
    NotImported,
)
from amont.quizzes.formats.qti.package import (
    ItemFiles,
    OutsidePackage,
    Package,
    lom_metadata,
    resolve,
)
from amont.quizzes.formats.xmlsafe import (
    ZIP_MAGIC,
    UnsafeXmlError,
    XmlDocument,
    all_text,
    child,
    children,
    descendants,
    load_xml,
    local_name,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
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
_MAX_LISTED_FILES = 5
_EMPTY_BLOCK = re.compile(r"<(p|div)>\s*</\1>")
_WHITESPACE = re.compile(r"\s+")
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
                if name in VOID_ELEMENTS and not len(node) and not node.text:
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
        metadata: Metadata,
        files: "ItemFiles | None" = None,
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
        marker = next((t for t in tokens if t.removeprefix("amont-") in TEXT_FORMATS), "")
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
            if modal.get("outcomeIdentifier") == GENERAL_FEEDBACK:
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
            except OutsidePackage:
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
            raise NotImported(
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
                parsed = [_float(all_text(value)) for value in values]
                numbers = [number for number in parsed if number is not None]
                if numbers:  # else SCORE is MAXSCORE or computed: a right answer
                    fraction = numbers[-1]
            elif outcome == "FEEDBACK" and values:
                feedback = self.feedback_for(all_text(values[-1]).strip())
        return fraction, feedback

    # Interactions → questions

    def read(self) -> NeutralQuestion:
        if self.body is None:
            raise NotImported(_("it has no itemBody"))
        if children(self.item, "templateDeclaration"):
            raise NotImported(_("it uses template variables, which are not supported"))
        interactions = [
            node for node in self.body.iter() if local_name(node.tag).endswith("Interaction")
        ]
        names = [local_name(node.tag) for node in interactions]
        unsupported = sorted(
            {name for name in names if name not in _BLOCK_INTERACTIONS | _INLINE_INTERACTIONS}
        )
        if unsupported:
            raise NotImported(
                _("%(interaction)s is not supported") % {"interaction": ", ".join(unsupported)}
            )
        if not interactions:
            raise NotImported(_("it has no interaction"))
        blocks = [node for node in interactions if local_name(node.tag) in _BLOCK_INTERACTIONS]
        inline = [node for node in interactions if local_name(node.tag) in _INLINE_INTERACTIONS]
        if len(blocks) > 1 or (blocks and inline):
            raise NotImported(_("it combines several interactions, which is not supported"))
        self.collect_feedback()
        question: NeutralQuestion
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
            raise NotImported(_("it has no choices"))
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
            raise NotImported(_("it has no correct order"))
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
            raise NotImported(_("a match interaction needs two sets of choices"))
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
            raise NotImported(_("it has no correct pairs"))
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
            raise NotImported(_("some of its gaps are outside the text"))
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
            raise NotImported(_("gap %(number)d has no correct answer") % {"number": number})
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
    metadata: Metadata | None = None,
    files: "ItemFiles | None" = None,
) -> tuple[list[NeutralQuestion], list[ParseError]]:
    questions, errors = [], []
    for item in items:
        line = document.line(item)
        try:
            reader = _ItemReader(item, document, metadata or Metadata(), files)
            questions.append(reader.read())
        except NotImported as reason:
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


def _parse_package(data: bytes) -> ParseResult:
    package = Package(data)
    resources: list[tuple[str, str | None, Metadata]] = []  # (href, member, metadata)
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
            resources.append((href, resolve(href), lom_metadata(resource)))
    if not resources:
        listed = False
        resources = [
            (name, name, Metadata())
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
            files=ItemFiles(package, member),
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
