"""The learner's quiz and "what was unclear?" pages. Both are reached through the one
activity URL (content.views.learner_activity), which checks access and the method."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amont.accounts.models import User
from amont.courses.models import Activity
from amont.lib.http import AuthenticatedHttpRequest
from amont.lib.markdown import render_markdown
from amont.quizzes.actions import quiz_versions, save_unclear_point, submit_attempt
from amont.quizzes.forms import AttemptForm, UnclearPointForm
from amont.quizzes.models import CONFIDENT, Attempt, UnclearPoint


def _latest_attempt(activity: Activity, learner: User) -> Attempt | None:
    return (
        Attempt.objects.filter(activity=activity, learner=learner)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _results(attempt: Attempt) -> list[dict]:
    rows = []
    for response in attempt.responses.select_related("question_version").order_by("pk"):
        version = response.question_version
        options = version.options
        chosen = (
            options[response.choice]
            if response.choice is not None and response.choice < len(options)
            else None
        )
        correct_index = version.correct_index
        rows.append(
            {
                "version": version,
                "response": response,
                "chosen": chosen,
                "correct": options[correct_index] if correct_index is not None else None,
                "sure_but_wrong": (
                    response.confidence in CONFIDENT and response.is_correct is False
                ),
            }
        )
    return rows


def quiz_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """GET: the latest result, or the form when there is none or ?retake is asked.
    POST: one attempt per client_key, then back here (post/redirect/get)."""
    versions = quiz_versions(activity.quiz)
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
    }

    if request.method == "POST":
        client_key = request.POST.get("client_key", "")
        if (
            client_key
            and Attempt.objects.filter(
                client_key=client_key, learner=request.user, activity=activity
            ).exists()
        ):
            # A double click or a retry of a submit that already went through.
            return redirect(request.path)
        form = AttemptForm(versions, data=request.POST)
        shown = set(request.POST.getlist("version"))
        changed = shown != {str(version.pk) for version in versions}
        # An empty quiz has nothing to answer: no attempt, so it never counts as done.
        if form.is_valid() and not changed and versions:
            submit_attempt(
                activity=activity,
                learner=request.user,
                client_key=form.cleaned_data["client_key"],
                answers=form.answers(),
            )
            return redirect(request.path)
        context.update(form=form, quiz_changed=changed)
        return render(request, "quizzes/quiz_form.html", context)

    attempt = None if "retake" in request.GET else _latest_attempt(activity, request.user)
    if attempt is None:
        context["form"] = AttemptForm(versions)
        return render(request, "quizzes/quiz_form.html", context)
    context.update(
        attempt=attempt,
        results=_results(attempt),
        score_percent=round(100 * attempt.score / attempt.max_score) if attempt.max_score else 0,
    )
    return render(request, "quizzes/quiz_result.html", context)


def unclear_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    point = UnclearPoint.objects.filter(activity=activity, learner=request.user).first()
    if request.method == "POST":
        form = UnclearPointForm(data=request.POST)
        if form.is_valid():
            save_unclear_point(
                activity=activity, learner=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Saved. Your trainer will read it before class."))
            return redirect(request.path)
    else:
        form = UnclearPointForm(initial={"text": point.text if point else ""})
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "form": form,
        "point": point,
    }
    return render(request, "quizzes/unclear.html", context)
