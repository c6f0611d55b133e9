import asyncio
import io
import os
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.asgi import ASGIHandler
from django.http import Http404, HttpResponseBase, StreamingHttpResponse
from django.test import AsyncClient, AsyncRequestFactory, RequestFactory
from django.utils.http import http_date
from hypothesis import given
from hypothesis import strategies as st

from amont.lib import ranges
from amont.lib.ranges import UnsatisfiableRange, parse_byte_range, ranged_file_response
from amont.tests.e2e import daphne, free_port

BASE_DIR = Path(__file__).resolve().parents[3]
URLCONF = "amont.lib.tests.urls"
# Several chunks, and not a multiple of the chunk size.
DATA = os.urandom(5 * ranges.CHUNK_SIZE + 1234)
SIZE = len(DATA)

rf = RequestFactory()


@pytest.fixture
def clip(tmp_path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(DATA)
    return path


_responses: list[HttpResponseBase] = []


@pytest.fixture(autouse=True)
def _close_responses():
    # The server closes every response (and so its file); a test does it here.
    yield
    while _responses:
        _responses.pop().close()


def _get(path_or_file, method="get", **headers):
    request = getattr(rf, method)("/media/clip.mp4", headers=headers)
    response = ranged_file_response(request, path_or_file, content_type="video/mp4")
    _responses.append(response)
    return response


def _body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


async def _abody(response) -> bytes:
    try:
        return b"".join([chunk async for chunk in response.streaming_content])
    finally:
        response.close()


def test_it_serves_the_whole_file_without_a_range(clip):
    response = _get(clip)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    stat = clip.stat()
    assert response["ETag"] == f'"{stat.st_mtime_ns:x}-{SIZE:x}"'
    assert response["Last-Modified"] == http_date(stat.st_mtime_ns // 1_000_000_000)
    assert "Content-Range" not in response
    assert "Content-Disposition" not in response
    assert _body(response) == DATA


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-0", 0, 0),
        ("bytes=10-99", 10, 99),
        ("bytes=1000-", 1000, SIZE - 1),
        ("bytes=-500", SIZE - 500, SIZE - 1),
        ("bytes=100-999999999", 100, SIZE - 1),  # the end is clamped
        ("bytes=-999999999", 0, SIZE - 1),  # a suffix longer than the file
        (f"bytes={SIZE - 1}-{SIZE - 1}", SIZE - 1, SIZE - 1),
        ("BYTES = 5-9 ", 5, 9),  # unit case and spaces
        ("bytes=7-8,", 7, 8),  # an empty list element is skipped
    ],
)
def test_it_serves_exactly_the_bytes_of_one_range(clip, header, first, last):
    response = _get(clip, Range=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert "ETag" in response
    assert _body(response) == DATA[first : last + 1]


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 10}-{SIZE + 20}", "bytes=-0"])
def test_it_refuses_a_range_past_the_end_with_416(clip, header):
    response = _get(clip, Range=header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response.content == b""


def test_it_refuses_any_range_of_an_empty_file(tmp_path):
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")

    assert _get(empty, Range="bytes=0-").status_code == 416
    assert _get(empty, Range="bytes=-1")["Content-Range"] == "bytes */0"
    whole = _get(empty)
    assert whole.status_code == 200
    assert _body(whole) == b""


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6",  # several ranges: the whole file, no multipart
        "bytes=5-1",  # reversed: invalid, so ignored
        "bytes=-",
        "bytes=abc",
        "bytes=1-2-3",
        "bytes 0-1",
        "items=0-1",
        "bytes=+1-2",
    ],
)
def test_it_ignores_a_range_it_does_not_serve_and_sends_everything(clip, header):
    response = _get(clip, Range=header)

    assert response.status_code == 200
    assert "Content-Range" not in response
    assert _body(response) == DATA


def test_it_answers_head_with_the_headers_of_get_and_no_body(clip):
    response = _get(clip, method="head")

    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert "ETag" in response
    assert response.content == b""


def test_it_ignores_range_on_head_as_rfc_9110_says(clip):
    response = _get(clip, method="head", Range="bytes=0-9")

    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)
    assert "Content-Range" not in response


def test_it_refuses_other_methods(clip):
    request = rf.post("/media/clip.mp4")
    response = ranged_file_response(request, clip, content_type="video/mp4")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_it_serves_the_range_when_if_range_still_matches(clip):
    etag = _get(clip)["ETag"]
    last_modified = _get(clip)["Last-Modified"]

    by_etag = _get(clip, Range="bytes=0-9", If_Range=etag)
    by_date = _get(clip, Range="bytes=0-9", If_Range=last_modified)

    assert by_etag.status_code == 206
    assert _body(by_etag) == DATA[:10]
    assert by_date.status_code == 206


@pytest.mark.parametrize(
    "if_range",
    ['"another-version"', "W/{etag}", "Mon, 01 Jan 2001 00:00:00 GMT", "not a date"],
)
def test_it_sends_the_whole_file_when_if_range_no_longer_matches(clip, if_range):
    etag = _get(clip)["ETag"]

    response = _get(clip, Range="bytes=0-9", If_Range=if_range.format(etag=etag))

    assert response.status_code == 200
    assert "Content-Range" not in response
    assert _body(response) == DATA


def test_it_answers_304_to_if_none_match_and_if_modified_since(clip):
    first = _get(clip)

    by_etag = _get(clip, If_None_Match=first["ETag"])
    by_date = _get(clip, If_Modified_Since=first["Last-Modified"])
    changed = _get(clip, If_None_Match='"something-else"')

    assert by_etag.status_code == 304
    assert by_etag["ETag"] == first["ETag"]
    assert by_etag.content == b""
    assert by_date.status_code == 304
    assert changed.status_code == 200


def test_it_answers_304_before_looking_at_the_range(clip):
    etag = _get(clip)["ETag"]

    assert _get(clip, If_None_Match=etag, Range="bytes=0-9").status_code == 304


def test_it_answers_412_when_if_match_fails(clip):
    assert _get(clip, If_Match='"old"').status_code == 412


def test_it_changes_the_etag_when_the_file_changes(clip):
    before = _get(clip)["ETag"]
    clip.write_bytes(DATA[:100])
    os.utime(clip, ns=(10**18, 10**18))

    after = _get(clip)

    assert after["ETag"] != before
    assert after["Content-Length"] == "100"
    assert _get(clip, Range="bytes=0-9", If_Range=before).status_code == 200


def test_it_streams_a_large_file_in_bounded_chunks(clip):
    response = _get(clip, Range="bytes=1-")

    assert response.streaming
    chunks = list(response.streaming_content)
    response.close()
    assert len(chunks) == 6
    assert max(len(chunk) for chunk in chunks) <= ranges.CHUNK_SIZE
    assert b"".join(chunks) == DATA[1:]


def test_it_closes_the_file_it_was_given():
    served, head, refused = io.BytesIO(DATA), io.BytesIO(DATA), io.BytesIO(DATA)

    response = _get(served, Range="bytes=0-3")
    assert _body(response) == DATA[:4]
    _get(head, method="head")
    _get(refused, Range=f"bytes={SIZE}-")

    assert served.closed and head.closed and refused.closed


def test_it_serves_a_file_object_without_validators():
    response = _get(io.BytesIO(DATA), Range="bytes=-3")

    assert response.status_code == 206
    assert "ETag" not in response and "Last-Modified" not in response
    assert _body(response) == DATA[-3:]
    # No validator: an If-Range cannot match, so the whole file comes back.
    assert _get(io.BytesIO(DATA), Range="bytes=-3", If_Range='"x"').status_code == 200


def test_it_serves_an_open_file_from_its_start(clip):
    with clip.open("rb") as file:
        file.seek(1000)
        response = _get(file)
        assert response["ETag"].startswith('"')
        assert _body(response) == DATA


class _Pipe(io.RawIOBase):
    def __init__(self, data):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    size = len(DATA)


def test_it_sends_a_non_seekable_file_whole():
    response = _get(_Pipe(DATA), Range="bytes=0-9")

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "none"
    assert _body(response) == DATA


def test_it_raises_404_for_a_missing_file(tmp_path):
    with pytest.raises(Http404):
        _get(tmp_path / "missing.mp4")
    with pytest.raises(Http404):
        _get(tmp_path)


@pytest.mark.parametrize(
    ("filename", "as_attachment", "expected"),
    [
        ("clip.mp4", False, 'inline; filename="clip.mp4"'),
        ("clip.mp4", True, 'attachment; filename="clip.mp4"'),
        ("été.pdf", True, "attachment; filename*=utf-8''%C3%A9t%C3%A9.pdf"),
        (None, True, "attachment"),
    ],
)
def test_it_sets_content_disposition_with_djangos_helper(clip, filename, as_attachment, expected):
    request = rf.get("/media/clip.mp4", headers={"Range": "bytes=0-1"})
    response = ranged_file_response(
        request, clip, content_type="video/mp4", filename=filename, as_attachment=as_attachment
    )

    assert response["Content-Disposition"] == expected
    _body(response)


def test_it_hands_files_of_media_root_to_nginx_when_configured(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected-media/"
    (tmp_path / "videos").mkdir()
    video = tmp_path / "videos" / "cycle de l'eau.mp4"
    video.write_bytes(DATA[:10])

    response = _get(video, Range="bytes=0-1")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_protected-media/videos/cycle%20de%20l%27eau.mp4"
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Range" not in response
    assert response.content == b""


def test_it_hands_an_open_file_and_x_sendfile_too(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "X-Sendfile"
    video = tmp_path / "clip.mp4"
    video.write_bytes(DATA[:10])
    file = video.open("rb")

    response = _get(file)

    assert response["X-Sendfile"] == str(video.resolve())
    assert "X-Accel-Redirect" not in response
    assert file.closed


def test_it_serves_itself_what_is_outside_media_root_even_with_nginx(settings, tmp_path, clip):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected-media/"

    response = _get(clip, Range="bytes=0-1")

    assert "X-Accel-Redirect" not in response
    assert _body(response) == DATA[:2]
    assert _get(io.BytesIO(DATA), Range="bytes=0-1").status_code == 206


def test_it_rejects_a_prefix_nginx_cannot_use(settings, clip):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "protected-media"

    with pytest.raises(ImproperlyConfigured):
        _get(clip)


def test_it_raises_404_for_a_missing_file_handed_to_nginx(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/_protected-media/"

    with pytest.raises(Http404):
        _get(tmp_path / "gone.mp4")


# Properties.


@st.composite
def files_and_ranges(draw):
    data = draw(st.binary(min_size=1, max_size=3000))
    size = len(data)
    first = draw(st.integers(min_value=0, max_value=size - 1))
    last = draw(st.integers(min_value=first, max_value=size + 50))
    form = draw(st.sampled_from(["closed", "open", "suffix"]))
    if form == "closed":
        return data, f"bytes={first}-{last}", data[first : last + 1]
    if form == "open":
        return data, f"bytes={first}-", data[first:]
    suffix = draw(st.integers(min_value=1, max_value=size + 50))
    return data, f"bytes=-{suffix}", data[-suffix:]


@given(files_and_ranges())
def test_it_serves_the_bytes_of_any_valid_range(case):
    data, header, expected = case
    ranges_chunk = ranges.CHUNK_SIZE
    ranges.CHUNK_SIZE = 97  # many small chunks, with ragged ends
    try:
        response = _get(io.BytesIO(data), Range=header)
        body = _body(response)
    finally:
        ranges.CHUNK_SIZE = ranges_chunk

    assert response.status_code == 206
    assert body == expected
    first, last = response["Content-Range"].removeprefix("bytes ").split("/")[0].split("-")
    assert int(last) - int(first) + 1 == len(expected) == int(response["Content-Length"])


@given(st.text(max_size=40), st.integers(min_value=0, max_value=10_000))
def test_it_parses_any_header_within_the_file_or_refuses_it(header, size):
    try:
        parsed = parse_byte_range(header, size)
    except UnsatisfiableRange:
        return
    if parsed is not None:
        first, last = parsed
        assert 0 <= first <= last < size


# ASGI: daphne serves Django through ASGIHandler.


async def test_it_streams_with_an_async_iterator_under_asgi(clip):
    request = AsyncRequestFactory().get("/media/clip.mp4", headers={"Range": "bytes=100-"})

    response = ranged_file_response(request, clip, content_type="video/mp4")

    assert isinstance(response, StreamingHttpResponse)
    assert response.status_code == 206
    assert response.is_async  # a sync iterator would be read whole into memory first
    assert await _abody(response) == DATA[100:]


@pytest.mark.parametrize("prefix", ["media", "async-media"])
async def test_it_serves_ranges_through_the_async_client(settings, clip, prefix):
    settings.ROOT_URLCONF = URLCONF
    settings.MEDIA_ROOT = clip.parent
    client = AsyncClient()

    partial = await client.get(f"/{prefix}/clip.mp4", headers={"Range": "bytes=-1000"})
    head = await client.head(f"/{prefix}/clip.mp4")
    refused = await client.get(f"/{prefix}/clip.mp4", headers={"Range": f"bytes={SIZE}-"})

    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes {SIZE - 1000}-{SIZE - 1}/{SIZE}"
    assert await _abody(partial) == DATA[-1000:]
    assert head.status_code == 200
    assert head["Content-Length"] == str(SIZE)
    assert refused.status_code == 416


async def test_it_sends_the_body_through_asgi_in_chunks_without_warnings(settings, clip):
    settings.ROOT_URLCONF = URLCONF
    settings.MEDIA_ROOT = clip.parent
    messages = []
    requested = False
    never = asyncio.Event()

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await never.wait()

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/media/clip.mp4",
        "raw_path": b"/media/clip.mp4",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"range", b"bytes=5-")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
    }
    with warnings.catch_warnings():
        # "StreamingHttpResponse must consume synchronous iterators" would mean the
        # whole file was read into memory.
        warnings.simplefilter("error")
        await ASGIHandler()(scope, receive, send)

    start, *bodies = messages
    assert start["status"] == 206
    assert (b"content-range", f"bytes 5-{SIZE - 1}/{SIZE}".encode()) in [
        (name.lower(), value) for name, value in start["headers"]
    ]
    assert len(bodies) > 2
    assert all(len(message.get("body", b"")) <= ranges.CHUNK_SIZE for message in bodies)
    assert b"".join(message.get("body", b"") for message in bodies) == DATA[5:]


def _fetch(url, method="GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_it_serves_ranges_from_a_real_daphne(tmp_path, clip):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "amont.settings",
        "DEBUG": "0",
        "SECRET_KEY": "ranges-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(clip.parent),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    log = tmp_path / "daphne.log"
    with daphne(
        env, port, log, application=URLCONF + ":application", ready_path="/media/clip.mp4"
    ) as base:
        url = base + "/media/clip.mp4"
        status, headers, body = _fetch(url, Range="bytes=70000-70099")
        assert (status, headers["Content-Range"], body) == (
            206,
            f"bytes 70000-70099/{SIZE}",
            DATA[70000:70100],
        )
        status, headers, body = _fetch(url)
        assert (status, headers["Content-Length"], body) == (200, str(SIZE), DATA)
        etag = headers["ETag"]
        status, headers, body = _fetch(url, method="HEAD")
        assert (status, headers["Content-Length"], body) == (200, str(SIZE), b"")
        status, headers, _ = _fetch(url, Range=f"bytes={SIZE}-")
        assert (status, headers["Content-Range"]) == (416, f"bytes */{SIZE}")
        status, _, _ = _fetch(url, **{"If-None-Match": etag})
        assert status == 304
    assert "Traceback" not in log.read_text()
    assert "synchronous iterators" not in log.read_text()
