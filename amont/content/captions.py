"""WebVTT captions: read and check an uploaded file, write one, turn it into a transcript.

`read_captions(text)` parses strictly with webvtt-py and raises CaptionError with a
sentence a trainer can act on, naming the line when a cue is wrong. `transcript_from_vtt`
gives the plain text that sits next to a video for those who read rather than listen
(tags and entities removed, the lines that roll-up captions repeat said once, a new
paragraph at a long pause or a change of speaker). `make_vtt(cues)` writes a file back.

A Cue's `text` is the cue payload as WebVTT has it (it may hold tags such as `<i>` or
`<v Anna>` and entities such as `&amp;`); `plain_text` is what a person reads. To make
a cue from text typed by a person, escape it with `escape_cue_text` first.
"""

import html
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import webvtt
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import CueSettings, Timestamp

# A pause longer than this between two cues starts a new paragraph of the transcript.
PARAGRAPH_PAUSE_SECONDS = 3.0

_TAG = re.compile(r"<[^>]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]+)*\s+([^>]+)>")
# Collapse ordinary spaces only: a no-break space before "?" or ":" is French typography.
_SPACES = re.compile(r"[ \t\f\v]+")
_TIMESTAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMINGS = re.compile(rf"^\s*({_TIMESTAMP})[ \t]+-->[ \t]+({_TIMESTAMP})(?=\s|$)")
_NOTE = re.compile(r"^NOTE(?:[ \t]|$)")
_STYLE_OR_REGION = re.compile(r"^(?:STYLE|REGION)[ \t]*$")


class CaptionError(ValueError):
    """A caption file that cannot be used; str(error) is the message for the trainer."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # the cue payload, with its WebVTT tags and entities
    identifier: str | None = None
    settings: str = ""  # cue settings after the timings, e.g. "line:0 align:start"

    @property
    def plain_text(self) -> str:
        """The words of the cue: tags removed, entities decoded, one line per line."""
        lines = (html.unescape(_TAG.sub("", line)).strip() for line in self.text.split("\n"))
        return "\n".join(line for line in lines if line)

    @property
    def voice(self) -> str | None:
        """The speaker named by a `<v Name>` tag, if any."""
        match = _VOICE.search(self.text)
        return match.group(1).strip() if match else None


def escape_cue_text(text: str) -> str:
    """Text typed by a person, made safe as a cue payload (`<`, `&` and `>` escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_captions(text: str | bytes, *, allow_empty: bool = False) -> list[Cue]:
    """The cues of a WebVTT file, or CaptionError saying what is wrong and where.

    bytes are decoded as UTF-8 (a byte order mark is allowed), as WebVTT requires.
    A file without any cue is an error unless allow_empty.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CaptionError(
                _("The caption file is not UTF-8 text; save it again as UTF-8.")
            ) from error
    text = text.removeprefix("\ufeff")
    if not text.startswith("WEBVTT") or text[6:7] not in ("", " ", "\t", "\r", "\n"):
        raise CaptionError(_("This is not a WebVTT file: its first line must be “WEBVTT”."))
    problem = _first_problem(_lines(text))
    if problem:
        raise problem
    try:
        parsed = webvtt.from_string(text, strict=True)
    except (MalformedFileError, MalformedCaptionError) as error:
        raise CaptionError(
            _("The caption file has an invalid cue; check its timings and blank lines.")
        ) from error

    cues = [
        Cue(
            start=caption.start_time.in_milliseconds() / 1000,
            end=caption.end_time.in_milliseconds() / 1000,
            text=caption.raw_text,
            identifier=caption.identifier,
            settings=str(caption.settings),
        )
        for caption in parsed.captions
    ]
    if not cues and not allow_empty:
        raise CaptionError(_("The caption file has no cue (no line such as “00:01.000 --> …”)."))
    return cues


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number of the first line, lines) of each group of non-blank lines."""
    block: list[str] = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            block.append(line)
        elif block:
            yield number - len(block), block
            block = []
    if block:
        yield len(lines) + 1 - len(block), block


def _first_problem(lines: list[str]) -> CaptionError | None:
    """The first thing that a strict WebVTT parser would refuse, with its line number."""
    blocks = _blocks(lines)
    header_start, header = next(blocks)
    for offset, line in enumerate(header):
        if "-->" in line:
            return CaptionError(
                _("Line %(line)d: a blank line must follow the “WEBVTT” header.")
                % {"line": header_start + offset}
            )
    for start, block in blocks:
        if _NOTE.match(block[0]):
            continue
        if _STYLE_OR_REGION.match(block[0]) and not any("-->" in line for line in block):
            continue
        timing_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            return CaptionError(
                _(
                    "Line %(line)d: this is not a cue; a cue starts with its timing, "
                    "for example “00:01.000 --> 00:04.000”."
                )
                % {"line": start}
            )
        number = start + timing_at
        timing = block[timing_at]
        match = _TIMINGS.match(timing)
        if not match and _TIMINGS.match(timing.replace(",", ".")):
            return CaptionError(
                _(
                    "Line %(line)d: WebVTT times have a dot before the milliseconds "
                    "(00:01.000), not a comma as in SRT files."
                )
                % {"line": number}
            )
        if not match:
            return CaptionError(
                _(
                    "Line %(line)d: “%(timing)s” is not a valid cue timing "
                    "(expected for example “00:01.000 --> 00:04.000”)."
                )
                % {"line": number, "timing": timing.strip()[:80]}
            )
        for offset, line in enumerate(block[timing_at + 1 :], timing_at + 1):
            if "-->" in line:
                return CaptionError(
                    _("Line %(line)d: a blank line must come before each cue.")
                    % {"line": start + offset}
                )
        if _milliseconds(match.group(2)) <= _milliseconds(match.group(1)):
            return CaptionError(
                _("Line %(line)d: the cue ends before it starts.") % {"line": number}
            )
        settings = timing[match.end() :].strip()
        try:
            CueSettings.from_string(settings, strict=True)
        except MalformedCaptionError:
            return CaptionError(
                _("Line %(line)d: the cue settings “%(settings)s” are not valid.")
                % {"line": number, "settings": settings[:80]}
            )
    return None


def _milliseconds(timestamp: str) -> int:
    *hours, minutes, seconds = timestamp.split(":")
    return round(
        (int(hours[0]) * 3600 if hours else 0) * 1000
        + int(minutes) * 60_000
        + float(seconds) * 1000
    )


def transcript_from_vtt(text: str | bytes) -> str:
    """A plain-text transcript of a WebVTT file, in paragraphs separated by blank lines.

    Tags and entities are removed; a line equal to the line said just before is dropped,
    which merges repeated cues and the rolling lines of roll-up captions. A pause of more
    than PARAGRAPH_PAUSE_SECONDS or a new speaker (`<v Name>`) starts a paragraph, which
    begins with "Name: " when the speaker is known.
    """
    paragraphs: list[list[str]] = []
    last_line = None
    last_end = -math.inf
    last_voice = None
    for cue in read_captions(text, allow_empty=True):
        voice = cue.voice or last_voice
        lines = [_SPACES.sub(" ", line) for line in cue.plain_text.split("\n") if line]
        new_lines = []
        for line in lines:
            if line != last_line:
                new_lines.append(line)
            last_line = line
        if not new_lines:
            last_end = max(last_end, cue.end)
            continue
        if (
            not paragraphs
            or cue.start - last_end > PARAGRAPH_PAUSE_SECONDS
            or (cue.voice and cue.voice != last_voice)
        ):
            paragraphs.append([f"{voice}:"] if cue.voice else [])
        paragraphs[-1].extend(new_lines)
        last_end = max(last_end, cue.end)
        last_voice = voice
    return "\n\n".join(" ".join(words) for words in paragraphs)


def make_vtt(cues: Iterable[Cue]) -> str:
    """A WebVTT file with the cues, in the given order; CaptionError if a cue cannot be."""
    captions = []
    for index, cue in enumerate(cues, 1):
        if not (0 <= cue.start < cue.end) or not math.isfinite(cue.end):
            raise CaptionError(_("Cue %(number)d must end after it starts.") % {"number": index})
        try:
            captions.append(
                webvtt.Caption(
                    start=_timestamp(cue.start),
                    end=_timestamp(cue.end),
                    text=cue.text,
                    identifier=cue.identifier,
                    settings=cue.settings or None,
                )
            )
        except MalformedCaptionError as error:
            raise CaptionError(
                _("Cue %(number)d has an invalid time.") % {"number": index}
            ) from error
    try:
        return webvtt.WebVTT(captions=captions).content
    except ValueError as error:
        raise CaptionError(_("A cue's text cannot have blank lines or “-->” in it.")) from error


def _timestamp(seconds: float) -> str:
    return str(Timestamp.from_seconds(seconds))
