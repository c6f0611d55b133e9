"""Media building blocks for pre-class resources: probe, poster, audio-only version.

Everything runs the ffmpeg binary that the imageio-ffmpeg wheel ships (no system ffmpeg,
no ffprobe), as a subprocess without a shell and with a timeout. No Django model here:
tasks and views call these functions with paths.

- `probe(path)` reads duration, streams and picture size from `ffmpeg -i`'s report.
- `make_poster(src, dest, at_seconds)` writes a JPEG at most 640 pixels wide.
- `make_audio_only(src, dest, progress=...)` writes the "listen only" version: Opus, mono,
  48 kb/s, in WebM (dest ending in .webm) or Ogg (.ogg, .opus, .oga); about 3.6 MB for
  10 minutes, and `progress` gets a fraction from 0 to 1 while it runs.
- `generate_test_video` / `generate_test_audio` synthesise media with ffmpeg's lavfi
  sources, for the tests and the demo: nothing is downloaded.

Every writer encodes into a hidden temporary file next to the destination and renames it
over the destination (`os.replace`) only once ffmpeg has succeeded; on any failure (error
exit, timeout, an exception raised by the progress callback, Ctrl-C) the temporary file is
deleted, so a failed job leaves no half-written file. A worker killed outright can still
leave a `.<name>.*.part<suffix>` file: `remove_partial_files` sweeps them.

Uploaded files are untrusted: ffmpeg may only open local files (`-protocol_whitelist
file`) with the demuxers of the formats we accept (`-format_whitelist`), so a "video" that
is really a playlist pointing elsewhere (HLS, concat) is refused instead of followed.

Failures raise MediaError: `message` is a short sentence for the trainer, `code` a stable
name for the caller, `stderr_tail` the end of ffmpeg's output for the logs.
"""

import contextlib
import logging
import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

StrPath = str | os.PathLike[str]

PROBE_TIMEOUT = 30.0
POSTER_TIMEOUT = 60.0
# Encoding the sound of a video goes tens of times faster than real time on one core:
# real time plus two minutes is generous and still stops a stuck job.
AUDIO_ONLY_BASE_TIMEOUT = 120.0
POSTER_MAX_WIDTH = 640
AUDIO_ONLY_BITRATE = "48k"
STDERR_TAIL_CHARS = 2000
# How often ffmpeg reports progress, in seconds of wall-clock time.
PROGRESS_PERIOD = 0.5
PARTIAL_MARK = ".part"

# Demuxers ffmpeg may use on an upload: "mov" covers MP4/M4A/MOV/3GP, "matroska" covers
# WebM/MKV. No playlist (hls, concat), no image sequence, no device.
INPUT_FORMATS = "mov,matroska,webm,ogg,mp3,wav,aac,flac"
_AUDIO_MUXERS = {".webm": "webm", ".weba": "webm", ".ogg": "ogg", ".oga": "ogg", ".opus": "ogg"}


class MediaError(Exception):
    """A media job that failed; `message` is for people, `stderr_tail` for the logs.

    `code`: "unreadable", "no_video", "no_audio", "timeout", "failed", "no_ffmpeg".
    """

    def __init__(self, message: str, *, code: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.stderr_tail = stderr_tail


@dataclass(frozen=True)
class MediaInfo:
    duration_seconds: float
    has_video: bool
    has_audio: bool
    # Display size: swapped for a phone video recorded upright (rotation of 90 degrees).
    width: int | None = None
    height: int | None = None
    video_codec: str | None = None
    audio_codec: str | None = None


@cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary (imageio-ffmpeg's, or $IMAGEIO_FFMPEG_EXE when set)."""
    import imageio_ffmpeg

    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:
        raise MediaError(
            _("The media tools are not installed on the server."), code="no_ffmpeg"
        ) from error


# --- running ffmpeg ---------------------------------------------------------------------


def _tail(text: str) -> str:
    return text[-STDERR_TAIL_CHARS:].strip()


def _run_ffmpeg(
    args: list[str],
    *,
    timeout: float,
    on_stdout_line: Callable[[str], None] | None = None,
    check: bool = True,
) -> str:
    """Run ffmpeg with args and return its stderr; MediaError on timeout or failure.

    stderr goes to a temporary file rather than a pipe, so a chatty ffmpeg cannot fill a
    pipe and block while we read stdout line by line for progress. A timer kills ffmpeg
    at the deadline, which also ends the stdout loop.
    """
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    with tempfile.TemporaryFile() as stderr_file:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if on_stdout_line else subprocess.DEVNULL,
                stderr=stderr_file,
            )
        except OSError as error:
            raise MediaError(
                _("The media tools are not installed on the server."), code="no_ffmpeg"
            ) from error
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(timeout, stop)
        timer.daemon = True
        timer.start()
        try:
            if on_stdout_line is not None and process.stdout is not None:
                for raw in process.stdout:
                    on_stdout_line(raw.decode("utf-8", "replace").strip())
            returncode = process.wait()
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            timer.cancel()
            if process.stdout is not None:
                process.stdout.close()
        stderr_file.seek(0)
        stderr = stderr_file.read().decode("utf-8", "replace")

    if returncode != 0 and timed_out.is_set():
        logger.warning("ffmpeg timed out after %ss: %s", timeout, command)
        raise MediaError(
            _("Processing took too long and was stopped."),
            code="timeout",
            stderr_tail=_tail(stderr),
        )
    if check and returncode != 0:
        logger.warning("ffmpeg failed (%s): %s\n%s", returncode, command, _tail(stderr))
        raise MediaError(
            _("The media file could not be processed."),
            code="failed",
            stderr_tail=_tail(stderr),
        )
    return stderr


def _input_args(path: StrPath) -> list[str]:
    # An absolute path starts with "/", so ffmpeg never reads it as "protocol:" or "-option".
    return [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        INPUT_FORMATS,
        "-i",
        os.path.abspath(path),
    ]


@contextlib.contextmanager
def _atomic_output(dest: StrPath) -> Iterator[Path]:
    """A temporary path next to dest, renamed to dest on success, deleted on any failure."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{dest.stem}.", suffix=f"{PARTIAL_MARK}{dest.suffix}", dir=dest.parent
    )
    os.close(fd)
    partial = Path(name)
    try:
        yield partial
        if partial.stat().st_size == 0:
            raise MediaError(_("The media file could not be processed."), code="failed")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        # mkstemp makes the file private (0600); the web server must be able to read it.
        partial.chmod(0o644)
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def remove_partial_files(directory: StrPath, *, older_than_seconds: float = 3600) -> int:
    """Delete the temporary files that a killed worker left in directory; return how many."""
    removed = 0
    deadline = time.time() - older_than_seconds
    for path in Path(directory).glob(f".*{PARTIAL_MARK}*"):
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and path.stat().st_mtime < deadline:
                path.unlink()
                removed += 1
    return removed


# --- probing ----------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)", re.M)
_STREAM = re.compile(r"^\s*Stream #0:\d+\S*: (Video|Audio): (\w+)(.*)$", re.M)
_SIZE = re.compile(r", (\d+)x(\d+)")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees", re.I)
_OUT_TIME_US = re.compile(r"^out_time_us=(\d+)$")


def probe(path: StrPath, *, timeout: float = PROBE_TIMEOUT) -> MediaInfo:
    """Duration, streams and display size of a media file; MediaError if unreadable."""
    # Without an output ffmpeg exits with an error after printing the input's report.
    stderr = _run_ffmpeg(_input_args(path), timeout=timeout, check=False)
    if "Input #0" not in stderr:
        raise MediaError(
            _("This file could not be read as audio or video."),
            code="unreadable",
            stderr_tail=_tail(stderr),
        )
    report = stderr[stderr.index("Input #0") :]

    has_video = has_audio = False
    width = height = None
    video_codec = audio_codec = None
    streams = list(_STREAM.finditer(report))
    for index, stream in enumerate(streams):
        kind, codec, rest = stream.groups()
        if kind == "Audio":
            has_audio = True
            audio_codec = audio_codec or codec
        elif "(attached pic)" not in rest:  # an MP3's cover is not a video
            has_video = True
            if video_codec is None:
                video_codec = codec
                size = _SIZE.search(rest)
                if size:
                    width, height = int(size.group(1)), int(size.group(2))
                block_end = streams[index + 1].start() if index + 1 < len(streams) else None
                rotation = _ROTATION.search(report[stream.end() : block_end])
                if size and rotation and round(abs(float(rotation.group(1)))) % 180 == 90:
                    width, height = height, width

    duration_match = _DURATION.search(report)
    if duration_match:
        hours, minutes, seconds = duration_match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    elif has_audio or has_video:
        duration = _measure_duration(path, timeout=timeout)
    else:
        duration = 0.0
    if not (has_audio or has_video):
        raise MediaError(
            _("This file has neither sound nor picture."),
            code="unreadable",
            stderr_tail=_tail(stderr),
        )
    return MediaInfo(
        duration_seconds=duration,
        has_video=has_video,
        has_audio=has_audio,
        width=width,
        height=height,
        video_codec=video_codec,
        audio_codec=audio_codec,
    )


def _measure_duration(path: StrPath, *, timeout: float) -> float:
    """Duration when the container does not state it: read every packet, decode nothing."""
    last = 0

    def read(line: str) -> None:
        nonlocal last
        match = _OUT_TIME_US.match(line)
        if match:
            last = int(match.group(1))

    args = ["-loglevel", "error", *_input_args(path), "-map", "0", "-c", "copy"]
    args += ["-f", "null", "-progress", "pipe:1", "-nostats", "-"]
    _run_ffmpeg(args, timeout=timeout, on_stdout_line=read)
    return last / 1_000_000


# --- writers ----------------------------------------------------------------------------


def make_poster(
    src: StrPath,
    dest: StrPath,
    at_seconds: float | None = None,
    *,
    max_width: int = POSTER_MAX_WIDTH,
    timeout: float = POSTER_TIMEOUT,
) -> MediaInfo:
    """Write a JPEG of the frame at at_seconds (default: 10% in, at most 5 s), ≤ max_width.

    A time past the end takes a frame just before the end. Returns the source's MediaInfo.
    """
    info = probe(src, timeout=timeout)
    if not info.has_video:
        raise MediaError(_("This file has no picture to take a poster from."), code="no_video")
    duration = info.duration_seconds
    if at_seconds is None:
        at_seconds = min(duration * 0.1, 5.0)
    latest = max(duration - 0.5, 0.0) if duration > 1 else 0.0
    at_seconds = min(max(at_seconds, 0.0), latest)
    args = ["-loglevel", "error", "-ss", f"{at_seconds:.3f}", *_input_args(src)]
    args += ["-map", "0:v:0", "-frames:v", "1", "-an", "-sn", "-map_metadata", "-1"]
    # The scale filter also converts to the full-range colours that JPEG requires.
    # Quality 5 (of mjpeg's 2 best .. 31): a fifth lighter than 3, no visible loss on a
    # slide or a face at phone size; the poster loads with every video page.
    args += ["-vf", f"scale=w='min({max_width},iw)':h=-2", "-q:v", "5"]
    args += ["-c:v", "mjpeg", "-f", "image2", "-update", "1"]
    with _atomic_output(dest) as partial:
        _run_ffmpeg([*args, "-y", str(partial)], timeout=timeout)
    return info


def make_audio_only(
    src: StrPath,
    dest: StrPath,
    *,
    bitrate: str = AUDIO_ONLY_BITRATE,
    progress: Callable[[float], None] | None = None,
    timeout: float | None = None,
) -> MediaInfo:
    """Write the "listen only" version of src: Opus, mono, at bitrate (48 kb/s).

    dest's suffix picks the container: .webm/.weba (WebM) or .ogg/.oga/.opus (Ogg).
    progress, if given, is called with increasing fractions below 1 while ffmpeg runs and
    with 1.0 once dest is in place; an exception it raises stops ffmpeg and is re-raised
    (the partial file is deleted). Returns the source's MediaInfo.
    """
    muxer = _AUDIO_MUXERS.get(Path(dest).suffix.lower())
    if muxer is None:
        raise ValueError(f"Audio-only files end in one of {sorted(_AUDIO_MUXERS)}: {dest}")
    info = probe(src)
    if not info.has_audio:
        raise MediaError(_("This file has no sound track."), code="no_audio")
    if timeout is None:
        timeout = AUDIO_ONLY_BASE_TIMEOUT + info.duration_seconds
    args = ["-loglevel", "error", "-stats_period", str(PROGRESS_PERIOD), *_input_args(src)]
    args += ["-map", "0:a:0", "-vn", "-sn", "-dn", "-map_metadata", "-1"]
    args += ["-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", bitrate]
    # Constrained VBR keeps the size close to bitrate times duration, as promised; 60 ms
    # packets instead of 20 ms cut the per-packet overhead (WebM's most of all), which
    # matters more to a downloaded file than the latency they add.
    args += ["-vbr", "constrained", "-application", "audio", "-frame_duration", "60"]
    args += ["-f", muxer, "-progress", "pipe:1", "-nostats"]
    with _atomic_output(dest) as partial:
        _run_ffmpeg(
            [*args, "-y", str(partial)],
            timeout=timeout,
            on_stdout_line=_progress_reader(info.duration_seconds, progress),
        )
    if progress is not None:
        progress(1.0)
    return info


def _progress_reader(
    duration: float, progress: Callable[[float], None] | None
) -> Callable[[str], None]:
    """A reader of `-progress` lines that calls progress with increasing fractions < 1."""
    reported = 0.0

    def read(line: str) -> None:
        nonlocal reported
        match = _OUT_TIME_US.match(line)
        if progress is None or match is None or duration <= 0:
            return
        # 1.0 is kept for "done": the file is only done once it is renamed into place.
        fraction = min(int(match.group(1)) / 1_000_000 / duration, 0.999)
        if fraction > reported:
            reported = fraction
            progress(fraction)

    return read


# --- synthetic media for tests and the demo ---------------------------------------------

# A rough voice: a wobbling 140 Hz pitch with two harmonics, syllables at 4 Hz, pauses,
# and a little breath noise. Harder to compress than a pure sine, closer to a lecture.
_VOICE = (
    "aevalsrc=exprs='0.25*(0.6*sin(2*PI*(140+20*sin(2*PI*0.5*t))*t)"
    "+0.3*sin(4*PI*140*t)+0.2*sin(6*PI*140*t))"
    "*(0.5+0.5*sin(2*PI*4*t))*gt(sin(2*PI*0.3*t)+0.8,0)"
    "+0.02*(random(0)-0.5)':s=48000:d={seconds}"
)
_SINE = "sine=frequency=440:sample_rate=48000:duration={seconds}"

_VIDEO_CODECS = {
    ".mp4": (["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"], "aac", "mp4"),
    ".m4v": (["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"], "aac", "mp4"),
    ".mov": (["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"], "aac", "mov"),
    ".mkv": (
        ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
        "libopus",
        "matroska",
    ),
    ".webm": (
        ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k"],
        "libopus",
        "webm",
    ),
}
_AUDIO_CODECS = {
    ".mp3": (["-c:a", "libmp3lame", "-b:a", "64k"], "mp3"),
    ".wav": (["-c:a", "pcm_s16le"], "wav"),
    ".m4a": (["-c:a", "aac", "-b:a", "64k"], "ipod"),
    ".ogg": (["-c:a", "libopus", "-b:a", "48k"], "ogg"),
    ".opus": (["-c:a", "libopus", "-b:a", "48k"], "ogg"),
    ".webm": (["-c:a", "libopus", "-b:a", "48k"], "webm"),
    ".flac": (["-c:a", "flac"], "flac"),
}


def _audio_source(kind: str, seconds: float) -> str:
    if kind not in ("sine", "voice"):
        raise ValueError(f"Unknown test sound {kind!r}: 'sine' or 'voice'")
    return (_VOICE if kind == "voice" else _SINE).format(seconds=seconds)


def generate_test_video(
    dest: StrPath,
    *,
    seconds: float,
    with_audio: bool = True,
    size: str = "320x240",
    rate: int = 25,
    audio: str = "sine",
    timeout: float | None = None,
) -> Path:
    """Write a synthetic video (testsrc2 pattern, sine or voice-like sound) to dest.

    The suffix picks the format: .mp4/.m4v/.mov (H.264 + AAC), .mkv (H.264 + Opus), .webm
    (VP8 + Opus). Nothing is downloaded.
    """
    dest = Path(dest)
    codecs = _VIDEO_CODECS.get(dest.suffix.lower())
    if codecs is None:
        raise ValueError(f"Test videos end in one of {sorted(_VIDEO_CODECS)}: {dest}")
    video_args, audio_codec, muxer = codecs
    args = ["-loglevel", "error", "-f", "lavfi"]
    args += ["-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if with_audio:
        args += ["-f", "lavfi", "-i", _audio_source(audio, seconds)]
        args += ["-c:a", audio_codec, "-ac", "1", "-b:a", "64k"]
    else:
        args += ["-an"]
    args += video_args
    if muxer in ("mp4", "mov"):
        args += ["-movflags", "+faststart"]
    with _atomic_output(dest) as partial:
        _run_ffmpeg(
            [*args, "-f", muxer, "-y", str(partial)],
            timeout=timeout or 60.0 + seconds * 2,
        )
    return dest


def generate_test_audio(
    dest: StrPath,
    *,
    seconds: float,
    audio: str = "sine",
    timeout: float | None = None,
) -> Path:
    """Write a synthetic sound (sine or voice-like) to dest.

    The suffix picks the format: .mp3, .wav, .m4a (AAC), .ogg/.opus/.webm (Opus), .flac.
    """
    dest = Path(dest)
    codecs = _AUDIO_CODECS.get(dest.suffix.lower())
    if codecs is None:
        raise ValueError(f"Test sounds end in one of {sorted(_AUDIO_CODECS)}: {dest}")
    codec_args, muxer = codecs
    args = ["-loglevel", "error", "-f", "lavfi", "-i", _audio_source(audio, seconds)]
    args += ["-ac", "1", *codec_args, "-f", muxer]
    with _atomic_output(dest) as partial:
        _run_ffmpeg([*args, "-y", str(partial)], timeout=timeout or 60.0 + seconds)
    return dest
