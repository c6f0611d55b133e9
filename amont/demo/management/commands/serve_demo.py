import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from amont.demo.build import credentials_text
from amont.lib.env import env_int, env_str


def _stop(process: subprocess.Popen | None, *, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Serve the demo: print the logins, start the task worker (db_worker) as a child "
        "process and run daphne in the foreground on HOST:PORT (default 127.0.0.1:8000)."
    )

    def handle(self, *args, **options):
        host = env_str("HOST", "127.0.0.1")
        port = env_int("PORT", 8000)
        url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self.stdout.write(credentials_text(url))
        self.stdout.write("Press Ctrl-C to stop.")
        self.stdout.flush()

        manage = str(settings.BASE_DIR / "manage.py")
        server = [sys.executable, "-m", "daphne", "-b", host, "-p", str(port)]
        # A SIGTERM (from a supervisor, or `kill`) stops the children like Ctrl-C does.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        worker = daphne = None
        status = 0
        try:
            # No autoreload even with DEBUG: one worker process, stopped with daphne.
            worker = subprocess.Popen([sys.executable, manage, "db_worker", "--no-reload"])
            daphne = subprocess.Popen([*server, "amont.asgi:application"])
            status = daphne.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached the whole process group: daphne and the worker stop themselves;
            # _stop only waits for them, then insists.
            pass
        finally:
            try:
                _stop(daphne)
                _stop(worker)
            except KeyboardInterrupt:
                for process in (daphne, worker):
                    if process is not None and process.poll() is None:
                        process.kill()
            signal.signal(signal.SIGTERM, previous)
        if status:
            raise CommandError(f"daphne stopped with status {status}.", returncode=status)
