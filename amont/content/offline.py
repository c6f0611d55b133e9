"""A session's pre-class pack for offline reading and paper: one ZIP a learner downloads
before losing the network (train, weak connection, printing at home).

The pack holds `index.html` (the session, its objectives and the before-class activities
in order, with their due dates), one self-contained HTML page per activity that has
something to read or write (article, quiz on paper, "what was unclear?") and a short
README. Every page carries its own small stylesheet and makes no request: no script, no
external stylesheet, font or image. Images of Markdown texts (external or served by the
application behind a login) are replaced by their alternative text; media files (audio,
video, captions) will go next to the pages, under `media/`, once sessions carry them.

Choices:
- Quizzes are printed "on paper": questions and options with empty boxes or space to
  write, never the correct answers nor any feedback. Matching answers and ordering items
  are shuffled (with a seed fixed by the question) so their stored order gives nothing
  away. Answers still go through the online quiz page.
- Activities locked by the required-quiz rule (`content.queries`) are included: the rule
  orders what a learner *submits* online; reading ahead on paper does no harm. The index
  says which quiz to submit first.
- Live votes and feedback surveys have nothing to read beforehand: the index lists them
  without a page.
- Fixed entry order (index, pages in the order of the session, README) and fixed entry
  timestamps: two packs of the same content differ only by the "made on" date that the
  pages show, so a learner knows how fresh their copy is.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from amont.accounts.models import User
from amont.content.queries import ActivityStatus, session_plan
from amont.courses.models import Kind, Session
from amont.lib.markdown import render_markdown, render_text
from amont.quizzes.actions import quiz_versions
from amont.quizzes.forms import GAP_MARKER, gaps, items, lefts, rights, shuffled
from amont.quizzes.models import CHOICE_TYPES, QuestionVersion, Quiz

# Kinds that get a page of their own in the pack.
PAGE_KINDS = (Kind.ARTICLE, Kind.QUIZ, Kind.UNCLEAR)
# Every ZIP entry carries this date: the pages say when the pack was made.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SLUG_MAX = 50
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
# The shuffle seed of matching and ordering questions on paper.
_PAPER_SEED = "paper"


@dataclass
class PackItem:
    status: ActivityStatus
    number: int
    filename: str | None  # None: nothing to read offline (live vote, feedback survey)

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
        return f'<span class="image">[{_("Image not included")}: {text}]</span>'

    return mark_safe(_IMG.sub(replace, str(html)))


def page_filename(number: int, activity) -> str:
    slug = slugify(activity.title)[:_SLUG_MAX].strip("-") or slugify(activity.kind)
    return f"{number:02d}-{slug}.html"


def pack_filename(session: Session) -> str:
    slug = slugify(session.title)[:_SLUG_MAX].strip("-") or str(session.pk)
    return f"amont-{slug}.zip"


def _paper_question(version: QuestionVersion, number: int) -> dict:
    """What a question shows on paper; never its answers nor its feedback."""
    question = {
        "number": number,
        "type": version.type,
        "title": version.title,
        "text": offline_html(render_text(version.text, version.text_format)),
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
        question["text"] = _cloze_on_paper(question["text"])
        for index, gap in enumerate(gaps(version), start=1):
            if gap.get("kind") == "choice":
                answers = [a for a in gap.get("answers") or [] if isinstance(a, dict)]
                texts = [str(answer.get("text", "")) for answer in answers]
                question["gap_choices"].append({"number": index, "options": texts})
    else:  # short answer, numeric, open text
        question["lines"] = 6 if version.type == "open_text" else 1
    return question


def _cloze_on_paper(html: str) -> SafeString:
    """Each {{n}} marker becomes a numbered blank to fill in by hand."""
    return mark_safe(
        GAP_MARKER.sub(
            lambda match: f'<span class="gap">({int(match[1])})&nbsp;______________</span>',
            str(html),
        )
    )


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
        return render_to_string("content/pack/article.html", context)
    if activity.kind == Kind.QUIZ:
        versions = quiz_versions(quizzes[activity.quiz_id])
        context["questions"] = [
            _paper_question(version, number) for number, version in enumerate(versions, start=1)
        ]
        return render_to_string("content/pack/quiz.html", context)
    return render_to_string("content/pack/unclear.html", context)


def _entry(archive: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, text.encode("utf-8"))


def build_session_pack(*, session: Session, learner: User) -> bytes:
    """The ZIP of the session's before-class activities for this learner (the lock marks
    depend on what they submitted), in the active language."""
    plan = session_plan(learner, session, now=timezone.now())
    pack_items = []
    for number, status in enumerate(plan.before, start=1):
        has_page = status.activity.kind in PAGE_KINDS
        filename = page_filename(number, status.activity) if has_page else None
        pack_items.append(PackItem(status=status, number=number, filename=filename))
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
        "content/pack/index.html",
        {**context, "items": pack_items, "objectives": session.objectives.all()},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _entry(archive, "index.html", index)
        for item in pack_items:
            if item.filename:
                _entry(archive, item.filename, _page(item, context, quizzes))
        # Translators: the name of the text file that explains the offline pack.
        _entry(archive, _("README.txt"), _readme(session))
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
            "Your answers count only once sent online: do the quizzes and send what was"
            " unclear on Amont when you are connected again."
        ),
        "",
    ]
    return "\n".join(lines)
