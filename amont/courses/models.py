from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from amont.accounts.models import Organization, new_token
from amont.courses.kinds import KINDS, ActivityKind


class Course(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="courses")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_courses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("course_detail", args=[self.pk])


class Objective(models.Model):
    """A pedagogical objective (a skill) of a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("objective"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Cohort(models.Model):
    """A group of learners following a course: one course, several cohorts = iterations."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(_("name"), max_length=200)
    invite_token = models.CharField(max_length=64, unique=True, default=new_token)
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Enrollment", related_name="cohorts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course__title", "name"]

    def __str__(self) -> str:
        return f"{self.course} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("cohort_detail", args=[self.pk])


class Enrollment(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrollments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner"], name="one_enrollment_per_cohort")
        ]


class Session(models.Model):
    """A class meeting (séance) of a cohort, with its before / during / after phases."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    objectives = models.ManyToManyField(Objective, blank=True, related_name="sessions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session_detail", args=[self.pk])

    def phase_items(self, phase: str):
        return self.activities.filter(phase=phase).order_by("position", "pk")


class Phase(models.TextChoices):
    BEFORE = "before", _("Before class")
    DURING = "during", _("During class")
    AFTER = "after", _("After class")


class Kind(models.TextChoices):
    """The values stored in `Activity.kind`: the database's choices and the target
    constraint below. What a kind is and does is in the registry (`courses/kinds.py`),
    one module per kind in the app that owns it; a test checks that every value here has
    exactly one registered kind, with the same target column."""

    ARTICLE = "article", _("Article")
    RESOURCE = "resource", _("Video, audio or document")
    QUIZ = "quiz", _("Quiz")
    UNCLEAR = "unclear", _("What was unclear?")
    LIVE_VOTE = "live_vote", _("Live vote")
    FEEDBACK = "feedback", _("Feedback survey")


# Which target column each kind uses; kinds absent here carry no target.
KIND_TARGET = {
    Kind.ARTICLE: "article",
    Kind.RESOURCE: "resource",
    Kind.QUIZ: "quiz",
    Kind.LIVE_VOTE: "question",
}
TARGET_FIELDS = ("article", "resource", "quiz", "question")


def _kind_constraint() -> Q:
    """Exactly the target column of the activity's kind is set, and no other."""
    condition = Q()
    for kind in Kind:
        target = KIND_TARGET.get(kind)
        fields = Q(kind=kind)
        for field in TARGET_FIELDS:
            fields &= Q(**{f"{field}__isnull": field != target})
        condition |= fields
    return condition


class Activity(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="activities")
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=False)
    article = models.ForeignKey(
        "content.Article", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resource = models.ForeignKey(
        "content.Resource", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    question = models.ForeignKey(
        "quizzes.Question", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["session", "phase", "position", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=_kind_constraint(), name="activity_target_matches_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def activity_kind(self) -> "ActivityKind":
        """What this kind of activity is and does (the registry, courses/kinds.py)."""
        return KINDS[self.kind]

    @property
    def kind_label(self) -> str:
        """What learners and trainers call it: the kind's own words for this activity
        ("Video", "Summary sheet"), else the kind's label."""
        return str(self.activity_kind.item_label(self))

    @property
    def effective_due_at(self):
        if self.due_at:
            return self.due_at
        return self.session.starts_at if self.phase == Phase.BEFORE else None
