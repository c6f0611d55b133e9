"""Quizzes and the "what was unclear?" prompt away from the screen: their pages in the
offline pack (learner.offline) and, below, their parts of the printable PDF
(learner.paper). The quizzes' kinds (quizzes/kinds.py) call these.

Quizzes are printed "on paper": questions and options with empty boxes or space to write,
never the correct answers nor any feedback. Matching answers and ordering items are
shuffled (with a seed fixed by the question) so their stored order gives nothing away.
Answers still go through the online quiz page. `paper_question` is what both the pack
and the PDF show of a question; each question type fills its part (`on_paper`,
`pack_text`, `paper_blocks`, `paper_note`, its `pack_template` in amont/quizzes/types).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from amont.courses.models import Activity
from amont.lib.markdown import render_text
from amont.lib.offline import offline_html
from amont.lib.paper import Block, note, paragraph, text_blocks, write_lines
from amont.quizzes.actions import quiz_versions
from amont.quizzes.models import QuestionVersion, Quiz
from amont.quizzes.types import question_type

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
    question_type(version.type).on_paper(version, question)
    return question


def _paper_questions(quiz: Quiz) -> list[dict[str, Any]]:
    versions = quiz_versions(quiz)
    return [paper_question(version, number) for number, version in enumerate(versions, 1)]


# Offline pack ------------------------------------------------------------------------


def _question_html(question: dict[str, Any]) -> SafeString:
    html = offline_html(render_text(question["text"], question["text_format"]))
    return question_type(question["type"]).pack_text(html)


def quiz_pack_page(activity: Activity, quiz: Quiz, context: dict[str, Any]) -> str:
    questions = [
        {
            **question,
            "text": _question_html(question),
            "template": question_type(question["type"]).pack_template,
        }
        for question in _paper_questions(quiz)
    ]
    return render_to_string("quizzes/pack/quiz.html", {**context, "questions": questions})


def unclear_pack_page(activity: Activity, context: dict[str, Any]) -> str:
    return render_to_string("quizzes/pack/unclear.html", context)


# Paper ---------------------------------------------------------------------------------


def _question_block(question: dict[str, Any]) -> Block:
    kind = question_type(question["type"])
    blocks = kind.paper_blocks(text_blocks(question["text"], question["text_format"]))
    title = _("Question %(number)s") % {"number": question["number"]}
    if question["title"]:
        title = f"{title} — {question['title']}"
    return {
        "t": "question",
        "heading": title,
        "blocks": blocks,
        "note": str(kind.paper_note),
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
