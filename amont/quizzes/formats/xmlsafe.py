"""Safe XML loading for the Moodle XML and QTI parsers, and small helpers both share.

Uploaded files are untrusted, so `load_xml`:

- refuses more than MAX_BYTES before parsing anything;
- parses with defusedxml and refuses any DTD (`<!DOCTYPE`): no entity expansion (billion
  laughs), no external entity (`file:///etc/passwd`), no network access. Neither Moodle
  XML nor QTI 2.1 needs a DTD;
- counts the depth while parsing and stops at MAX_DEPTH, so that 10,000 nested elements
  end with a FormatError long before any recursion;
- records the source line of every element (expat's CurrentLineNumber when the start tag
  is read), for per-question error messages.

Every failure is a FormatError with a sentence a teacher can act on.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from amont.quizzes.formats import MAX_BYTES, MAX_DEPTH, FormatError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Characters XML 1.0 cannot carry, even escaped; writers drop them.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class UnsafeXmlError(FormatError):
    """A DTD, an entity or nesting beyond MAX_DEPTH: refused, never partly read."""


@dataclass
class XmlDocument:
    root: ET.Element
    lines: dict[ET.Element, int] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int:
        """1-based line of the element's start tag (0 if unknown)."""
        return self.lines.get(element, 0)


class _LineTreeBuilder:
    """A TreeBuilder that notes each element's line and refuses deep nesting."""

    def __init__(self) -> None:
        self._builder = ET.TreeBuilder()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[ET.Element, int] = {}
        self._depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise UnsafeXmlError(
                _("The file nests elements more than %(depth)d levels deep; it was refused.")
                % {"depth": MAX_DEPTH}
            )
        element = self._builder.start(tag, attrs)
        assert self.parser is not None
        self.lines[element] = self.parser.parser.CurrentLineNumber
        return element

    def end(self, tag: str) -> ET.Element:
        self._depth -= 1
        return self._builder.end(tag)

    def data(self, data: str) -> None:
        self._builder.data(data)

    def close(self) -> ET.Element:
        return self._builder.close()


def check_size(data: bytes | str) -> None:
    if len(data) > MAX_BYTES or (
        isinstance(data, str) and len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES
    ):
        raise FormatError(
            _("The file is larger than %(size)d MB; split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )


def load_xml(data: bytes | str) -> XmlDocument:
    """Parse untrusted XML (see the module docstring); FormatError on any problem."""
    if not isinstance(data, bytes | str):
        raise FormatError(_("The file could not be read."))
    check_size(data)
    if isinstance(data, bytes) and data.startswith(ZIP_MAGIC):
        raise FormatError(_("This is a ZIP archive, not an XML file."))
    if not (data.strip() if isinstance(data, str) else data.strip(b" \t\r\n\x00")):
        raise FormatError(_("The file is empty."))
    if not _looks_like_xml(data):
        raise FormatError(_("This is not an XML file: it does not start with “<”."))
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except UnsafeXmlError:
        raise
    except DTDForbidden as error:
        raise UnsafeXmlError(
            _(
                "The file declares a DTD (<!DOCTYPE …>). DTDs and entities are refused "
                "for safety; remove the DOCTYPE line and try again."
            )
        ) from error
    except DefusedXmlException as error:
        raise UnsafeXmlError(
            _("The file declares XML entities, which are refused for safety.")
        ) from error
    except ET.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = expat.ErrorString(error.code) if getattr(error, "code", None) else str(error)
        raise FormatError(
            _("This is not a valid XML file (line %(line)d, column %(column)d: %(reason)s).")
            % {"line": line, "column": column + 1, "reason": reason}
        ) from error
    except (ValueError, LookupError, UnicodeError) as error:
        raise FormatError(
            _("This is not a valid XML file (%(reason)s).") % {"reason": error}
        ) from error
    return XmlDocument(root=root, lines=builder.lines)


def _looks_like_xml(data: bytes | str) -> bool:
    """Cheap early answer for a spreadsheet, a PDF or a text file; UTF-16 and UTF-32
    files (with a byte order mark) are left to expat."""
    if isinstance(data, str):
        return data.lstrip("\ufeff \t\r\n").startswith("<")
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    return data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n").startswith(b"<")


# Helpers ------------------------------------------------------------------------------


def local_name(tag: object) -> str:
    """ "{namespace}name" → "name"; "" for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local_name(child.tag) == name]


def child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    for candidate in element:
        if local_name(candidate.tag) == name:
            return candidate
    return None


def descendants(element: ET.Element, name: str) -> list[ET.Element]:
    return [node for node in element.iter() if local_name(node.tag) == name]


def all_text(element: ET.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def xml_chars(text: str) -> str:
    """The text without the characters XML 1.0 cannot represent."""
    return _NOT_XML_CHARS.sub("", text)


def escape_text(text: str) -> str:
    """Element content; "\\r" as a reference, so that parsing gives it back."""
    return (
        xml_chars(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def escape_attr(text: str) -> str:
    """Attribute value in double quotes; whitespace as references, so that attribute
    normalisation does not turn newlines and tabs into spaces."""
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
