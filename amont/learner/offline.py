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
- Each kind draws its own page (`ActivityKind.pack_page`, in its app: content/paper.py,
  quizzes/paper.py) under a common header; a kind without one is listed in the index
  without a page (live votes and feedback surveys have nothing to read beforehand).
  Quizzes are printed "on paper", never with their answers (quizzes/paper.py).
- Activities locked by the required-quiz rule (`content.queries`) are included: the rule
  orders what a learner *submits* online; reading ahead on paper does no harm. The index
  says which quiz to submit first.
- Media within a budget (`PACK_MAX_MEDIA_BYTES`, for all the pack's media files): each
  kind says which files its page would bring (`ActivityKind.pack_media`), and they are
  chosen by usefulness per byte: posters first, then the audio (the "listen only"
  version of videos, audio resources), then documents, then the videos themselves, each
  in session order and each only if it still fits. A file left out is named on its page
  with the address to watch or open it online. Text files (captions) always go in.
- Media are stored as they are (ZIP_STORED: already compressed), texts are deflated. The
  pack is written into a file object (a temporary file in the view) entry by entry, so a
  pack of hundreds of megabytes never sits in memory.
- Pages are drawn first (the index links only those that exist), kept as text until
  written; media files are copied straight from storage.
- Fixed entry order (index, each page followed by its files, README) and fixed entry
  timestamps: two packs of the same content differ only by the "made on" date that the
  pages show, so a learner knows how fresh their copy is.
"""

import io
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from amont.accounts.models import User
from amont.courses.kinds import target_columns
from amont.courses.models import Activity, Session
from amont.learner.plan import ActivityStatus, session_plan
from amont.lib.markdown import render_markdown
from amont.lib.offline import AUDIO, DOCUMENT, POSTER, VIDEO, PackMedia, offline_html

# Every ZIP entry carries this date: the pages say when the pack was made.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SLUG_MAX = 50
_COPY_CHUNK = 1024 * 1024
# Media roles, in the order the budget serves them (see the module docstring).
_PRIORITY = (POSTER, AUDIO, DOCUMENT, VIDEO)


@dataclass
class PackItem:
    status: ActivityStatus
    activity: Activity  # with its library item whole
    number: int
    files: list[PackMedia] = field(default_factory=list)  # what its page would bring
    media: dict[str, PackMedia] = field(default_factory=dict)  # role: file, if in the pack
    left_out: list[str] = field(default_factory=list)  # roles over the budget
    filename: str | None = None  # None: no page (live vote, feedback survey)
    page: str = ""


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


# Media -------------------------------------------------------------------------------


def choose_media(pack_items: list[PackItem], budget: int) -> None:
    """Give each item the media files that fit in the budget (bytes, for the whole pack),
    most useful first, and its text files; note on each item the files left out."""
    candidates = []
    for item in pack_items:
        for media in item.files:
            if media.text is None:
                candidates.append((media, item))
            else:
                item.media[media.role] = media  # a text: always in
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
    assert media.source is not None and media.source.name
    with (
        media.source.storage.open(media.source.name, "rb") as source,
        archive.open(info, "w", force_zip64=media.size > zipfile.ZIP64_LIMIT) as target,
    ):
        shutil.copyfileobj(source, target, _COPY_CHUNK)


# Pages -------------------------------------------------------------------------------


def _with_items(activities: list[Activity], session: Session) -> dict[int, Activity]:
    """The activities again, each with its library item whole (the plans defer its long
    texts): one query."""
    found = Activity.objects.select_related(*target_columns()).in_bulk(
        [activity.pk for activity in activities]
    )
    for activity in found.values():
        activity.session = session
    return found


def _draw_pages(pack_items: list[PackItem], context: dict[str, Any]) -> None:
    """Each item's page, by its kind; an item whose kind draws none keeps no filename."""
    for item in pack_items:
        activity = item.activity
        page_context = {
            **context,
            "item": item,
            "activity": activity,
            "instructions": offline_html(render_markdown(activity.instructions)),
            "online_url": activity_online_url(activity),
            "media": item.media,
            "left_out": item.left_out,
        }
        body = activity.activity_kind.pack_page(activity, page_context)
        if body is None:
            continue
        item.filename = page_filename(item.number, activity)
        # HTML by pack_page()'s contract, made by the kind's template.
        page_context["body"] = mark_safe(body)
        item.page = render_to_string("learner/pack/activity.html", page_context)


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
    activities = _with_items([status.activity for status in plan.before], session)
    pack_items = []
    for number, status in enumerate(plan.before, start=1):
        activity = activities[status.activity.pk]
        stem = f"media/{number:02d}-{activity_slug(activity)}"
        pack_items.append(
            PackItem(
                status=status,
                activity=activity,
                number=number,
                files=activity.activity_kind.pack_media(activity, stem),
            )
        )
    choose_media(pack_items, settings.PACK_MAX_MEDIA_BYTES)
    context = {
        "session": session,
        "course": session.cohort.course,
        "cohort": session.cohort,
        "language": translation.get_language() or "fr",
        "generated_at": timezone.now(),
    }
    _draw_pages(pack_items, context)
    index = render_to_string(
        "learner/pack/index.html",
        {**context, "items": pack_items, "objectives": session.objectives.all()},
    )
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _entry(archive, "index.html", index)
        for item in pack_items:
            if not item.filename:
                continue
            _entry(archive, item.filename, item.page)
            for media in item.files:
                if media.text is not None:
                    _entry(archive, media.arcname, media.text)
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
