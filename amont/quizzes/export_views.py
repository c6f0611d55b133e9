"""The bank's export: which questions a format can carry, then the file (GIFT text or
a QTI 2.1 package with its images)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amont.accounts.http import AuthenticatedHttpRequest
from amont.accounts.models import Organization
from amont.quizzes.access import access_bank
from amont.quizzes.editor_common import bank_url
from amont.quizzes.formats import NeutralQuestion
from amont.quizzes.imports import attach_bank_images, gift_image_note
from amont.quizzes.models import Question, QuestionVersion
from amont.quizzes.preview import excerpt
from amont.quizzes.source_formats import EXPORT_FORMATS


def _export_questions(
    organization: Organization, ids: list[str]
) -> list[tuple[Question, NeutralQuestion]]:
    questions = Question.objects.filter(organization=organization).order_by("created_at", "pk")
    if ids:
        questions = questions.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    selected = list(questions)
    latest: dict[int, QuestionVersion] = {}
    for row in QuestionVersion.objects.filter(question__in=selected).order_by("number"):
        latest[row.question_id] = row
    exported = []
    for question in selected:
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
                "summary": excerpt(neutral if isinstance(neutral, dict) else {}),
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
    if fmt not in EXPORT_FORMATS:
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
            "format_label": EXPORT_FORMATS[fmt],
            "count": len(pairs) - len(skipped),
            "total": len(pairs),
            "skipped": _skipped_rows(pairs, skipped),
            "download_url": f"{reverse('bank_export')}?{query.urlencode()}",
            "bank_url": bank_url(organization),
        },
    )
