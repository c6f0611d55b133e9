"""Importing parsed questions into an organization's bank: all or nothing.

The parsers (`amont.quizzes.formats`) turn a file into neutral questions and per-question
errors; `import_problems` adds what `grading.check_question` finds in the questions that
did parse, and the images they carry that the bank would refuse (checked by content, as
the trainer's upload is); `import_questions` writes them in one transaction, images
included, or refuses the whole file.

Images go the other way too: `attach_bank_images` gives the questions of an export the
bytes of the bank images their texts show (`/bank/images/<id>/`), for the QTI package.

Between the preview and the confirmation the file waits in the database (`stage_import`,
`staged_import`, `discard_staged_import`), so the two requests may reach different
processes or hosts.
"""

import hashlib
import io
import secrets
import urllib.parse
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from amont.accounts.models import Organization, User
from amont.lib.sniff import UploadRejected, check_upload, sniff
from amont.quizzes.actions import add_question_to_quiz, create_question
from amont.quizzes.formats import (
    MAX_ATTACHMENT_BYTES,
    MAX_BYTES,
    NeutralQuestion,
    ParseError,
    ParseResult,
)
from amont.quizzes.formats.images import (
    IMAGE_EXTENSIONS,
    attachment_name,
    attachments_of,
    image_urls,
    replace_image_urls,
)
from amont.quizzes.models import ImportStaging, Question, QuestionImage, Quiz
from amont.quizzes.sanitise import canonical_question
from amont.quizzes.scoring import check_question

# The rules of the trainer's upload (image_views.question_image_upload).
IMAGE_TYPES = frozenset(IMAGE_EXTENSIONS)
IMAGE_MAX_BYTES = MAX_ATTACHMENT_BYTES
# A staged file waits at most this long for its confirmation, and a user keeps at most
# this many staged files (the oldest go first).
STAGING_TTL = timedelta(hours=1)
MAX_STAGED_PER_USER = 5


class ImportRefused(Exception):
    """The file has errors: nothing was imported. `problems` holds them with their line."""

    def __init__(self, problems: list[ParseError]) -> None:
        super().__init__("; ".join(f"{p['line']}: {p['message']}" for p in problems[:5]))
        self.problems = problems


def image_problems(question: NeutralQuestion) -> list[str]:
    """The images a parsed question carries that the bank refuses: not a PNG, JPEG, WebP
    or GIF by their content (a PDF or a program named .png), empty, or too big."""
    problems = []
    checked: set[str] = set()
    for url, data in attachments_of(question).items():
        digest = hashlib.sha256(data).hexdigest()
        if digest in checked:
            continue
        checked.add(digest)
        try:
            check_upload(io.BytesIO(data), allowed=IMAGE_TYPES, max_bytes=IMAGE_MAX_BYTES)
        except UploadRejected as rejected:
            problems.append(
                _("The image “%(name)s” cannot be imported. %(reason)s")
                % {"name": attachment_name(url)[:80], "reason": rejected.message}
            )
    return problems


def question_problems(question: NeutralQuestion) -> list[ParseError]:
    """What prevents one parsed question from being imported, with its line."""
    line = question.get("line", 0) if isinstance(question, dict) else 0
    line = line if isinstance(line, int) else 0
    messages = check_question(question)
    if isinstance(question, dict):
        messages += image_problems(question)
    return [{"line": line, "message": message} for message in messages]


def import_problems(result: ParseResult) -> list[ParseError]:
    """Every reason to refuse the file: the parser's errors and the questions that
    cannot be shown or graded, sorted by line."""
    problems = [e for e in result.get("errors") or [] if not e.get("skipped")]
    for question in result.get("questions") or []:
        problems += question_problems(question)
    if not problems and not result.get("questions"):
        problems.append({"line": 0, "message": _("The file holds no question.")})
    return sorted(problems, key=lambda problem: problem.get("line") or 0)


def store_question_image(
    *, organization: Organization, file, detected: str, uploaded_by: User | None, alt: str = ""
) -> QuestionImage:
    """A bank image from a file already checked (`detected`: its sniffed type), stored
    under a random name, never the name the file gave. Used by the upload and imports."""
    image = QuestionImage(
        organization=organization, content_type=detected, alt=alt, uploaded_by=uploaded_by
    )
    file.seek(0)
    image.file.save(secrets.token_hex(16) + IMAGE_EXTENSIONS[detected], file, save=False)
    image.save()
    return image


def _store_image(
    *, organization: Organization, data: bytes, uploaded_by: User | None
) -> QuestionImage:
    return store_question_image(
        organization=organization,
        file=ContentFile(data),
        detected=sniff(data[:65536]) or "",
        uploaded_by=uploaded_by,
    )


@transaction.atomic
def import_questions(
    *,
    organization: Organization,
    result: ParseResult,
    objective=None,
    quiz: Quiz | None = None,
    uploaded_by: User | None = None,
) -> list[Question]:
    """Write every question of a parse result into the organization's bank (and append
    them to `quiz` when given), in one transaction. The images the questions carry become
    QuestionImages (one per content, however many questions show it) and the texts point
    at /bank/images/<id>/. Raises ImportRefused, having written nothing, when the file has
    any error, any question fails check_question or any image is refused."""
    problems = import_problems(result)
    if problems:
        raise ImportRefused(problems)
    if quiz is not None and quiz.organization_id != organization.pk:
        raise ValueError("The quiz belongs to another organization.")
    questions = []
    stored: dict[str, QuestionImage] = {}  # by the SHA-256 of their bytes
    try:
        for neutral in result["questions"]:
            urls = {}
            for url, data in attachments_of(neutral).items():
                digest = hashlib.sha256(data).hexdigest()
                if digest not in stored:
                    stored[digest] = _store_image(
                        organization=organization, data=bytes(data), uploaded_by=uploaded_by
                    )
                urls[url] = reverse("question_image", args=[stored[digest].pk])
            neutral = replace_image_urls(neutral, urls) if urls else neutral
            neutral = {key: value for key, value in neutral.items() if key != "attachments"}
            question = create_question(
                organization=organization,
                neutral=canonical_question(neutral),
                objective=objective,
            )
            if quiz is not None:
                add_question_to_quiz(quiz=quiz, question=question)
            questions.append(question)
    except BaseException:
        # The rows go with the transaction; the files would stay behind.
        for image in stored.values():
            image.file.delete(save=False)
        raise
    return questions


# Images of the bank in exports ------------------------------------------------------------


def bank_image_ids(question: NeutralQuestion) -> dict[str, int]:
    """The images of the bank a question's texts show: URL → QuestionImage id."""
    found = {}
    for url in image_urls(question):
        try:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or parts.netloc:  # another site's /bank/images/ is not ours
                continue
            match = resolve(parts.path)
        except (Resolver404, ValueError):
            continue
        if match.url_name == "question_image":
            found[url] = match.kwargs["image_id"]
    return found


def attach_bank_images(
    *, organization: Organization, questions: list[NeutralQuestion]
) -> list[NeutralQuestion]:
    """The questions, those showing images of the organization's bank given their bytes
    as "attachments" (for writers that carry files: QTI). An image of another organization
    or whose file is gone is left as a link."""
    wanted = {number: bank_image_ids(question) for number, question in enumerate(questions)}
    ids = {image_id for found in wanted.values() for image_id in found.values()}
    if not ids:
        return questions
    contents: dict[int, bytes] = {}
    for image in QuestionImage.objects.filter(organization=organization, pk__in=ids):
        try:
            with image.file.open("rb") as stored:
                contents[image.pk] = stored.read()
        except (OSError, ValueError):
            continue
    attached = []
    for number, question in enumerate(questions):
        files = {url: contents[pk] for url, pk in wanted[number].items() if pk in contents}
        attached.append({**question, "attachments": files} if files else question)
    return attached


def gift_image_note(questions: list[NeutralQuestion]) -> str:
    """A line for GIFT exports of questions showing images of the bank ("" when none
    does): GIFT cannot carry files, so the texts keep their links."""
    if not any(bank_image_ids(question) for question in questions):
        return ""
    return _(
        "Some questions show images of the Amont bank (/bank/images/…). GIFT cannot carry "
        "files: their links work only for members of the organization. Export QTI 2.1 to "
        "keep the images."
    )


# Staging between the preview and the confirmation -----------------------------------


@transaction.atomic
def stage_import(*, organization: Organization, user: User, data: bytes, record: dict) -> str:
    """Keep the previewed bytes until `user` confirms the import; returns the token the
    confirmation sends. Expired rows (everybody's) and the user's oldest beyond
    MAX_STAGED_PER_USER are deleted on the way. `record` must be JSON (quiz, format,
    objective); the digest of `data` is added, so the confirmation re-reads exactly what
    was previewed."""
    if len(data) > MAX_BYTES:
        raise ValueError("A staged import holds at most MAX_BYTES.")
    ImportStaging.objects.filter(created_at__lt=timezone.now() - STAGING_TTL).delete()
    kept = ImportStaging.objects.filter(user=user).order_by("-created_at", "-pk")
    old = list(kept.values_list("pk", flat=True)[MAX_STAGED_PER_USER - 1 :])
    if old:
        ImportStaging.objects.filter(pk__in=old).delete()
    token = secrets.token_urlsafe(24)
    ImportStaging.objects.create(
        token=token,
        organization=organization,
        user=user,
        data=data,
        record={**record, "sha256": hashlib.sha256(data).hexdigest()},
    )
    return token


def staged_import(user: User, token: str) -> ImportStaging | None:
    """The user's staged file of this token, or None when it is not theirs, has expired or
    no longer matches its digest."""
    staging = ImportStaging.objects.filter(
        token=token[:64], user=user, created_at__gte=timezone.now() - STAGING_TTL
    ).first()
    if staging is None:
        return None
    staging.data = bytes(staging.data)
    if hashlib.sha256(staging.data).hexdigest() != staging.record.get("sha256"):
        return None
    return staging


@transaction.atomic
def discard_staged_import(*, user: User, token: str) -> None:
    """Forget the user's staged file of this token (after its import)."""
    ImportStaging.objects.filter(token=token[:64], user=user).delete()
