"""The trainer's question bank: the list with its filters, a new question, a new version
of one, and the live preview of the question being written.

The bank belongs to an organization: its trainers read and write it, its program
managers only read it (403 on changes), everybody else gets 404 (`quizzes/access.py`)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import Organization
from amont.courses.access import staff_organizations
from amont.courses.models import Activity
from amont.quizzes.access import access_bank, access_bank_quiz, access_question
from amont.quizzes.bank_forms import BankFilterForm
from amont.quizzes.editor_common import bank_url, org_objectives
from amont.quizzes.editor_forms import QuestionEditorForm
from amont.quizzes.models import Question, QuestionVersion, QuizItem, Response
from amont.quizzes.preview import excerpt, preview_question
from amont.quizzes.question_editor import question_editor, requested_type
from amont.quizzes.source_formats import EXPORT_FORMATS
from amont.quizzes.types import QUESTION_TYPES, question_type

PAGE_SIZE = 20


def _text_format(request: AuthenticatedHttpRequest) -> str:
    value = request.GET.get("format", "markdown")
    return value if value in ("markdown", "html", "plain") else "markdown"


@login_required
@require_POST
def question_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The question being written, as a learner will see it, with its answer key and
    what still needs fixing. HTMX gets the partial; a plain POST a page."""
    access_bank(request.user, request.GET.get("org", ""), write=True)
    kind = requested_type(request) or request.POST.get("type", "")
    if kind not in QUESTION_TYPES:
        raise BadRequest("Unknown question type.")
    form_class = question_type(kind).editor_form
    form: QuestionEditorForm = form_class(request.POST, text_format=_text_format(request))
    form.is_valid()
    context = {"preview": preview_question(form.neutral), "problems": form.problems()}
    if request.htmx:
        return render(request, "quizzes/editor/_preview.html", context)
    return render(request, "quizzes/editor/preview.html", context)


def _latest(field: str):
    latest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number")
    return Subquery(latest.values(field)[:1])


def _bank_page(organization: Organization, filters: BankFilterForm, page: str | None):
    questions = (
        Question.objects.filter(organization=organization)
        .annotate(
            latest_id=_latest("pk"),
            latest_type=_latest("type"),
            latest_text=_latest("text"),
            latest_title=_latest("title"),
        )
        .select_related("objective")
        .order_by("-created_at", "-pk")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["type"]:
            questions = questions.filter(latest_type=data["type"])
        if data["objective"] is not None:
            questions = questions.filter(objective=data["objective"])
        if data["difficulty"] is not None:
            questions = questions.filter(difficulty=data["difficulty"])
        if data["q"].strip():
            words = data["q"].strip()
            questions = questions.filter(
                Q(latest_text__icontains=words) | Q(latest_title__icontains=words)
            )
    page_obj = Paginator(questions, PAGE_SIZE).get_page(page)
    # Annotated questions, given below what the bank's rows show.
    rows: list[Any] = list(page_obj.object_list)
    ids = [question.pk for question in rows]
    versions = QuestionVersion.objects.in_bulk([question.latest_id for question in rows])
    answered = dict(
        Response.objects.filter(question_version__question_id__in=ids)
        .values_list("question_version__question_id")
        .annotate(count=Count("pk"))
        .values_list("question_version__question_id", "count")
    )
    quizzes: dict[int, list] = {}
    for item in QuizItem.objects.filter(question_id__in=ids).select_related("quiz").order_by("pk"):
        quizzes.setdefault(item.question_id, []).append(item.quiz)
    votes = dict(
        Activity.objects.filter(question_id__in=ids)
        .values_list("question_id")
        .annotate(count=Count("pk"))
        .values_list("question_id", "count")
    )
    for question in rows:
        version = versions.get(question.latest_id)
        neutral = version.as_neutral() if version else {"type": question.latest_type}
        question.version = version
        question.summary = excerpt(neutral)
        question.used_in = quizzes.get(question.pk, [])
        question.vote_count = votes.get(question.pk, 0)
        question.answer_count = answered.get(question.pk, 0)
    return page_obj, rows


@login_required
@require_GET
def bank(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = access_bank(request.user, request.GET.get("org", ""))
    objectives = org_objectives(organization)
    filters = BankFilterForm(request.GET, objectives=objectives)
    page_obj, rows = _bank_page(organization, filters, request.GET.get("page"))
    activity = (
        access_bank_quiz(request.user, request.GET.get("quiz", ""), organization)
        if organization.can_edit
        else None
    )
    in_quiz = (
        set(QuizItem.objects.filter(quiz_id=activity.quiz_id).values_list("question_id", flat=True))
        if activity and activity.quiz_id is not None
        else set()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "quizzes/bank.html",
        {
            "organization": organization,
            "organizations": staff_organizations(request.user),
            "filters": filters,
            "page_obj": page_obj,
            "questions": rows,
            "activity": activity,
            "in_quiz": in_quiz,
            "query": query.urlencode(),
            "here": request.get_full_path(),
            "can_edit": organization.can_edit,
            "export_formats": EXPORT_FORMATS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_question_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    return question_editor(
        request,
        organization=organization,
        objectives=org_objectives(organization),
        question=None,
        kind=requested_type(request),
        done_url=bank_url(organization),
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_question_edit(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    question = access_question(request.user, question_id, write=True)
    organization = question.organization
    return question_editor(
        request,
        organization=organization,
        objectives=org_objectives(organization),
        question=question,
        kind=None,
        done_url=bank_url(organization),
    )
