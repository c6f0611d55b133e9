"""Tell what an uploaded file is from its first bytes, never from its name.

`sniff(head)` returns a MIME type from the magic bytes of the formats a trainer may upload
(video, audio, PDF, images, captions, text) and of a few formats that must be refused but
deserve a clear name in the error (executables, archives, HTML). It is pure: no ffmpeg,
no file system, no database.

`check_upload(fileobj, allowed=..., max_bytes=...)` is what a form or a view calls: it
refuses an empty file, a file over the size limit and a file whose content is not one of
the allowed types, with a sentence a trainer can act on ("This file is not a video: it
looks like a PDF document."). A PDF renamed `cours.mp4` or a program renamed `video.webm`
is refused, whatever its name says.

Markdown has no magic bytes: it is "text/plain" here, and the caller picks Markdown from
the resource kind or the name once the content is known to be UTF-8 text.
"""

import codecs
import os
import re
from collections.abc import Iterator
from typing import IO

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Enough for every signature below, for an MP4 whose `moov` box comes first (faststart)
# and for the track list of a WebM file.
HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

VIDEO_MP4 = "video/mp4"
VIDEO_QUICKTIME = "video/quicktime"
VIDEO_3GPP = "video/3gpp"
VIDEO_WEBM = "video/webm"
VIDEO_MATROSKA = "video/x-matroska"
AUDIO_MATROSKA = "audio/x-matroska"
VIDEO_OGG = "video/ogg"
VIDEO_AVI = "video/x-msvideo"
AUDIO_MP4 = "audio/mp4"
AUDIO_WEBM = "audio/webm"
AUDIO_OGG = "audio/ogg"
AUDIO_MPEG = "audio/mpeg"
AUDIO_AAC = "audio/aac"
AUDIO_WAV = "audio/wav"
AUDIO_FLAC = "audio/flac"
APPLICATION_PDF = "application/pdf"
IMAGE_PNG = "image/png"
IMAGE_JPEG = "image/jpeg"
IMAGE_GIF = "image/gif"
IMAGE_WEBP = "image/webp"
IMAGE_AVIF = "image/avif"
IMAGE_HEIC = "image/heic"
IMAGE_SVG = "image/svg+xml"
TEXT_VTT = "text/vtt"
TEXT_PLAIN = "text/plain"
TEXT_HTML = "text/html"
APPLICATION_XML = "application/xml"
APPLICATION_ZIP = "application/zip"
APPLICATION_GZIP = "application/gzip"
APPLICATION_7Z = "application/x-7z-compressed"
APPLICATION_RAR = "application/vnd.rar"
APPLICATION_EXE = "application/vnd.microsoft.portable-executable"
APPLICATION_ELF = "application/x-executable"
APPLICATION_MACHO = "application/x-mach-binary"
APPLICATION_OLE = "application/x-ole-storage"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

VIDEO_TYPES = frozenset({VIDEO_MP4, VIDEO_WEBM})
AUDIO_TYPES = frozenset({AUDIO_MP4, AUDIO_WEBM, AUDIO_OGG, AUDIO_MPEG, AUDIO_WAV})
CAPTION_TYPES = frozenset({TEXT_VTT})
IMAGE_TYPES = frozenset({IMAGE_PNG, IMAGE_JPEG})
DOCUMENT_TYPES = frozenset({APPLICATION_PDF, TEXT_PLAIN})

# What a file "looks like", for the error messages: "it looks like <description>."
DESCRIPTIONS = {
    VIDEO_MP4: gettext_lazy("an MP4 video"),
    VIDEO_QUICKTIME: gettext_lazy("a QuickTime video"),
    VIDEO_3GPP: gettext_lazy("a 3GP video"),
    VIDEO_WEBM: gettext_lazy("a WebM video"),
    VIDEO_MATROSKA: gettext_lazy("a Matroska (MKV) video"),
    AUDIO_MATROSKA: gettext_lazy("a Matroska (MKA) audio file"),
    VIDEO_OGG: gettext_lazy("an Ogg video"),
    VIDEO_AVI: gettext_lazy("an AVI video"),
    AUDIO_MP4: gettext_lazy("an M4A audio file"),
    AUDIO_WEBM: gettext_lazy("a WebM audio file"),
    AUDIO_OGG: gettext_lazy("an Ogg audio file"),
    AUDIO_MPEG: gettext_lazy("an MP3 audio file"),
    AUDIO_AAC: gettext_lazy("an AAC audio file"),
    AUDIO_WAV: gettext_lazy("a WAV audio file"),
    AUDIO_FLAC: gettext_lazy("a FLAC audio file"),
    APPLICATION_PDF: gettext_lazy("a PDF document"),
    IMAGE_PNG: gettext_lazy("a PNG image"),
    IMAGE_JPEG: gettext_lazy("a JPEG image"),
    IMAGE_GIF: gettext_lazy("a GIF image"),
    IMAGE_WEBP: gettext_lazy("a WebP image"),
    IMAGE_AVIF: gettext_lazy("an AVIF image"),
    IMAGE_HEIC: gettext_lazy("a HEIC photo"),
    IMAGE_SVG: gettext_lazy("an SVG image"),
    TEXT_VTT: gettext_lazy("a WebVTT caption file"),
    TEXT_PLAIN: gettext_lazy("a text file"),
    TEXT_HTML: gettext_lazy("a web page (HTML)"),
    APPLICATION_XML: gettext_lazy("an XML file"),
    APPLICATION_ZIP: gettext_lazy("a ZIP archive"),
    APPLICATION_GZIP: gettext_lazy("a compressed archive (gzip)"),
    APPLICATION_7Z: gettext_lazy("a 7-Zip archive"),
    APPLICATION_RAR: gettext_lazy("a RAR archive"),
    APPLICATION_EXE: gettext_lazy("a Windows program"),
    APPLICATION_ELF: gettext_lazy("a Linux program"),
    APPLICATION_MACHO: gettext_lazy("a macOS program"),
    APPLICATION_OLE: gettext_lazy("an old Microsoft Office document"),
    DOCX: gettext_lazy("a Word document"),
    PPTX: gettext_lazy("a PowerPoint presentation"),
    XLSX: gettext_lazy("an Excel spreadsheet"),
    ODT: gettext_lazy("an OpenDocument text"),
    ODP: gettext_lazy("an OpenDocument presentation"),
    ODS: gettext_lazy("an OpenDocument spreadsheet"),
}


class UploadRejected(Exception):
    """An upload refused before it is stored; `message` is ready to show to the trainer.

    `code` is one of "empty", "too_large", "wrong_type", "unknown_type", "unreadable";
    `detected` is the sniffed MIME type when there was one.
    """

    def __init__(self, message: str, *, code: str, detected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.detected = detected


# --- sniffing ---------------------------------------------------------------------------

_MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_MP4_IMAGE_BRANDS = {
    b"avif": IMAGE_AVIF,
    b"avis": IMAGE_AVIF,
    b"heic": IMAGE_HEIC,
    b"heix": IMAGE_HEIC,
    b"heim": IMAGE_HEIC,
    b"heis": IMAGE_HEIC,
    b"mif1": IMAGE_HEIC,
    b"msf1": IMAGE_HEIC,
}
# A Matroska CodecID element (0x86, one-byte size) whose value starts with V_ or A_.
_MATROSKA_CODEC = re.compile(rb"\x86[\x81-\xa0]([VA])_")
_TEXT_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MARKUP_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(!doctype\s+html|html|\?xml|svg)[\s>]", re.I)


def sniff(head: bytes) -> str | None:
    """The MIME type that the first bytes of a file show, or None if unknown or empty."""
    if not head:
        return None
    return (
        _sniff_iso_media(head)
        or _sniff_matroska(head)
        or _sniff_ogg(head)
        or _sniff_riff(head)
        or _sniff_signature(head)
        or _sniff_zip(head)
        or _sniff_mpeg_audio(head)
        or _sniff_text(head)
    )


def ogg_codec(head: bytes) -> str | None:
    """The codec of the first stream of an Ogg file: "opus", "vorbis", "flac", "theora"."""
    if not head.startswith(b"OggS") or len(head) < 27:
        return None
    segments = head[26]
    packet = head[27 + segments : 27 + segments + 8]
    if packet.startswith(b"OpusHead"):
        return "opus"
    if packet.startswith(b"\x01vorbis"):
        return "vorbis"
    if packet.startswith(b"\x7fFLAC"):
        return "flac"
    if packet.startswith(b"\x80theora"):
        return "theora"
    return None


def _iter_boxes(
    data: bytes, start: int = 0, end: int | None = None
) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of the ISO-BMFF boxes in data[start:end]."""
    end = len(data) if end is None else end
    offset = start
    while offset + 8 <= end:
        size = int.from_bytes(data[offset : offset + 4], "big")
        box_type = data[offset + 4 : offset + 8]
        header = 8
        if size == 1:
            if offset + 16 > end:
                return
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
            header = 16
        elif size == 0:
            size = end - offset
        if size < header:
            return
        yield box_type, offset + header, offset + size
        offset += size


def _sniff_iso_media(head: bytes) -> str | None:
    if head[4:8] != b"ftyp" or len(head) < 12:
        return None
    brand = head[8:12]
    if brand in _MP4_IMAGE_BRANDS:
        return _MP4_IMAGE_BRANDS[brand]
    if brand == b"qt  ":
        return VIDEO_QUICKTIME
    if brand.startswith((b"3gp", b"3g2")):
        return VIDEO_3GPP
    if brand in _MP4_AUDIO_BRANDS:
        return AUDIO_MP4
    handlers = _mp4_handlers(head)
    if handlers is not None and b"soun" in handlers and b"vide" not in handlers:
        return AUDIO_MP4
    return VIDEO_MP4


def _mp4_handlers(head: bytes) -> set[bytes] | None:
    """Handler types (b"vide", b"soun") of every track, if the whole `moov` box is in head."""
    for box_type, payload, end in _iter_boxes(head):
        if box_type == b"moov":
            if end > len(head):
                return None
            handlers = set()
            position = head.find(b"hdlr", payload, end)
            while position != -1:
                # hdlr: version/flags (4), pre_defined (4), handler_type (4)
                handlers.add(head[position + 12 : position + 16])
                position = head.find(b"hdlr", position + 4, end)
            return handlers
    return None


def _sniff_matroska(head: bytes) -> str | None:
    if not head.startswith(b"\x1a\x45\xdf\xa3"):
        return None
    doctype = _ebml_doctype(head)
    kinds = {match.group(1) for match in _MATROSKA_CODEC.finditer(head)}
    if kinds == {b"A"}:
        return AUDIO_WEBM if doctype == b"webm" else AUDIO_MATROSKA
    return VIDEO_WEBM if doctype == b"webm" else VIDEO_MATROSKA


def _ebml_doctype(head: bytes) -> bytes | None:
    position = head.find(b"\x42\x82", 4, 64)
    if position == -1 or position + 3 > len(head):
        return None
    size_byte = head[position + 2]
    if not size_byte & 0x80:  # only one-byte sizes: a doctype is a few letters
        return None
    size = size_byte & 0x7F
    return head[position + 3 : position + 3 + size].rstrip(b"\x00")


def _sniff_ogg(head: bytes) -> str | None:
    if not head.startswith(b"OggS"):
        return None
    return VIDEO_OGG if ogg_codec(head) == "theora" else AUDIO_OGG


def _sniff_riff(head: bytes) -> str | None:
    if not head.startswith(b"RIFF") or len(head) < 12:
        return None
    return {b"WAVE": AUDIO_WAV, b"WEBP": IMAGE_WEBP, b"AVI ": VIDEO_AVI}.get(head[8:12])


_SIGNATURES = (
    (b"%PDF-", APPLICATION_PDF),
    (b"\x89PNG\r\n\x1a\n", IMAGE_PNG),
    (b"\xff\xd8\xff", IMAGE_JPEG),
    (b"GIF87a", IMAGE_GIF),
    (b"GIF89a", IMAGE_GIF),
    (b"fLaC", AUDIO_FLAC),
    (b"\x7fELF", APPLICATION_ELF),
    (b"\xcf\xfa\xed\xfe", APPLICATION_MACHO),
    (b"\xce\xfa\xed\xfe", APPLICATION_MACHO),
    (b"\xca\xfe\xba\xbe", APPLICATION_MACHO),
    (b"\x1f\x8b", APPLICATION_GZIP),
    (b"7z\xbc\xaf\x27\x1c", APPLICATION_7Z),
    (b"Rar!\x1a\x07", APPLICATION_RAR),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", APPLICATION_OLE),
)


def _sniff_signature(head: bytes) -> str | None:
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            return mime
    # Two letters that a text may start with too: also ask for the binary header after them.
    if head.startswith(b"ID3") and len(head) >= 10 and head[3] in (2, 3, 4):
        return AUDIO_MPEG
    if head.startswith(b"MZ") and b"\x00" in head[2:64]:
        return APPLICATION_EXE
    return None


def _sniff_zip(head: bytes) -> str | None:
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    # OpenDocument stores an uncompressed "mimetype" entry first, as the spec requires.
    if head[30:38] == b"mimetype":
        declared = head[38:120].split(b"PK", 1)[0]
        for mime in (ODT, ODP, ODS):
            if declared.startswith(mime.encode()):
                return mime
    # Office Open XML: the folder names appear in the local file headers.
    for folder, mime in ((b"word/", DOCX), (b"ppt/", PPTX), (b"xl/", XLSX)):
        if folder in head:
            return mime
    return APPLICATION_ZIP


def _sniff_mpeg_audio(head: bytes) -> str | None:
    """An MP3 frame (MPEG-1/2/2.5 layer II or III) or an AAC ADTS frame, from its header."""
    if len(head) < 4 or head[0] != 0xFF or (head[1] & 0xE0) != 0xE0:
        return None
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    if layer == 0:
        # ADTS: MPEG-4 or MPEG-2 AAC, layer always 0, sampling index below 13.
        if (head[1] & 0xF6) == 0xF0 and ((head[2] >> 2) & 0x0F) < 13:
            return AUDIO_AAC
        return None
    bitrate_index = head[2] >> 4
    sample_rate_index = (head[2] >> 2) & 0b11
    # Reserved values, free-format bitrate and layer I are refused: nobody uploads them, and
    # a UTF-16 byte order mark (FF FE) would otherwise pass for a layer I frame.
    if version == 0b01 or layer == 0b11 or bitrate_index in (0, 0b1111):
        return None
    if sample_rate_index == 0b11:
        return None
    return AUDIO_MPEG


def _sniff_text(head: bytes) -> str | None:
    if _TEXT_CONTROLS.search(head):
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: the head may end inside a multi-byte character.
        text = decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return None
    text = text.removeprefix("\ufeff")
    if text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\r\n"):
        return TEXT_VTT
    markup = _MARKUP_START.match(head)
    if markup:
        tag = markup.group(1).lower()
        if tag == b"svg" or (tag == b"?xml" and b"<svg" in head[:4096].lower()):
            return IMAGE_SVG
        return APPLICATION_XML if tag == b"?xml" else TEXT_HTML
    return TEXT_PLAIN


# --- checking an upload -----------------------------------------------------------------


def check_upload(fileobj: IO[bytes], *, allowed: set[str] | frozenset[str], max_bytes: int) -> str:
    """The sniffed MIME type of an upload, or UploadRejected with a message for the trainer.

    The size is taken by seeking to the end when the file can seek (Django's uploaded files
    can), and the file is left at its start for whoever stores it. A stream that cannot
    seek is read to the end, at most max_bytes + 1 bytes, and is then consumed.
    Text types (plain text, WebVTT) are read whole to make sure they are UTF-8 all along.
    """
    seekable = _is_seekable(fileobj)
    try:
        if seekable:
            start = fileobj.tell()
            fileobj.seek(0, os.SEEK_END)
            size = fileobj.tell() - start
            fileobj.seek(start)
            head = fileobj.read(HEAD_BYTES) if size else b""
            fileobj.seek(start)
        else:
            head = fileobj.read(HEAD_BYTES)
            size = len(head) + _count_rest(fileobj, limit=max_bytes + 1 - len(head))
    except OSError as error:
        raise UploadRejected(_("The file could not be read."), code="unreadable") from error

    if size <= 0:
        raise UploadRejected(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise UploadRejected(
            _("The file is too large (%(size)s; at most %(limit)s).")
            % {"size": format_size(size), "limit": format_size(max_bytes)},
            code="too_large",
        )

    detected = sniff(head)
    expected = _expected_phrase(allowed)
    if detected is None:
        raise UploadRejected(
            _("This file is not %(expected)s, and its content is not a format we recognise.")
            % {"expected": expected},
            code="unknown_type",
        )
    if detected not in allowed:
        raise UploadRejected(
            _("This file is not %(expected)s: it looks like %(actual)s.")
            % {"expected": expected, "actual": DESCRIPTIONS.get(detected, detected)},
            code="wrong_type",
            detected=detected,
        )
    if detected.startswith("text/") and seekable:
        _check_utf8_to_the_end(fileobj, expected=expected, detected=detected)
    return detected


def _is_seekable(fileobj: IO[bytes]) -> bool:
    try:
        return fileobj.seekable()
    except (AttributeError, ValueError):
        return False


def _count_rest(fileobj: IO[bytes], *, limit: int) -> int:
    total = 0
    while total < limit:
        chunk = fileobj.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        total += len(chunk)
    return total


def _check_utf8_to_the_end(fileobj: IO[bytes], *, expected: str, detected: str) -> None:
    start = fileobj.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := fileobj.read(_CHUNK):
            if b"\x00" in chunk:
                raise UnicodeDecodeError("utf-8", chunk, 0, 1, "NUL byte")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise UploadRejected(
            _("This file is not %(expected)s: it starts like text but contains binary data.")
            % {"expected": expected},
            code="unknown_type",
            detected=detected,
        ) from error
    finally:
        fileobj.seek(start)


def _expected_phrase(allowed: set[str] | frozenset[str]) -> str:
    """What the field wants, for "This file is not <phrase>": "a video", "an audio file"."""
    if not allowed:
        return _("an accepted file")
    if allowed <= VIDEO_TYPES | {VIDEO_QUICKTIME, VIDEO_MATROSKA, VIDEO_OGG, VIDEO_3GPP}:
        return _("a video")
    if all(mime.startswith("audio/") for mime in allowed):
        return _("an audio file")
    if all(mime.startswith(("audio/", "video/")) for mime in allowed):
        return _("a video or an audio file")
    if allowed == {TEXT_VTT}:
        return _("a WebVTT caption file")
    if all(mime.startswith("image/") for mime in allowed):
        return _("an image")
    if allowed == {APPLICATION_PDF}:
        return _("a PDF document")
    if len(allowed) <= 4:
        return _(" or ").join(str(DESCRIPTIONS.get(mime, mime)) for mime in sorted(allowed))
    return _("an accepted file")


def format_size(size: int) -> str:
    """A size in decimal units for people: "850 bytes", "12 KB", "12.3 MB", "1.5 GB"."""
    if size < 1000:
        return _("%(size)s bytes") % {"size": size}
    for unit, scale in ((_("%(size)s GB"), 10**9), (_("%(size)s MB"), 10**6)):
        if size >= scale:
            return unit % {"size": _decimal(size / scale)}
    return _("%(size)s KB") % {"size": _decimal(size / 1000)}


def _decimal(value: float) -> str:
    rounded = round(value, 1)
    if rounded == int(rounded):
        return number_format(int(rounded))
    return number_format(rounded, decimal_pos=1)


def head_of(path: str | os.PathLike[str]) -> bytes:
    """The first HEAD_BYTES of a file on disk, for sniff()."""
    with open(path, "rb") as file:
        return file.read(HEAD_BYTES)
