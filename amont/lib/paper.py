"""Texts for the printable PDF: Markdown, sanitised HTML or plain text as the small list
of blocks the Typst template draws (templates/learner/paper/session.typ), and the few
other blocks the kinds put together for their parts (notes, lines to write on, a QR code
of an address; a question on paper, made by quizzes/paper.py).

Blocks are headings, paragraphs made of runs with bold/italic/code/link, lists, code
blocks, quotes, tables and rules; images become their alternative text. They come from
markdown-it-py tokens (with the parser options of amont.lib.markdown: what prints is what
the pages show) or from the HTML the sanitiser keeps. Nothing a user typed is ever read as
Typst: the template shows every text as a string.
"""

import io
import re
from html.parser import HTMLParser
from typing import Any

import segno
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from amont.lib.markdown import sanitize_html

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
# Deeper lists and quotes are flattened into their parent: paper needs no more, and the
# template's recursion stays far from Typst's call-depth limit.
MAX_NESTING = 6
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_SPACES = re.compile(r"\s+")

Run = dict[str, Any]
Block = dict[str, Any]


def _add_text(runs: list[Run], text: str, style: dict[str, Any]) -> None:
    if not text:
        return
    style = {key: value for key, value in style.items() if value}
    last = runs[-1] if runs else {}
    if "text" in last and {k: v for k, v in last.items() if k != "text"} == style:
        last["text"] += text
    else:
        runs.append({"text": text, **style})


def _safe_link(href: str | None) -> str | None:
    href = (href or "").strip()
    return href if href.lower().startswith(_LINK_SCHEMES) else None


def _end_link(runs: list[Run], start: int, href: str) -> None:
    """The address of a link goes in a footnote after its last run, unless it is shown."""
    shown = "".join(run.get("text", "") for run in runs[start:])
    if runs[start:] and shown.strip() != href and shown.strip() != href.removeprefix("mailto:"):
        runs[-1]["note"] = href


def _inline_runs(node: SyntaxTreeNode, style: dict[str, Any], runs: list[Run]) -> None:
    for child in node.children:
        kind = child.type
        if kind == "text":
            _add_text(runs, child.content, style)
        elif kind == "softbreak":
            _add_text(runs, " ", style)
        elif kind == "hardbreak":
            runs.append({"br": True})
        elif kind == "code_inline":
            _add_text(runs, child.content, {**style, "code": True})
        elif kind in ("strong", "em", "s"):
            flag = {"strong": "b", "em": "i", "s": "s"}[kind]
            _inline_runs(child, {**style, flag: True}, runs)
        elif kind == "link":
            href = _safe_link(str(child.attrs.get("href", "")))
            start = len(runs)
            _inline_runs(child, {**style, "link": href} if href else style, runs)
            if href:
                _end_link(runs, start, href)
        elif kind == "image":
            _image_text(runs, child.content, style)
        elif child.children:
            _inline_runs(child, style, runs)
        else:
            _add_text(runs, child.content, style)


def _image_text(runs: list[Run], alt: str, style: dict[str, Any]) -> None:
    alt = alt.strip() or _("image")
    _add_text(runs, _("[Image not included: %(alt)s]") % {"alt": alt}, {**style, "i": True})


def _runs(node: SyntaxTreeNode) -> list[Run]:
    runs: list[Run] = []
    for child in node.children:  # the "inline" node of a paragraph, heading or cell
        _inline_runs(child, {}, runs)
    return runs


def _tree_blocks(nodes: list[SyntaxTreeNode], depth: int = 0) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            blocks.append({"t": "p", "runs": _runs(node)})
        elif kind == "heading":
            blocks.append({"t": "h", "level": int(node.tag[1:]), "runs": _runs(node)})
        elif kind in ("bullet_list", "ordered_list") and depth >= MAX_NESTING:
            for item in node.children:
                blocks.extend(_tree_blocks(item.children, depth))
        elif kind in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            blocks.append(
                {
                    "t": "list",
                    "ordered": kind == "ordered_list",
                    "start": start,
                    "items": [_tree_blocks(item.children, depth + 1) for item in node.children],
                }
            )
        elif kind in ("fence", "code_block"):
            blocks.append({"t": "code", "text": node.content.rstrip("\n")})
        elif kind == "blockquote" and depth >= MAX_NESTING:
            blocks.extend(_tree_blocks(node.children, depth))
        elif kind == "blockquote":
            blocks.append({"t": "quote", "blocks": _tree_blocks(node.children, depth + 1)})
        elif kind == "hr":
            blocks.append({"t": "hr"})
        elif kind == "table":
            rows = [
                [_runs(cell) for cell in row.children]
                for section in node.children
                for row in section.children
            ]
            blocks.append(_table(rows, header=node.children[0].type == "thead"))
        elif node.children:
            blocks.extend(_tree_blocks(node.children, depth))
    return blocks


def _table(rows: list[list[list[Run]]], *, header: bool) -> Block:
    columns = max((len(row) for row in rows), default=1) or 1
    rows = [row + [[]] * (columns - len(row)) for row in rows if row]
    return {"t": "table", "columns": columns, "header": header and len(rows) > 1, "rows": rows}


def markdown_blocks(text: str) -> list[Block]:
    """Markdown as the blocks the paper template draws; its text is never markup."""
    return _tree_blocks(SyntaxTreeNode(_md.parse(text or "")).children)


class _HTMLBlocks(HTMLParser):
    """Sanitised HTML (the tags Markdown makes, see amont.lib.markdown) to blocks."""

    _BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"}
    _NESTING = ("ul", "ol", "li", "blockquote")
    _STYLE = {"strong": "b", "b": "b", "em": "i", "i": "i", "code": "code", "s": "s", "del": "s"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.containers: list[list[Block]] = [self.blocks]
        self.lists: list[Block] = []
        self.runs: list[Run] | None = None
        self.styles: list[str] = []
        self.links: list[tuple[str | None, int]] = []
        self.pre: list[str] | None = None
        self.table: Block | None = None
        self.depth = 0
        self.tables = 0
        self.opened: list[tuple[str, str | None]] = []  # (tag, what it pushed)

    @property
    def style(self) -> dict[str, Any]:
        style: dict[str, Any] = {flag: True for flag in self.styles}
        href = next((href for href, _start in reversed(self.links) if href), None)
        if href:
            style["link"] = href
        return style

    def _paragraph(self) -> list[Run]:
        if self.runs is None:
            self.runs = []
            if self.table is not None:
                if not self.table["rows"]:
                    self.table["rows"].append([])
                self.table["rows"][-1].append(self.runs)
            else:
                self.containers[-1].append({"t": "p", "runs": self.runs})
        return self.runs

    def _close_paragraph(self) -> None:
        self.runs = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in self._STYLE:
            self.styles.append(self._STYLE[tag])
        elif tag == "a":
            self.links.append((_safe_link(attributes.get("href")), len(self.runs or [])))
        elif tag == "br":
            self._paragraph().append({"br": True})
        elif tag == "img":
            _image_text(self._paragraph(), attributes.get("alt") or "", self.style)
        elif tag == "pre":
            self._close_paragraph()
            self.pre = []
        elif tag in self._NESTING:
            self._open(tag, attributes)
        elif tag == "table":
            # A table inside a table: its cells go to the outer one.
            self.tables += 1
            if self.table is None:
                self._close_paragraph()
                self.table = {"t": "table", "rows": [], "header": False}
        elif tag == "tr" and self.table is not None:
            self.table["rows"].append([])
        elif tag == "th" and self.table is not None:
            self.table["header"] = len(self.table["rows"]) == 1
            self._close_paragraph()
        elif tag == "hr":
            self._close_paragraph()
            self.containers[-1].append({"t": "hr"})
        elif tag in self._BLOCK_TAGS:
            self._close_paragraph()
            if tag[0] == "h" and tag[1:].isdigit() and self.table is None:
                self.runs = []
                self.containers[-1].append({"t": "h", "level": int(tag[1:]), "runs": self.runs})

    def _open(self, tag: str, attributes: dict[str, str | None]) -> None:
        """Start a list, list item or quote; remember what was pushed, so that its end tag
        undoes exactly that (a list too deep or an item outside a list pushes nothing)."""
        self._close_paragraph()
        pushed = None
        if tag in ("ul", "ol") and self.depth < MAX_NESTING:
            start = attributes.get("start") or "1"
            block: Block = {
                "t": "list",
                "ordered": tag == "ol",
                "start": int(start) if start.isdigit() else 1,
                "items": [],
            }
            self.containers[-1].append(block)
            self.lists.append(block)
            self.depth += 1
            pushed = "list"
        elif tag == "li" and self.lists:
            item: list[Block] = []
            self.lists[-1]["items"].append(item)
            self.containers.append(item)
            pushed = "container"
        elif tag == "blockquote" and self.depth < MAX_NESTING:
            block = {"t": "quote", "blocks": []}
            self.containers[-1].append(block)
            self.containers.append(block["blocks"])
            self.depth += 1
            pushed = "quote"
        self.opened.append((tag, pushed))

    def _close(self, tag: str) -> None:
        if not self.opened or self.opened[-1][0] != tag:
            return  # an end tag without its start: nothing to undo
        self._close_paragraph()
        _tag, pushed = self.opened.pop()
        if pushed == "list":
            self.lists.pop()
            self.depth -= 1
        elif pushed == "container":
            self.containers.pop()
        elif pushed == "quote":
            self.containers.pop()
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._STYLE and self._STYLE[tag] in self.styles:
            self.styles.reverse()
            self.styles.remove(self._STYLE[tag])
            self.styles.reverse()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            if href and self.runs is not None:
                _end_link(self.runs, start, href)
        elif tag == "pre" and self.pre is not None:
            self.containers[-1].append({"t": "code", "text": "".join(self.pre).strip("\n")})
            self.pre = None
        elif tag in self._NESTING:
            self._close(tag)
        elif tag == "table" and self.tables:
            self.tables -= 1
            if self.tables == 0 and self.table is not None:
                self._close_paragraph()
                table, self.table = self.table, None
                self.containers[-1].append(_table(table["rows"], header=table["header"]))
        elif tag in self._BLOCK_TAGS:
            self._close_paragraph()

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            self.pre.append(data)
            return
        text = _SPACES.sub(" ", data)
        if self.runs is None and not text.strip():
            return
        if self.runs is None:
            text = text.lstrip()
        _add_text(self._paragraph(), text, self.style)


def html_blocks(html: str) -> list[Block]:
    """HTML (sanitised first) as blocks; anything but the Markdown tags is dropped."""
    parser = _HTMLBlocks()
    parser.feed(str(sanitize_html(html)))
    parser.close()
    return parser.blocks


def text_blocks(text: str, text_format: str = "markdown") -> list[Block]:
    """A text in its format (a question's `text_format`) as blocks."""
    if text_format == "html":
        return html_blocks(text)
    if text_format == "plain":
        paragraphs = re.split(r"\n\s*\n", (text or "").strip())
        blocks = []
        for paragraph in paragraphs:
            runs: list[Run] = []
            for index, line in enumerate(paragraph.splitlines()):
                if index:
                    runs.append({"br": True})
                _add_text(runs, line, {})
            if runs:
                blocks.append({"t": "p", "runs": runs})
        return blocks
    return markdown_blocks(text)


def qr_svg(url: str) -> str:
    """A QR code of the address, as SVG, for a reader to scan from the page."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return buffer.getvalue().decode("ascii")


# Blocks the kinds put together (their texts are strings, never markup). A heading here
# sits under the activity's own, like those of the texts.


def paragraph(text: str) -> Block:
    return {"t": "p", "runs": [{"text": text}]}


def heading(text: str) -> Block:
    return {"t": "h", "level": 1, "runs": [{"text": text}]}


def note(text: str) -> Block:
    """A short remark in small grey type."""
    return {"t": "note", "text": text}


def write_lines(count: int) -> Block:
    """Ruled lines to write an answer on."""
    return {"t": "lines", "count": count}


def qr_link(text: str, url: str) -> Block:
    """A QR code of the address, beside the text and the address itself."""
    return {"t": "qr", "svg": qr_svg(url), "text": text, "url": url}
