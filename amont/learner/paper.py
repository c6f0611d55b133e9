"""The printable version of a session: one PDF of what to prepare before class, for
learners who read on paper and trainers who hand it out.

Contents: a title page (course, cohort, session, date, objectives, the preparation time
and the contents with page numbers), the summary sheets first, then each before-class
activity in order: its heading, facts and instructions, then its kind's part
(`ActivityKind.paper_block`, in the kind's app: articles and resources in
content/paper.py, quizzes on paper and the "what was unclear?" prompt in
quizzes/paper.py). A part is a list of blocks, and may bring a sheet printed at the start
(a summary sheet) that its activity points to. A kind without a part (a live vote) is
listed as to do online.

Typesetting is done by Typst (the `typst` package, fonts embedded in it: no system font
and no download). Nothing a user typed is ever read as Typst: the template
(`templates/learner/paper/session.typ`) receives the whole content as JSON in
`sys.inputs` and shows each text as a string. Texts (Markdown, and the HTML of imported
questions) become the small list of blocks the template draws in `amont.lib.paper`.
"""

import json
from pathlib import Path
from typing import Any

import typst
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amont.accounts.models import User
from amont.courses.kinds import target_columns
from amont.courses.models import Activity, Phase, Session
from amont.learner.offline import activity_online_url
from amont.learner.plan import estimated_minutes
from amont.lib.paper import markdown_blocks

TEMPLATE = Path(settings.BASE_DIR) / "templates" / "learner" / "paper" / "session.typ"
_SLUG_MAX = 50
_DATE = "l j F Y, H:i"
_DUE = "l j F, H:i"


def paper_filename(session: Session) -> str:
    slug = slugify(session.title)[:_SLUG_MAX].strip("-") or str(session.pk)
    return f"amont-{slug}.pdf"


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


def session_paper_data(session: Session, learner: User | None = None) -> dict:
    """Everything the paper template shows, in the active language, as plain data."""
    activities = list(session.phase_items(Phase.BEFORE).select_related(*target_columns()))
    sheets: list[dict[str, Any]] = []
    entries = []
    total = 0
    for number, activity in enumerate(activities, start=1):
        activity.session = session
        kind = activity.activity_kind
        # Drawn first: a quiz's part counts its questions, which its minutes need.
        part = kind.paper_block(activity, {"online_url": activity_online_url(activity)})
        minutes = estimated_minutes(activity)
        if kind.is_preparation:
            total += minutes
        entry: dict[str, Any] = {
            "heading": f"{number}. {activity.title}",
            "meta": _meta(activity, minutes),
            "instructions": markdown_blocks(activity.instructions),
        }
        if part is not None:
            entry["blocks"] = part["blocks"]
            if "sheet" in part:
                entry["sheet"] = f"sheet-{len(sheets) + 1}"
                sheets.append({"id": entry["sheet"], **part["sheet"]})
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
            "online_only": _("To do online, on Amont."),
        },
    }


def render_paper(data: dict) -> bytes:
    """The PDF of paper data: the template reads it as JSON, never as markup."""
    return typst.compile(
        TEMPLATE,
        root=TEMPLATE.parent,
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        ignore_system_fonts=True,
    )


def build_session_pdf(session: Session, learner: User | None = None) -> bytes:
    """The printable PDF of the session's before-class activities, in the active language;
    with `learner`, their name on the title page."""
    return render_paper(session_paper_data(session, learner))
