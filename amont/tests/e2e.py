"""A real ASGI server (daphne) for browser tests, on its own database.

Browser tests cannot share pytest-django's transaction, so the server gets a fresh
database of the same engine as the suite (a temporary SQLite file, or a PostgreSQL
database beside the configured one), migrated and loaded with the demo accounts.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_url(url: str) -> str:
    """The server's maintenance database: the configured one need not exist (the test
    suite only creates test_<name>), and a database cannot be dropped from inside."""
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _database_url(tmp: Path) -> str:
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}"
    import psycopg

    parts = urlsplit(configured)
    name = f"amont_e2e_{os.getpid()}"
    with psycopg.connect(_admin_url(configured), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def asgi_server(*, worker: bool = False, extra_env: dict | None = None) -> Iterator[str]:
    """With `worker`, a task worker (db_worker) runs beside the server, as in `make demo`.
    `extra_env` adds settings (environment variables); MEDIA_ROOT may be one of them."""
    tmp = Path(tempfile.mkdtemp(prefix="amont-e2e-"))
    database_url = ""
    try:
        database_url = _database_url(tmp)
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "AMONT_DEMO": "1",
            "SECRET_KEY": "e2e-only-not-secret",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "SITE_URL": f"http://127.0.0.1:{port}",
            "DJANGO_SETTINGS_MODULE": "amont.settings",
            **(extra_env or {}),
        }
        env.pop("PYTEST_CURRENT_TEST", None)
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
            subprocess.run([*manage, *command, "-v", "0"], env=env, check=True, cwd=BASE_DIR)
        with daphne(env, port, tmp / "daphne.log") as base, _worker(env, manage, tmp, worker):
            yield base
    finally:
        if database_url:
            _drop_database(database_url)
        _keep_errors(tmp / "daphne.log")
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _worker(env: dict, manage: list[str], tmp: Path, wanted: bool) -> Iterator[None]:
    if not wanted:
        yield
        return
    with open(tmp / "worker.log", "wb") as log:
        process = subprocess.Popen(
            [*manage, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def daphne(
    env: dict,
    port: int,
    log_path: Path,
    *,
    application: str = "amont.asgi:application",
    ready_path: str = "/login/",
) -> Iterator[str]:
    """Serve `application` with daphne on `port`; yield its base URL once `ready_path`
    answers 200, stop it afterwards. Its output goes to `log_path`."""
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            application,
        ],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + ready_path, timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("daphne did not start:\n" + log_path.read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _keep_errors(log_path: Path) -> None:
    """The temporary directory goes; a server log with a traceback stays, for debugging
    (every log stays with KEEP_E2E_LOG=1 in the environment)."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return
    if "Traceback" in text or os.environ.get("KEEP_E2E_LOG"):
        kept = Path(tempfile.gettempdir()) / f"e2e-daphne-{os.getpid()}.log"
        kept.write_text(text)
        print(f"daphne logged errors: {kept}", file=sys.stderr)
