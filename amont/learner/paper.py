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
`sys.inputs` and shows each text as a string. Texts (Markdown, and the HTML of imported
questions) become the small list of blocks the template draws in `amont.lib.paper`.
"""

import json
from pathlib import Path

import typst
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amont.accounts.models import User
from amont.content.models import Resource, ResourceType
from amont.courses.models import Activity, Kind, Phase, Session
from amont.learner.offline import activity_online_url
from amont.learner.plan import estimated_minutes
from amont.lib.paper import Block, Run, markdown_blocks, qr_svg, text_blocks
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER
from amont.quizzes.paper import paper_question

TEMPLATE = Path(settings.BASE_DIR) / "templates" / "learner" / "paper" / "session.typ"
_SLUG_MAX = 50
# Lines to write on, per kind of answer.
UNCLEAR_LINES = 10
_DATE = "l j F Y, H:i"
_DUE = "l j F, H:i"


def paper_filename(session: Session) -> str:
    slug = slugify(session.title)[:_SLUG_MAX].strip("-") or str(session.pk)
    return f"amont-{slug}.pdf"


# Quizzes ---------------------------------------------------------------------------------


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
        "qr": qr_svg(url),
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
