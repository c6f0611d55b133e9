"""What the QTI reader, writer and package code share: namespaces, markers, and the
small types both sides use."""

import re
from dataclasses import dataclass, field
from typing import Any

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
GENERAL_FEEDBACK = "GENERAL_FEEDBACK"
TEXT_FORMATS = ("markdown", "plain", "html")
GAP_MARKER = re.compile(r"\{\{([0-9]+)\}\}")
VOID_ELEMENTS = frozenset({"br", "hr", "img", "col", "param", "area", "wbr", "source", "input"})


class NotImported(Exception):
    """The item is left out; the message says why."""


@dataclass
class Metadata:
    category: str = ""
    tags: list[str] = field(default_factory=list)


def text_of(value: object) -> str:
    return value if isinstance(value, str) else ""


def list_of(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
