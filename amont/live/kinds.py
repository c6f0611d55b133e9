"""The live app's activity kinds: a vote during class (see courses/kinds.py)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.kinds import ActivityKind, bound_data, register
from amont.courses.models import Activity, Kind, Phase, Session
from amont.lib.markdown import render_markdown
from amont.live.summary import vote_results
from amont.quizzes.actions import create_vote_activity
from amont.quizzes.activity_forms import BankQuestionForm, NewVoteForm, bank_questions
from amont.quizzes.types import QUESTION_TYPES

# A live vote counts one choice per learner: the types that say so.
LIVE_VOTE_TYPES = tuple(value for value, entry in QUESTION_TYPES.items() if entry.live_vote)


@register
class LiveVoteKind(ActivityKind):
    value = Kind.LIVE_VOTE
    label = gettext_lazy("Live vote")
    phases = {Phase.DURING: 1}
    target = "question"
    is_preparation = False  # it happens in class
    create_template = "live/kinds/live_vote.html#create"
    summary_template = "live/kinds/live_vote.html#summary"
    edit_after_template = "live/kinds/live_vote.html#after-edit"

    def authoring_forms(
        self, request: AuthenticatedHttpRequest, session: Session
    ) -> dict[str, forms.Form]:
        organization_id = session.cohort.course.organization_id
        return {
            "new": NewVoteForm(
                bound_data(request, "new"), objectives=session.cohort.course.objectives.all()
            ),
            "library": BankQuestionForm(
                bound_data(request, "library"),
                questions=bank_questions(organization_id, types=LIVE_VOTE_TYPES),
                auto_id="library_%s",
            ),
        }

    def create(self, request, *, session, phase, source, form) -> Activity:
        data = form.cleaned_data
        if source == "library":
            return self.add_from_library(session=session, phase=phase, data=data)
        return create_vote_activity(
            session=session,
            title=data["title"],
            text=data["text"],
            options=data["options"],
            general_feedback=data["general_feedback"],
            objective=data.get("objective"),
        )

    def summary_results(self, session: Session, activities: Sequence[Activity]) -> Any:
        return vote_results(session, activities) if activities else []

    def learner_page(self, request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
        context: dict[str, Any] = {
            "activity": activity,
            "session": activity.session,
            "instructions": render_markdown(activity.instructions),
        }
        return render(request, "live/activity_page.html", context)
