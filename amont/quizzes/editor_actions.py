"""Writes of the trainer's question editor and quiz editor (the bank's import is in
`imports.py`; the question and quiz primitives in `actions.py`)."""

from django.db import transaction

from amont.accounts.models import Organization
from amont.quizzes.actions import add_question_to_quiz, create_question, edit_question
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import Question, QuestionVersion, Quiz, QuizItem

QUIZ_SETTINGS = ("purpose", "max_attempts", "feedback_timing", "time_limit_minutes", "one_per_page")


@transaction.atomic
def write_question(
    *,
    organization: Organization,
    neutral: NeutralQuestion,
    objective=None,
    difficulty: int | None = None,
    quiz: Quiz | None = None,
) -> Question:
    """A new bank question of any type, appended to `quiz` when given."""
    question = create_question(
        organization=organization, neutral=neutral, objective=objective, difficulty=difficulty
    )
    if quiz is not None:
        add_question_to_quiz(quiz=quiz, question=question)
    return question


@transaction.atomic
def revise_question(
    *,
    question: Question,
    neutral: NeutralQuestion,
    objective=None,
    difficulty: int | None = None,
) -> QuestionVersion:
    """A new version of the question (answers keep the version they were given for);
    its objective and difficulty belong to the question, not to a version."""
    version = edit_question(question=question, neutral=neutral)
    if (question.objective_id, question.difficulty) != (
        objective.pk if objective else None,
        difficulty,
    ):
        question.objective = objective
        question.difficulty = difficulty
        question.save(update_fields=["objective", "difficulty"])
    return version


@transaction.atomic
def move_quiz_question(*, quiz: Quiz, question: Question, offset: int) -> bool:
    """Move a question up (offset -1) or down (+1) in its quiz; positions are renumbered
    0, 1, 2… on the way. False when it is already first or last."""
    items = list(QuizItem.objects.select_for_update().filter(quiz=quiz).order_by("position", "pk"))
    index = next((i for i, item in enumerate(items) if item.question_id == question.pk), None)
    if index is None or not 0 <= index + offset < len(items):
        return False
    items[index], items[index + offset] = items[index + offset], items[index]
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return True


def update_quiz_settings(*, quiz: Quiz, **settings) -> Quiz:
    """purpose, max_attempts, feedback_timing, time_limit_minutes, one_per_page."""
    unknown = set(settings) - set(QUIZ_SETTINGS)
    if unknown:
        raise TypeError(f"Not a quiz setting: {', '.join(sorted(unknown))}")
    for name, value in settings.items():
        setattr(quiz, name, value)
    quiz.save(update_fields=list(settings))
    return quiz
