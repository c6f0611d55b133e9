"""The printable version of a session: one PDF of what to prepare before class, for
learners who read on paper and trainers who hand it out.

Contents: a title page (course, cohort, session, date, objectives, the preparation time
and the contents with page numbers), the summary sheets (`Article.is_sheet`) first, then
each before-class activity in order: articles, resources (description, the transcript
made from the captions, a QR code and the address of the activity page to watch or open
it online), quizzes on paper (questions and choices, never answers nor feedback: the same
`paper_question` as the offline pack) and the "what was unclear?" prompt with lines to
write on.

Typesetting is done by Typst (the `typst` package, fonts embedded in it: no system font
and no download). Nothing a user typed is ever read as Typst: the template
(`templates/learner/paper/session.typ`) receives the whole content as JSON in
`sys.inputs` and shows each text as a string. Markdown is turned into a small list of
blocks here (headings, paragraphs made of runs with bold/italic/code/link, lists, code
blocks, quotes, tables; images become their alternative text), from markdown-it-py
tokens; question texts in HTML (imported questions) go through the same blocks after the
sanitiser.
"""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import segno
import typst
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from amont.accounts.models import User
from amont.content.models import Resource, ResourceType
from amont.courses.models import Activity, Kind, Phase, Session
from amont.learner.offline import (
    activity_online_url,
    paper_question,
)
from amont.learner.plan import estimated_minutes
from amont.lib.markdown import sanitize_html
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER

TEMPLATE = Path(settings.BASE_DIR) / "templates" / "learner" / "paper" / "session.typ"
# The parser options of amont.lib.markdown: what prints is what the pages show.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
# Deeper lists and quotes are flattened into their parent: paper needs no more, and the
# template's recursion stays far from Typst's call-depth limit.
MAX_NESTING = 6
_LINK_SCHEMES = ("http://", "https://", "mailto:")
_SPACES = re.compile(r"\s+")
_SLUG_MAX = 50
# Lines to write on, per kind of answer.
UNCLEAR_LINES = 10
_DATE = "l j F Y, H:i"
_DUE = "l j F, H:i"

Run = dict
Block = dict


def paper_filename(session: Session) -> str:
    slug = slugify(session.title)[:_SLUG_MAX].strip("-") or str(session.pk)
    return f"amont-{slug}.pdf"


# Text to blocks --------------------------------------------------------------------------


def _add_text(runs: list[Run], text: str, style: dict) -> None:
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


def _inline_runs(node: SyntaxTreeNode, style: dict, runs: list[Run]) -> None:
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


def _image_text(runs: list[Run], alt: str, style: dict) -> None:
    alt = alt.strip() or _("image")
    _add_text(runs, _("[Image not included: %(alt)s]") % {"alt": alt}, {**style, "i": True})


def _runs(node: SyntaxTreeNode) -> list[Run]:
    runs: list[Run] = []
    for child in node.children:  # the "inline" node of a paragraph, heading or cell
        _inline_runs(child, {}, runs)
    return runs


def _tree_blocks(nodes, depth: int = 0) -> list[Block]:
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

    def __init__(self):
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
    def style(self) -> dict:
        style: dict = {flag: True for flag in self.styles}
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

    def handle_starttag(self, tag, attrs):
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

    def _open(self, tag: str, attributes: dict) -> None:
        """Start a list, list item or quote; remember what was pushed, so that its end tag
        undoes exactly that (a list too deep or an item outside a list pushes nothing)."""
        self._close_paragraph()
        pushed = None
        if tag in ("ul", "ol") and self.depth < MAX_NESTING:
            start = attributes.get("start") or "1"
            block = {
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

    def handle_endtag(self, tag):
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

    def handle_data(self, data):
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


def _cloze_blocks(blocks: list[Block]) -> list[Block]:
    """Each {{n}} gap marker of a cloze text becomes a numbered blank to fill in."""

    def runs_with_gaps(runs: list[Run]) -> list[Run]:
        out: list[Run] = []
        for run in runs:
            if "text" not in run or run.get("code"):
                out.append(run)
                continue
            pieces = GAP_MARKER.split(run["text"])
            for index, piece in enumerate(pieces):
                if index % 2:
                    out.append({"gap": int(piece)})
                elif piece:
                    out.append({**run, "text": piece})
        return out

    def walk(block: Block) -> Block:
        block = dict(block)
        if "runs" in block:
            block["runs"] = runs_with_gaps(block["runs"])
        if "blocks" in block:
            block["blocks"] = [walk(b) for b in block["blocks"]]
        if "items" in block:
            block["items"] = [[walk(b) for b in item] for item in block["items"]]
        if "rows" in block:
            block["rows"] = [[runs_with_gaps(cell) for cell in row] for row in block["rows"]]
        return block

    return [walk(block) for block in blocks]


# The document ----------------------------------------------------------------------------


def _qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
    return buffer.getvalue().decode("ascii")


def _date(value, pattern: str) -> str:
    return formats.date_format(timezone.localtime(value), pattern)


def _meta(activity: Activity, minutes: int) -> str:
    parts = [str(activity.kind_label)]
    if minutes:
        parts.append(ngettext("%(minutes)s min", "%(minutes)s min", minutes) % {"minutes": minutes})
    if activity.effective_due_at:
        parts.append(_("by %(due)s") % {"due": _date(activity.effective_due_at, _DUE)})
    if activity.required:
        parts.append(_("required"))
    return " · ".join(parts)


def _resource_data(activity: Activity) -> dict:
    resource: Resource = activity.resource
    url = activity_online_url(activity)
    if resource.type == ResourceType.DOCUMENT:
        online = _("Open the document online:")
    elif resource.type == ResourceType.AUDIO:
        online = _("Listen online:")
    else:
        online = _("Watch online:")
    transcript = resource.transcript_paragraphs()
    return {
        "resource_title": resource.title if resource.title != activity.title else "",
        "description": markdown_blocks(resource.description),
        "online": online,
        "url": url,
        "qr": _qr_svg(url),
        "file_name": resource.original_name if resource.type == ResourceType.DOCUMENT else "",
        "transcript": [{"t": "p", "runs": [{"text": text}]} for text in transcript],
    }


def _question_data(question: dict) -> dict:
    blocks = text_blocks(question["text"], question["text_format"])
    if question["type"] == "cloze":
        blocks = _cloze_blocks(blocks)
    heading = _("Question %(number)s") % {"number": question["number"]}
    if question["title"]:
        heading = f"{heading} — {question['title']}"
    notes = {
        "multiple_choice": _("Several answers may be right: tick all of them."),
        "matching": _("Write next to each item the number of its match."),
        "ordering": _("Put the items in order: give each one its position, 1 first."),
    }
    return {
        "heading": heading,
        "blocks": blocks,
        "note": notes.get(question["type"], ""),
        "options": question["options"],
        "lefts": question["lefts"],
        "rights": question["rights"],
        "items": question["items"],
        "gap_choices": [
            {
                "label": _("Gap %(number)s: choose one.") % {"number": gap["number"]},
                "options": gap["options"],
            }
            for gap in question["gap_choices"]
        ],
        "lines": question["lines"],
    }


def session_paper_data(session: Session, learner: User | None = None) -> dict:
    """Everything the paper template shows, in the active language, as plain data."""
    activities = list(
        session.phase_items(Phase.BEFORE).select_related("article", "resource", "quiz")
    )
    versions = {
        activity.pk: quiz_versions(activity.quiz)
        for activity in activities
        if activity.kind == Kind.QUIZ
    }
    question_counts = {pk: len(found) for pk, found in versions.items()}
    sheets = []
    entries = []
    total = 0
    for number, activity in enumerate(activities, start=1):
        activity.session = session
        activity.question_count = question_counts.get(activity.pk, 0)
        minutes = estimated_minutes(activity)
        if activity.kind != Kind.LIVE_VOTE:
            total += minutes
        entry = {
            "kind": str(activity.kind),
            "heading": f"{number}. {activity.title}",
            "meta": _meta(activity, minutes),
            "instructions": markdown_blocks(activity.instructions),
        }
        if activity.kind == Kind.ARTICLE:
            article = activity.article
            entry["article_title"] = article.title if article.title != activity.title else ""
            if article.is_sheet:
                sheet_id = f"sheet-{len(sheets) + 1}"
                sheets.append(
                    {
                        "id": sheet_id,
                        "heading": _("Summary sheet: %(title)s") % {"title": article.title},
                        "blocks": markdown_blocks(article.body),
                    }
                )
                entry["sheet"] = sheet_id
            else:
                entry["blocks"] = markdown_blocks(article.body)
        elif activity.kind == Kind.RESOURCE:
            entry.update(_resource_data(activity))
        elif activity.kind == Kind.QUIZ:
            entry["questions"] = [
                _question_data(paper_question(version, index))
                for index, version in enumerate(versions[activity.pk], start=1)
            ]
        elif activity.kind == Kind.UNCLEAR:
            entry["lines"] = UNCLEAR_LINES
        entries.append(entry)
    course = session.cohort.course
    return {
        "lang": (translation.get_language() or "fr").split("-")[0],
        "course": course.title,
        "cohort": session.cohort.name,
        "session": session.title,
        "date": _date(session.starts_at, _DATE),
        "learner": (_("Learner: %(name)s") % {"name": learner.display_name} if learner else ""),
        "objectives": [str(objective) for objective in session.objectives.all()],
        "preparation": (
            capfirst(
                ngettext(
                    "about %(minutes)s minute of preparation",
                    "about %(minutes)s minutes of preparation",
                    total,
                )
                % {"minutes": total}
            )
            if total
            else ""
        ),
        "made_on": _("Printed version made on %(date)s.")
        % {"date": _date(timezone.now(), "j F Y, H:i")},
        "sheets": sheets,
        "activities": entries,
        "labels": {
            "objectives": _("Objectives"),
            "contents": _("Contents"),
            "nothing": _("Nothing to prepare for this session."),
            "sheet_printed": _("This summary sheet is printed at the start, on page"),
            "on_paper": _("On paper, to prepare: do the quiz on Amont to send your answers."),
            "no_questions": _("This quiz has no questions yet."),
            "your_answer": _("Your answer"),
            "transcript": _("Transcript"),
            "document": _("Document:"),
            "unclear": _("What was unclear? What questions do you have?"),
            "unclear_note": _(
                "Note them here while you prepare, then send them on Amont: your trainer"
                " reads everyone's questions before class."
            ),
            "online_only": _("To do online, on Amont."),
        },
    }


def render_paper(data: dict) -> bytes:
    """The PDF of paper data: the template reads it as JSON, never as markup."""
    return typst.compile(
        TEMPLATE.read_bytes(),
        root=str(TEMPLATE.parent),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )


def build_session_pdf(session: Session, learner: User | None = None) -> bytes:
    """The printable PDF of the session's before-class activities, in the active language;
    with `learner`, their name on the title page."""
    return render_paper(session_paper_data(session, learner))
