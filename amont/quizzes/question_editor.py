"""The question editor page, shared by the bank (a question of the organization) and the
quiz editor (a question of one quiz): a type picker, then one form per question type
(its type's `editor_form`, see `amont.quizzes.types`), a preview, and the save."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import Organization
from amont.courses.models import Activity, Objective
from amont.quizzes.editor_actions import revise_question, write_question
from amont.quizzes.models import Question, QuestionType, QuizItem, Response
from amont.quizzes.preview import preview_question
from amont.quizzes.sanitise import sanitise_question
from amont.quizzes.types import QUESTION_TYPES, question_type


def requested_type(request: AuthenticatedHttpRequest) -> str | None:
    kind = request.GET.get("type", "")
    if kind and kind not in QUESTION_TYPES:
        raise Http404
    return kind or None


def type_links(path: str, params: dict) -> list[dict]:
    """The type picker: one link per question type, keeping `params` (the organization)."""
    return [
        {
            "value": value,
            "label": label,
            "help": question_type(value).help,
            "url": f"{path}?{urlencode({**params, 'type': value})}",
        }
        for value, label in QuestionType.choices
    ]


def _uses(question: Question) -> dict:
    return {
        "quizzes": QuizItem.objects.filter(question=question).values("quiz").distinct().count(),
        "votes": Activity.objects.filter(question=question).count(),
        "answers": Response.objects.filter(question_version__question=question).count(),
    }


def question_editor(
    request: AuthenticatedHttpRequest,
    *,
    organization: Organization,
    objectives: QuerySet[Objective],
    question: Question | None,
    kind: str | None,
    done_url: str,
    activity: Activity | None = None,
) -> HttpResponse:
    """The editor page of a new question (`kind` chosen first) or of a new version of
    `question`. Saving redirects to done_url; "Preview", "Add a row" and "Remove"
    show the page again."""
    version = question.latest_version if question is not None else None
    if version is not None:
        kind = version.type
    context: dict = {
        "organization": organization,
        "question": question,
        "version": version,
        "activity": activity,
        "session": activity.session if activity else None,
        "course": activity.session.cohort.course if activity else None,
        "done_url": done_url,
        "types": type_links(
            request.path, {"org": request.GET["org"]} if request.GET.get("org") else {}
        ),
    }
    if kind is None:
        return render(request, "quizzes/editor/question_type.html", context)
    form_class = question_type(kind).editor_form
    text_format = version.text_format if version is not None else "markdown"
    initial = form_class.initial_from(version.as_neutral(), question) if version else {}
    preview = preview_question(version.as_neutral()) if version else None
    problems: list[str] = []
    if request.method == "POST":
        form = form_class(
            request.POST, objectives=objectives, text_format=text_format, initial=initial
        )
        if form.rows_changed:
            form = form.unbound_copy()
            preview = None
        elif "preview" in request.POST:
            form.is_valid()
            preview, problems = preview_question(form.neutral), form.problems()
            form = form.unbound_copy()
        elif form.is_valid():
            return _save_question(request, form, organization, question, activity, done_url)
        else:
            preview = None
    else:
        form = form_class(objectives=objectives, text_format=text_format, initial=initial)
    context.update(
        form=form,
        kind=kind,
        kind_label=QuestionType(kind).label,
        preview=preview,
        problems=problems,
        preview_url=reverse("question_preview")
        + "?"
        + urlencode({"type": kind, "format": text_format}),
        uses=_uses(question) if question is not None else None,
    )
    return render(request, "quizzes/editor/question_form.html", context)


def _save_question(request, form, organization, question, activity, done_url) -> HttpResponse:
    cleaned = form.cleaned_data
    cleaned["neutral"] = sanitise_question(cleaned["neutral"])  # HTML texts only
    if question is None:
        write_question(
            organization=organization,
            neutral=cleaned["neutral"],
            objective=cleaned.get("objective"),
            difficulty=cleaned.get("difficulty"),
            quiz=activity.quiz if activity else None,
        )
        messages.success(request, _("Question added."))
    else:
        version = revise_question(
            question=question,
            neutral=cleaned["neutral"],
            objective=cleaned.get("objective"),
            difficulty=cleaned.get("difficulty"),
        )
        messages.success(
            request,
            _("Question saved as version %(number)d. Past answers keep the version they answered.")
            % {"number": version.number},
        )
    return HttpResponseRedirect(done_url)
