"""Importing parsed questions into an organization's bank: all or nothing.

The parsers (`amont.quizzes.formats`) turn a file into neutral questions and per-question
errors; `import_problems` adds what `grading.check_question` finds in the questions that
did parse; `import_questions` writes them in one transaction, or refuses the whole file.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from amont.accounts.models import Organization
from amont.quizzes.actions import add_question_to_quiz, create_question
from amont.quizzes.bank import canonical_question
from amont.quizzes.formats import NeutralQuestion, ParseError, ParseResult
from amont.quizzes.grading import check_question
from amont.quizzes.models import Question, Quiz


class ImportRefused(Exception):
    """The file has errors: nothing was imported. `problems` holds them with their line."""

    def __init__(self, problems: list[ParseError]) -> None:
        super().__init__("; ".join(f"{p['line']}: {p['message']}" for p in problems[:5]))
        self.problems = problems


def question_problems(question: NeutralQuestion) -> list[ParseError]:
    """What prevents one parsed question from being imported, with its line."""
    line = question.get("line", 0) if isinstance(question, dict) else 0
    line = line if isinstance(line, int) else 0
    return [{"line": line, "message": message} for message in check_question(question)]


def import_problems(result: ParseResult) -> list[ParseError]:
    """Every reason to refuse the file: the parser's errors and the questions that
    cannot be shown or graded, sorted by line."""
    problems = [e for e in result.get("errors") or [] if not e.get("skipped")]
    for question in result.get("questions") or []:
        problems += question_problems(question)
    if not problems and not result.get("questions"):
        problems.append({"line": 0, "message": _("The file holds no question.")})
    return sorted(problems, key=lambda problem: problem.get("line") or 0)


@transaction.atomic
def import_questions(
    *,
    organization: Organization,
    result: ParseResult,
    objective=None,
    quiz: Quiz | None = None,
) -> list[Question]:
    """Write every question of a parse result into the organization's bank (and append
    them to `quiz` when given), in one transaction. Raises ImportRefused, having written
    nothing, when the file has any error or any question fails check_question."""
    problems = import_problems(result)
    if problems:
        raise ImportRefused(problems)
    if quiz is not None and quiz.organization_id != organization.pk:
        raise ValueError("The quiz belongs to another organization.")
    questions = []
    for neutral in result["questions"]:
        question = create_question(
            organization=organization, neutral=canonical_question(neutral), objective=objective
        )
        if quiz is not None:
            add_question_to_quiz(quiz=quiz, question=question)
        questions.append(question)
    return questions
