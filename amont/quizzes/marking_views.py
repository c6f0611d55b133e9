"""The trainer's marking of open-text answers of a quiz activity.

Trainers of the course mark; a program manager may read the page (403 on marking);
everybody else gets 404 (`quizzes/access.py`)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import can_edit_course
from amont.courses.models import Activity
from amont.quizzes.access import access_open_response, access_quiz_activity, open_responses
from amont.quizzes.marking_actions import mark_open_answer

SCORE_CHOICES = [(str(percent), f"{percent} %") for percent in (0, 25, 50, 75, 100)]


class OpenMarkForm(forms.Form):
    # No default: an answer not marked yet shows "—", so a hasty click saves nothing.
    score = forms.TypedChoiceField(
        label=gettext_lazy("Score"), choices=[("", "—"), *SCORE_CHOICES], coerce=int
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the learner"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _marking_url(activity: Activity, anchor: str = "") -> str:
    return reverse("quiz_grading", args=[activity.pk]) + (f"#{anchor}" if anchor else "")


@login_required
@require_GET
def quiz_marking(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    """Open-text answers to read and mark, the ones not marked yet first."""
    activity = access_quiz_activity(request.user, activity_id)
    course = activity.session.cohort.course
    responses = list(
        open_responses(activity)
        .select_related("attempt__learner", "question_version")
        .order_by("attempt__submitted_at", "attempt_id", "pk")
    )
    for response in responses:
        percent = round((response.score or 0) * 100)
        # What the page shows of each answer, carried on the row for the template.
        response.percent = percent  # type: ignore[attr-defined]
        response.text = response.answer if isinstance(response.answer, str) else ""  # type: ignore[attr-defined]
        response.form = OpenMarkForm(  # type: ignore[attr-defined]
            initial={
                "score": round(percent / 25) * 25 if response.score is not None else "",
                "comment": response.trainer_comment,
            },
            prefix=f"r{response.pk}",
        )
    to_mark = [r for r in responses if r.score is None]
    marked = [r for r in responses if r.score is not None]
    sections = [
        {
            "id": "to-grade",
            "title": ngettext(
                "%(count)d answer to grade", "%(count)d answers to grade", len(to_mark)
            )
            % {"count": len(to_mark)},
            "responses": to_mark,
            "empty": _("Nothing to grade."),
        },
        {
            "id": "graded",
            "title": ngettext("%(count)d graded answer", "%(count)d graded answers", len(marked))
            % {"count": len(marked)},
            "responses": marked,
            "empty": _("No answer graded yet."),
        },
    ]
    return render(
        request,
        "quizzes/marking.html",
        {
            "activity": activity,
            "session": activity.session,
            "course": course,
            "sections": sections,
            "can_edit": can_edit_course(request.user, course),
        },
    )


@login_required
@require_POST
def quiz_mark_response(
    request: AuthenticatedHttpRequest, activity_id: int, response_id: int
) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    response = access_open_response(activity, response_id)
    form = OpenMarkForm(request.POST, prefix=f"r{response.pk}")
    if not form.is_valid():
        messages.error(request, _("The grade was not saved: check the score and the comment."))
        return HttpResponseRedirect(_marking_url(activity, f"response-{response.pk}"))
    mark_open_answer(
        response=response,
        score=form.cleaned_data["score"] / 100,
        comment=form.cleaned_data["comment"],
        marker=request.user,
    )
    messages.success(
        request,
        _("Answer of %(name)s graded.") % {"name": response.attempt.learner.display_name},
    )
    return HttpResponseRedirect(_marking_url(activity))
