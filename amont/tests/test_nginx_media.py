"""Media behind the production web server: nginx in front of daphne, with
MEDIA_ACCEL_REDIRECT_PREFIX set, as the README deploys it. Django checks access and
answers with X-Accel-Redirect; nginx sends the bytes, and seeking (HTTP ranges) works
through it. The internal location cannot be reached from outside.

Needs Debian's nginx (`.ci/run` installs it); skipped where there is none.

Run: .venv/bin/python -m pytest amont/tests/test_nginx_media.py -q
"""

import http.cookiejar
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from amont.tests.e2e import asgi_server, free_port

pytestmark = pytest.mark.browser  # a real server stack, run with the browser tests

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
LEARNER = "apprenant01@example.org"
PASSWORD = "amont-demo"
PREFIX = "/protected-media/"

CONFIG = """
worker_processes 1;
error_log {tmp}/error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ video/mp4 mp4; audio/webm webm; image/jpeg jpg; }}
    server {{
        listen 127.0.0.1:{port};
        location {prefix} {{
            internal;
            alias {media}/;
        }}
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Path]]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run does it)")
    tmp = Path(tempfile.mkdtemp(prefix="amont-nginx-"))
    tmp.chmod(0o755)  # nginx's workers run as an unprivileged user: they read MEDIA_ROOT
    media = tmp / "media"
    try:
        env = {"MEDIA_ROOT": str(media), "MEDIA_ACCEL_REDIRECT_PREFIX": PREFIX}
        with asgi_server(extra_env=env) as upstream:
            port = free_port()
            config = tmp / "nginx.conf"
            config.write_text(
                CONFIG.format(tmp=tmp, port=port, prefix=PREFIX, media=media, upstream=upstream)
            )
            nginx = subprocess.Popen(
                [NGINX, "-p", str(tmp), "-c", str(config), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                _wait(base + "/login/", nginx, tmp)
                yield base, media
            finally:
                nginx.terminate()
                nginx.wait(timeout=10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _wait(url: str, process: subprocess.Popen, tmp: Path) -> None:
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = tmp / "error.log"
                raise RuntimeError(
                    "nginx did not start: " + (log.read_text() if log.exists() else "")
                ) from None
            time.sleep(0.2)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _client(base: str, *, log_in: bool) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    if log_in:
        opener.open(base + "/login/").read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": LEARNER, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base})
        with pytest.raises(urllib.error.HTTPError) as redirect:  # 302 to the home page
            opener.open(request)
        assert redirect.value.code == 302
    return opener


def _video_url(base: str, opener) -> str:
    """The file of the first video capsule on the learner's pages."""
    home = opener.open(base + "/learn/").read().decode()
    for path in dict.fromkeys(re.findall(r'href="(/learn/activities/\d+/)"', home)):
        try:
            page = opener.open(base + path).read().decode()
        except urllib.error.HTTPError:  # held back by a required quiz
            continue
        found = re.search(r'<source src="(/learn/activities/\d+/media/file/)"', page)
        if found:
            return found.group(1)
    raise AssertionError("no video on the learner's pages")


def test_nginx_sends_the_media_with_ranges_after_django_checked_access(site):
    base, media = site
    learner = _client(base, log_in=True)
    path = _video_url(base, learner)

    whole = learner.open(base + path)
    assert whole.status == 200
    assert "X-Accel-Redirect" not in whole.headers  # consumed by nginx
    body = whole.read()
    assert len(body) > 10_000
    stored = next(p for p in media.rglob("*.mp4") if p.read_bytes() == body)
    assert stored.is_file()

    ranged = learner.open(urllib.request.Request(base + path, headers={"Range": "bytes=1000-1999"}))
    assert ranged.status == 206
    assert ranged.headers["Content-Range"] == f"bytes 1000-1999/{len(body)}"
    assert ranged.read() == body[1000:2000]

    end = learner.open(urllib.request.Request(base + path, headers={"Range": "bytes=-500"}))
    assert end.status == 206
    assert end.read() == body[-500:]


def test_nginx_does_not_serve_media_without_django(site):
    base, media = site
    anonymous = _client(base, log_in=False)
    learner = _client(base, log_in=True)
    path = _video_url(base, learner)
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous.open(base + path)
    assert refused.value.code == 302 and "/login/" in refused.value.headers["Location"]
    # The internal location answers 404 to a request from outside.
    stored = next(media.rglob("*.mp4")).relative_to(media)
    with pytest.raises(urllib.error.HTTPError) as hidden:
        anonymous.open(base + PREFIX + str(stored))
    assert hidden.value.code == 404
