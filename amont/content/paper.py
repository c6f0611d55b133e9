"""Articles and resources away from the screen: their pages in the offline pack
(learner.offline) and, below, their parts of the printable PDF (learner.paper). The
content kinds (content/kinds.py) call these.

- An article's page is its text; a resource's page plays the media files the pack kept
  within its budget (a poster, the "listen only" audio, the document, the video), says
  where to watch or open online what was left out, and writes the transcript made from
  the captions. Captions always go in: as a file next to the media, and inside the page
  as the `<track>` source (a `data:` address), because Chromium refuses to load a caption
  file from a `file://` page.
- On paper, an article is its text; a summary sheet (`Article.is_sheet`) is printed once,
  at the start, and its activity points to it. A resource prints its description, the
  name of its document, a QR code and the address to watch or open it online, and the
  transcript.
"""

import base64
from pathlib import PurePosixPath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from amont.content.models import Article, Resource, ResourceType
from amont.courses.models import Activity
from amont.lib.markdown import render_markdown
from amont.lib.offline import AUDIO, CAPTIONS, DOCUMENT, POSTER, VIDEO, PackMedia, offline_html
from amont.lib.paper import Block, heading, markdown_blocks, paragraph, qr_link

# The file a resource is about; a page without it says where to find it online.
_MAIN_ROLE: dict[str, str] = {
    ResourceType.VIDEO: VIDEO,
    ResourceType.AUDIO: AUDIO,
    ResourceType.DOCUMENT: DOCUMENT,
}


# Offline pack ------------------------------------------------------------------------


def _stored_size(source: FieldFile) -> int | None:
    """The size of a stored file, None if there is none (or it went missing)."""
    if not source or not source.name:
        return None
    try:
        return source.storage.size(source.name)
    except OSError:
        return None


def resource_media(resource: Resource, stem: str) -> list[PackMedia]:
    """The files a resource could bring into the pack, whatever the budget: its captions
    (a text, always in), then the stored files it has."""
    found = []
    if resource.captions.strip():
        found.append(PackMedia(CAPTIONS, f"{stem}.vtt", text=resource.captions))
    wanted: list[tuple[str, FieldFile, str, str]] = []  # role, file, name suffix, MIME
    if resource.type == ResourceType.VIDEO:
        wanted.append((POSTER, resource.poster, "-poster.jpg", "image/jpeg"))
        wanted.append((AUDIO, resource.audio, "-audio.webm", "audio/webm"))
        suffix = PurePosixPath(resource.file.name or "").suffix.lower() or ".mp4"
        wanted.append((VIDEO, resource.file, suffix, resource.detected or "video/mp4"))
    elif resource.type == ResourceType.AUDIO:
        suffix = PurePosixPath(resource.file.name or "").suffix.lower()
        wanted.append((AUDIO, resource.file, suffix, resource.detected))
    elif resource.type == ResourceType.DOCUMENT:
        suffix = PurePosixPath(resource.file.name or "").suffix.lower()
        wanted.append((DOCUMENT, resource.file, suffix, resource.detected))
    for role, source, suffix, mime in wanted:
        size = _stored_size(source)
        if size is not None:
            found.append(PackMedia(role, stem + suffix, source, size, mime))
    return found


def _data_url(captions: str) -> str:
    encoded = base64.b64encode(captions.encode("utf-8")).decode("ascii")
    return f"data:text/vtt;charset=utf-8;base64,{encoded}"


def article_pack_page(activity: Activity, article: Article, context: dict[str, Any]) -> str:
    body = offline_html(render_markdown(article.body))
    return render_to_string("content/pack/article.html", {**context, "body": body})


def resource_pack_page(activity: Activity, resource: Resource, context: dict[str, Any]) -> str:
    media = context["media"]
    captions = media.get(CAPTIONS)
    return render_to_string(
        "content/pack/resource.html",
        {
            **context,
            "resource": resource,
            "description": offline_html(render_markdown(resource.description)),
            "transcript": resource.transcript_paragraphs(),
            "main_missing": _MAIN_ROLE.get(resource.type) not in media,
            "too_large": _MAIN_ROLE.get(resource.type) in context["left_out"],
            "captions": captions.arcname if captions else "",
            "captions_src": _data_url(resource.captions) if captions else "",
        },
    )


# Paper ---------------------------------------------------------------------------------


def _title(item_title: str, activity: Activity) -> list[Block]:
    """The library item's own title, when it says more than the activity's."""
    return [heading(item_title)] if item_title and item_title != activity.title else []


def article_paper_block(activity: Activity, article: Article) -> dict[str, Any]:
    if article.is_sheet:
        sheet = {
            "heading": _("Summary sheet: %(title)s") % {"title": article.title},
            "blocks": markdown_blocks(article.body),
        }
        return {"blocks": _title(article.title, activity), "sheet": sheet}
    return {"blocks": _title(article.title, activity) + markdown_blocks(article.body)}


def resource_paper_block(
    activity: Activity, resource: Resource, context: dict[str, Any]
) -> dict[str, Any]:
    if resource.type == ResourceType.DOCUMENT:
        online = _("Open the document online:")
    elif resource.type == ResourceType.AUDIO:
        online = _("Listen online:")
    else:
        online = _("Watch online:")
    blocks = _title(resource.title, activity) + markdown_blocks(resource.description)
    if resource.type == ResourceType.DOCUMENT and resource.original_name:
        label = _("Document:")  # a call xgettext can read (not inside an f-string)
        blocks.append(paragraph(f"{label} {resource.original_name}"))
    blocks.append(qr_link(online, context["online_url"]))
    transcript = resource.transcript_paragraphs()
    if transcript:
        blocks.append(heading(_("Transcript")))
        blocks += [paragraph(text) for text in transcript]
    return {"blocks": blocks}
