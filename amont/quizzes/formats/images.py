"""Images carried inside question files, on the neutral question shape.

A parser that finds the bytes of an image a question shows (a Moodle `<file>` element, a
file of a QTI content package) puts them in the question's "attachments": a dict from the
image's URL, exactly as the question's texts write it (`@@PLUGINFILE@@/glace%20pil%C3%A9e.png`,
`images/sign.png`), to its bytes. The import (`amont.quizzes.imports`) stores each one as
a QuestionImage and rewrites the URL to `/bank/images/<id>/`; the QTI writer does the
reverse. An image is `<img … src="url">` in HTML or `![alt](url)` in Markdown; links to
files (`<a href>`) are not images and stay as they are.

Pure: no database, no file system.
"""

import html
import re
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from amont.lib.sniff import IMAGE_GIF, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP, sniff
from amont.quizzes.formats import NeutralQuestion

# What the bank accepts, as the trainer's upload does (image_views.question_image_upload).
IMAGE_EXTENSIONS = {IMAGE_PNG: ".png", IMAGE_JPEG: ".jpg", IMAGE_WEBP: ".webp", IMAGE_GIF: ".gif"}
PLUGINFILE = "@@PLUGINFILE@@/"

# Bounded repetitions: a hostile text full of "<img" or "![" without an end is scanned in
# linear time, not once per opening.
_HTML_IMAGE = re.compile(
    r"""<img\b[^<>]{0,2000}?\ssrc\s*=\s*(?:"(?P<double>[^"<>]{0,4000})"|'(?P<single>[^'<>]{0,4000})'"""
    r"""|(?P<bare>[^\s"'<>=`]{1,4000}))""",
    re.IGNORECASE,
)
_MARKDOWN_IMAGE = re.compile(
    r"!\[(?:[^\[\]\\\n]|\\.){0,1000}\]\(\s{0,100}(?:<(?P<angle>[^<>\n]{0,4000})>"
    r"|(?P<bare>[^\s()<>]{1,4000}))"
)
_URL_GROUPS = ("double", "single", "bare", "angle")
# Keys whose strings are not displayed texts.
_NOT_TEXTS = frozenset(
    {"type", "text_format", "category", "tags", "line", "warnings", "attachments"}
)


def _spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (_HTML_IMAGE, _MARKDOWN_IMAGE):
        for match in pattern.finditer(text):
            for group in _URL_GROUPS:
                if group in pattern.groupindex and match.group(group) is not None:
                    yield match.span(group)
                    break


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if key in _NOT_TEXTS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _strings(inner, str(inner_key))
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def image_urls(question: NeutralQuestion) -> list[str]:
    """Every image URL the displayed texts of a question write, once each, in order."""
    urls: dict[str, None] = {}
    for text in _strings(question):
        for start, end in _spans(text):
            url = text[start:end].strip()
            if url:
                urls[url] = None
    return list(urls)


def _replace(text: str, new: Callable[[str], str | None]) -> str:
    spans = sorted(set(_spans(text)))
    if not spans:
        return text
    parts, position = [], 0
    for start, end in spans:
        if start < position:
            continue
        replacement = new(text[start:end].strip())
        if replacement is None:
            continue
        parts += [text[position:start], replacement]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def replace_image_urls(question: NeutralQuestion, urls: Mapping[str, str]) -> NeutralQuestion:
    """A copy of the question whose image URLs found in `urls` are replaced; other URLs,
    and text that only looks like one, are left alone."""

    def walk(value: Any, key: str = "") -> Any:
        if key in _NOT_TEXTS:
            return value
        if isinstance(value, str):
            return _replace(value, urls.get)
        if isinstance(value, dict):
            return {k: walk(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    copy: NeutralQuestion = walk(question)
    return copy


def url_path(url: str) -> str:
    """The file path an image URL names: entities and %-escapes decoded, without its query
    or fragment (Moodle appends ?time=…)."""
    path = html.unescape(url).strip()
    path = path.split("#", 1)[0].split("?", 1)[0]
    return urllib.parse.unquote(path)


def attachment_name(url: str) -> str:
    """The name of an attached image for people: `glace pilée.png` for
    `@@PLUGINFILE@@/glace%20pil%C3%A9e.png`."""
    path = url_path(url)
    return path.removeprefix(PLUGINFILE) or path


def attachments_of(question: NeutralQuestion) -> dict[str, bytes]:
    """The question's attachments that are well formed (URL → bytes)."""
    attachments = question.get("attachments") if isinstance(question, dict) else None
    if not isinstance(attachments, dict):
        return {}
    return {
        url: bytes(data)
        for url, data in attachments.items()
        if isinstance(url, str) and isinstance(data, bytes | bytearray)
    }


def image_extension(data: bytes) -> str:
    """The file extension of an image by its content (".bin" when not an image the bank
    takes)."""
    return IMAGE_EXTENSIONS.get(sniff(bytes(data[:4096])) or "", ".bin")


def printable(question: NeutralQuestion) -> NeutralQuestion:
    """The question as JSON can carry it: attachments become "images", a list of names
    and sizes in bytes."""
    if not isinstance(question, dict) or "attachments" not in question:
        return question
    shown = {key: value for key, value in question.items() if key != "attachments"}
    shown["images"] = [
        {"name": attachment_name(url), "size": len(data)}
        for url, data in attachments_of(question).items()
    ]
    return shown
