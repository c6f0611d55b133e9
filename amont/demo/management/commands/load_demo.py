import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from amont.demo import build


class Command(BaseCommand):
    help = (
        "Create the French demo (organization, trainer, program manager, 25 learners, four "
        "courses with their activity). Only where AMONT_DEMO=1: the demo accounts share a "
        "public password."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organization, its courses and the demo users, then reload.",
        )

    def handle(self, *args, reset: bool = False, **options):
        if not settings.AMONT_DEMO:
            raise CommandError(
                "The demo is disabled here. Its accounts share a public password and must "
                "never exist in production: set AMONT_DEMO=1 (make demo does) on a "
                "development or evaluation machine only."
            )
        url = settings.SITE_URL
        quiet = options.get("verbosity", 1) == 0

        def say(text: str) -> None:
            if not quiet:
                self.stdout.write(text)

        if reset:
            build.reset_demo()
            say("Demo deleted; loading it again.")
        elif build.demo_exists():
            say(self.style.SUCCESS("Demo already loaded (use --reset to reload it)."))
            say(build.credentials_text(url))
            return
        elif stray := build.stray_demo_users():
            raise CommandError(
                f"Demo addresses already exist without the demo organization ({stray[0]}, "
                f"{len(stray)} in all). Run load_demo --reset to replace them."
            )

        started = time.monotonic()
        summary = build.load_demo()
        elapsed = time.monotonic() - started
        say(self.style.SUCCESS(f"Demo loaded in {elapsed:.1f} s."))
        for line in summary.lines():
            say(f"  {line}")
        say(build.credentials_text(url))
