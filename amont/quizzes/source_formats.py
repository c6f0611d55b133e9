"""The formats the bank imports from and exports to, and reading an uploaded or pasted
file: its format sniffed from the content, then the right parser. No database."""

import re
import zipfile
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.quizzes.formats import MAX_BYTES, FormatError, ParseResult

# The formats a file can be imported from, and those the bank exports to.
IMPORT_FORMATS = {
    "gift": gettext_lazy("Moodle GIFT"),
    "aiken": gettext_lazy("Aiken"),
    "moodlexml": gettext_lazy("Moodle XML"),
    "qti": gettext_lazy("QTI 2.1 (item, XML or zip package)"),
}


EXPORT_FORMATS = {"gift": gettext_lazy("Moodle GIFT"), "qti": gettext_lazy("QTI 2.1")}


_XML_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*:\s*[A-Za-z]\s*$", re.IGNORECASE | re.MULTILINE)


_AIKEN_OPTION = re.compile(r"^\s*[A-Z][.)]\s+\S", re.MULTILINE)


def _looks_binary(data: bytes) -> bool:
    if b"\0" in data[:8192]:
        return True
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start < 65536 - 4
    return False


def _xml_root(data: bytes) -> str | None:
    """The local name of the first element of an XML document, skipping the prolog."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    position = 0
    while True:
        start = head.find(b"<", position)
        if start < 0:
            return None
        if head.startswith(b"<?", start):
            position = head.find(b"?>", start) + 2
        elif head.startswith(b"<!--", start):
            position = head.find(b"-->", start) + 3
        elif head.startswith(b"<!", start):
            position = head.find(b">", start) + 1
        else:
            match = _XML_ROOT.match(head, start)
            return match.group(2).decode("ascii", "replace") if match else None
        if position <= 0:
            return None


def sniff_format(data: bytes) -> str | None:
    """The format an uploaded file holds, read from its content (never from its name):
    "qti" for a zip package or QTI XML, "moodlexml" for a <quiz>, "aiken" or "gift" for
    text; None when it is not text or nothing fits."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "qti"
    if _looks_binary(data):
        return None
    root = _xml_root(data)
    if root is not None:
        return "moodlexml" if root == "quiz" else "qti"
    text = data.decode("utf-8", "replace")
    if _AIKEN_ANSWER.search(text) and _AIKEN_OPTION.search(text) and "{" not in text:
        return "aiken"
    if "{" in text and "}" in text:
        return "gift"
    if _AIKEN_ANSWER.search(text):
        return "aiken"
    return None


def _parser(fmt: str) -> Callable[[bytes], ParseResult]:
    # Imported here: the parsers are big and only the import needs them.
    if fmt == "gift":
        from amont.quizzes.formats.gift import parse_gift

        return parse_gift
    if fmt == "aiken":
        from amont.quizzes.formats.aiken import parse_aiken

        return parse_aiken
    if fmt == "moodlexml":
        from amont.quizzes.formats.moodlexml import parse_moodle_xml

        return parse_moodle_xml
    if fmt == "qti":
        from amont.quizzes.formats.qti import parse_qti

        return parse_qti
    raise ValueError(f"Unknown format: {fmt!r}")


_TEXT_FORMATS = ("gift", "aiken")


def parse_source(data: bytes, fmt: str = "auto") -> tuple[str, ParseResult]:
    """(format, parse result) of an uploaded or pasted file. Raises FormatError with a
    sentence for the trainer when the file is too big, not a question file, or not of
    the chosen format."""
    if len(data) > MAX_BYTES:
        raise FormatError(
            _("The file is too big: %(max)d MB at most.") % {"max": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FormatError(_("The file is empty."))
    sniffed = sniff_format(data)
    if fmt == "auto":
        if sniffed is None:
            raise FormatError(
                _(
                    "This file does not look like GIFT, Aiken, Moodle XML or QTI. "
                    "Choose its format, or check that it is a text, XML or zip file."
                )
            )
        fmt = sniffed
    elif sniffed is None and _looks_binary(data) and not data.startswith(b"PK"):
        raise FormatError(_("This is not a text, XML or zip file."))
    elif sniffed is not None and (sniffed in _TEXT_FORMATS) != (fmt in _TEXT_FORMATS):
        raise FormatError(
            _("This file looks like %(found)s, not %(chosen)s: choose its format again.")
            % {"found": IMPORT_FORMATS[sniffed], "chosen": IMPORT_FORMATS[fmt]}
        )
    if fmt == "moodlexml" and data.startswith(b"PK"):
        raise FormatError(_("A zip file cannot be Moodle XML."))
    try:
        result = _parser(fmt)(data)
    except FormatError:
        raise
    except (zipfile.BadZipFile, RecursionError, MemoryError, ValueError) as error:
        raise FormatError(
            _("The file could not be read: %(error)s") % {"error": str(error)[:200]}
        ) from error
    return fmt, result
