"""The demo's media, made on this machine with the ffmpeg that imageio-ffmpeg ships and a
little Python: nothing is downloaded, at load time or ever.

- `plan_capsule(...)` times a slide-show "capsule": a title card, then one slide per
  `Slide`, each showing its heading and key sentences for as long as it takes to say
  them. `Plan.cues` are its captions: the sentences, timed to the slides.
- `capsule_video(dest, plan, palette=...)` encodes it in MP4 (H.264 + AAC, 640x360 at 5
  frames a second: slides do not move), with a progress bar and a voice-like sound
  (ffmpeg's expression source; no speech synthesis is assumed) that "speaks" exactly while
  a caption is on screen.
- `plan_podcast(lines)` and `podcast_audio(dest, plan)`: an MP3 where two or three voices
  take turns after a short jingle; its cues carry `<v Name>`, so the transcript names the
  speakers.
- `pdf_document(...)`: a small A4 PDF written by hand (Helvetica, WinAnsi encoding for
  French text), for the "document" resources.

Text is drawn by ffmpeg's `drawtext` with a font found on this machine (DejaVu,
Liberation, Noto…). Without a font, or without `drawtext`, slides show grey bars where the
lines would be: the captions still carry the words.

A capsule takes about a second to encode, so `cached()` keeps the files in a directory
(`var/demo-media/` for `load_demo`), each named by a hash of everything that shapes it: a
second load only copies them into MEDIA_ROOT.
"""

import hashlib
import json
import os
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from amont.content import media
from amont.content.captions import Cue, escape_cue_text

# Bump when the output of a generator changes, so that cached files are made again.
CACHE_VERSION = 3

WIDTH, HEIGHT, FRAME_RATE = 640, 360, 5
# Narration: about 13 characters a second, as a teacher speaks to a class.
CHARS_PER_SECOND = 13.0
MIN_CUE_SECONDS, MAX_CUE_SECONDS = 1.8, 7.0
GAP_SECONDS = 0.35  # between two sentences
SLIDE_LEAD_SECONDS = 0.6  # a slide shows before its first sentence is said…
SLIDE_TAIL_SECONDS = 0.9  # …and stays a moment after the last one
TITLE_MIN_SECONDS = 4.0
# Captions: at most two lines of 42 characters on screen, the usual subtitling rule.
CUE_LINE_CHARS = 42
CUE_MAX_LINES = 2
# Slides, in pixels and characters (DejaVu Sans is the widest of the fonts we look for).
BAND_HEIGHT = 52
BODY_LINE_CHARS = 55
BODY_MAX_LINES = 8
HEADING_MAX_CHARS = 40
TITLE_LINE_CHARS = 28
SPEAKER_CHANGE_SECONDS = 0.7
JINGLE_SECONDS = 3.0
FFMPEG_TIMEOUT = 120.0

FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "C:/Windows/Fonts",
)
FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("Arial.ttf", "Arial Bold.ttf"),
    ("arial.ttf", "arialbd.ttf"),
)


class DemoMediaError(RuntimeError):
    """ffmpeg could not make a demo file; the message ends with ffmpeg's own words."""


@dataclass(frozen=True)
class Palette:
    background: str  # ffmpeg colours: "0xRRGGBB"
    accent: str
    text: str


@dataclass(frozen=True)
class Slide:
    heading: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Scene:
    """What the screen shows from start to end: a title card or a slide."""

    start: float
    end: float
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    subtitle: str
    scenes: tuple[Scene, ...]
    cues: tuple[Cue, ...]
    duration: float


# --- timing -----------------------------------------------------------------------------


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)


def _wrap_evenly(text: str, count: int) -> list[str]:
    """text in at most count lines of about the same length (no lone word at the end)."""
    width = -(-len(text) // count)
    lines = _wrap(text, width)
    while len(lines) > count:
        width += 1
        lines = _wrap(text, width)
    return lines


def caption_chunks(sentence: str) -> list[str]:
    """A sentence cut into captions of at most two lines of 42 characters."""
    if len(sentence) <= CUE_LINE_CHARS:
        return [sentence]
    cues = -(-len(_wrap(sentence, CUE_LINE_CHARS)) // CUE_MAX_LINES)
    lines = _wrap_evenly(sentence, cues * CUE_MAX_LINES)
    return ["\n".join(lines[i : i + CUE_MAX_LINES]) for i in range(0, len(lines), CUE_MAX_LINES)]


def _say_seconds(text: str) -> float:
    return min(max(len(text) / CHARS_PER_SECOND, MIN_CUE_SECONDS), MAX_CUE_SECONDS)


def _say(sentences: Iterable[str], start: float, voice: str = "") -> tuple[list[Cue], float]:
    """Cues for sentences said one after the other from start; and when the last ends."""
    cues, at = [], start
    for sentence in sentences:
        for chunk in caption_chunks(sentence):
            end = round(at + _say_seconds(chunk), 2)
            text = escape_cue_text(chunk)
            cues.append(
                Cue(start=round(at, 2), end=end, text=f"<v {voice}>{text}" if voice else text)
            )
            at = end + GAP_SECONDS
    return cues, (cues[-1].end if cues else start)


def plan_capsule(*, title: str, subtitle: str, slides: Sequence[Slide]) -> Plan:
    """The scenes and captions of a capsule. ValueError if a slide cannot fit the screen."""
    cues, said = _say([title], SLIDE_LEAD_SECONDS)
    title_end = max(TITLE_MIN_SECONDS, said + SLIDE_TAIL_SECONDS)
    scenes = [Scene(0.0, title_end, title, tuple(_wrap(subtitle, BODY_LINE_CHARS)))]
    start = title_end
    for slide in slides:
        if len(slide.heading) > HEADING_MAX_CHARS:
            raise ValueError(f"Slide heading too long for the screen: {slide.heading!r}")
        lines = []
        for sentence in slide.sentences:
            wrapped = _wrap_evenly(sentence, len(_wrap(sentence, BODY_LINE_CHARS - 2)))
            lines += ["• " + wrapped[0], *("  " + line for line in wrapped[1:])]
        if len(lines) > BODY_MAX_LINES:
            raise ValueError(
                f"Slide {slide.heading!r} has {len(lines)} lines; at most {BODY_MAX_LINES}."
            )
        slide_cues, said = _say(slide.sentences, start + SLIDE_LEAD_SECONDS)
        cues += slide_cues
        end = round(said + SLIDE_TAIL_SECONDS, 2)
        scenes.append(Scene(start, end, slide.heading, tuple(lines)))
        start = end
    return Plan(title, subtitle, tuple(scenes), tuple(cues), round(start + 0.5, 2))


def plan_podcast(*, title: str, lines: Sequence[tuple[str, str]]) -> Plan:
    """The captions of a podcast: (speaker, text) lines said in turn after the jingle."""
    cues: list[Cue] = []
    at, last_speaker = JINGLE_SECONDS, None
    for speaker, text in lines:
        if last_speaker is not None and speaker != last_speaker:
            at += SPEAKER_CHANGE_SECONDS
        said_cues, said = _say([text], at, voice=speaker)
        cues += said_cues
        at, last_speaker = said + GAP_SECONDS, speaker
    duration = round(at + 1.5, 2)
    return Plan(title, "", (), tuple(cues), duration)


def speakers(plan: Plan) -> list[str]:
    """The speakers of a podcast plan, in order of first appearance."""
    found: list[str] = []
    for cue in plan.cues:
        if cue.voice and cue.voice not in found:
            found.append(cue.voice)
    return found


# --- ffmpeg ---------------------------------------------------------------------------


@cache
def find_fonts() -> tuple[Path, Path] | None:
    """A regular and a bold font file found on this machine, or None."""
    found: dict[str, Path] = {}
    wanted = {name for pair in FONT_FILES for name in pair}
    for directory in FONT_DIRS:
        root = Path(directory).expanduser()
        if not root.is_dir():
            continue
        for folder, _dirs, files in os.walk(root):
            for name in wanted.intersection(files):
                found.setdefault(name, Path(folder) / name)
    for regular, bold in FONT_FILES:
        if regular in found:
            return found[regular], found.get(bold, found[regular])
    return None


@cache
def has_filter(name: str) -> bool:
    result = subprocess.run(
        [media.ffmpeg_exe(), "-hide_banner", "-filters"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return any(line.split()[1:2] == [name] for line in result.stdout.splitlines())


def can_draw_text() -> bool:
    return find_fonts() is not None and has_filter("drawtext")


def _run(args: list[str], *, dest: Path, cwd: Path) -> None:
    """Run ffmpeg writing to a temporary file next to dest, renamed over dest on success."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.stem}.{os.getpid()}.part{dest.suffix}")
    command = [media.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    try:
        result = subprocess.run(
            [*command, "-y", str(partial)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=FFMPEG_TIMEOUT,
            check=False,
        )
        if result.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            tail = result.stderr.decode("utf-8", "replace")[-1500:].strip()
            raise DemoMediaError(f"ffmpeg could not make {dest.name}: {tail}")
        os.replace(partial, dest)
    except subprocess.TimeoutExpired as error:
        raise DemoMediaError(f"ffmpeg took too long to make {dest.name}") from error
    finally:
        partial.unlink(missing_ok=True)


def _voice(pitch: float, seconds: float) -> str:
    """A rough voice at pitch Hz: a vibrato, two harmonics and syllables at about 4 Hz.
    The phase is integrated (st/ld) so that the vibrato stays a vibrato over minutes."""
    phase = f"st(0,2*PI*{pitch}*t-(0.12*{pitch}/0.7)*cos(2*PI*0.7*t))"
    wave = "0.6*sin(ld(0))+0.3*sin(2*ld(0))+0.15*sin(3*ld(0))"
    syllables = "(0.55+0.45*sin(2*PI*4.3*t))"
    # 16 kHz is plenty for these frequencies and three times cheaper to compute than 48.
    return f"aevalsrc=exprs='{phase};0.22*({wave})*{syllables}':s=16000:d={seconds}"


def _gate(intervals: Iterable[tuple[float, float]]) -> str:
    """A volume expression: 1 within the intervals, 0 elsewhere (evaluated per frame)."""
    terms = [f"between(t,{start:.2f},{end:.2f})" for start, end in intervals]
    return "+".join(terms) or "0"


def capsule_video(dest: Path, plan: Plan, *, palette: Palette) -> Path:
    """Encode the capsule to dest (.mp4)."""
    seconds = plan.duration
    with tempfile.TemporaryDirectory(prefix="amont-demo-") as work_dir:
        work = Path(work_dir)
        chain = [
            f"drawbox=x=0:y=0:w=iw:h={BAND_HEIGHT}:color={palette.accent}:t=fill",
        ]
        if can_draw_text():
            chain += _text_filters(plan, palette, work)
        else:
            chain += _bar_filters(plan, palette)
        graph = (
            f"[0:v]{','.join(chain)}[slides];"
            f"[slides][1:v]overlay=x='-w+W*t/{seconds}':y=H-h:shortest=1[v];"
            f"[2:a]volume='{_gate((c.start, c.end) for c in plan.cues)}':eval=frame,"
            f"afade=t=in:d=0.2,aresample=24000[a]"
        )
        args = [
            "-f", "lavfi", "-i", f"color=c={palette.background}:s={WIDTH}x{HEIGHT}:r={FRAME_RATE}:d={seconds}",
            "-f", "lavfi", "-i", f"color=c={palette.accent}:s={WIDTH}x6:r={FRAME_RATE}:d={seconds}",
            "-f", "lavfi", "-i", _voice(150, seconds),
            "-filter_complex", graph, "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage",
            "-pix_fmt", "yuv420p", "-g", str(FRAME_RATE * 5),
            "-c:a", "aac", "-b:a", "48k", "-ac", "1",
            "-movflags", "+faststart", "-map_metadata", "-1", "-f", "mp4",
        ]  # fmt: skip
        _run(args, dest=dest, cwd=work)
    return dest


def _when(scene: Scene) -> str:
    return f"'between(t,{scene.start:.2f},{scene.end:.2f})'"


def _text_filters(plan: Plan, palette: Palette, work: Path) -> list[str]:
    """drawtext filters. Texts go through files and fonts through links in the working
    directory, so that no French apostrophe or colon meets ffmpeg's escaping rules."""
    fonts = find_fonts()
    if fonts is None:
        raise RuntimeError("No regular and bold font for the slides (see FONT_DIRS).")
    regular, bold = fonts
    (work / "r.ttf").symlink_to(regular)
    (work / "b.ttf").symlink_to(bold)

    def text(name: str, content: str, **options: str | int) -> str:
        (work / name).write_text(content, encoding="utf-8")
        settings_ = ":".join(f"{key}={value}" for key, value in options.items())
        return f"drawtext=textfile={name}:expansion=none:{settings_}"

    title, *slides = plan.scenes
    filters = [
        text("band.txt", plan.title, fontfile="b.ttf", fontsize=17, fontcolor="white",
             x=20, y=f"({BAND_HEIGHT}-th)/2"),
        text("title.txt", "\n".join(_wrap(plan.title, TITLE_LINE_CHARS)), fontfile="b.ttf",
             fontsize=30, fontcolor=palette.accent, text_align="C", line_spacing=10,
             x="(w-tw)/2", y="(h-th)/2-10", enable=_when(title)),
        text("subtitle.txt", "\n".join(title.lines), fontfile="r.ttf", fontsize=17,
             fontcolor=palette.text, text_align="C", x="(w-tw)/2", y="h-80",
             enable=_when(title)),
    ]  # fmt: skip
    for number, scene in enumerate(slides, 1):
        when = _when(scene)
        filters += [
            text(f"h{number}.txt", scene.heading, fontfile="b.ttf", fontsize=24,
                 fontcolor=palette.accent, x=40, y=BAND_HEIGHT + 26, enable=when),
            text(f"s{number}.txt", "\n".join(scene.lines), fontfile="r.ttf", fontsize=18,
                 fontcolor=palette.text, line_spacing=9, x=40, y=BAND_HEIGHT + 76,
                 enable=when),
            text(f"n{number}.txt", f"{number} / {len(slides)}", fontfile="r.ttf",
                 fontsize=13, fontcolor=palette.text, x="w-tw-16", y="h-th-16", enable=when),
        ]  # fmt: skip
    return filters


def _bar_filters(plan: Plan, palette: Palette) -> list[str]:
    """Without a font: grey bars where the lines would be."""
    filters = []
    for scene in plan.scenes[1:]:
        when = f"enable={_when(scene)}"
        filters.append(
            f"drawbox=x=40:y={BAND_HEIGHT + 26}:w={11 * len(scene.heading)}:h=22:"
            f"color={palette.accent}:t=fill:{when}"
        )
        for row, line in enumerate(scene.lines):
            filters.append(
                f"drawbox=x=40:y={BAND_HEIGHT + 78 + row * 27}:w={9 * len(line)}:h=12:"
                f"color=0x94a3b8:t=fill:{when}"
            )
    return filters


def podcast_audio(dest: Path, plan: Plan) -> Path:
    """Encode the podcast to dest (.mp3): a three-note jingle, then the voices in turn."""
    seconds = plan.duration
    voices = speakers(plan)
    pitches = [205, 125, 165]
    notes = "if(lt(t,0.6),523.25,if(lt(t,1.2),659.25,783.99))"
    jingle = (
        f"aevalsrc=exprs='0.25*sin(2*PI*{notes}*t)*exp(-2.5*mod(t,0.6))"
        f"*lt(t,{JINGLE_SECONDS - 0.4})':s=16000:d={seconds}"
    )
    args = ["-f", "lavfi", "-i", jingle]
    chains = []
    for index, voice in enumerate(voices, 1):
        pitch = pitches[(index - 1) % len(pitches)]
        args += ["-f", "lavfi", "-i", _voice(pitch, seconds)]
        gate = _gate((c.start, c.end) for c in plan.cues if c.voice == voice)
        chains.append(f"[{index}:a]volume='{gate}':eval=frame[v{index}]")
    mix = "".join(f"[v{i}]" for i in range(1, len(voices) + 1))
    graph = ";".join(
        [*chains, f"[0:a]{mix}amix=inputs={len(voices) + 1}:normalize=0,aresample=22050[a]"]
    )
    args += ["-filter_complex", graph, "-map", "[a]", "-c:a", "libmp3lame", "-b:a", "48k"]
    args += ["-ac", "1", "-map_metadata", "-1", "-f", "mp3"]
    with tempfile.TemporaryDirectory(prefix="amont-demo-") as work:
        _run(args, dest=dest, cwd=Path(work))
    return dest


# --- cache ------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "demo-media"


def cached(
    directory: Path, name: str, suffix: str, key: object, make: Callable[[Path], object]
) -> Path:
    """The file `make(path)` writes, kept in directory under a name that hashes key (all
    that shapes the file), the generators' version and the ffmpeg binary and font used."""
    fonts = find_fonts() if suffix == ".mp4" else None
    shape = [CACHE_VERSION, Path(media.ffmpeg_exe()).name, str(fonts), key]
    digest = hashlib.sha256(json.dumps(shape, default=repr).encode()).hexdigest()[:16]
    path = Path(directory) / f"{name}-{digest}{suffix}"
    if not (path.is_file() and path.stat().st_size > 0):
        make(path)
    return path


# --- PDF --------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595, 842, 56  # A4 in points
# Helvetica averages a little under half an em per character in French text.
AVERAGE_EM = 0.5


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252): the French letters, quotes and dashes."""
    raw = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += f"\\{byte:03o}".encode()
    return bytes(out + b")")


def _info_string(text: str) -> bytes:
    """A text string for the document information: UTF-16 with its byte order mark."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _rgb(colour: str) -> bytes:
    """An ffmpeg colour ("0xRRGGBB") as a PDF colour ("r g b", from 0 to 1)."""
    value = int(colour.removeprefix("0x"), 16)
    channels = ((value >> shift) & 0xFF for shift in (16, 8, 0))
    return b" ".join(b"%.3f" % (channel / 255) for channel in channels)


def pdf_document(
    *,
    title: str,
    subtitle: str,
    sections: Sequence[tuple[str, Sequence[str]]],
    footer: str,
    accent: str = "0x1d4ed8",
) -> bytes:
    """An A4 PDF: a band in the accent colour with the title, then sections of paragraphs;
    an item starting with "- " is a bullet. Pages are added as the text needs them."""
    # (font, size, text, indent, space before); F1 Helvetica, F2 Helvetica-Bold.
    rows: list[tuple[str, float, str, float, float]] = []
    if subtitle:
        rows.append(("F1", 11, subtitle, 0, 0))
    for heading, items in sections:
        rows.append(("F2", 13, heading, 0, 14))
        for item in items:
            bullet = item.startswith("- ")
            text = item[2:] if bullet else item
            indent: float = 14 if bullet else 0
            width = int((PAGE_WIDTH - 2 * MARGIN - indent) / (10.5 * AVERAGE_EM))
            for number, line in enumerate(_wrap(text, width)):
                shown = ("• " if bullet and number == 0 else "") + line
                shift = -7 if bullet and number == 0 else 0
                rows.append(("F1", 10.5, shown, indent + shift, 5 if number == 0 else 0))

    pages: list[bytes] = []
    stream = bytearray()
    y = 0.0

    def new_page() -> None:
        nonlocal y
        stream.clear()
        if not pages:  # the title band
            stream.extend(b"%s rg 0 %d %d 86 re f\n" % (_rgb(accent), PAGE_HEIGHT - 86, PAGE_WIDTH))
            # 20 points, or smaller for a long title to stay on one line (bold ≈ 0.6 em).
            size = min(20, int((PAGE_WIDTH - 2 * MARGIN) / (len(title) * 0.6)))
            stream.extend(
                b"BT /F2 %d Tf 1 1 1 rg %d %d Td %s Tj ET\n"
                % (size, MARGIN, PAGE_HEIGHT - 52, _pdf_string(title))
            )
            y = PAGE_HEIGHT - 86 - 30
        else:
            y = PAGE_HEIGHT - MARGIN

    def end_page() -> None:
        stream.extend(
            b"BT /F1 8.5 Tf 0.4 0.45 0.5 rg %d %d Td %s Tj ET\n"
            % (MARGIN, 30, _pdf_string(f"{footer} — {len(pages) + 1}"))
        )
        pages.append(bytes(stream))

    new_page()
    for font, size, text, indent, before in rows:
        height = size * 1.35 + before
        if y - height < MARGIN:
            end_page()
            new_page()
        y -= height
        colour = _rgb(accent) if font == "F2" else b"0.059 0.090 0.165"
        stream.extend(
            b"BT /%s %s Tf %s rg %.1f %.1f Td %s Tj ET\n"
            % (font.encode(), str(size).encode(), colour, MARGIN + indent, y, _pdf_string(text))
        )
    end_page()
    return _pdf_file(pages, title=title)


def _pdf_file(pages: list[bytes], *, title: str) -> bytes:
    """The objects, cross-reference table and trailer around the page contents."""
    fonts = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    )
    # 1 catalog, 2 page tree, 3-4 fonts, 5 information, then a page and its content each.
    first_page = 6
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
        *fonts,
        b"<< /Title %s /Producer (Amont demo) >>" % _info_string(title),
    ]
    for index, content in enumerate(pages):
        number = first_page + 2 * index
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, number + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
