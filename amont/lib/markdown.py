"""Markdown for user content: rendered by markdown-it-py, then sanitised by nh3."""

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}


def render_markdown(text: str) -> SafeString:
    return sanitize_html(_md.render(text or ""))


def sanitize_html(html: str) -> SafeString:
    """HTML written elsewhere (imported questions), cut down to the tags Markdown makes."""
    clean = nh3.clean(
        html or "",
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)


def render_text(text: str, text_format: str = "markdown") -> SafeString:
    """A question's text in its format: Markdown, HTML (sanitised) or plain text."""
    if text_format == "html":
        return sanitize_html(text)
    if text_format == "plain":
        return mark_safe(linebreaks(text or "", autoescape=True))
    return render_markdown(text)
