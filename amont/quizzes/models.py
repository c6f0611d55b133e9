from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import Organization
from amont.courses.models import Activity
from amont.quizzes.formats import QUESTION_TYPES, NeutralQuestion

if TYPE_CHECKING:
    from amont.quizzes.types import QuestionType as QuestionTypeEntry


class QuestionType(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")
    SHORT_ANSWER = "short_answer", _("Short answer")
    NUMERIC = "numeric", _("Numeric")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    CLOZE = "cloze", _("Cloze (gaps in a text)")
    OPEN_TEXT = "open_text", _("Open text")


assert tuple(QuestionType.values) == QUESTION_TYPES


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(models.Model):
    """A question of an organization's bank. Its text lives in versions, so that editing
    a question that was already answered never rewrites what learners saw."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="questions"
    )
    objective = models.ForeignKey(
        "courses.Objective", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=300, blank=True)
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        version = self.latest_version
        return version.text[:80] if version else f"Question {self.pk}"

    @property
    def latest_version(self) -> "QuestionVersion | None":
        return self.versions.order_by("-number").first()


class QuestionVersion(models.Model):
    """A question as it was shown; answers point at it, so edits never rewrite history.

    Choice types (single, multiple, true/false) keep their choices in `options`:
    [{"text", "correct", "feedback", "fraction"}] — the readiness and live views read
    them directly. Everything else a type needs (accepted answers, pairs, items, gaps,
    case options…) is in `data`, in the neutral shape of `amont.quizzes.formats`."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    type = models.CharField(
        _("type"), max_length=20, choices=QuestionType.choices, default=QuestionType.SINGLE_CHOICE
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("question"))
    text_format = models.CharField(max_length=10, default="markdown")
    options = models.JSONField(default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    default_grade = models.FloatField(default=1.0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def correct_index(self) -> int | None:
        for index, option in enumerate(self.options):
            if option.get("correct"):
                return index
        return None

    @property
    def kind(self) -> "QuestionTypeEntry":
        """Its type's entry in the registry (amont.quizzes.types)."""
        from amont.quizzes.types import question_type

        return question_type(self.type)

    @property
    def is_choice(self) -> bool:
        """Its answers are in `options` (its type's `is_choice`)."""
        return self.kind.is_choice

    def as_neutral(self) -> NeutralQuestion:
        """The version in the neutral shape that grading and exporters read."""
        neutral: NeutralQuestion = {
            **self.data,
            "type": self.type,
            "title": self.title,
            "text": self.text,
            "text_format": self.text_format,
            "general_feedback": self.general_feedback,
            "default_grade": self.default_grade,
        }
        if self.is_choice:
            neutral["answers"] = [options_to_answer(option) for option in self.options]
        return neutral


def options_to_answer(option: dict) -> dict:
    fraction = option.get("fraction")
    if fraction is None:
        fraction = 1.0 if option.get("correct") else 0.0
    return {"text": option["text"], "fraction": fraction, "feedback": option.get("feedback", "")}


def answer_to_option(answer: dict, *, question_type: str = "single_choice") -> dict:
    """`correct` marks the right answer that readiness and live votes count, as the type
    says (`option_correct`): for a single choice (or true/false) only full credit; for a
    multiple choice any positive credit."""
    from amont.quizzes.types import question_type as entry

    fraction = float(answer.get("fraction", 0.0))
    correct = entry(question_type).option_correct(fraction)
    return {
        "text": str(answer.get("text", "")),
        "correct": correct,
        "feedback": str(answer.get("feedback", "")),
        "fraction": fraction,
    }


class QuizPurpose(models.TextChoices):
    PRE_CLASS = "pre_class", _("Pre-class quiz")
    POSITIONING = "positioning", _("Positioning test")
    FINAL = "final", _("Final test")


class FeedbackTiming(models.TextChoices):
    IMMEDIATE = "immediate", _("At once, after each submission")
    AFTER_DUE = "after_due", _("After the due date")


class Quiz(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=QuizPurpose.choices, default=QuizPurpose.PRE_CLASS
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited.")
    )
    feedback_timing = models.CharField(
        _("show the answers"),
        max_length=20,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.IMMEDIATE,
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True
    )
    one_per_page = models.BooleanField(_("one question per screen"), default=False)
    questions = models.ManyToManyField(Question, through="QuizItem", related_name="quizzes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title


def quiz_of(activity: Activity) -> Quiz:
    """The quiz of a quiz activity, which always has one (the kinds' check constraint)."""
    if activity.quiz is None:
        raise ValueError(f"Activity {activity.pk} has no quiz.")
    return activity.quiz


class QuizItem(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]


class Confidence(models.TextChoices):
    """Degrees of certainty; the two upper ones make a wrong answer a misconception."""

    GUESS = "guess", _("I am guessing")
    UNSURE = "unsure", _("Not sure")
    FAIRLY_SURE = "fairly_sure", _("Fairly sure")
    SURE = "sure", _("Sure")


CONFIDENT = (Confidence.FAIRLY_SURE, Confidence.SURE)


class Attempt(models.Model):
    """A learner's submission of a quiz activity. client_key, generated by the page, makes
    every submit idempotent (double click, retry, offline replay)."""

    activity = models.ForeignKey(
        "courses.Activity", on_delete=models.CASCADE, related_name="attempts"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    client_key = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    # Null while in progress: answers are saved as they are given.
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    max_score = models.FloatField(default=0)

    class Meta:
        indexes = [models.Index(fields=["activity", "learner"])]


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="responses"
    )
    # The learner's answer in the shape grading reads; `choice` repeats it for
    # single-choice questions so readiness can count options in SQL.
    answer = models.JSONField(null=True, blank=True)
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    # Null until graded (open text waits for the trainer).
    score = models.FloatField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    trainer_comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_version"], name="one_response_per_question"
            )
        ]


class UnclearPoint(models.Model):
    """A learner's answer to "what was unclear?" (muddiest point)."""

    activity = models.ForeignKey(
        "courses.Activity", on_delete=models.CASCADE, related_name="unclear_points"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unclear_points"
    )
    text = models.TextField(_("what was unclear"), max_length=4000)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "learner"], name="one_unclear_per_learner")
        ]


class QuestionImage(models.Model):
    """An image a trainer uploaded for question texts, served to the members of its
    organization at /bank/images/<id>/. The stored name is random, never the client's."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="question_images"
    )
    file = models.FileField(_("image"), upload_to="question-images/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    alt = models.CharField(_("alternative text"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.alt or self.file.name or ""


class VideoCue(models.Model):
    """A question asked inside a video (or an audio file) at a moment: the player pauses
    there and asks it. The question comes from the bank; the cue belongs to the library
    resource, so every session that reuses the video asks it."""

    resource = models.ForeignKey("content.Resource", on_delete=models.CASCADE, related_name="cues")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="video_cues")
    at_seconds = models.FloatField(_("at (seconds)"))

    class Meta:
        ordering = ["at_seconds", "pk"]


class VideoCueAnswer(models.Model):
    """A learner's answer to a question inside a video, for one activity (a video reused in
    two sessions is asked again). Keeps the version that was answered."""

    cue = models.ForeignKey(VideoCue, on_delete=models.CASCADE, related_name="answers")
    activity = models.ForeignKey("courses.Activity", on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_cue_answers"
    )
    question_version = models.ForeignKey(
        QuestionVersion, on_delete=models.PROTECT, related_name="video_cue_answers"
    )
    answer = models.JSONField(null=True, blank=True)
    confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    score = models.FloatField(null=True, blank=True)
    is_correct = models.BooleanField(null=True, blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cue", "activity", "learner"], name="one_answer_per_video_cue"
            )
        ]


class ImportStaging(models.Model):
    """An uploaded file waiting between the import's preview and its confirmation, in the
    database so that the two requests may reach different processes or hosts. Only the
    user who staged it may confirm or discard it; rows expire (`imports.STAGING_TTL`).
    `record` holds what the preview decided: quiz, format, objective and the digest of
    `data`."""

    token = models.CharField(max_length=64, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    data = models.BinaryField()
    record = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.token
