"""The quizzes app's activity kinds: a quiz, and the "what was unclear?" prompt (see
courses/kinds.py for what a kind declares)."""

from collections.abc import Collection, Sequence
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.kinds import ActivityKind, common_fields, register
from amont.courses.models import Activity, Kind, Phase
from amont.quizzes.actions import create_quiz_activity
from amont.quizzes.models import Attempt, UnclearPoint
from amont.quizzes.paper import (
    quiz_pack_page,
    quiz_paper_block,
    unclear_pack_page,
    unclear_paper_block,
)
from amont.quizzes.results import latest_attempts
from amont.quizzes.views import quiz_activity_page, unclear_activity_page

# A rough reading-and-thinking time per quiz question, for the preparation estimate.
MINUTES_PER_QUESTION = 2


@register
class QuizKind(ActivityKind):
    value = Kind.QUIZ
    label = gettext_lazy("Quiz")
    phases = {Phase.BEFORE: 3, Phase.AFTER: 1}
    target = "quiz"
    gates = True  # a required quiz must be submitted before what follows it
    accepts_post = True
    readable_offline = True
    default_title = gettext_lazy("Check your understanding")
    create_help = gettext_lazy("You add the questions on the next page.")
    submit_label = gettext_lazy("Create the quiz")
    phase_facts_template = "quizzes/kinds/quiz.html#facts"
    phase_links_template = "quizzes/kinds/quiz.html#links"
    readiness_template = "quizzes/kinds/quiz.html#readiness"
    edit_after_template = "quizzes/kinds/quiz.html#after-edit"

    def create(self, request, *, session, phase, source, form) -> Activity:
        data = form.cleaned_data
        return create_quiz_activity(
            session=session, phase=phase, title=data["title"], **common_fields(data)
        )

    def created_response(
        self, request: AuthenticatedHttpRequest, activity: Activity
    ) -> HttpResponse | None:
        messages.success(request, _("Quiz created. Add its questions."))
        return redirect("quiz_edit", activity.pk)

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        return quiz_activity_page(request, activity)

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, Any]:
        # Done once submitted; an attempt in progress does not count.
        return (
            Attempt.objects.filter(
                learner_id__in=learner_ids,
                activity_id__in=[activity.pk for activity in activities],
                submitted_at__isnull=False,
            )
            .order_by()
            .values_list("learner_id", "activity_id", "submitted_at")
        )

    def minutes(self, activity: Activity) -> int:
        # The activity carries a `question_count` annotation where minutes are shown.
        return MINUTES_PER_QUESTION * getattr(activity, "question_count", 0)

    def readiness_details(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> dict[tuple[int, int], Any]:
        # The latest submitted attempt's score, and how many were submitted.
        latest = latest_attempts([activity.pk for activity in activities], learner_ids)
        return {(learner_id, activity_id): a for (activity_id, learner_id), a in latest.items()}

    def pack_page(self, activity: Activity, context: dict[str, Any]) -> str | None:
        if activity.quiz is None:
            return None
        return quiz_pack_page(activity, activity.quiz, context)

    def paper_block(self, activity: Activity, context: dict[str, Any]) -> dict[str, Any] | None:
        if activity.quiz is None:
            return None
        return quiz_paper_block(activity, activity.quiz)


@register
class UnclearKind(ActivityKind):
    value = Kind.UNCLEAR
    label = gettext_lazy("What was unclear?")
    phases = {Phase.BEFORE: 4, Phase.AFTER: 2}
    accepts_post = True
    readable_offline = True
    default_title = gettext_lazy("What was unclear?")
    default_instructions = gettext_lazy(
        "What did you not understand, or what would you like to go over in class?"
    )
    instructions_label = gettext_lazy("Question asked to learners")

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        return unclear_activity_page(request, activity)

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, Any]:
        return (
            UnclearPoint.objects.filter(
                learner_id__in=learner_ids,
                activity_id__in=[activity.pk for activity in activities],
            )
            .order_by()
            .values_list("learner_id", "activity_id", "created_at")
        )

    def pack_page(self, activity: Activity, context: dict[str, Any]) -> str | None:
        return unclear_pack_page(activity, context)

    def paper_block(self, activity: Activity, context: dict[str, Any]) -> dict[str, Any] | None:
        return unclear_paper_block()
