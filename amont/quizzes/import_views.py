"""The bank's import: step 1 (upload or paste) shows the report, question by question,
without writing anything; step 2 (confirm) imports, all or nothing, straight into a
quiz when `?quiz=` names one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from amont.accounts.http import AuthenticatedHttpRequest
from amont.quizzes.access import access_bank, access_bank_quiz
from amont.quizzes.bank_forms import ImportForm
from amont.quizzes.editor_common import bank_url, org_objectives
from amont.quizzes.formats import FormatError
from amont.quizzes.imports import (
    ImportRefused,
    discard_staged_import,
    import_problems,
    import_questions,
    stage_import,
    staged_import,
)
from amont.quizzes.models import QuestionType
from amont.quizzes.preview import excerpt
from amont.quizzes.source_formats import IMPORT_FORMATS, parse_source


def _report(result) -> list[dict]:
    """One row per question of the file, by line: imported or not, and why."""
    labels = dict(QuestionType.choices)
    rows = []
    for question in result["questions"]:
        problems = [p["message"] for p in import_problems({"questions": [question], "errors": []})]
        rows.append(
            {
                "line": question.get("line") or 0,
                "type": labels.get(question.get("type"), question.get("type")),
                "title": excerpt(question, 100),
                "problems": problems,
                "warnings": [str(w) for w in question.get("warnings") or []],
            }
        )
    for error in result["errors"]:
        rows.append(
            {
                "line": error.get("line") or 0,
                "type": "",
                "title": "",
                "problems": [error["message"]],
                "warnings": [],
            }
        )
    return sorted(rows, key=lambda row: row["line"])


def _import_context(request, organization, activity, form) -> dict:
    return {
        "organization": organization,
        "activity": activity,
        "session": activity.session if activity else None,
        "course": activity.session.cohort.course if activity else None,
        "form": form,
        "bank_url": bank_url(organization),
        "formats": IMPORT_FORMATS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def bank_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (upload or paste): the report, question by question, without writing
    anything. Step 2 (confirm, with the token of the file staged in the database): the
    import, all or nothing."""
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    activity = access_bank_quiz(request.user, request.GET.get("quiz", ""), organization)
    objectives = org_objectives(organization)
    # Pasted text beyond DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB) is refused by Django with a
    # 400 before this view runs; files are checked by the form.
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if data is not None and data.get("step") == "confirm":
        return _confirm_import(request, organization, activity, data.get("token", ""))
    form = ImportForm(data, files, objectives=objectives)
    context = _import_context(request, organization, activity, form)
    if data is not None and form.is_valid():
        try:
            fmt, result = parse_source(form.cleaned_data["data"], form.cleaned_data["format"])
        except FormatError as error:
            context["file_error"] = str(error)
            return render(request, "quizzes/bank_import.html", context, status=200)
        problems = import_problems(result)
        context.update(
            report=_report(result),
            format_label=IMPORT_FORMATS[fmt],
            question_count=len(result["questions"]),
            error_count=len(problems),
        )
        if not problems:
            objective = form.cleaned_data.get("objective")
            context["token"] = stage_import(
                organization=organization,
                user=request.user,
                data=form.cleaned_data["data"],
                record={
                    "quiz": activity.pk if activity else None,
                    "format": fmt,
                    "objective": objective.pk if objective else None,
                },
            )
    return render(request, "quizzes/bank_import.html", context)


def _confirm_import(request, organization, activity, token: str) -> HttpResponse:
    staging = staged_import(request.user, token)
    if staging is None:
        messages.error(request, _("This import has expired. Upload the file again."))
        return HttpResponseRedirect(request.get_full_path())
    # A BinaryField reads as memoryview on PostgreSQL.
    record, data = staging.record, bytes(staging.data)
    if staging.organization_id != organization.pk or record["quiz"] != (
        activity.pk if activity else None
    ):
        raise Http404
    objective = org_objectives(organization).filter(pk=record["objective"]).first()
    context = _import_context(
        request, organization, activity, ImportForm(objectives=org_objectives(organization))
    )
    try:
        _fmt, result = parse_source(data, record["format"])
        questions = import_questions(
            organization=organization,
            result=result,
            objective=objective,
            quiz=activity.quiz if activity else None,
            uploaded_by=request.user,
        )
    except FormatError as error:
        context["file_error"] = str(error)
        return render(request, "quizzes/bank_import.html", context)
    except ImportRefused as refused:
        context.update(report=_report(result), error_count=len(refused.problems))
        return render(request, "quizzes/bank_import.html", context)
    discard_staged_import(user=request.user, token=token)
    count = len(questions)
    messages.success(
        request,
        ngettext("%(count)d question imported.", "%(count)d questions imported.", count)
        % {"count": count},
    )
    if activity is not None:
        return HttpResponseRedirect(reverse("quiz_edit", args=[activity.pk]) + "#questions")
    return HttpResponseRedirect(bank_url(organization))
