"""A session's pre-class pack for offline reading and paper: one ZIP a learner downloads
before losing the network (train, weak connection, printing at home).

The pack holds `index.html` (the session, its objectives and the before-class activities
in order, with their due dates), one self-contained HTML page per activity that has
something to read, watch or write (article, resource, quiz on paper, "what was unclear?"),
the media files of the resources under `media/`, and a short README. Every page carries
its own small stylesheet and makes no request out of the pack: no script, no external
stylesheet, font or image. Images of Markdown texts (external or served by the
application behind a login) are replaced by their alternative text. The only addresses
out of the pack are explicit links a learner follows by choice ("watch online").

Choices:
- Quizzes are printed "on paper": questions and options with empty boxes or space to
  write, never the correct answers nor any feedback. Matching answers and ordering items
  are shuffled (with a seed fixed by the question) so their stored order gives nothing
  away. Answers still go through the online quiz page. `paper_question` is shared with
  the printable PDF (learner.paper).
- Activities locked by the required-quiz rule (`content.queries`) are included: the rule
  orders what a learner *submits* online; reading ahead on paper does no harm. The index
  says which quiz to submit first.
- Live votes and feedback surveys have nothing to read beforehand: the index lists them
  without a page.
- Media within a budget (`PACK_MAX_MEDIA_BYTES`, for all the pack's media files), chosen
  by usefulness per byte: posters first, then the audio (the "listen only" version of
  videos, audio resources), then documents, then the videos themselves, each in session
  order and each only if it still fits. A file left out is named on its page with the
  address to watch or open it online. Captions (small text) always go in: as a file next
  to the media, and inside the page as the `<track>` source (a `data:` address), because
  Chromium refuses to load a caption file from a `file://` page; the transcript is also
  written on the page.
- Media are stored as they are (ZIP_STORED: already compressed), texts are deflated. The
  pack is written into a file object (a temporary file in the view) entry by entry, so a
  pack of hundreds of megabytes never sits in memory.
- Fixed entry order (index, each page followed by its media, README) and fixed entry
  timestamps: two packs of the same content differ only by the "made on" date that the
  pages show, so a learner knows how fresh their copy is.
"""

import base64
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from amont.accounts.models import User
from amont.content.models import Resource, ResourceType
from amont.courses.models import Activity, Kind, Session
from amont.learner.plan import ActivityStatus, session_plan
from amont.lib.markdown import render_markdown, render_text
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER, gaps, items, lefts, rights, shuffled
from amont.quizzes.models import CHOICE_TYPES, QuestionVersion, Quiz

# Kinds that get a page of their own in the pack.
PAGE_KINDS = (Kind.ARTICLE, Kind.RESOURCE, Kind.QUIZ, Kind.UNCLEAR)
# Every ZIP entry carries this date: the pages say when the pack was made.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SLUG_MAX = 50
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
# The shuffle seed of matching and ordering questions on paper.
_PAPER_SEED = "paper"
_COPY_CHUNK = 1024 * 1024
# Media roles, in the order the budget serves them (see the module docstring).
POSTER, AUDIO, DOCUMENT, VIDEO = "poster", "audio", "document", "video"
_PRIORITY = (POSTER, AUDIO, DOCUMENT, VIDEO)
# The file a resource is about; a page without it says where to find it online.
_MAIN_ROLE = {ResourceType.VIDEO: VIDEO, ResourceType.AUDIO: AUDIO, ResourceType.DOCUMENT: DOCUMENT}


@dataclass
class PackMedia:
    """One media file of a resource page: where it is stored and where it goes."""

    role: str
    source: FieldFile
    size: int
    arcname: str
    mime: str = ""


@dataclass
class PackItem:
    status: ActivityStatus
    number: int
    filename: str | None  # None: nothing to read offline (live vote, feedback survey)
    resource: Resource | None = None
    media: dict[str, PackMedia] = field(default_factory=dict)  # role: file, if in the pack
    left_out: list[str] = field(default_factory=list)  # roles over the budget
    captions_name: str = ""

    @property
    def activity(self):
        return self.status.activity


def offline_html(html: str) -> SafeString:
    """Sanitised HTML without images: each becomes its alternative text, so the page
    makes no request (external images, or ones behind the application's login)."""

    def replace(match: re.Match) -> str:
        alt = _ALT.search(match[0])
        text = alt[1] if alt and alt[1].strip() else _("image")
        # The alt value is already escaped by the sanitiser.
        label = escape(_("[Image not included: %(alt)s]")) % {"alt": text}
        return f'<span class="image">{label}</span>'

    return mark_safe(_IMG.sub(replace, str(html)))


def activity_slug(activity: Activity) -> str:
    return slugify(activity.title)[:_SLUG_MAX].strip("-") or slugify(activity.kind)


def page_filename(number: int, activity) -> str:
    return f"{number:02d}-{activity_slug(activity)}.html"


def pack_filename(session: Session) -> str:
    slug = slugify(session.title)[:_SLUG_MAX].strip("-") or str(session.pk)
    return f"amont-{slug}.zip"


def activity_online_url(activity: Activity) -> str:
    """The absolute address of the learner's page of an activity, for paper and packs."""
    return settings.SITE_URL + reverse("learner_activity", args=[activity.pk])


def _data_url(captions: str) -> str:
    encoded = base64.b64encode(captions.encode("utf-8")).decode("ascii")
    return f"data:text/vtt;charset=utf-8;base64,{encoded}"


def paper_question(version: QuestionVersion, number: int) -> dict:
    """What a question shows on paper; never its answers nor its feedback. `text` stays in
    the question's format (`text_format`): the pack makes HTML of it, the PDF blocks."""
    question = {
        "number": number,
        "type": version.type,
        "title": version.title,
        "text": version.text,
        "text_format": version.text_format,
        "options": [],
        "lefts": [],
        "rights": [],
        "items": [],
        "gap_choices": [],
        "lines": 0,
    }
    if version.type == "true_false":
        question["options"] = [_("True"), _("False")]
    elif version.type in CHOICE_TYPES:
        question["options"] = [str(option.get("text", "")) for option in version.options]
    elif version.type == "matching":
        texts = rights(version)
        question["lefts"] = [left for _index, left in lefts(version)]
        question["rights"] = [texts[i] for i in shuffled(len(texts), _PAPER_SEED, version)]
    elif version.type == "ordering":
        texts = items(version)
        question["items"] = [texts[i] for i in shuffled(len(texts), _PAPER_SEED, version)]
    elif version.type == "cloze":
        for index, gap in enumerate(gaps(version), start=1):
            if gap.get("kind") == "choice":
                answers = [a for a in gap.get("answers") or [] if isinstance(a, dict)]
                texts = [str(answer.get("text", "")) for answer in answers]
                # Shuffled too: authors often type the right answer first.
                order = shuffled(len(texts), f"{_PAPER_SEED}:{index}", version)
                question["gap_choices"].append(
                    {"number": index, "options": [texts[i] for i in order]}
                )
    else:  # short answer, numeric, open text
        question["lines"] = 6 if version.type == "open_text" else 1
    return question


def _question_html(question: dict) -> SafeString:
    html = offline_html(render_text(question["text"], question["text_format"]))
    if question["type"] == "cloze":
        return _cloze_on_paper(html)
    return html


def _cloze_on_paper(html: str) -> SafeString:
    """Each {{n}} marker becomes a numbered blank to fill in by hand."""
    return mark_safe(
        GAP_MARKER.sub(
            lambda match: f'<span class="gap">({int(match[1])})&nbsp;______________</span>',
            str(html),
        )
    )


# Media -------------------------------------------------------------------------------


def _stored_size(source: FieldFile) -> int | None:
    """The size of a stored file, None if there is none (or it went missing)."""
    if not source or not source.name:
        return None
    try:
        return source.storage.size(source.name)
    except OSError:
        return None


def _candidates(item: PackItem) -> list[PackMedia]:
    """The media files a resource could bring into the pack, whatever the budget."""
    resource = item.resource
    if resource is None:
        return []
    base = f"media/{item.number:02d}-{activity_slug(item.activity)}"
    wanted: list[tuple[str, FieldFile, str, str]] = []  # role, file, name suffix, MIME
    if resource.type == ResourceType.VIDEO:
        wanted.append((POSTER, resource.poster, "-poster.jpg", "image/jpeg"))
        wanted.append((AUDIO, resource.audio, "-audio.webm", "audio/webm"))
        suffix = PurePosixPath(resource.file.name).suffix.lower() or ".mp4"
        wanted.append((VIDEO, resource.file, suffix, resource.detected or "video/mp4"))
    elif resource.type == ResourceType.AUDIO:
        suffix = PurePosixPath(resource.file.name).suffix.lower()
        wanted.append((AUDIO, resource.file, suffix, resource.detected))
    elif resource.type == ResourceType.DOCUMENT:
        suffix = PurePosixPath(resource.file.name).suffix.lower()
        wanted.append((DOCUMENT, resource.file, suffix, resource.detected))
    found = []
    for role, source, suffix, mime in wanted:
        size = _stored_size(source)
        if size is not None:
            found.append(PackMedia(role, source, size, base + suffix, mime))
    return found


def choose_media(pack_items: list[PackItem], budget: int) -> None:
    """Give each resource item the media files that fit in the budget (bytes, for the
    whole pack), most useful first; note on each item the files left out."""
    candidates = [(media, item) for item in pack_items for media in _candidates(item)]
    candidates.sort(key=lambda pair: (_PRIORITY.index(pair[0].role), pair[1].number))
    left = budget
    for media, item in candidates:
        if media.size <= left:
            item.media[media.role] = media
            left -= media.size
        else:
            item.left_out.append(media.role)


def _copy_media(archive: zipfile.ZipFile, media: PackMedia) -> None:
    info = zipfile.ZipInfo(media.arcname, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    info.file_size = media.size
    with (
        media.source.storage.open(media.source.name, "rb") as source,
        archive.open(info, "w", force_zip64=media.size > zipfile.ZIP64_LIMIT) as target,
    ):
        shutil.copyfileobj(source, target, _COPY_CHUNK)


# Pages -------------------------------------------------------------------------------


def _page(item: PackItem, context: dict, quizzes: dict[int, Quiz]) -> str:
    activity = item.activity
    context = {
        **context,
        "item": item,
        "activity": activity,
        "instructions": offline_html(render_markdown(activity.instructions)),
    }
    if activity.kind == Kind.ARTICLE:
        context["body"] = offline_html(render_markdown(activity.article.body))
        return render_to_string("learner/pack/article.html", context)
    if activity.kind == Kind.RESOURCE:
        resource = item.resource
        context.update(
            resource=resource,
            description=offline_html(render_markdown(resource.description)),
            transcript=resource.transcript_paragraphs(),
            media=item.media,
            main_missing=_MAIN_ROLE.get(resource.type) not in item.media,
            too_large=_MAIN_ROLE.get(resource.type) in item.left_out,
            captions=item.captions_name,
            captions_src=_data_url(resource.captions) if item.captions_name else "",
            online_url=activity_online_url(activity),
        )
        return render_to_string("learner/pack/resource.html", context)
    if activity.kind == Kind.QUIZ:
        versions = quiz_versions(quizzes[activity.quiz_id])
        context["questions"] = [
            {**question, "text": _question_html(question)}
            for question in (
                paper_question(version, number) for number, version in enumerate(versions, 1)
            )
        ]
        return render_to_string("learner/pack/quiz.html", context)
    return render_to_string("learner/pack/unclear.html", context)


def _entry(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"))


def write_session_pack(target: BinaryIO, *, session: Session, learner: User) -> None:
    """Write the ZIP of the session's before-class activities for this learner (the lock
    marks depend on what they submitted), in the active language, into a seekable binary
    file object."""
    plan = session_plan(learner, session, now=timezone.now())
    resource_ids = [s.activity.resource_id for s in plan.before if s.activity.resource_id]
    resources = Resource.objects.in_bulk(resource_ids)
    pack_items = []
    for number, status in enumerate(plan.before, start=1):
        activity = status.activity
        has_page = activity.kind in PAGE_KINDS
        item = PackItem(
            status=status,
            number=number,
            filename=page_filename(number, activity) if has_page else None,
            resource=resources.get(activity.resource_id) if activity.resource_id else None,
        )
        if item.resource is not None and item.resource.captions.strip():
            item.captions_name = f"media/{number:02d}-{activity_slug(activity)}.vtt"
        pack_items.append(item)
    choose_media(pack_items, settings.PACK_MAX_MEDIA_BYTES)
    quiz_ids = [item.activity.quiz_id for item in pack_items if item.activity.kind == Kind.QUIZ]
    quizzes = Quiz.objects.in_bulk(quiz_ids)
    context = {
        "session": session,
        "course": session.cohort.course,
        "cohort": session.cohort,
        "language": translation.get_language() or "fr",
        "generated_at": timezone.now(),
    }
    index = render_to_string(
        "learner/pack/index.html",
        {**context, "items": pack_items, "objectives": session.objectives.all()},
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _entry(archive, "index.html", index)
        for item in pack_items:
            if not item.filename:
                continue
            _entry(archive, item.filename, _page(item, context, quizzes))
            if item.captions_name:
                _entry(archive, item.captions_name, item.resource.captions)
            for role in _PRIORITY:
                if role in item.media:
                    _copy_media(archive, item.media[role])
        # Translators: the name of the text file that explains the offline pack.
        _entry(archive, _("README.txt"), _readme(session))


def session_pack_file(*, session: Session, learner: User) -> BinaryIO:
    """The pack in a temporary file, read from its start; the caller closes it (a
    FileResponse does once sent)."""
    pack = tempfile.TemporaryFile()  # noqa: SIM115 - handed over to the caller
    try:
        write_session_pack(pack, session=session, learner=learner)
        pack.seek(0)
    except BaseException:
        pack.close()
        raise
    return pack


def build_session_pack(*, session: Session, learner: User) -> bytes:
    """The pack in memory, for tests and small sessions (the view streams a file)."""
    buffer = io.BytesIO()
    write_session_pack(buffer, session=session, learner=learner)
    return buffer.getvalue()


def _readme(session: Session) -> str:
    lines = [
        _("Amont — offline pack: %(title)s") % {"title": session.title},
        "",
        _(
            "Open index.html in a web browser: it lists what to prepare before class, in"
            " order, with a page for each reading, each quiz on paper and each question"
            " to think about. The pages work without a network and can be printed."
        ),
        _(
            "Videos, sounds and documents are in the media folder, played from their"
            " pages. Those too large for the pack are named on their page, with the"
            " address to watch them online."
        ),
        _(
            "Your answers count only once sent online: do the quizzes and send what was"
            " unclear on Amont when you are connected again."
        ),
        "",
    ]
    return "\n".join(lines)
