"""The trainer's marking of open-text answers, which the automatic scoring leaves empty."""

from django.db import transaction

from amont.accounts.models import User
from amont.quizzes.models import Attempt, Response
from amont.quizzes.scoring import CORRECT_THRESHOLD
from amont.quizzes.types import question_type


@transaction.atomic
def mark_open_answer(*, response: Response, score: float, comment: str, marker: User) -> Response:
    """Give an open-text answer its score (0..1) and the trainer's comment, then recompute
    the attempt's score the way finish_attempt does (unmarked answers count 0).

    `marker` is whoever the view allowed (a trainer of the course); it is not stored."""
    response = (
        Response.objects.select_for_update().select_related("question_version").get(pk=response.pk)
    )
    if question_type(response.question_version.type).graded:
        raise ValueError("Only open-text answers are marked by hand.")
    score = float(score)
    if not 0.0 <= score <= 1.0:
        raise ValueError("The score must be between 0 and 1.")
    response.score = score
    response.is_correct = score >= CORRECT_THRESHOLD
    response.trainer_comment = comment.strip()
    response.save(update_fields=["score", "is_correct", "trainer_comment"])

    attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
    responses = attempt.responses.select_related("question_version")
    attempt.score = sum((r.score or 0) * r.question_version.default_grade for r in responses)
    attempt.save(update_fields=["score"])
    response.attempt = attempt
    return response
