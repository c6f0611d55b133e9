from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from amont.accounts.models import Organization, User
from amont.courses.actions import add_activity
from amont.courses.models import Activity, Kind, Phase, Session
from amont.quizzes.models import (
    Attempt,
    Question,
    QuestionVersion,
    Quiz,
    QuizItem,
    Response,
    UnclearPoint,
)


@transaction.atomic
def create_question(
    *,
    organization: Organization,
    text: str,
    options: Sequence[dict],
    general_feedback: str = "",
    objective=None,
) -> Question:
    """options: [{"text": str, "correct": bool, "feedback": str}], exactly one correct."""
    question = Question.objects.create(organization=organization, objective=objective)
    QuestionVersion.objects.create(
        question=question,
        number=1,
        text=text,
        options=[_clean_option(o) for o in options],
        general_feedback=general_feedback,
    )
    return question


def _clean_option(option: dict) -> dict:
    return {
        "text": str(option["text"]),
        "correct": bool(option.get("correct")),
        "feedback": str(option.get("feedback", "")),
    }


@transaction.atomic
def edit_question(
    *, question: Question, text: str, options: Sequence[dict], general_feedback: str = ""
) -> QuestionVersion:
    """Record a new version; answers keep pointing at the version they were given for."""
    last = question.versions.select_for_update().order_by("-number").first()
    return QuestionVersion.objects.create(
        question=question,
        number=(last.number + 1) if last else 1,
        text=text,
        options=[_clean_option(o) for o in options],
        general_feedback=general_feedback,
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


def submit_attempt(
    *,
    activity: Activity,
    learner: User,
    client_key: str,
    answers: dict[int, tuple[int, str]],
    at=None,
) -> Attempt:
    """Store a quiz submission. answers maps a QuestionVersion id to (choice, confidence).
    The same client_key twice returns the first attempt: submits are idempotent."""
    existing = Attempt.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing
    versions = {v.pk: v for v in quiz_versions(activity.quiz)}
    at = at or timezone.now()
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                activity=activity,
                learner=learner,
                client_key=client_key,
                submitted_at=at,
                max_score=len(versions),
            )
            score = 0
            for version_id, (choice, confidence) in answers.items():
                version = versions[version_id]
                correct = choice == version.correct_index
                score += correct
                Response.objects.create(
                    attempt=attempt,
                    question_version=version,
                    choice=choice,
                    confidence=confidence,
                    is_correct=correct,
                )
            attempt.score = score
            attempt.save(update_fields=["score"])
    except IntegrityError:
        # A concurrent submit with the same key won the race: return its attempt.
        return Attempt.objects.get(client_key=client_key)
    return attempt


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
