"""Uploads are recognised by their content, never by their name."""

import io
import subprocess
from typing import IO, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from amont.content import media
from amont.lib.sniff import (
    APPLICATION_PDF,
    AUDIO_TYPES,
    CAPTION_TYPES,
    DOCUMENT_TYPES,
    VIDEO_TYPES,
    UploadRejected,
    check_upload,
    format_size,
    head_of,
    ogg_codec,
    sniff,
)

MB = 1_000_000


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    """One short file of each format, made once for the module with ffmpeg."""
    folder = tmp_path_factory.mktemp("sniff-media")
    for name in ("clip.mp4", "clip.webm", "clip.mkv", "clip.mov"):
        media.generate_test_video(folder / name, seconds=1)
    for name in ("sound.mp3", "sound.wav", "sound.m4a", "sound.ogg", "sound.webm", "sound.flac"):
        media.generate_test_audio(folder / name, seconds=1)
    media.make_poster(folder / "clip.mp4", folder / "poster.jpg", 0.5)
    # An audio-only MP4 with the ordinary "isom" brand: only its track handlers tell.
    command = [media.ffmpeg_exe(), "-loglevel", "error", "-i", str(folder / "sound.m4a")]
    command += ["-c", "copy", "-f", "mp4", "-movflags", "+faststart"]
    subprocess.run([*command, str(folder / "isom-audio.mp4")], check=True, timeout=30)
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clip.mp4", "video/mp4"),
        ("clip.webm", "video/webm"),
        ("clip.mkv", "video/x-matroska"),
        ("clip.mov", "video/quicktime"),
        ("sound.mp3", "audio/mpeg"),
        ("sound.wav", "audio/wav"),
        ("sound.m4a", "audio/mp4"),
        ("isom-audio.mp4", "audio/mp4"),
        ("sound.ogg", "audio/ogg"),
        ("sound.webm", "audio/webm"),
        ("sound.flac", "audio/flac"),
        ("poster.jpg", "image/jpeg"),
    ],
)
def test_it_recognises_real_files_made_by_ffmpeg(media_dir, name, expected):
    assert sniff(head_of(media_dir / name)) == expected


def test_it_tells_opus_from_vorbis_in_ogg(media_dir):
    assert ogg_codec(head_of(media_dir / "sound.ogg")) == "opus"
    vorbis_page = b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x1e" + b"\x01vorbis" + b"\x00" * 22
    assert sniff(vorbis_page) == "audio/ogg"
    assert ogg_codec(vorbis_page) == "vorbis"
    assert ogg_codec(b"not ogg") is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt ", "audio/wav"),
        (b"RIFF\x24\x08\x00\x00WEBPVP8 ", "image/webp"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00\x00\x00\x00", "audio/mpeg"),  # MPEG-1 layer III frame
        (b"\xff\xf1\x50\x80\x02\x1f\xfc", "audio/aac"),  # ADTS
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2", "video/mp4"),
        (b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A mp42", "audio/mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ", "video/quicktime"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "image/avif"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic"),
        (b"\x1a\x45\xdf\xa3\x93\x42\x82\x88matroska", "video/x-matroska"),
        (b"\x1a\x45\xdf\xa3\x8f\x42\x82\x84webm", "video/webm"),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n", "text/vtt"),
        ("\ufeffWEBVTT - Cours 1\r\n".encode(), "text/vtt"),
        (b"WEBVTT", "text/vtt"),
        (b"WEBVTTX is not a caption header", "text/plain"),
        ("# Les fractions\n\nUne *fraction* représente…\n".encode(), "text/plain"),
        ("Déjà vu — €".encode()[:-1], "text/plain"),  # cut inside the last character
        (b"MZ is how this text starts", "text/plain"),
        (b"<!DOCTYPE html><html><script>alert(1)</script>", "text/html"),
        (b"  <html lang='fr'>", "text/html"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">', "image/svg+xml"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">', "image/svg+xml"),
        (b'<?xml version="1.0"?>\n<quiz/>', "application/xml"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", "application/vnd.microsoft.portable-executable"),
        (b"\x7fELF\x02\x01\x01\x00", "application/x-executable"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20 + b"word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 20 + b"mimetypeapplication/vnd.oasis.opendocument.presentationPK", "application/vnd.oasis.opendocument.presentation"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20 + b"notes.txt", "application/zip"),
        (b"\x1f\x8b\x08\x00", "application/gzip"),
    ],
)  # fmt: skip
def test_it_recognises_crafted_headers(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"plain text with a NUL\x00 inside",
        "latin-1 déjà".encode("latin-1"),
        b"\x00\x01\x02\x03\x04\x05",
        b"\xff\xfe\x00\x00",  # UTF-32 byte order mark: not UTF-8
        "UTF-16 text".encode("utf-16"),
        b"\xff\xff\xff\xff",  # a frame sync with reserved fields
    ],
)
def test_it_recognises_nothing_in_binary_noise_or_empty_heads(head):
    assert sniff(head) is None


def test_it_accepts_an_upload_whose_content_matches_and_rewinds_it(media_dir):
    with open(media_dir / "clip.mp4", "rb") as upload:
        assert check_upload(upload, allowed=VIDEO_TYPES, max_bytes=10 * MB) == "video/mp4"
        assert upload.tell() == 0

    data = (media_dir / "sound.mp3").read_bytes()
    podcast = SimpleUploadedFile("podcast.mp3", data, content_type="audio/mpeg")
    assert check_upload(podcast, allowed=AUDIO_TYPES, max_bytes=10 * MB) == "audio/mpeg"
    assert podcast.read() == data


def test_it_rejects_a_pdf_renamed_mp4():
    upload = SimpleUploadedFile("cours.mp4", b"%PDF-1.4\n" + b"x" * 2000, content_type="video/mp4")

    with pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed=VIDEO_TYPES, max_bytes=10 * MB)

    assert caught.value.message == "This file is not a video: it looks like a PDF document."
    assert caught.value.code == "wrong_type"
    assert caught.value.detected == APPLICATION_PDF


def test_it_rejects_a_program_disguised_as_a_video_or_a_document():
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200

    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(program), allowed=VIDEO_TYPES, max_bytes=MB)
    assert caught.value.message == "This file is not a video: it looks like a Windows program."

    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(program), allowed={APPLICATION_PDF}, max_bytes=MB)
    assert caught.value.message == (
        "This file is not a PDF document: it looks like a Windows program."
    )


def test_it_rejects_a_web_page_uploaded_as_text():
    page = b"<!doctype html><html><body><script>steal()</script>"

    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(page), allowed=DOCUMENT_TYPES, max_bytes=MB)

    assert caught.value.message == (
        "This file is not a PDF document or a text file: it looks like a web page (HTML)."
    )


def test_it_rejects_a_video_where_captions_are_expected(media_dir):
    with open(media_dir / "clip.webm", "rb") as upload, pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed=CAPTION_TYPES, max_bytes=MB)

    assert caught.value.message == (
        "This file is not a WebVTT caption file: it looks like a WebM video."
    )


def test_it_rejects_an_audio_file_where_a_video_is_expected(media_dir):
    with open(media_dir / "sound.ogg", "rb") as upload, pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed=VIDEO_TYPES, max_bytes=MB)

    assert caught.value.message == "This file is not a video: it looks like an Ogg audio file."


def test_it_rejects_content_it_does_not_recognise():
    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(b"\x00\x01\x02garbage" * 50), allowed=AUDIO_TYPES, max_bytes=MB)

    assert caught.value.code == "unknown_type"
    assert caught.value.message == (
        "This file is not an audio file, and its content is not a format we recognise."
    )


def test_it_rejects_an_empty_file():
    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(b""), allowed=VIDEO_TYPES, max_bytes=MB)

    assert caught.value.code == "empty"
    assert caught.value.message == "The file is empty."


def test_it_rejects_a_file_over_the_size_limit_before_reading_it(tmp_path):
    path = tmp_path / "huge.mp4"
    with open(path, "wb") as sparse:
        sparse.truncate(12_300_000)

    with open(path, "rb") as upload, pytest.raises(UploadRejected) as caught:
        check_upload(upload, allowed=VIDEO_TYPES, max_bytes=10 * MB)

    assert caught.value.code == "too_large"
    assert caught.value.message == "The file is too large (12.3 MB; at most 10 MB)."


def test_it_accepts_a_file_exactly_at_the_size_limit():
    data = b"WEBVTT\n\n" + b"a" * (1000 - 8)

    assert check_upload(io.BytesIO(data), allowed=CAPTION_TYPES, max_bytes=1000) == "text/vtt"


class _Stream(io.RawIOBase):
    """A stream that cannot seek, like a request body read as it arrives."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_it_measures_streams_that_cannot_seek_by_reading_them():
    pdf = b"%PDF-1.4\n" + b"x" * 5000

    # A raw stream stands for an upload read from a pipe.
    assert (
        check_upload(cast(IO[bytes], _Stream(pdf)), allowed={APPLICATION_PDF}, max_bytes=10_000)
        == APPLICATION_PDF
    )
    with pytest.raises(UploadRejected) as caught:
        check_upload(cast(IO[bytes], _Stream(pdf)), allowed={APPLICATION_PDF}, max_bytes=4000)
    assert caught.value.message == "The file is too large (5 KB; at most 4 KB)."


def test_it_rejects_a_text_file_with_binary_data_after_its_first_bytes():
    data = b"# Notes\n" + b"a" * 70_000 + b"\x00\x01\x02 binary tail"

    with pytest.raises(UploadRejected) as caught:
        check_upload(io.BytesIO(data), allowed=DOCUMENT_TYPES, max_bytes=MB)

    assert caught.value.message == (
        "This file is not a PDF document or a text file: "
        "it starts like text but contains binary data."
    )


def test_it_writes_sizes_for_people():
    assert format_size(850) == "850 bytes"
    assert format_size(12_345) == "12.3 KB"
    assert format_size(10 * MB) == "10 MB"
    assert format_size(12_345_678) == "12.3 MB"
    assert format_size(1_500_000_000) == "1.5 GB"
    with translation.override("fr"):
        assert format_size(12_345_678).startswith("12,3")
