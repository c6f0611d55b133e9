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
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER, gaps, items, lefts, rights, shuffled
from amont.quizzes.models import CHOICE_TYPES, QuestionVersion, Quiz

# The shuffle seed of matching and ordering questions on paper.
_PAPER_SEED = "paper"


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
