"""What the offline pack's pages share with the kinds that fill them: HTML that makes no
request (images become their alternative text), and the files a page brings along."""

import re
from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
# What a file is to its page. The pack serves the stored ones within its media budget, in
# the order of learner.offline's priority; text files (captions) always go in.
POSTER, AUDIO, DOCUMENT, VIDEO, CAPTIONS = "poster", "audio", "document", "video", "captions"


@dataclass
class PackMedia:
    """One file of an activity's page in the pack: where it goes (`arcname`, under
    `media/`) and either the stored file it copies or the text it holds."""

    role: str
    arcname: str
    source: FieldFile | None = None
    size: int = 0
    mime: str = ""
    text: str | None = None


def offline_html(html: str) -> SafeString:
    """Sanitised HTML without images: each becomes its alternative text, so the page
    makes no request (external images, or ones behind the application's login)."""

    def replace(match: re.Match[str]) -> str:
        alt = _ALT.search(match[0])
        text = alt[1] if alt and alt[1].strip() else _("image")
        # The alt value is already escaped by the sanitiser.
        label = escape(_("[Image not included: %(alt)s]")) % {"alt": text}
        return f'<span class="image">{label}</span>'

    return mark_safe(_IMG.sub(replace, str(html)))
