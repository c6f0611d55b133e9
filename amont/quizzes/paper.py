"""Quizzes and the "what was unclear?" prompt away from the screen: their pages in the
offline pack (learner.offline) and, below, their parts of the printable PDF
(learner.paper). The quizzes' kinds (quizzes/kinds.py) call these.

Quizzes are printed "on paper": questions and options with empty boxes or space to write,
never the correct answers nor any feedback. Matching answers and ordering items are
shuffled (with a seed fixed by the question) so their stored order gives nothing away.
Answers still go through the online quiz page. `paper_question` is what both the pack
and the PDF show of a question.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from amont.courses.models import Activity
from amont.lib.markdown import render_text
from amont.lib.offline import offline_html
from amont.lib.paper import Block, Run, note, paragraph, text_blocks, write_lines
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER, gaps, items, lefts, rights, shuffled
from amont.quizzes.models import CHOICE_TYPES, QuestionVersion, Quiz

# The shuffle seed of matching and ordering questions on paper.
_PAPER_SEED = "paper"
# Lines to write on below the "what was unclear?" prompt.
UNCLEAR_LINES = 10


def paper_question(version: QuestionVersion, number: int) -> dict[str, Any]:
    """What a question shows on paper; never its answers nor its feedback. `text` stays in
    the question's format (`text_format`): the pack makes HTML of it, the PDF blocks."""
    question: dict[str, Any] = {
        "number": number,
        "type": version.type,
        "title": version.title,
        "text": version.text,
        "text_format": version.text_format,
        "options": [],
        "lefts": [],
        "rights": [],
        "items": [],
        "gap_choices": [],
        "lines": 0,
    }
    if version.type == "true_false":
        question["options"] = [_("True"), _("False")]
    elif version.type in CHOICE_TYPES:
        question["options"] = [str(option.get("text", "")) for option in version.options]
    elif version.type == "matching":
        texts = rights(version)
        question["lefts"] = [left for _index, left in lefts(version)]
        question["rights"] = [texts[i] for i in shuffled(len(texts), _PAPER_SEED, version)]
    elif version.type == "ordering":
        texts = items(version)
        question["items"] = [texts[i] for i in shuffled(len(texts), _PAPER_SEED, version)]
    elif version.type == "cloze":
        for index, gap in enumerate(gaps(version), start=1):
            if gap.get("kind") == "choice":
                answers = [a for a in gap.get("answers") or [] if isinstance(a, dict)]
                texts = [str(answer.get("text", "")) for answer in answers]
                # Shuffled too: authors often type the right answer first.
                order = shuffled(len(texts), f"{_PAPER_SEED}:{index}", version)
                question["gap_choices"].append(
                    {"number": index, "options": [texts[i] for i in order]}
                )
    else:  # short answer, numeric, open text
        question["lines"] = 6 if version.type == "open_text" else 1
    return question


def _paper_questions(quiz: Quiz) -> list[dict[str, Any]]:
    versions = quiz_versions(quiz)
    return [paper_question(version, number) for number, version in enumerate(versions, 1)]


# Offline pack ------------------------------------------------------------------------


def _question_html(question: dict[str, Any]) -> SafeString:
    html = offline_html(render_text(question["text"], question["text_format"]))
    if question["type"] == "cloze":
        return _cloze_on_paper(html)
    return html


def _cloze_on_paper(html: str) -> SafeString:
    """Each {{n}} marker becomes a numbered blank to fill in by hand."""
    return mark_safe(
        GAP_MARKER.sub(
            lambda match: f'<span class="gap">({int(match[1])})&nbsp;______________</span>',
            str(html),
        )
    )


def quiz_pack_page(activity: Activity, quiz: Quiz, context: dict[str, Any]) -> str:
    questions = [
        {**question, "text": _question_html(question)} for question in _paper_questions(quiz)
    ]
    return render_to_string("quizzes/pack/quiz.html", {**context, "questions": questions})


def unclear_pack_page(activity: Activity, context: dict[str, Any]) -> str:
    return render_to_string("quizzes/pack/unclear.html", context)


# Paper ---------------------------------------------------------------------------------


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


def _question_block(question: dict[str, Any]) -> Block:
    blocks = text_blocks(question["text"], question["text_format"])
    if question["type"] == "cloze":
        blocks = _cloze_blocks(blocks)
    title = _("Question %(number)s") % {"number": question["number"]}
    if question["title"]:
        title = f"{title} — {question['title']}"
    notes = {
        "multiple_choice": _("Several answers may be right: tick all of them."),
        "matching": _("Write next to each item the number of its match."),
        "ordering": _("Put the items in order: give each one its position, 1 first."),
    }
    return {
        "t": "question",
        "heading": title,
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
        "answer_label": _("Your answer"),
    }


def quiz_paper_block(activity: Activity, quiz: Quiz) -> dict[str, Any]:
    """The quiz on paper. Also counts its questions on the activity (`question_count`,
    as the plans annotate it), which the kind's minutes() reads."""
    questions = _paper_questions(quiz)
    activity.question_count = len(questions)  # type: ignore[attr-defined]
    blocks = [note(_("On paper, to prepare: do the quiz on Amont to send your answers."))]
    if not questions:
        blocks.append(paragraph(_("This quiz has no questions yet.")))
    blocks += [_question_block(question) for question in questions]
    return {"blocks": blocks}


def unclear_paper_block() -> dict[str, Any]:
    return {
        "blocks": [
            paragraph(_("What was unclear? What questions do you have?")),
            note(
                _(
                    "Note them here while you prepare, then send them on Amont: your trainer"
                    " reads everyone's questions before class."
                )
            ),
            write_lines(UNCLEAR_LINES),
        ]
    }
