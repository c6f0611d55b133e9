"""The texts trainers type in the question editor, and back: percents as trainers read
them, and the compact syntax of cloze gaps (one line per gap). No database."""

import re

from django.utils.translation import gettext as _

from amont.quizzes.formats.gift import number_text
from amont.quizzes.scoring import parse_number

_FULL = 1.0 - 1e-6


def percent_text(fraction: float) -> str:
    """A fraction as a percent a trainer reads: 1.0 → "100", 0.3333333 → "33.33333"."""
    text = f"{round(fraction * 100, 5):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def fraction_of(percent: float) -> float:
    """A percent as a neutral fraction, rounded to 7 decimals like Moodle stores them."""
    return round(percent / 100, 7)


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
