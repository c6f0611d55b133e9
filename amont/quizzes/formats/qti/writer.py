"""Writing neutral questions as QTI 2.1 items and a content package (see the
package's docstring)."""

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.formats.qti.common import (
    GAP_MARKER,
    GENERAL_FEEDBACK,
    QTI_NS,
    QTI_XSD,
    TEXT_FORMATS,
    XSI_NS,
    list_of,
    text_of,
)
from amont.quizzes.formats.qti.package import manifest_xml, package_images
from amont.quizzes.formats.qti.xhtml import text_with_gaps, xhtml
from amont.quizzes.formats.xmlsafe import escape_attr, escape_text

_XSD_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class _CannotWrite(Exception):
    """The question cannot be written; the message says why."""


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
        self.format = text_format if text_format in TEXT_FORMATS else "markdown"
        self.declarations: list[str] = []
        self.rules: list[str] = []
        self.feedback: list[tuple[str, str]] = []  # (identifier, text)
        self.scored = True
        self.parts = 1  # the score is the mean of this many responses' fractions

    # Texts

    def flow(self, text: object) -> str:
        """A displayed text inside a choice."""
        text = text_of(text)
        return xhtml(text) if self.format == "html" else escape_text(text)

    def paragraphs(self, text: object, gap: Callable[[int], str | None] | None = None) -> str:
        text = text_of(text)
        if self.format == "html":
            return xhtml(text, gap)
        return "".join(f"<p>{text_with_gaps(piece, gap)}</p>" for piece in text.split("\n\n"))

    def answer_feedback(self, identifier: str, answer: dict[str, Any]) -> bool:
        text = text_of(answer.get("feedback"))
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
        texts = [text_of(answer.get("text")) for answer in answers]
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
        branches: list[str] = []
        catch_all: str | None = None
        correct: list[str] = []
        best: float | None = None
        for number, answer in enumerate(answers, start=1):
            key = f"{identifier}_A{number}"
            fraction = _fraction(answer)
            actions = _add_score(_float_value(fraction))
            if self.answer_feedback(key, answer):
                actions += _add_feedback(_identifier_value(key))
            value = answer.get("value")
            if text_of(answer.get("text")).strip() == "*" and not isinstance(value, int | float):
                catch_all = catch_all or actions
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _CannotWrite(_("answer %(number)d has no value") % {"number": number})
            if not math.isfinite(value):
                raise _CannotWrite(
                    _("answer %(number)d is not a finite number") % {"number": number}
                )
            text = text_of(answer.get("text")).strip()
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
            text_of(answer.get("text")).strip().lower(): answer
            for answer in _answers(self.question)
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
        pairs = [pair for pair in list_of(self.question.get("pairs")) if isinstance(pair, dict)]
        lefts = [(text_of(pair.get("left")), text_of(pair.get("right"))) for pair in pairs]
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
        items = [text_of(item) for item in list_of(self.question.get("items"))]
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
        markers = [int(n) for n in GAP_MARKER.findall(text_of(self.question.get("text")))]
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
                f'<inlineChoice identifier="{key}">{escape_text(text_of(answer.get("text")))}'
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
        general = text_of(self.question.get("general_feedback"))
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
                f'<outcomeDeclaration identifier="{GENERAL_FEEDBACK}" cardinality="single" '
                'baseType="identifier"/>'
            )
            rules.append(
                f'<setOutcomeValue identifier="{GENERAL_FEEDBACK}">'
                f"{_identifier_value('SHOW')}</setOutcomeValue>"
            )
        modal = [
            f'<modalFeedback outcomeIdentifier="FEEDBACK" identifier="{key}" showHide="show">'
            f"{self.paragraphs(text)}</modalFeedback>"
            for key, text in self.feedback
        ]
        if general:
            modal.append(
                f'<modalFeedback outcomeIdentifier="{GENERAL_FEEDBACK}" identifier="SHOW" '
                f'showHide="show">{self.paragraphs(general)}</modalFeedback>'
            )
        title = text_of(self.question.get("title"))
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
            shown, images = package_images(question, packed)
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
        for path, content in [("imsmanifest.xml", manifest_xml(written)), *files]:
            info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue(), skipped
