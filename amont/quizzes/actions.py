from collections.abc import Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amont.accounts.models import Organization, User
from amont.courses.actions import add_activity
from amont.courses.models import Activity, Kind, Phase, Session
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.models import (
    Attempt,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Response,
    UnclearPoint,
    answer_to_option,
    quiz_of,
)
from amont.quizzes.scoring import grade_answer
from amont.quizzes.types import question_type

# Keys of the neutral question that are QuestionVersion columns or belong to the
# Question (category, tags) or to the import report (line, warnings), not to `data`.
_NOT_DATA = {
    "type", "title", "text", "text_format", "general_feedback", "default_grade",
    "line", "warnings", "category", "tags",
}  # fmt: skip


def _single_choice(text: str, options: Sequence[dict], general_feedback: str) -> dict:
    """The neutral form of the skeleton's single-choice options {text, correct, feedback}."""
    return {
        "type": "single_choice",
        "text": text,
        "general_feedback": general_feedback,
        "answers": [
            {
                "text": str(o["text"]),
                "fraction": float(o.get("fraction", 1.0 if o.get("correct") else 0.0)),
                "feedback": str(o.get("feedback", "")),
            }
            for o in options
        ],
    }


def _version_fields(neutral: NeutralQuestion) -> dict:
    data = {k: v for k, v in neutral.items() if k not in _NOT_DATA}
    options = []
    if question_type(neutral["type"]).is_choice:
        options = [
            answer_to_option(a, question_type=neutral["type"]) for a in data.pop("answers", [])
        ]
    return {
        "type": neutral["type"],
        "title": str(neutral.get("title", ""))[:255],
        "text": str(neutral.get("text", "")),
        "text_format": neutral.get("text_format", "markdown"),
        "general_feedback": str(neutral.get("general_feedback", "")),
        "default_grade": float(neutral.get("default_grade", 1.0)),
        "options": options,
        "data": data,
    }


@transaction.atomic
def create_question(
    *,
    organization: Organization,
    text: str = "",
    options: Sequence[dict] = (),
    general_feedback: str = "",
    objective=None,
    neutral: NeutralQuestion | None = None,
    difficulty: int | None = None,
) -> Question:
    """Add a question to an organization's bank: either a neutral question of any type
    (`amont.quizzes.formats`) or, for short, a single-choice `text` with `options`
    [{"text", "correct", "feedback"}]."""
    if neutral is None:
        neutral = _single_choice(text, options, general_feedback)
    question = Question.objects.create(
        organization=organization,
        objective=objective,
        difficulty=difficulty,
        category=str(neutral.get("category", ""))[:300],
        tags=list(neutral.get("tags", [])),
    )
    QuestionVersion.objects.create(question=question, number=1, **_version_fields(neutral))
    return question


@transaction.atomic
def edit_question(
    *,
    question: Question,
    text: str = "",
    options: Sequence[dict] = (),
    general_feedback: str = "",
    neutral: NeutralQuestion | None = None,
) -> QuestionVersion:
    """Record a new version; answers keep pointing at the version they were given for."""
    if neutral is None:
        neutral = _single_choice(text, options, general_feedback)
    last = question.versions.select_for_update().order_by("-number").first()
    return QuestionVersion.objects.create(
        question=question, number=(last.number + 1) if last else 1, **_version_fields(neutral)
    )


@transaction.atomic
def create_quiz(
    *, organization: Organization, title: str, questions: Sequence[Question] = ()
) -> Quiz:
    quiz = Quiz.objects.create(organization=organization, title=title)
    for position, question in enumerate(questions):
        QuizItem.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def add_question_to_quiz(*, quiz: Quiz, question: Question) -> QuizItem:
    return QuizItem.objects.create(quiz=quiz, question=question, position=quiz.items.count())


def quiz_versions(quiz: Quiz) -> list[QuestionVersion]:
    """The current version of each question of a quiz, in order."""
    items = list(quiz.items.select_related("question").order_by("position", "pk"))
    latest: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(
        question_id__in=[i.question_id for i in items]
    ).order_by("number"):
        latest[version.question_id] = version
    return [latest[i.question_id] for i in items if i.question_id in latest]


class AttemptError(ValueError):
    """A learner may not start, answer or submit this attempt (message is translated)."""


# Answers reaching the server this long after the deadline still count (network lag).
DEADLINE_GRACE = timedelta(seconds=30)


def attempts_used(*, activity: Activity, learner: User) -> int:
    return Attempt.objects.filter(
        activity=activity, learner=learner, submitted_at__isnull=False
    ).count()


def start_attempt(*, activity: Activity, learner: User, client_key: str, at=None) -> Attempt:
    """Open an attempt (idempotent on client_key), or resume the one in progress."""
    existing = Attempt.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing
    in_progress = (
        Attempt.objects.filter(activity=activity, learner=learner, submitted_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if in_progress is not None:
        return in_progress
    quiz = quiz_of(activity)
    if quiz.max_attempts and attempts_used(activity=activity, learner=learner) >= quiz.max_attempts:
        raise AttemptError(_("You have used all the attempts allowed for this quiz."))
    at = at or timezone.now()
    deadline = at + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                activity=activity,
                learner=learner,
                client_key=client_key,
                started_at=at,
                deadline_at=deadline,
                max_score=sum(v.default_grade for v in quiz_versions(quiz)),
            )
    except IntegrityError:
        return Attempt.objects.get(client_key=client_key)


def _check_open(attempt: Attempt, at) -> None:
    if attempt.submitted_at is not None:
        raise AttemptError(_("This attempt was already submitted."))
    if attempt.deadline_at and at > attempt.deadline_at + DEADLINE_GRACE:
        raise AttemptError(_("The time allowed for this quiz is over."))


def save_answer(
    *, attempt: Attempt, version: QuestionVersion, answer, confidence: str = "", at=None
) -> Response:
    """Save (or replace) one answer of an attempt in progress, graded at once."""
    at = at or timezone.now()
    _check_open(attempt, at)
    grade = grade_answer(version.as_neutral(), answer)
    choice = question_type(version.type).stored_choice(answer)
    response, _created = Response.objects.update_or_create(
        attempt=attempt,
        question_version=version,
        defaults={
            "answer": answer,
            "choice": choice,
            "confidence": confidence,
            "score": grade.score,
            "is_correct": grade.correct,
            "answered_at": at,
        },
    )
    return response


@transaction.atomic
def finish_attempt(*, attempt: Attempt, at=None) -> Attempt:
    """Submit an attempt: its score is the sum of its graded answers. Idempotent."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        return attempt
    at = at or timezone.now()
    if attempt.deadline_at and at > attempt.deadline_at + DEADLINE_GRACE:
        at = attempt.deadline_at  # submitted for the learner when time ran out
    responses = attempt.responses.select_related("question_version")
    attempt.score = sum((r.score or 0) * r.question_version.default_grade for r in responses)
    attempt.submitted_at = at
    attempt.save(update_fields=["score", "submitted_at"])
    return attempt


def submit_attempt(
    *,
    activity: Activity,
    learner: User,
    client_key: str,
    answers: dict[int, tuple[object, str]],
    at=None,
) -> Attempt:
    """Store a whole quiz submission in one go. answers maps a QuestionVersion id to
    (answer, confidence) — for a single choice the answer is the option index. The same
    client_key twice returns the first attempt: submits are idempotent (double click,
    retry, offline replay). Unknown version ids raise AttemptError."""
    existing = Attempt.objects.filter(client_key=client_key, submitted_at__isnull=False).first()
    if existing is not None:
        return existing
    versions = {v.pk: v for v in quiz_versions(quiz_of(activity))}
    if set(answers) - set(versions):
        raise AttemptError(_("The quiz changed while you were answering it."))
    at = at or timezone.now()
    with transaction.atomic():
        attempt = start_attempt(activity=activity, learner=learner, client_key=client_key, at=at)
        if attempt.submitted_at is not None:
            return attempt
        late = attempt.deadline_at and at > attempt.deadline_at + DEADLINE_GRACE
        if not late:
            for version_id, (answer, confidence) in answers.items():
                save_answer(
                    attempt=attempt,
                    version=versions[version_id],
                    answer=answer,
                    confidence=confidence,
                    at=at,
                )
        return finish_attempt(attempt=attempt, at=at)


def save_unclear_point(*, activity: Activity, learner: User, text: str, at=None) -> UnclearPoint:
    at = at or timezone.now()
    point, created = UnclearPoint.objects.get_or_create(
        activity=activity,
        learner=learner,
        defaults={"text": text, "created_at": at, "updated_at": at},
    )
    if not created:
        point.text = text
        point.updated_at = at
        point.save(update_fields=["text", "updated_at"])
    return point


@transaction.atomic
def create_quiz_activity(*, session: Session, phase: str, title: str, **fields) -> Activity:
    """Add a quiz activity with a new, empty quiz (questions are added in the quiz editor).
    fields: instructions, due_at, required."""
    quiz = create_quiz(organization=session.cohort.course.organization, title=title)
    return add_activity(
        session=session, phase=phase, kind=Kind.QUIZ, title=title, quiz=quiz, **fields
    )


@transaction.atomic
def create_vote_activity(
    *,
    session: Session,
    title: str,
    text: str,
    options: Sequence[dict],
    general_feedback: str = "",
    objective=None,
    **fields,
) -> Activity:
    """Write a new bank question and add it to the session as a live vote (during class)."""
    question = create_question(
        organization=session.cohort.course.organization,
        text=text,
        options=options,
        general_feedback=general_feedback,
        objective=objective,
    )
    return add_activity(
        session=session,
        phase=Phase.DURING,
        kind=Kind.LIVE_VOTE,
        title=title,
        question=question,
        **fields,
    )


@transaction.atomic
def create_quiz_question(
    *,
    quiz: Quiz,
    text: str,
    options: Sequence[dict],
    general_feedback: str = "",
    objective=None,
) -> Question:
    """Write a new question in the quiz's organization bank and append it to the quiz."""
    question = create_question(
        organization=quiz.organization,
        text=text,
        options=options,
        general_feedback=general_feedback,
        objective=objective,
    )
    add_question_to_quiz(quiz=quiz, question=question)
    return question


@transaction.atomic
def remove_question_from_quiz(*, quiz: Quiz, question: Question) -> None:
    """Take a question out of a quiz; it stays in the bank and past answers keep their
    version. The remaining items are renumbered."""
    QuizItem.objects.filter(quiz=quiz, question=question).delete()
    for position, item in enumerate(quiz.items.order_by("position", "pk")):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
