"""The trainer's question bank, question editor, import and export, and the quiz editor.

The bank belongs to an organization: its trainers read and write it, its program
managers only read it (403 on changes), everybody else gets 404. A quiz is edited
through its activity, with the course's access rules (`quizzes/access.py`)."""

import contextlib
import hashlib
import secrets
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST, require_safe

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import Organization
from amont.courses.access import (
    can_edit_course,
    staff_organizations,
)
from amont.quizzes.activity_forms import BankQuestionForm, bank_questions
from amont.courses.models import Activity, Objective
from amont.lib.ranges import ranged_file_response
from amont.lib.sniff import (
    UploadRejected,
    check_upload,
)
from amont.quizzes import bank as bank_helpers
from amont.quizzes import imports
from amont.quizzes.access import (
    access_bank,
    access_bank_quiz,
    access_question,
    access_question_image,
    access_quiz_activity,
    access_quiz_question,
)
from amont.quizzes.actions import add_question_to_quiz, quiz_versions, remove_question_from_quiz
from amont.quizzes.editor_actions import (
    move_quiz_question,
    revise_question,
    update_quiz_settings,
    write_question,
)
from amont.quizzes.editor_forms import (
    EDITOR_FORMS,
    BankFilterForm,
    ImportForm,
    QuestionEditorForm,
    QuizSettingsForm,
    SingleChoiceForm,
)
from amont.quizzes.formats import FormatError, NeutralQuestion
from amont.quizzes.imports import (
    ImportRefused,
    attach_bank_images,
    gift_image_note,
    import_problems,
    import_questions,
)
from amont.quizzes.models import (
    Question,
    QuestionType,
    QuestionVersion,
    QuizItem,
    Response,
)

PAGE_SIZE = 20
# Uploaded files wait here between the import's preview and its confirmation.
IMPORT_DIR = Path(tempfile.gettempdir()) / "amont-imports"
IMPORT_TTL = 3600  # seconds
_SESSION_IMPORTS = "question_imports"
_MAX_PENDING_IMPORTS = 5


def _org_objectives(organization: Organization) -> QuerySet[Objective]:
    return Objective.objects.filter(course__organization=organization).order_by(
        "course__title", "position", "pk"
    )


def _bank_url(organization: Organization | None = None, **params) -> str:
    query = {"org": organization.pk} if organization is not None else {}
    query.update((k, v) for k, v in params.items() if v not in (None, ""))
    url = reverse("bank")
    return f"{url}?{urlencode(query)}" if query else url


# Question editor (shared by the bank and the quiz editor) --------------------------------


def _question_type(request: AuthenticatedHttpRequest) -> str | None:
    kind = request.GET.get("type", "")
    if kind and kind not in EDITOR_FORMS:
        raise Http404
    return kind or None


def _text_format(request: AuthenticatedHttpRequest) -> str:
    value = request.GET.get("format", "markdown")
    return value if value in ("markdown", "html", "plain") else "markdown"


def _type_links(path: str, params: dict) -> list[dict]:
    """The type picker: one link per question type, keeping `params` (the organization)."""
    return [
        {
            "value": value,
            "label": label,
            "help": bank_helpers.TYPE_HELP[value],
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


def _editor(
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
        "types": _type_links(
            request.path, {"org": request.GET["org"]} if request.GET.get("org") else {}
        ),
    }
    if kind is None:
        return render(request, "quizzes/editor/question_type.html", context)
    form_class = EDITOR_FORMS[kind]
    text_format = version.text_format if version is not None else "markdown"
    initial = form_class.initial_from(version.as_neutral(), question) if version else {}
    preview = bank_helpers.preview(version.as_neutral()) if version else None
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
            preview, problems = bank_helpers.preview(form.neutral), form.problems()
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
    cleaned["neutral"] = bank_helpers.sanitise_question(cleaned["neutral"])  # HTML texts only
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


@login_required
@require_POST
def question_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The question being written, as a learner will see it, with its answer key and
    what still needs fixing. HTMX gets the partial; a plain POST a page."""
    access_bank(request.user, request.GET.get("org", ""), write=True)
    kind = _question_type(request) or request.POST.get("type", "")
    if kind not in EDITOR_FORMS:
        raise BadRequest("Unknown question type.")
    form: QuestionEditorForm = EDITOR_FORMS[kind](request.POST, text_format=_text_format(request))
    form.is_valid()
    context = {"preview": bank_helpers.preview(form.neutral), "problems": form.problems()}
    if request.htmx:
        return render(request, "quizzes/editor/_preview.html", context)
    return render(request, "quizzes/editor/preview.html", context)


# Bank ---------------------------------------------------------------------------------


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
    rows = list(page_obj.object_list)
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
        question.summary = bank_helpers.excerpt(neutral)
        question.used_in = quizzes.get(question.pk, [])
        question.vote_count = votes.get(question.pk, 0)
        question.answer_count = answered.get(question.pk, 0)
    return page_obj, rows


@login_required
@require_GET
def bank(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = access_bank(request.user, request.GET.get("org", ""))
    objectives = _org_objectives(organization)
    filters = BankFilterForm(request.GET, objectives=objectives)
    page_obj, rows = _bank_page(organization, filters, request.GET.get("page"))
    activity = (
        access_bank_quiz(request.user, request.GET.get("quiz", ""), organization)
        if organization.can_edit
        else None
    )
    in_quiz = (
        set(QuizItem.objects.filter(quiz_id=activity.quiz_id).values_list("question_id", flat=True))
        if activity
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
            "export_formats": bank_helpers.EXPORT_FORMATS,
        },
    )


@login_required
def bank_question_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    return _editor(
        request,
        organization=organization,
        objectives=_org_objectives(organization),
        question=None,
        kind=_question_type(request),
        done_url=_bank_url(organization),
    )


@login_required
def bank_question_edit(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    question = access_question(request.user, question_id, write=True)
    organization = question.organization
    return _editor(
        request,
        organization=organization,
        objectives=_org_objectives(organization),
        question=question,
        kind=None,
        done_url=_bank_url(organization),
    )


# Export ---------------------------------------------------------------------------------


def _export_questions(
    organization: Organization, ids: list[str]
) -> list[tuple[Question, NeutralQuestion]]:
    questions = Question.objects.filter(organization=organization).order_by("created_at", "pk")
    if ids:
        questions = questions.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    questions = list(questions)
    latest: dict[int, QuestionVersion] = {}
    for version in QuestionVersion.objects.filter(question__in=questions).order_by("number"):
        latest[version.question_id] = version
    exported = []
    for question in questions:
        version = latest.get(question.pk)
        if version is None:
            continue
        neutral = version.as_neutral()
        neutral["category"] = question.category
        neutral["tags"] = list(question.tags)
        exported.append((question, neutral))
    return exported


def _write(fmt: str, neutrals: list[NeutralQuestion]) -> tuple[bytes, list[NeutralQuestion]]:
    if fmt == "gift":
        from amont.quizzes.formats.gift import write_gift

        text, skipped = write_gift(neutrals)
        # GIFT cannot carry files: the texts keep their /bank/images/ links, and say so.
        note = gift_image_note([q for q in neutrals if not any(q is s for s in skipped)])
        if note and text:
            text = f"// {note}\n\n{text}"
        return text.encode("utf-8"), skipped
    from amont.quizzes.formats.qti import write_qti

    return write_qti(neutrals, labels=(_("True"), _("False")))


def _skipped_rows(pairs, skipped: list[NeutralQuestion]) -> list[dict]:
    rows = []
    for neutral in skipped:
        question = next((q for q, n in pairs if n is neutral), None)
        if question is None:  # writers may return copies carrying a warning
            question = next((q for q, n in pairs if n.get("text") == neutral.get("text")), None)
        warnings = (
            [str(w) for w in neutral.get("warnings") or []] if isinstance(neutral, dict) else []
        )
        rows.append(
            {
                "question": question,
                "summary": bank_helpers.excerpt(neutral if isinstance(neutral, dict) else {}),
                "reasons": warnings or [_("This format cannot express this kind of question.")],
            }
        )
    return rows


@login_required
@require_GET
def bank_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET ?format=gift|qti&question=…: which questions the format can carry and which
    it skips; with &download=1, the file itself (every question of the bank when none
    is ticked)."""
    organization = access_bank(request.user, request.GET.get("org", ""))
    fmt = request.GET.get("format", "gift")
    if fmt not in bank_helpers.EXPORT_FORMATS:
        raise BadRequest("Unknown export format.")
    ids = request.GET.getlist("question")
    pairs = _export_questions(organization, ids)
    neutrals = [neutral for _question, neutral in pairs]
    if fmt == "qti" and request.GET.get("download"):
        # The package carries the images the questions show.
        neutrals = attach_bank_images(organization=organization, questions=neutrals)
    data, skipped = _write(fmt, neutrals)
    if fmt == "gift" and not request.GET.get("download"):
        note = gift_image_note(neutrals)
        if note:
            messages.warning(request, note)
    if request.GET.get("download"):
        if fmt == "gift":
            response = HttpResponse(data, content_type="text/plain; charset=utf-8")
            name = "questions.gift.txt"
        else:
            response = HttpResponse(data, content_type="application/zip")
            name = "questions-qti21.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query["download"] = "1"
    return render(
        request,
        "quizzes/bank_export.html",
        {
            "organization": organization,
            "format_label": bank_helpers.EXPORT_FORMATS[fmt],
            "count": len(pairs) - len(skipped),
            "total": len(pairs),
            "skipped": _skipped_rows(pairs, skipped),
            "download_url": f"{reverse('bank_export')}?{query.urlencode()}",
            "bank_url": _bank_url(organization),
        },
    )


# Import ---------------------------------------------------------------------------------


def _clean_import_dir() -> None:
    if not IMPORT_DIR.is_dir():
        return
    limit = time.time() - IMPORT_TTL
    for path in IMPORT_DIR.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _stash(request, data: bytes, record: dict) -> str:
    """Keep the uploaded bytes on the server until the trainer confirms the import; the
    session holds the token and the file's digest, so the confirmation re-reads exactly
    what was previewed."""
    _clean_import_dir()
    IMPORT_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    (IMPORT_DIR / token).write_bytes(data)
    pending = dict(request.session.get(_SESSION_IMPORTS, {}))
    for old in list(pending)[: max(0, len(pending) - _MAX_PENDING_IMPORTS + 1)]:
        _discard(request, old, pending)
    pending[token] = {**record, "sha256": hashlib.sha256(data).hexdigest(), "at": time.time()}
    request.session[_SESSION_IMPORTS] = pending
    return token


def _unstash(request, token: str) -> tuple[dict, bytes] | None:
    record = request.session.get(_SESSION_IMPORTS, {}).get(token)
    if record is None or not token.replace("-", "").replace("_", "").isalnum():
        return None
    try:
        data = (IMPORT_DIR / token).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        return None
    return record, data


def _discard(request, token: str, pending: dict | None = None) -> None:
    own = pending is None
    pending = dict(request.session.get(_SESSION_IMPORTS, {})) if own else pending
    pending.pop(token, None)
    if own:
        request.session[_SESSION_IMPORTS] = pending
    with contextlib.suppress(OSError):
        (IMPORT_DIR / Path(token).name).unlink()


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
                "title": bank_helpers.excerpt(question, 100),
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
        "bank_url": _bank_url(organization),
        "formats": bank_helpers.IMPORT_FORMATS,
    }


@login_required
def bank_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (upload or paste): the report, question by question, without writing
    anything. Step 2 (confirm, with the token of the file kept on the server): the
    import, all or nothing."""
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    activity = access_bank_quiz(request.user, request.GET.get("quiz", ""), organization)
    objectives = _org_objectives(organization)
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
            fmt, result = bank_helpers.parse_source(
                form.cleaned_data["data"], form.cleaned_data["format"]
            )
        except FormatError as error:
            context["file_error"] = str(error)
            return render(request, "quizzes/bank_import.html", context, status=200)
        problems = import_problems(result)
        context.update(
            report=_report(result),
            format_label=bank_helpers.IMPORT_FORMATS[fmt],
            question_count=len(result["questions"]),
            error_count=len(problems),
        )
        if not problems:
            objective = form.cleaned_data.get("objective")
            context["token"] = _stash(
                request,
                form.cleaned_data["data"],
                {
                    "org": organization.pk,
                    "quiz": activity.pk if activity else None,
                    "format": fmt,
                    "objective": objective.pk if objective else None,
                },
            )
    return render(request, "quizzes/bank_import.html", context)


def _confirm_import(request, organization, activity, token: str) -> HttpResponse:
    stashed = _unstash(request, token)
    if stashed is None:
        messages.error(request, _("This import has expired. Upload the file again."))
        return HttpResponseRedirect(request.get_full_path())
    record, data = stashed
    if record["org"] != organization.pk or record["quiz"] != (activity.pk if activity else None):
        raise Http404
    objective = _org_objectives(organization).filter(pk=record["objective"]).first()
    context = _import_context(
        request, organization, activity, ImportForm(objectives=_org_objectives(organization))
    )
    try:
        _fmt, result = bank_helpers.parse_source(data, record["format"])
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
    _discard(request, token)
    count = len(questions)
    messages.success(
        request,
        ngettext("%(count)d question imported.", "%(count)d questions imported.", count)
        % {"count": count},
    )
    if activity is not None:
        return HttpResponseRedirect(reverse("quiz_edit", args=[activity.pk]) + "#questions")
    return HttpResponseRedirect(_bank_url(organization))


# Quiz editor ------------------------------------------------------------------------------


def _quiz_questions(quiz) -> list[dict]:
    return [
        {"version": version, "view": bank_helpers.preview(version.as_neutral())}
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


def _safe_next(request, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


@login_required
def quiz_edit(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    """The quiz's questions (reorder, edit, remove), its settings, and the ways to add
    questions: write one, take one from the bank, import a file."""
    write = request.method == "POST"
    activity = access_quiz_activity(request.user, activity_id, write=write)
    quiz = activity.quiz
    course = activity.session.cohort.course
    source = request.POST.get("source") if write else None
    new_form = SingleChoiceForm(
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
        return HttpResponseRedirect(_safe_next(request, _quiz_url(activity, "questions")))
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
            "types": _type_links(reverse("quiz_question_new", args=[activity.pk]), {}),
            "can_edit": can_edit,
            "quiz_shared": Activity.objects.filter(quiz=quiz).count() > 1,
            "bank_url": _bank_url(course.organization, quiz=activity.pk),
            "import_url": reverse("bank_import")
            + "?"
            + urlencode({"org": course.organization_id, "quiz": activity.pk}),
        },
    )


@login_required
def quiz_question_new(request: AuthenticatedHttpRequest, activity_id: int) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    course = activity.session.cohort.course
    return _editor(
        request,
        organization=course.organization,
        objectives=course.objectives.all(),
        question=None,
        kind=_question_type(request),
        done_url=_quiz_url(activity, "questions"),
        activity=activity,
    )


@login_required
def quiz_question_edit(
    request: AuthenticatedHttpRequest, activity_id: int, question_id: int
) -> HttpResponse:
    activity = access_quiz_activity(request.user, activity_id, write=True)
    question = access_quiz_question(activity, question_id)
    course = activity.session.cohort.course
    return _editor(
        request,
        organization=course.organization,
        objectives=_org_objectives(course.organization),
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
    remove_question_from_quiz(quiz=activity.quiz, question=question)
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
    move_quiz_question(quiz=activity.quiz, question=question, offset=offsets[direction])
    if request.htmx:
        return _render_questions(request, activity, True)
    return HttpResponseRedirect(_quiz_url(activity, "questions"))


# Images in question texts ------------------------------------------------------------

# The same rules as images inside imported files ("2 MB": decimal units).
IMAGE_MAX_BYTES = imports.IMAGE_MAX_BYTES
IMAGE_CACHE_CONTROL = "private, max-age=86400"


def _markdown_alt(alt: str) -> str:
    """The alternative text as Markdown image text: one line, brackets escaped."""
    alt = " ".join(alt.split())
    return alt.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _image_answer(request, *, snippet: str = "", error: str = "", fallback: str) -> HttpResponse:
    """HTMX gets a partial, a client asking for JSON gets JSON, a plain form a redirect
    back to the editor with the snippet (or the error) in a message."""
    if request.htmx:
        return render(
            request, "quizzes/editor/_image_snippet.html", {"snippet": snippet, "error": error}
        )
    if "application/json" in request.headers.get("Accept", ""):
        if error:
            return JsonResponse({"error": error}, status=400)
        return JsonResponse({"markdown": snippet})
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Image added. Copy this line into the question text: %(snippet)s")
            % {"snippet": snippet},
        )
    return HttpResponseRedirect(_safe_next(request, fallback))


@login_required
@require_POST
def question_image_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One image for question texts, checked by its content (PNG, JPEG, WebP, GIF; at
    most 2 MB), stored under a random name. Answers the Markdown that shows it."""
    organization = access_bank(request.user, request.GET.get("org", ""), write=True)
    fallback = _bank_url(organization)
    upload: UploadedFile | None = request.FILES.get("image")
    if upload is None:
        return _image_answer(request, error=_("Choose an image to upload."), fallback=fallback)
    try:
        detected = check_upload(upload, allowed=imports.IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)
    except UploadRejected as rejected:
        return _image_answer(request, error=rejected.message, fallback=fallback)
    alt = request.POST.get("alt", "").strip()[:200]
    image = imports.store_question_image(
        organization=organization, file=upload, detected=detected, uploaded_by=request.user,
        alt=alt,
    )  # fmt: skip
    url = reverse("question_image", args=[image.pk])
    return _image_answer(request, snippet=f"![{_markdown_alt(alt)}]({url})", fallback=fallback)


@login_required
@require_safe
def question_image(request: AuthenticatedHttpRequest, image_id: int) -> HttpResponseBase:
    """The bytes of an image, for every member of its organization (trainers, program
    managers, learners); 404 for everybody else."""
    image = access_question_image(request.user, image_id)
    response = ranged_file_response(request, image.file.path, content_type=image.content_type)
    response.headers["Cache-Control"] = IMAGE_CACHE_CONTROL
    return response
