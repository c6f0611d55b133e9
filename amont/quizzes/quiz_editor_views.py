"""The quiz editor, reached through the quiz's activity with the course's access rules:
the quiz's questions (reorder, edit, remove), its settings, and the ways to add
questions (write one, take one from the bank, import a file)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.courses.access import can_edit_course
from amont.courses.models import Activity
from amont.quizzes.access import access_quiz_activity, access_quiz_question
from amont.quizzes.actions import add_question_to_quiz, quiz_versions, remove_question_from_quiz
from amont.quizzes.activity_forms import BankQuestionForm, bank_questions
from amont.quizzes.editor_actions import move_quiz_question, update_quiz_settings, write_question
from amont.quizzes.editor_common import bank_url, org_objectives, safe_next
from amont.quizzes.editor_forms import QuestionEditorForm, SingleChoiceForm
from amont.quizzes.models import QuizItem, quiz_of
from amont.quizzes.preview import preview_question
from amont.quizzes.question_editor import question_editor, requested_type, type_links
from amont.quizzes.quiz_editor_forms import QuizSettingsForm


def _quiz_questions(quiz) -> list[dict]:
    return [
        {"version": version, "view": preview_question(version.as_neutral())}
        for version in quiz_versions(quiz)
    ]


def _render_questions(request, activity: Activity, can_edit: bool) -> HttpResponse:
    return render(
        request,
        "quizzes/editor/_quiz_questions.html",
        {"activity": activity, "questions": _quiz_questions(activity.quiz), "can_edit": can_edit},
    )


def _quiz_url(activity: Activity, anchor: str = "") -> str:
    return reverse("quiz_edit", args=[activity.pk]) + (f"#{anchor}" if anchor else "")


@login_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    """The quiz's questions (reorder, edit, remove), its settings, and the ways to add
    questions: write one, take one from the bank, import a file."""
    write = request.method == "POST"
    activity = access_quiz_activity(request.user, activity_id, write=write)
    quiz = quiz_of(activity)
    course = activity.session.cohort.course
    source = request.POST.get("source") if write else None
    new_form: QuestionEditorForm = SingleChoiceForm(
        request.POST if source == "new" else None, objectives=course.objectives.all()
    )
    settings_form = QuizSettingsForm(request.POST if source == "settings" else None, instance=quiz)
    in_quiz = QuizItem.objects.filter(quiz=quiz).values("question_id")
    bank_form = BankQuestionForm(
        request.POST if source == "library" else None,
        questions=bank_questions(course.organization_id).exclude(pk__in=in_quiz),
    )
    if source == "settings" and settings_form.is_valid():
        update_quiz_settings(
            quiz=quiz, **{name: settings_form.cleaned_data[name] for name in settings_form.fields}
        )
        messages.success(request, _("Quiz settings saved."))
        return HttpResponseRedirect(_quiz_url(activity, "settings"))
    if source == "new" and new_form.rows_changed:
        new_form = new_form.unbound_copy()
    elif source == "new" and new_form.is_valid():
        write_question(
            organization=course.organization,
            neutral=new_form.cleaned_data["neutral"],
            objective=new_form.cleaned_data.get("objective"),
            difficulty=new_form.cleaned_data.get("difficulty"),
            quiz=quiz,
        )
        messages.success(request, _("Question added."))
        return HttpResponseRedirect(_quiz_url(activity, "add-question"))
    if source == "library" and bank_form.is_valid():
        add_question_to_quiz(quiz=quiz, question=bank_form.cleaned_data["question"])
        messages.success(request, _("Question added."))
        return HttpResponseRedirect(safe_next(request, _quiz_url(activity, "questions")))
    if write and source not in ("new", "settings", "library"):
        raise BadRequest("Unknown form.")
    can_edit = can_edit_course(request.user, course)
    return render(
        request,
        "quizzes/editor/quiz_edit.html",
        {
            "activity": activity,
            "session": activity.session,
            "course": course,
            "quiz": quiz,
            "questions": _quiz_questions(quiz),
            "settings_form": settings_form,
            "bank_form": bank_form,
            "new_form": new_form,
            "types": type_links(reverse("quiz_question_new", args=[activity.pk]), {}),
            "can_edit": can_edit,
            "quiz_shared": Activity.objects.filter(quiz=quiz).count() > 1,
            "bank_url": bank_url(course.organization, quiz=activity.pk),
            "import_url": reverse("bank_import")
            + "?"
            + urlencode({"org": course.organization_id, "quiz": activity.pk}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_question_new(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    course = activity.session.cohort.course
    return question_editor(
        request,
        organization=course.organization,
        objectives=course.objectives.all(),
        question=None,
        kind=requested_type(request),
        done_url=_quiz_url(activity, "questions"),
        activity=activity,
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiz_question_edit(
    request: AuthenticatedHttpRequest, activity_id: int, question_id: int
) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    question = access_quiz_question(activity, question_id)
    course = activity.session.cohort.course
    return question_editor(
        request,
        organization=course.organization,
        objectives=org_objectives(course.organization),
        question=question,
        kind=None,
        done_url=_quiz_url(activity, "questions"),
        activity=activity,
    )


@login_required
@require_POST
def quiz_question_remove(
    request: AuthenticatedHttpRequest, activity_id: int, question_id: int
) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    question = access_quiz_question(activity, question_id)
    remove_question_from_quiz(quiz=quiz_of(activity), question=question)
    if request.htmx:
        return _render_questions(request, activity, True)
    messages.success(request, _("Question removed from the quiz. It stays in the bank."))
    return HttpResponseRedirect(_quiz_url(activity, "questions"))


@login_required
@require_POST
def quiz_question_move(
    request: AuthenticatedHttpRequest, activity_id: int, question_id: int
) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    question = access_quiz_question(activity, question_id)
    offsets = {"up": -1, "down": 1}
    direction = request.POST.get("direction")
    if direction not in offsets:
        raise BadRequest("direction must be up or down")
    move_quiz_question(quiz=quiz_of(activity), question=question, offset=offsets[direction])
    if request.htmx:
        return _render_questions(request, activity, True)
    return HttpResponseRedirect(_quiz_url(activity, "questions"))
