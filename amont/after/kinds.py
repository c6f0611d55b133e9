"""The after app's activity kinds: the feedback survey (see courses/kinds.py)."""

from collections.abc import Collection, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.after.models import Feedback
from amont.after.queries import feedback_results
from amont.after.views import feedback_activity_page
from amont.courses.kinds import ActivityKind, register
from amont.courses.models import Activity, Kind, Phase, Session


@register
class FeedbackKind(ActivityKind):
    value = Kind.FEEDBACK
    label = gettext_lazy("Feedback survey")
    phases = {Phase.AFTER: 3}
    accepts_post = True
    summary_template = "after/kinds/feedback.html#summary"
    default_title = gettext_lazy("Your feedback on this session")
    default_instructions = gettext_lazy(
        "How useful was this session for you? What would you change?"
    )

    def summary_results(self, session: Session, activities: Sequence[Activity]) -> Any:
        return feedback_results(activities) if activities else []

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        return feedback_activity_page(request, activity)

    def done_rows(
        self, activities: Sequence[Activity], learner_ids: Collection[int]
    ) -> QuerySet[Any, Any]:
        return (
            Feedback.objects.filter(
                learner_id__in=learner_ids,
                activity_id__in=[activity.pk for activity in activities],
            )
            .order_by()
            .values_list("learner_id", "activity_id", "created_at")
        )
