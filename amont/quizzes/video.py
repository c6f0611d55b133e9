"""Questions inside a video (or an audio file): the player pauses at a cue and asks a
question of the bank; the learner answers (with their degree of certainty), reads the
feedback and goes on watching.

- Trainers place cues on a library resource (`video_cue_add`, `video_cue_delete`), from
  the resource's library page.
- Learners get the cues in the player page (`templates/quizzes/_video_cues.html`, through
  the `video_cues` tag): without JavaScript they are plain forms under the player; with
  `static/js/video-cues.js` each one opens when the playback reaches its moment.
- An answer is saved per (cue, activity, learner), graded at once with the quiz engine's
  grading; answering again replaces it (the same form posted twice makes one answer).
"""

import re
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import User
from amont.content.access import access_resource
from amont.courses.models import Activity
from amont.lib.markdown import render_text
from amont.quizzes.access import access_cue, access_cue_as_learner
from amont.quizzes.activity_forms import QuestionChoiceField, bank_questions
from amont.quizzes.forms import AttemptForm, is_graded
from amont.quizzes.models import QuestionVersion, VideoCue, VideoCueAnswer
from amont.quizzes.scoring import grade_answer, is_misconception

_TIME = re.compile(
    r"^\s*(?:(\d{1,2}):)?(\d{1,3})(?:[.,](\d{1,3}))?\s*$|^\s*(\d{1,2}):(\d{1,2}):(\d{2})\s*$"
)


def parse_timestamp(text: str) -> float | None:
    """Seconds from "75", "1:15", "1:15.5" or "0:01:15"; None if it is none of these."""
    match = _TIME.match(text or "")
    if not match:
        return None
    if match.group(4) is not None:
        hours, minutes, seconds = (int(match.group(i)) for i in (4, 5, 6))
        if minutes >= 60 or seconds >= 60:
            return None
        return float(hours * 3600 + minutes * 60 + seconds)
    minutes = int(match.group(1) or 0)
    seconds = int(match.group(2))
    if match.group(1) is not None and seconds >= 60:
        return None
    fraction = float(f"0.{match.group(3)}") if match.group(3) else 0.0
    return minutes * 60 + seconds + fraction


def format_timestamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


# Trainer side ----------------------------------------------------------------------------


class CueForm(forms.Form):
    at = forms.CharField(
        label=gettext_lazy("Moment in the video"),
        max_length=12,
        help_text=gettext_lazy("Minutes:seconds, e.g. 1:30. The video pauses there."),
    )
    question = QuestionChoiceField(label=gettext_lazy("Question of the bank"), queryset=None)

    def __init__(self, *args, resource, **kwargs):
        super().__init__(*args, **kwargs)
        self.resource = resource
        cast(forms.ModelChoiceField, self.fields["question"]).queryset = bank_questions(
            resource.organization_id
        )

    def clean_at(self) -> float:
        seconds = parse_timestamp(self.cleaned_data["at"])
        if seconds is None:
            raise forms.ValidationError(_("Write the moment as minutes:seconds, e.g. 1:30."))
        duration = self.resource.duration
        if duration and seconds >= duration:
            raise forms.ValidationError(
                _("The video lasts %(duration)s: choose an earlier moment.")
                % {"duration": format_timestamp(duration)}
            )
        return seconds


def cue_rows(resource) -> list[VideoCue]:
    """The cues of a resource for the trainer's list, in three queries."""
    cues = list(
        resource.cues.select_related("question")
        .prefetch_related("question__versions")
        .annotate(answer_count=Count("answers"))
    )
    for cue in cues:
        cue.timestamp = format_timestamp(cue.at_seconds)
        versions = sorted(cue.question.versions.all(), key=lambda v: v.number)
        cue.summary = versions[-1].text[:120] if versions else ""
    return cues


@login_required
@require_POST
def video_cue_add(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    resource = access_resource(request.user, resource_id, write=True)
    if not resource.is_media:  # the player of a linked video is the provider's
        raise Http404
    form = CueForm(request.POST, resource=resource)
    if form.is_valid():
        VideoCue.objects.create(
            resource=resource,
            question=form.cleaned_data["question"],
            at_seconds=form.cleaned_data["at"],
        )
        messages.success(request, _("Question placed in the video."))
    else:
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, _("The question was not placed: %(errors)s") % {"errors": errors})
    return HttpResponseRedirect(reverse("library_resource", args=[resource.pk]) + "#cues")


@login_required
@require_POST
def video_cue_delete(request: AuthenticatedHttpRequest, cue_id: int) -> HttpResponse:
    cue = access_cue(request.user, cue_id, write=True)
    cue.delete()
    messages.success(request, _("Question removed from the video."))
    return HttpResponseRedirect(reverse("library_resource", args=[cue.resource_id]) + "#cues")


# Learner side ----------------------------------------------------------------------------


def _latest_versions(cues: list[VideoCue]) -> dict[int, QuestionVersion]:
    latest: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(
        question_id__in={cue.question_id for cue in cues}
    ).order_by("number"):
        latest[version.question_id] = version
    return latest


def cue_forms(activity: Activity, learner: User, *, bound: dict | None = None) -> list[dict]:
    """What the player page draws: per cue, its moment, its question form and, when the
    learner already answered it in this activity, the result. Three queries."""
    resource = activity.resource
    if resource is None:
        return []
    cues = list(VideoCue.objects.filter(resource=resource))
    if not cues:
        return []
    latest = _latest_versions(cues)
    answers = {
        answer.cue_id: answer
        for answer in VideoCueAnswer.objects.filter(
            activity=activity, learner=learner, cue__in=cues
        ).select_related("question_version")
    }
    drawn = []
    for number, cue in enumerate(cues, start=1):
        version = latest.get(cue.question_id)
        if version is None:
            continue
        data = bound.get("data") if bound and bound.get("cue") == cue.pk else None
        form = AttemptForm(
            [version], data, seed=f"cue-{cue.pk}-{learner.pk}", first_number=number,
            prefix=f"cue{cue.pk}",
        )  # fmt: skip
        answer = answers.get(cue.pk)
        drawn.append(
            {
                "cue": cue,
                "at": cue.at_seconds,
                "timestamp": format_timestamp(cue.at_seconds),
                "form": form,
                "question": form.questions()[0],
                "answer": answer,
                "result": _result(answer) if answer else None,
            }
        )
    return drawn


def _result(answer: VideoCueAnswer) -> dict:
    version = answer.question_version
    grade = grade_answer(version.as_neutral(), answer.answer)
    return {
        "correct": answer.is_correct,
        "graded": is_graded(version),
        "misconception": is_misconception(grade, answer.confidence),
        "feedback": [render_text(text, version.text_format) for text in grade.feedback],
        "general": render_text(version.general_feedback, version.text_format)
        if version.general_feedback.strip()
        else "",
    }


def save_cue_answer(
    *, cue: VideoCue, activity: Activity, learner: User, version: QuestionVersion, answer,
    confidence: str = "",
) -> VideoCueAnswer:  # fmt: skip
    """Save (or replace) a learner's answer to a cue in an activity, graded at once."""
    grade = grade_answer(version.as_neutral(), answer)
    values = {
        "question_version": version,
        "answer": answer,
        "confidence": confidence,
        "score": grade.score,
        "is_correct": grade.correct,
        "answered_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            saved, _created = VideoCueAnswer.objects.update_or_create(
                cue=cue, activity=activity, learner=learner, defaults=values
            )
    except IntegrityError:  # the same answer posted twice at once: the other one won
        saved = VideoCueAnswer.objects.get(cue=cue, activity=activity, learner=learner)
    return saved


@login_required
@require_POST
def video_cue_answer(
    request: AuthenticatedHttpRequest, activity_id: int, cue_id: int
) -> HttpResponse:
    activity, cue = access_cue_as_learner(request.user, activity_id, cue_id)
    version = _latest_versions([cue]).get(cue.question_id)
    if version is None:
        raise Http404
    form = AttemptForm(
        [version], request.POST, seed=f"cue-{cue.pk}-{request.user.pk}", prefix=f"cue{cue.pk}"
    )
    if form.is_valid():
        answer, confidence = form.answers().get(version.pk, (None, ""))
        saved = save_cue_answer(
            cue=cue, activity=activity, learner=request.user, version=version, answer=answer,
            confidence=confidence,
        )  # fmt: skip
        context: dict[str, object] = {
            "item": {
                "cue": cue,
                "result": _result(saved),
                "answer": saved,
                "timestamp": format_timestamp(cue.at_seconds),
            }
        }
        status = 200
    else:
        context = {
            "item": {
                "cue": cue,
                "form": form,
                "question": form.questions()[0],
                "timestamp": format_timestamp(cue.at_seconds),
                "at": cue.at_seconds,
            },
            "activity": activity,
        }
        status = 422
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "quizzes/_video_cue.html", context, status=status)
    if form.is_valid():
        messages.success(request, _("Answer saved."))
    else:
        messages.error(request, _("Your answer is incomplete: see the question below the video."))
    return HttpResponseRedirect(reverse("learner_activity", args=[activity.pk]) + f"#cue-{cue.pk}")
