"""Writing texts as the XHTML subset QTI 2.1 allows in item bodies: elements it does
not allow are unwrapped (script, style and iframe dropped with their content),
attributes it does not allow dropped, entities turned into characters."""

from collections.abc import Callable
from html.parser import HTMLParser

from amont.quizzes.formats.qti.common import GAP_MARKER, VOID_ELEMENTS
from amont.quizzes.formats.xmlsafe import escape_attr, escape_text

# The XHTML subset QTI 2.1 allows in item bodies, and the attributes kept on each.
_XHTML_NAMES = """abbr acronym address blockquote br cite code dfn div em h1 h2 h3 h4 h5 h6
    kbd p pre q samp span strong var dl dt dd ol ul li object param b big hr i small sub sup
    tt caption col colgroup table tbody td tfoot th thead tr img a"""
_XHTML_ELEMENTS = frozenset(_XHTML_NAMES.split())
_XHTML_ATTRIBUTES = {
    "img": ("src", "alt", "longdesc", "height", "width"),
    "a": ("href", "type"),
    "object": ("data", "type", "width", "height"),
    "param": ("name", "value", "valuetype", "type"),
    "q": ("cite",),
    "blockquote": ("cite",),
    "col": ("span",),
    "colgroup": ("span",),
    "table": ("summary",),
    "td": ("headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"),
    "th": ("headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"),
}
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe"})


class _XhtmlWriter(HTMLParser):
    """HTML fragment → the XHTML subset QTI allows (see the module docstring); gap
    markers {{n}} in text become what `gap(n)` returns (None: kept as text)."""

    def __init__(self, gap: Callable[[int], str | None] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.gap = gap
        self.out: list[str] = []
        self.stack: list[str] = []
        self.pending: list[str] = []
        self.dropping = 0

    def flush(self) -> None:
        text = "".join(self.pending)
        self.pending = []
        if text:
            self.out.append(text_with_gaps(text, self.gap))

    def start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        self.flush()
        if tag in _DROPPED_WITH_CONTENT:
            if not closed:
                self.dropping += 1
            return
        if self.dropping or tag not in _XHTML_ELEMENTS:
            return
        allowed = _XHTML_ATTRIBUTES.get(tag, ())
        parts = []
        names = set()
        for name, value in attrs:
            if value is None or name in names:
                continue
            if name == "class" or name in allowed:
                parts.append(f' {name}="{escape_attr(value)}"')
            elif name == "lang":
                parts.append(f' xml:lang="{escape_attr(value)}"')
            else:
                continue
            names.add(name)
        if tag == "img" and "alt" not in names:
            parts.append(' alt=""')
        attributes = "".join(parts)
        if tag in VOID_ELEMENTS:
            self.out.append(f"<{tag}{attributes}/>")
        elif closed:
            self.out.append(f"<{tag}{attributes}></{tag}>")
        else:
            self.out.append(f"<{tag}{attributes}>")
            self.stack.append(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        self.flush()
        if tag in _DROPPED_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if tag in self.stack:
            while self.stack:
                name = self.stack.pop()
                self.out.append(f"</{name}>")
                if name == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.pending.append(data)

    def result(self) -> str:
        self.close()
        self.flush()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def text_with_gaps(text: str, gap: Callable[[int], str | None] | None) -> str:
    if gap is None:
        return escape_text(text)
    parts, position = [], 0
    for match in GAP_MARKER.finditer(text):
        replacement = gap(int(match.group(1)))
        if replacement is None:
            continue
        parts.append(escape_text(text[position : match.start()]))
        parts.append(replacement)
        position = match.end()
    parts.append(escape_text(text[position:]))
    return "".join(parts)


def xhtml(markup: str, gap: Callable[[int], str | None] | None = None) -> str:
    writer = _XhtmlWriter(gap)
    writer.feed(markup)
    return writer.result()
