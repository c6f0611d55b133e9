"""Grading of every question type, on the neutral question shape of
`amont.quizzes.formats`. Pure functions, no database access, so they are property-tested.

`grade_answer(question, answer)` never raises on what a learner sends (or on a sloppy
question): a wrong type, an index out of range or None grades as 0, and an open text
question is never auto-graded (score None). Only an unknown question type raises
ValueError, because that is a programming error, not a learner's.

Answer shapes, by question type:

- single_choice: int, the index of the chosen answer.
- multiple_choice: list, tuple or set of ints (duplicates count once).
- true_false: bool.
- short_answer: str.
- numeric: str ("3,14", "1 000,5", "-2.5e3") or a number.
- matching: dict {left index: right text} (keys may be strings of digits, as JSON
  storage turns them into strings), or a list of right texts in the order of the pairs.
- ordering: list of the items' original indices, in the learner's order.
- cloze: list with one entry per gap: str for short_answer and numeric gaps, int index
  for choice gaps. Missing trailing entries grade as empty gaps; extra ones are ignored.
- open_text: str.

A Grade is "correct" when its score reaches CORRECT_THRESHOLD (0.999, so that float
rounding never turns a right answer into a wrong one).
"""

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.utils.translation import gettext as _

CORRECT_THRESHOLD = 0.999

CONFIDENCE_LEVELS = ("guess", "unsure", "fairly_sure", "sure")
CONFIDENT_LEVELS = frozenset({"fairly_sure", "sure"})

# Positive fractions of a multiple choice question must add up to 1 within this slack
# (Moodle rounds the total to two decimals the same way).
SUM_TOLERANCE = 0.01

_FULL = 1.0 - 1e-6  # a fraction at or above this is "full marks"
_MAX_NUMBER_LENGTH = 100
_GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")


@dataclass(frozen=True)
class Grade:
    """score: 0.0..1.0, None when the question is not auto-graded (open_text).
    correct: None when not auto-graded. feedback: the non-empty feedback texts of the
    chosen answers (cloze: of each gap's matched answer), in answer or gap order.
    parts: per left (matching), per position (ordering) or per gap (cloze) scores."""

    score: float | None
    correct: bool | None
    feedback: tuple[str, ...] = ()
    parts: tuple[float, ...] = ()


ZERO = Grade(score=0.0, correct=False)
NOT_GRADED = Grade(score=None, correct=None)


# Confidence --------------------------------------------------------------------------


def is_confident(level: object) -> bool:
    """True for "fairly_sure" and "sure"; False for the other levels and for no answer."""
    return isinstance(level, str) and level in CONFIDENT_LEVELS


def is_misconception(grade: Grade, confidence: object) -> bool:
    """A confident answer that is not correct (partly right counts as not correct).
    Never for answers that are not auto-graded."""
    return grade.correct is False and is_confident(confidence)


# Defensive readers: questions come from importers and editors, answers from browsers.


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _real(value: object) -> float | None:
    """A finite float from an int or float (not bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _fraction(answer: object) -> float:
    """The answer's fraction clamped to [-1, 1]; 0 when missing or not a number."""
    fraction = _real(_dict(answer).get("fraction"))
    if fraction is None:
        return 0.0
    return min(1.0, max(-1.0, fraction))


def _feedback(answer: object) -> tuple[str, ...]:
    text = _text(_dict(answer).get("feedback"))
    return (text,) if text.strip() else ()


def _clamp(score: float) -> float:
    return min(1.0, max(0.0, score))


def _grade(score: float, feedback: tuple[str, ...] = (), parts: Iterable[float] = ()) -> Grade:
    score = _clamp(score)
    return Grade(
        score=score,
        correct=score >= CORRECT_THRESHOLD,
        feedback=feedback,
        parts=tuple(parts),
    )


# Text and numbers --------------------------------------------------------------------

# Phones type typographic apostrophes and quotes; teachers type straight ones.
_PUNCTUATION = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)
# Ligatures are no accents, but nobody can type them on a phone either.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def normalize_text(
    text: str, *, case_sensitive: bool = False, accent_sensitive: bool = True
) -> str:
    """The form in which short answers are compared: NFC, straight apostrophes, trimmed
    and with inner whitespace collapsed; casefolded unless case_sensitive; without
    combining marks (NFKD) nor œ/æ ligatures unless accent_sensitive."""
    text = unicodedata.normalize("NFC", text).translate(_PUNCTUATION)
    text = " ".join(text.split())
    if not case_sensitive:
        text = text.casefold()
    if not accent_sensitive:
        decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", text)


def _wildcard_match(pattern: str, text: str) -> bool:
    """Moodle's short answer pattern: `*` matches any sequence (even empty), `\\*` is a
    literal star. Linear scanning rather than a regular expression, so that a pattern
    with many stars cannot make a long answer slow."""
    chunks = [chunk.replace("\0", "*") for chunk in pattern.replace("\\*", "\0").split("*")]
    if len(chunks) == 1:
        return text == chunks[0]
    first, *middle, last = chunks
    if len(text) < len(first) + len(last):
        return False
    if not (text.startswith(first) and text.endswith(last)):
        return False
    position, end = len(first), len(text) - len(last)
    for chunk in middle:
        found = text.find(chunk, position, end)
        if found < 0:
            return False
        position = found + len(chunk)
    return True


@functools.cache
def _number_pattern(decimal: str, thousands: str) -> re.Pattern[str]:
    whole = r"[0-9]*"
    if thousands:
        whole = rf"(?:[0-9]{{1,3}}(?:{re.escape(thousands)}[0-9]{{3}})+|[0-9]*)"
    return re.compile(
        rf"(?P<sign>[+-]?)(?P<whole>{whole})"
        rf"(?:{re.escape(decimal)}(?P<fraction>[0-9]*))?"
        r"(?:[eE](?P<exponent>[+-]?[0-9]{1,4}))?"
    )


def parse_number(raw: object) -> float | None:
    """A finite float from a number or from what a learner types: "3,14" (French comma),
    "1 000,5" (spaces or NBSP between thousands), "1.000,5" or "1,000.5" (the last
    separator is the decimal one), "2,5e3", "-4" with a Unicode minus (U+2212). None
    when unparsable (also "inf", "nan", "1_000" and non-ASCII digits, which float() takes).

    A single separator is decimal, so "1,234" is 1.234 as a French reader means it;
    repeated separators are thousands ("1,234,567") and need groups of three digits."""
    if not isinstance(raw, str):
        return _real(raw)
    text = "".join(raw.split()).replace("\u2212", "-")
    if not text or len(text) > _MAX_NUMBER_LENGTH:
        return None
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
    elif commas > 1:
        decimal, thousands = ".", ","
    elif dots > 1:
        decimal, thousands = ",", "."
    else:
        decimal, thousands = ("," if commas else "."), ""
    match = _number_pattern(decimal, thousands).fullmatch(text)
    if not match:
        return None
    whole = match["whole"].replace(thousands, "") if thousands else match["whole"]
    fraction = match["fraction"] or ""
    if not whole and not fraction:
        return None
    number = float(f"{match['sign']}{whole or '0'}.{fraction or '0'}e{match['exponent'] or 0}")
    return number if math.isfinite(number) else None


def _within(number: float, value: float, tolerance: float) -> bool:
    """|number - value| <= tolerance, inclusive, with slack for float rounding so that
    3.15 is within 0.01 of 3.14."""
    slack = 1e-9 * max(1.0, abs(value), abs(number))
    return abs(number - value) <= abs(tolerance) + slack


def _is_catch_all(answer: dict[str, Any]) -> bool:
    """A numeric answer with no value and the text "*": Moodle's "any other answer"."""
    return parse_number(answer.get("value")) is None and _text(answer.get("text")).strip() == "*"


# Grading, by type --------------------------------------------------------------------


def _grade_choice(answers: list[Any], answer: object) -> Grade:
    if not _is_int(answer) or not 0 <= answer < len(answers):
        return ZERO
    chosen = answers[answer]
    return _grade(_fraction(chosen), _feedback(chosen))


def grade_single_choice(question: dict[str, Any], answer: object) -> Grade:
    return _grade_choice(_list(question.get("answers")), answer)


def _adds_up(total: float) -> bool:
    return abs(total - 1.0) <= SUM_TOLERANCE + 1e-9  # 0.33 * 3 is 0.99 only roughly


def grade_multiple_choice(question: dict[str, Any], answer: object) -> Grade:
    """Moodle's rule: the sum of the chosen fractions, clamped to [0, 1]. When the positive
    fractions add up to 1 within SUM_TOLERANCE (0.33 three times), the sum is divided by
    their total, so that choosing all the right answers always gives full marks."""
    answers = _list(question.get("answers"))
    if not isinstance(answer, list | tuple | set | frozenset):
        return ZERO
    if not all(_is_int(index) and 0 <= index < len(answers) for index in answer):
        return ZERO
    chosen = sorted(set(answer))
    total = math.fsum(_fraction(a) for a in answers if _fraction(a) > 0)
    score = math.fsum(_fraction(answers[index]) for index in chosen)
    if _adds_up(total):
        score /= total
    feedback = tuple(text for index in chosen for text in _feedback(answers[index]))
    return _grade(score, feedback)


def grade_true_false(question: dict[str, Any], answer: object) -> Grade:
    if not isinstance(answer, bool):
        return ZERO
    answers = _list(question.get("answers"))
    wanted = "true" if answer else "false"
    for candidate in answers:
        if _text(_dict(candidate).get("text")).strip().lower() == wanted:
            return _grade(_fraction(candidate), _feedback(candidate))
    # The neutral shape puts "true" first; fall back on positions if texts were lost.
    return _grade_choice(answers, 0 if answer else 1)


def _best_match(answers: list[Any], matches: Callable[[dict[str, Any]], bool]) -> Grade:
    """The matching answer with the highest fraction (the first one on ties)."""
    best: dict[str, Any] | None = None
    for item in answers:
        candidate = _dict(item)
        if matches(candidate) and (best is None or _fraction(candidate) > _fraction(best)):
            best = candidate
    if best is None:
        return ZERO
    return _grade(_fraction(best), _feedback(best))


def _grade_text(answers: list[Any], answer: object, *, case: bool, accents: bool) -> Grade:
    if not isinstance(answer, str):
        return ZERO
    response = normalize_text(answer, case_sensitive=case, accent_sensitive=accents)
    if not response:
        return ZERO

    def matches(candidate: dict[str, Any]) -> bool:
        accepted = normalize_text(
            _text(candidate.get("text")), case_sensitive=case, accent_sensitive=accents
        )
        return bool(accepted) and _wildcard_match(accepted, response)

    return _best_match(answers, matches)


def _sensitivity(source: dict[str, Any], fallback: dict[str, Any]) -> tuple[bool, bool]:
    case = source.get("case_sensitive", fallback.get("case_sensitive", False))
    accents = source.get("accent_sensitive", fallback.get("accent_sensitive", True))
    return case is True, accents is not False


def grade_short_answer(question: dict[str, Any], answer: object) -> Grade:
    case, accents = _sensitivity(question, {})
    return _grade_text(_list(question.get("answers")), answer, case=case, accents=accents)


def _grade_number(answers: list[Any], answer: object) -> Grade:
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        return ZERO
    number = parse_number(answer)
    if number is None:
        return ZERO

    def matches(candidate: dict[str, Any]) -> bool:
        if _is_catch_all(candidate):
            return True
        value = parse_number(candidate.get("value"))
        tolerance = parse_number(candidate.get("tolerance", 0.0)) or 0.0
        return value is not None and _within(number, value, tolerance)

    return _best_match(answers, matches)


def grade_numeric(question: dict[str, Any], answer: object) -> Grade:
    return _grade_number(_list(question.get("answers")), answer)


def _lefts(question: dict[str, Any]) -> list[tuple[int, str]]:
    """(pair index, expected right) for the pairs with a left; the others are distractors."""
    pairs = [_dict(pair) for pair in _list(question.get("pairs"))]
    return [
        (index, _text(pair.get("right")).strip())
        for index, pair in enumerate(pairs)
        if _text(pair.get("left")).strip()
    ]


def _matching_choices(answer: object) -> dict[int, object]:
    if isinstance(answer, list | tuple):
        return dict(enumerate(answer))
    choices: dict[int, object] = {}
    for key, right in _dict(answer).items():
        if _is_int(key):
            choices[key] = right
        elif isinstance(key, str) and key.isascii() and key.isdigit():
            choices[int(key)] = right
    return choices


def grade_matching(question: dict[str, Any], answer: object) -> Grade:
    """Share of the lefts given their right; rights compare by text (trimmed, NFC), so
    two lefts sharing the same right both accept it."""
    lefts = _lefts(question)
    if not lefts:
        return ZERO
    choices = _matching_choices(answer)

    def same(chosen: object, expected: str) -> bool:
        if not isinstance(chosen, str):
            return False
        return unicodedata.normalize("NFC", chosen.strip()) == unicodedata.normalize(
            "NFC", expected
        )

    parts = [1.0 if same(choices.get(index), right) else 0.0 for index, right in lefts]
    return _grade(sum(parts) / len(parts), parts=parts)


def grade_ordering(question: dict[str, Any], answer: object) -> Grade:
    """Absolute position: the share of positions holding the right item. Items compare
    by text, so two identical items may swap. The answer must be a permutation of the
    item indices, otherwise it grades 0. (Moodle also offers relative rules, such as
    counting right neighbours; absolute position is the simplest to explain.)"""
    items = [_text(item).strip() for item in _list(question.get("items"))]
    if not items or not isinstance(answer, list | tuple):
        return ZERO
    if not all(_is_int(index) for index in answer) or sorted(answer) != list(range(len(items))):
        return ZERO
    parts = [
        1.0 if items[index] == items[position] else 0.0 for position, index in enumerate(answer)
    ]
    return _grade(sum(parts) / len(parts), parts=parts)


def _grade_gap(gap: dict[str, Any], question: dict[str, Any], answer: object) -> Grade:
    answers = _list(gap.get("answers"))
    kind = gap.get("kind")
    if kind == "choice":
        return _grade_choice(answers, answer)
    if kind == "numeric":
        return _grade_number(answers, answer)
    if kind == "short_answer":
        case, accents = _sensitivity(gap, question)
        return _grade_text(answers, answer, case=case, accents=accents)
    return ZERO


def grade_cloze(question: dict[str, Any], answer: object) -> Grade:
    """The mean of the gaps' scores, each gap weighing the same."""
    gaps = [_dict(gap) for gap in _list(question.get("gaps"))]
    if not gaps:
        return ZERO
    entries = _list(answer) if isinstance(answer, list | tuple) else []
    entries += [None] * (len(gaps) - len(entries))
    grades = [_grade_gap(gap, question, entry) for gap, entry in zip(gaps, entries, strict=False)]
    parts = [grade.score or 0.0 for grade in grades]
    feedback = tuple(text for grade in grades for text in grade.feedback)
    score = sum(parts) / len(parts)
    if all(part >= CORRECT_THRESHOLD for part in parts):
        score = 1.0  # five gaps at 0.9999 are a right answer, not 0.9999
    return _grade(score, feedback, parts)


def grade_open_text(question: dict[str, Any], answer: object) -> Grade:
    return NOT_GRADED


_GRADERS: dict[str, Callable[[dict[str, Any], object], Grade]] = {
    "single_choice": grade_single_choice,
    "multiple_choice": grade_multiple_choice,
    "true_false": grade_true_false,
    "short_answer": grade_short_answer,
    "numeric": grade_numeric,
    "matching": grade_matching,
    "ordering": grade_ordering,
    "cloze": grade_cloze,
    "open_text": grade_open_text,
}


def grade_answer(question: dict[str, Any], answer: object) -> Grade:
    """Grade one answer to one neutral question (see the module docstring for the answer
    shapes). Raises ValueError only for an unknown question type."""
    kind = question.get("type") if isinstance(question, dict) else None
    grader = _GRADERS.get(kind) if isinstance(kind, str) else None
    if grader is None:
        raise ValueError(f"Unknown question type: {kind!r}")
    return grader(question, answer)


def max_score_for(question: dict[str, Any]) -> float:
    """The question's points (default_grade), 1.0 when missing or not a number >= 0."""
    points = _real(_dict(question).get("default_grade", 1.0))
    return points if points is not None and points >= 0 else 1.0


# Validation --------------------------------------------------------------------------


def _check_fractions(answers: list[Any]) -> list[str]:
    problems = []
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict):
            problems.append(_("Answer %(number)d is malformed.") % {"number": number})
            continue
        fraction = _real(answer.get("fraction", 0.0))
        if fraction is None or not -1.0 <= fraction <= 1.0:
            problems.append(
                _("Answer %(number)d: the fraction must be a number between -1 and 1.")
                % {"number": number}
            )
    return problems


def _full_marks_count(answers: list[Any]) -> int:
    return sum(1 for answer in answers if _fraction(answer) >= _FULL)


def _check_texts(answers: list[Any]) -> list[str]:
    return [
        _("Answer %(number)d has no text.") % {"number": number}
        for number, answer in enumerate(answers, start=1)
        if isinstance(answer, dict) and not _text(answer.get("text")).strip()
    ]


def _check_choices(answers: list[Any]) -> list[str]:
    """single_choice and choice gaps."""
    problems = _check_fractions(answers) + _check_texts(answers)
    if len(answers) < 2:
        problems.append(_("A choice needs at least two answers."))
    full = _full_marks_count(answers)
    if full != 1:
        problems.append(
            _("Exactly one answer must give full marks (fraction 1); %(count)d do.")
            % {"count": full}
        )
    return problems


def check_multiple_choice(question: dict[str, Any]) -> list[str]:
    answers = _list(question.get("answers"))
    problems = _check_fractions(answers) + _check_texts(answers)
    if len(answers) < 2:
        problems.append(_("A choice needs at least two answers."))
    total = math.fsum(f for f in (_fraction(a) for a in answers) if f > 0)
    if not _adds_up(total):
        problems.append(
            _("The positive fractions must add up to 1; they add up to %(total)s.")
            % {"total": f"{total:.2f}"}
        )
    return problems


def check_true_false(question: dict[str, Any]) -> list[str]:
    answers = _list(question.get("answers"))
    problems = _check_fractions(answers)
    texts = sorted(_text(_dict(a).get("text")).strip().lower() for a in answers)
    if texts != ["false", "true"]:
        problems.append(_('A true/false question needs exactly the answers "true" and "false".'))
    elif _full_marks_count(answers) != 1:
        problems.append(_("Exactly one of true and false must give full marks (fraction 1)."))
    return problems


def _check_accepted(answers: list[Any]) -> list[str]:
    """short_answer and short answer gaps."""
    problems = _check_fractions(answers) + _check_texts(answers)
    if not answers:
        problems.append(_("At least one accepted answer is needed."))
    elif not _full_marks_count(answers):
        problems.append(_("At least one accepted answer must give full marks (fraction 1)."))
    return problems


def _check_numbers(answers: list[Any]) -> list[str]:
    """numeric and numeric gaps."""
    problems = _check_fractions(answers)
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict) or _is_catch_all(answer):
            continue
        if parse_number(answer.get("value")) is None:
            problems.append(_("Answer %(number)d has no numeric value.") % {"number": number})
        tolerance = parse_number(answer.get("tolerance", 0.0))
        if tolerance is None or tolerance < 0:
            problems.append(
                _("Answer %(number)d: the tolerance must be a number, zero or more.")
                % {"number": number}
            )
    if not answers:
        problems.append(_("At least one accepted answer is needed."))
    elif not _full_marks_count(answers):
        problems.append(_("At least one accepted answer must give full marks (fraction 1)."))
    return problems


def check_matching(question: dict[str, Any]) -> list[str]:
    problems = []
    pairs = _list(question.get("pairs"))
    for number, pair in enumerate(pairs, start=1):
        pair = _dict(pair)
        if _text(pair.get("left")).strip() and not _text(pair.get("right")).strip():
            problems.append(
                _("Pair %(number)d has a left side but no right side.") % {"number": number}
            )
    if len(_lefts(question)) < 2:
        problems.append(_("A matching question needs at least two pairs with a left side."))
    return problems


def check_ordering(question: dict[str, Any]) -> list[str]:
    items = _list(question.get("items"))
    problems = [
        _("Item %(number)d is empty.") % {"number": number}
        for number, item in enumerate(items, start=1)
        if not _text(item).strip()
    ]
    if len(items) < 2:
        problems.append(_("An ordering question needs at least two items."))
    return problems


def _check_gap(gap: object) -> list[str]:
    gap = _dict(gap)
    answers = _list(gap.get("answers"))
    kind = gap.get("kind")
    if kind == "choice":
        return _check_choices(answers)
    if kind == "numeric":
        return _check_numbers(answers)
    if kind == "short_answer":
        return _check_accepted(answers)
    return [_("Unknown kind of gap.")]


def check_cloze(question: dict[str, Any]) -> list[str]:
    problems = []
    gaps = _list(question.get("gaps"))
    if not gaps:
        problems.append(_("A cloze question needs at least one gap."))
    markers = [int(number) for number in _GAP_MARKER.findall(_text(question.get("text")))]
    for number in range(1, len(gaps) + 1):
        count = markers.count(number)
        if count == 0:
            problems.append(_("Gap %(number)d has no marker in the text.") % {"number": number})
        elif count > 1:
            problems.append(
                _("The marker of gap %(number)d appears more than once.") % {"number": number}
            )
    for number in sorted({n for n in markers if not 1 <= n <= len(gaps)}):
        problems.append(
            _("The text has a marker for gap %(number)d, which does not exist.")
            % {"number": number}
        )
    for number, gap in enumerate(gaps, start=1):
        problems.extend(
            _("Gap %(number)d: %(problem)s") % {"number": number, "problem": problem}
            for problem in _check_gap(gap)
        )
    return problems


def check_single_choice(question: dict[str, Any]) -> list[str]:
    return _check_choices(_list(question.get("answers")))


def check_short_answer(question: dict[str, Any]) -> list[str]:
    return _check_accepted(_list(question.get("answers")))


def check_numeric(question: dict[str, Any]) -> list[str]:
    return _check_numbers(_list(question.get("answers")))


def check_open_text(question: dict[str, Any]) -> list[str]:
    return []


# The per-type graders and checkers; each question type's entry (`amont.quizzes.types`)
# points at its own, and a test checks that the tables and the registry agree.
_CHECKERS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "single_choice": check_single_choice,
    "multiple_choice": check_multiple_choice,
    "true_false": check_true_false,
    "short_answer": check_short_answer,
    "numeric": check_numeric,
    "matching": check_matching,
    "ordering": check_ordering,
    "cloze": check_cloze,
    "open_text": check_open_text,
}


def check_question(question: dict[str, Any]) -> list[str]:
    """What is wrong with a neutral question, as translated sentences for editors and
    importers; an empty list when it can be shown and graded. Never raises."""
    if not isinstance(question, dict):
        return [_("The question is malformed.")]
    kind = question.get("type")
    if not isinstance(kind, str) or kind not in _CHECKERS:
        return [_("Unknown question type: %(type)s.") % {"type": str(kind)[:50]}]
    problems = []
    if not _text(question.get("text")).strip():
        problems.append(_("The question has no text."))
    points = _real(question.get("default_grade", 1.0))
    if points is None or points < 0:
        problems.append(_("The default grade must be a number, zero or more."))
    return problems + _CHECKERS[kind](question)
