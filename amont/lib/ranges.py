"""Serve a file with HTTP range requests (RFC 9110 §14), so that a browser can seek in a
video or an audio file, under WSGI and ASGI alike.

    return ranged_file_response(request, resource.file.path, content_type="video/mp4")

What a view gets:

- `Accept-Ranges: bytes`; one range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) gives 206 with
  `Content-Range` and exactly those bytes; a range past the end gives 416 with
  `Content-Range: bytes */<size>`. A request for several ranges, a syntactically invalid
  range or another unit gets 200 and the whole file: RFC 9110 lets a server ignore
  `Range`, and browsers ask for one range at a time (no multipart/byteranges here).
- Validators: `ETag` from size and modification time, `Last-Modified`; `If-None-Match` /
  `If-Modified-Since` give 304 and `If-Match` / `If-Unmodified-Since` 412 (Django's
  `get_conditional_response`); `If-Range` (an ETag, compared strongly, or an exact date)
  that no longer matches turns the 206 into a 200 with the whole, new file.
- HEAD gives the headers of the full GET and no body (`Range` is for GET only).
- The body is streamed in `CHUNK_SIZE` chunks, never read whole. Under ASGI (daphne) the
  chunks come from an async iterator that reads in a worker thread: Django consumes a
  *sync* iterator under ASGI by reading it whole into a list first.
- `X-Content-Type-Options: nosniff`, `Cache-Control: private` (views serve learners'
  resources behind a login), `Content-Disposition` from Django's own helper.

Behind nginx (or Apache), the front server can do all of this itself. Set
`MEDIA_ACCEL_REDIRECT_PREFIX` (default "": Django serves the bytes) to:

- an internal URL prefix such as "/_protected-media/": files under `MEDIA_ROOT` are answered
  with an empty 200 and `X-Accel-Redirect: <prefix><path relative to MEDIA_ROOT>`
  (percent-encoded). nginx:

      location /_protected-media/ {
          internal;
          alias /srv/amont/media/;   # MEDIA_ROOT, with the trailing slash
          add_header X-Content-Type-Options nosniff;
      }

- the literal "X-Sendfile": the header `X-Sendfile: <absolute path>` (percent-encoded, as
  Apache's mod_xsendfile expects with its default `XSendFileUnescape On`).

The view checks access before calling this function; the front server only serves what a
view allowed. A file outside `MEDIA_ROOT` (or one without a local path) is always served by
Django.
"""

import io
import os
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import quote

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIRequest
from django.db.models.fields.files import FieldFile
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    StreamingHttpResponse,
)
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK_SIZE = 64 * 1024
ACCEL_SETTING = "MEDIA_ACCEL_REDIRECT_PREFIX"
X_SENDFILE = "x-sendfile"

_RANGE_SPEC = re.compile(r"(\d*)-(\d*)")

# What a view hands over: a path, or an open binary file (a Django File is one).
Source = str | os.PathLike[str] | IO[bytes]


class UnsatisfiableRange(Exception):
    """The Range header is valid but no byte of it exists in the file (→ 416)."""


def parse_byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The single range `header` asks of a `size`-byte file, as (first, last) inclusive
    byte positions, or None to ignore the header and send the whole file (another unit,
    invalid syntax, several ranges). Raises UnsatisfiableRange when it starts past the end.
    """
    unit, equals, specs = header.partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None
    # A list may carry empty elements ("bytes=0-1,"): RFC 9110 §5.6.1 says to skip them.
    parts = [part.strip() for part in specs.split(",") if part.strip()]
    if len(parts) != 1:
        return None
    match = _RANGE_SPEC.fullmatch(parts[0])
    if not match:
        return None
    first_text, last_text = match.groups()
    if first_text:
        first = int(first_text)
        if last_text and int(last_text) < first:
            return None  # invalid, not unsatisfiable: ignored
        if first >= size:
            raise UnsatisfiableRange
        return first, (min(int(last_text), size - 1) if last_text else size - 1)
    if not last_text:
        return None  # "bytes=-"
    suffix = int(last_text)
    if suffix == 0 or size == 0:
        raise UnsatisfiableRange
    return max(0, size - suffix), size - 1


def ranged_file_response(
    request: HttpRequest,
    path_or_file: Source,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = False,
) -> HttpResponseBase:
    """Serve a file (a path, or an open binary file that this function then owns and
    closes) with range requests; see the module docstring. A missing path raises Http404.
    A file object is served from its byte 0 and must be seekable for ranges to apply."""
    if request.method not in ("GET", "HEAD"):
        _close(path_or_file)
        return HttpResponseNotAllowed(["GET", "HEAD"])

    accelerated = _accelerated_response(
        path_or_file,
        content_type=content_type,
        filename=filename,
        as_attachment=as_attachment,
    )
    if accelerated is not None:
        _close(path_or_file)
        return accelerated

    file = _open(path_or_file)
    try:
        size, mtime_ns = _size_and_mtime(file)
        seekable = _seekable(file)
    except BaseException:
        file.close()
        raise

    # The headers every answer shares; also the HEAD response itself.
    base = HttpResponse(content_type=content_type)
    _set_common_headers(base, filename=filename, as_attachment=as_attachment)
    etag = last_modified = None
    if mtime_ns is not None:
        etag = f'"{mtime_ns:x}-{size:x}"'
        last_modified = mtime_ns // 1_000_000_000
        base.headers["ETag"] = etag
        base.headers["Last-Modified"] = http_date(last_modified)
    base.headers["Accept-Ranges"] = "bytes" if seekable else "none"

    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=base
    )
    if conditional is not None and conditional is not base:  # 304 or 412
        file.close()
        return conditional

    first, last = 0, size - 1
    status = 200
    range_header = request.headers.get("Range")
    if (
        range_header
        and request.method == "GET"
        and seekable
        and _if_range_passes(request.headers.get("If-Range"), etag, last_modified)
    ):
        try:
            wanted = parse_byte_range(range_header, size)
        except UnsatisfiableRange:
            file.close()
            refused = HttpResponse(status=416, content_type="text/plain")
            _copy_headers(base, refused)
            refused.headers["Content-Range"] = f"bytes */{size}"
            refused.headers["Content-Length"] = "0"
            return refused
        if wanted is not None:
            first, last = wanted
            status = 206

    length = max(0, last - first + 1)
    if request.method == "HEAD":
        file.close()
        base.headers["Content-Length"] = str(size)
        return base

    start = first if seekable else None
    if isinstance(request, ASGIRequest):
        chunks: _SyncChunks | _AsyncChunks = _AsyncChunks(file, start, length)
    else:
        chunks = _SyncChunks(file, start, length)
    response = StreamingHttpResponse(chunks, status=status, content_type=content_type)
    _copy_headers(base, response)
    response.headers["Content-Length"] = str(length)
    if status == 206:
        response.headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    return response


class _Chunks:
    """`length` bytes of `file` from `start` (None: from where a non-seekable file is).
    StreamingHttpResponse calls close() when the response is closed, whether or not the
    body was ever read (a client gone early)."""

    def __init__(self, file: IO[bytes], start: int | None, length: int):
        self.file = file
        self.start = start
        self.length = length

    def close(self) -> None:
        self.file.close()


class _SyncChunks(_Chunks):
    def __iter__(self) -> Iterator[bytes]:
        if self.start is not None:
            self.file.seek(self.start)
        remaining = self.length
        while remaining > 0:
            data = self.file.read(min(CHUNK_SIZE, remaining))
            if not data:  # the file shrank since it was measured
                return
            remaining -= len(data)
            yield data


class _AsyncChunks(_Chunks):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        # Disk reads leave the event loop; thread_sensitive=False so that a slow disk
        # does not queue behind the ORM's single thread.
        seek = sync_to_async(self.file.seek, thread_sensitive=False)
        read = sync_to_async(self.file.read, thread_sensitive=False)
        if self.start is not None:
            await seek(self.start)
        remaining = self.length
        while remaining > 0:
            data = await read(min(CHUNK_SIZE, remaining))
            if not data:
                return
            remaining -= len(data)
            yield data


def _open(path_or_file: Source) -> IO[bytes]:
    if not isinstance(path_or_file, str | os.PathLike):
        return path_or_file
    try:
        return open(path_or_file, "rb")  # closed with the response
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise Http404("No such file.") from error


def _close(path_or_file: Source) -> None:
    if not isinstance(path_or_file, str | os.PathLike):
        path_or_file.close()


def _size_and_mtime(file: IO[bytes]) -> tuple[int, int | None]:
    """Size, and modification time in ns when the file has one (fstat of the open file,
    so both describe the very bytes that will be sent)."""
    try:
        stat = os.fstat(file.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        pass
    else:
        return stat.st_size, stat.st_mtime_ns
    size = getattr(file, "size", None)  # a Django File on a remote storage
    if not isinstance(size, int):
        file.seek(0, io.SEEK_END)
        size = file.tell()
    return size, None


def _seekable(file: IO[bytes]) -> bool:
    seekable = getattr(file, "seekable", None)
    if seekable is None:
        return hasattr(file, "seek")
    try:
        return bool(seekable())
    except (OSError, ValueError):
        return False


def _if_range_passes(if_range: str | None, etag: str | None, last_modified: int | None) -> bool:
    """RFC 9110 §13.1.5: without If-Range the range applies; with it, only if the
    validator still matches (strong comparison for ETags, exact equality for dates)."""
    if if_range is None:
        return True
    value = if_range.strip()
    if value.startswith('"') or value.startswith("W/"):
        return etag is not None and value == etag
    date = parse_http_date_safe(value)
    return date is not None and last_modified is not None and date == last_modified


def _set_common_headers(
    response: HttpResponseBase, *, filename: str | None, as_attachment: bool
) -> None:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private"
    disposition = content_disposition_header(as_attachment, filename or "")
    if disposition:
        response.headers["Content-Disposition"] = disposition


def _copy_headers(source: HttpResponseBase, target: HttpResponseBase) -> None:
    for name in (
        "X-Content-Type-Options",
        "Cache-Control",
        "Content-Disposition",
        "ETag",
        "Last-Modified",
        "Accept-Ranges",
    ):
        if name in source.headers:
            target.headers[name] = source.headers[name]


def _local_path(path_or_file: Source) -> Path | None:
    if isinstance(path_or_file, str | os.PathLike):
        return Path(path_or_file)
    path = None
    if isinstance(path_or_file, FieldFile):
        try:
            path = path_or_file.path  # on a local storage only
        except Exception:
            path = None
    if path is None:
        path = getattr(path_or_file, "name", None)
    if isinstance(path, str) and os.path.isabs(path):
        return Path(path)
    return None


def _accelerated_response(
    path_or_file: Source, *, content_type: str, filename: str | None, as_attachment: bool
) -> HttpResponse | None:
    prefix = getattr(settings, ACCEL_SETTING, "") or ""
    if not prefix:
        return None
    if prefix.lower() != X_SENDFILE and not prefix.startswith("/"):
        raise ImproperlyConfigured(
            f'{ACCEL_SETTING} is an internal URL prefix starting with "/", or "X-Sendfile".'
        )
    path = _local_path(path_or_file)
    if path is None:
        return None
    path = path.resolve()
    try:
        relative = path.relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError:
        return None
    if not path.is_file():
        raise Http404("No such file.")
    response = HttpResponse(content_type=content_type)
    _set_common_headers(response, filename=filename, as_attachment=as_attachment)
    if prefix.lower() == X_SENDFILE:
        response.headers["X-Sendfile"] = quote(str(path))
    else:
        response.headers["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative.as_posix())
    return response
