"""The media pipeline's building blocks, run on short clips that ffmpeg makes on the spot."""

import os
import shutil
import subprocess
import time

import pytest
from django.utils import translation

from amont.content import media
from amont.content.media import MediaError, MediaInfo
from amont.lib.sniff import head_of, ogg_codec, sniff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    """Sources made once for the module: 1-3 s, small pictures."""
    folder = tmp_path_factory.mktemp("clips")
    media.generate_test_video(folder / "talk.mp4", seconds=3)
    media.generate_test_video(folder / "talk.webm", seconds=2, size="160x120")
    media.generate_test_video(folder / "silent.mp4", seconds=1, with_audio=False)
    media.generate_test_video(folder / "wide.mp4", seconds=1, size="1280x720")
    media.generate_test_audio(folder / "podcast.mp3", seconds=2)
    media.generate_test_audio(folder / "voice.wav", seconds=2, audio="voice")
    return folder


def _copy(clips, name, folder):
    """A private copy of a clip in folder, so a test can check what else the folder holds."""
    folder.mkdir(exist_ok=True)
    return shutil.copy(clips / name, folder / name)


def _jpeg_size(path) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame segment."""
    data = path.read_bytes()
    position = 2
    while position < len(data):
        marker, length = data[position + 1], int.from_bytes(data[position + 2 : position + 4])
        if 0xC0 <= marker <= 0xC3:
            height = int.from_bytes(data[position + 5 : position + 7])
            width = int.from_bytes(data[position + 7 : position + 9])
            return width, height
        position += 2 + length
    raise AssertionError("no start-of-frame segment")


# --- probe ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "seconds", "has_video", "has_audio", "size"),
    [
        ("talk.mp4", 3, True, True, (320, 240)),
        ("talk.webm", 2, True, True, (160, 120)),
        ("silent.mp4", 1, True, False, (320, 240)),
        ("wide.mp4", 1, True, True, (1280, 720)),
        ("podcast.mp3", 2, False, True, (None, None)),
        ("voice.wav", 2, False, True, (None, None)),
    ],
)
def test_it_probes_duration_streams_and_size(clips, name, seconds, has_video, has_audio, size):
    info = media.probe(clips / name)

    assert info.duration_seconds == pytest.approx(seconds, abs=0.2)
    assert (info.has_video, info.has_audio) == (has_video, has_audio)
    assert (info.width, info.height) == size


def test_it_probes_the_display_size_of_a_video_filmed_upright(clips, tmp_path):
    upright = tmp_path / "phone.mp4"
    command = [media.ffmpeg_exe(), "-loglevel", "error", "-display_rotation", "90"]
    command += ["-i", str(clips / "talk.mp4"), "-c", "copy", str(upright)]
    subprocess.run(command, check=True, timeout=30)

    info = media.probe(upright)

    assert (info.width, info.height) == (240, 320)


def test_it_refuses_to_probe_a_file_that_is_not_media(tmp_path):
    notes = tmp_path / "notes.mp4"
    notes.write_bytes(b"%PDF-1.4\nnot a video at all\n" * 100)

    with pytest.raises(MediaError) as caught:
        media.probe(notes)

    assert caught.value.code == "unreadable"
    assert caught.value.stderr_tail


def test_it_refuses_to_probe_a_missing_file(tmp_path):
    with pytest.raises(MediaError) as caught:
        media.probe(tmp_path / "missing.mp4")

    assert caught.value.code == "unreadable"


def test_it_never_follows_a_playlist_to_another_file(clips, tmp_path):
    # A "video" that is an HLS playlist would make ffmpeg open whatever it points at.
    playlist = tmp_path / "trap.mp4"
    playlist.write_text(
        f"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3.0,\n{clips / 'talk.mp4'}\n#EXT-X-ENDLIST\n"
    )

    with pytest.raises(MediaError) as caught:
        media.probe(playlist)

    assert caught.value.code == "unreadable"


# --- poster -----------------------------------------------------------------------------


def test_it_makes_a_jpeg_poster_at_most_640_pixels_wide(clips, tmp_path):
    poster = tmp_path / "posters" / "wide.jpg"

    info = media.make_poster(clips / "wide.mp4", poster, 0.5)

    assert info.width == 1280
    assert sniff(head_of(poster)) == "image/jpeg"
    assert _jpeg_size(poster) == (640, 360)
    assert os.listdir(poster.parent) == ["wide.jpg"]
    assert poster.stat().st_mode & 0o777 == 0o644


def test_it_keeps_a_small_picture_at_its_size_and_clamps_a_time_past_the_end(clips, tmp_path):
    poster = tmp_path / "small.jpg"

    media.make_poster(clips / "talk.webm", poster, 99)

    assert _jpeg_size(poster) == (160, 120)


def test_it_refuses_a_poster_for_a_sound_and_leaves_no_file(clips, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()

    with pytest.raises(MediaError) as caught:
        media.make_poster(clips / "podcast.mp3", folder / "poster.jpg")

    assert caught.value.code == "no_video"
    assert os.listdir(folder) == []


# --- audio-only version -----------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "mime"), [(".webm", "audio/webm"), (".ogg", "audio/ogg")])
def test_it_makes_an_opus_audio_only_version_smaller_than_the_video(clips, tmp_path, suffix, mime):
    source = clips / "talk.mp4"
    listen = tmp_path / f"talk-listen{suffix}"

    source_info = media.make_audio_only(source, listen)

    assert source_info.has_video
    info = media.probe(listen)
    assert info == MediaInfo(
        duration_seconds=pytest.approx(3, abs=0.2),
        has_video=False,
        has_audio=True,
        audio_codec="opus",
    )
    assert sniff(head_of(listen)) == mime
    assert listen.stat().st_size < source.stat().st_size
    # 48 kb/s for 3 s is 18 kB, plus the container's headers.
    assert listen.stat().st_size < 30_000
    if suffix == ".ogg":
        assert ogg_codec(head_of(listen)) == "opus"


def test_it_reports_increasing_progress_that_ends_at_one(clips, tmp_path, monkeypatch):
    monkeypatch.setattr(media, "PROGRESS_PERIOD", 0.001)
    fractions = []

    media.make_audio_only(clips / "talk.mp4", tmp_path / "talk.webm", progress=fractions.append)

    assert len(fractions) >= 2
    assert fractions == sorted(set(fractions))
    assert fractions[-1] == 1.0
    assert all(0 < fraction < 1 for fraction in fractions[:-1])


def test_it_reads_progress_lines_into_fractions():
    fractions = []
    read = media._progress_reader(10.0, fractions.append)

    for line in [
        "frame=0",
        "out_time_us=N/A",
        "out_time_us=2500000",
        "out_time_us=2500000",
        "out_time_us=1000000",
        "out_time_us=7500000",
        "out_time_us=10000000",
        "progress=end",
    ]:
        read(line)

    assert fractions == [0.25, 0.75, 0.999]


def test_it_refuses_an_audio_only_version_of_a_silent_video(clips, tmp_path):
    with pytest.raises(MediaError) as caught:
        media.make_audio_only(clips / "silent.mp4", tmp_path / "silent.webm")

    assert caught.value.code == "no_audio"
    assert os.listdir(tmp_path) == []


def test_it_leaves_no_file_when_the_input_is_corrupt(clips, tmp_path):
    source = tmp_path / "broken.mp4"
    whole = (clips / "talk.mp4").read_bytes()
    source.write_bytes(b"\x00\x00\x00\x18ftypisom" + os.urandom(len(whole) // 2))

    with pytest.raises(MediaError):
        media.make_audio_only(source, tmp_path / "broken.webm")
    with pytest.raises(MediaError):
        media.make_poster(source, tmp_path / "broken.jpg")

    assert os.listdir(tmp_path) == ["broken.mp4"]


def test_it_leaves_no_file_when_ffmpeg_fails_half_way(clips, tmp_path):
    # The first 3 kB of a video: its header reads, its pictures are missing.
    source = tmp_path / "cut.mp4"
    media.generate_test_video(tmp_path / "whole.mkv", seconds=2)
    source.write_bytes((tmp_path / "whole.mkv").read_bytes()[:3000])
    (tmp_path / "whole.mkv").unlink()

    with pytest.raises(MediaError) as caught:
        media.make_poster(source, tmp_path / "cut.jpg", 1.5)

    assert caught.value.code == "failed"
    assert os.listdir(tmp_path) == ["cut.mp4"]


def test_it_stops_ffmpeg_at_the_timeout_and_leaves_no_file(clips, tmp_path):
    source = _copy(clips, "talk.mp4", tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()

    started = time.monotonic()
    with pytest.raises(MediaError) as caught:
        media.make_audio_only(source, out / "talk.webm", timeout=0.001)

    assert caught.value.code == "timeout"
    assert caught.value.message == "Processing took too long and was stopped."
    assert time.monotonic() - started < 10
    assert os.listdir(out) == []


def test_it_keeps_the_previous_version_when_a_new_one_fails(clips, tmp_path):
    listen = tmp_path / "talk.webm"
    media.make_audio_only(clips / "talk.mp4", listen)
    before = listen.read_bytes()

    with pytest.raises(MediaError):
        media.make_audio_only(clips / "talk.mp4", listen, timeout=0.001)

    assert listen.read_bytes() == before
    assert os.listdir(tmp_path) == ["talk.webm"]


def test_it_stops_and_cleans_up_when_the_progress_callback_raises(clips, tmp_path, monkeypatch):
    monkeypatch.setattr(media, "PROGRESS_PERIOD", 0.001)

    class Cancelled(Exception):
        pass

    def cancel(fraction):
        raise Cancelled

    with pytest.raises(Cancelled):
        media.make_audio_only(clips / "talk.mp4", tmp_path / "talk.webm", progress=cancel)

    assert os.listdir(tmp_path) == []


def test_it_reports_a_missing_ffmpeg_as_a_media_error(clips, monkeypatch):
    monkeypatch.setattr(media, "ffmpeg_exe", lambda: "/nonexistent/ffmpeg")

    with pytest.raises(MediaError) as caught:
        media.probe(clips / "talk.mp4")

    assert caught.value.code == "no_ffmpeg"


def test_it_refuses_an_unknown_audio_only_container(clips, tmp_path):
    with pytest.raises(ValueError, match="Audio-only files end in one of"):
        media.make_audio_only(clips / "talk.mp4", tmp_path / "talk.mp3")


def test_it_sweeps_partial_files_that_a_killed_worker_left(tmp_path):
    stale = tmp_path / ".talk.abc123.part.webm"
    fresh = tmp_path / ".talk.def456.part.webm"
    kept = tmp_path / "talk.webm"
    for path in (stale, fresh, kept):
        path.write_bytes(b"x")
    an_hour_ago = time.time() - 2 * 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    os.utime(kept, (an_hour_ago, an_hour_ago))

    assert media.remove_partial_files(tmp_path) == 1

    assert sorted(os.listdir(tmp_path)) == [fresh.name, kept.name]


# --- synthetic media --------------------------------------------------------------------


def test_it_generates_media_without_downloading_anything(tmp_path):
    video = media.generate_test_video(tmp_path / "demo.webm", seconds=1, audio="voice")
    sound = media.generate_test_audio(tmp_path / "demo.m4a", seconds=1)

    assert media.probe(video).video_codec == "vp9"
    assert media.probe(video).audio_codec == "opus"
    assert media.probe(sound).audio_codec == "aac"
    assert sorted(os.listdir(tmp_path)) == ["demo.m4a", "demo.webm"]


def test_it_refuses_unknown_test_formats(tmp_path):
    with pytest.raises(ValueError, match="Test videos end in one of"):
        media.generate_test_video(tmp_path / "demo.avi", seconds=1)
    with pytest.raises(ValueError, match="Unknown test sound"):
        media.generate_test_audio(tmp_path / "demo.mp3", seconds=1, audio="music")
