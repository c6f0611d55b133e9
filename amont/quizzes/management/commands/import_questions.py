"""Import a question file into an organization's bank, or check it with --dry-run.

    python manage.py import_questions FILE --format gift --dry-run
    python manage.py import_questions FILE --format qti --organization 3

--dry-run prints {"questions": [...], "errors": [{"line", "message"}]} as JSON and writes
nothing (a question carrying images lists them as "images": [{"name", "size"}], size in
bytes). Without it the import is all or nothing, like the bank's import page. The exit
code is 1, with the errors on stderr, when the file has any error."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from amont.accounts.models import Organization
from amont.courses.models import Objective
from amont.quizzes.formats import MAX_BYTES, FormatError
from amont.quizzes.formats.images import printable
from amont.quizzes.imports import ImportRefused, import_problems, import_questions
from amont.quizzes.models import Quiz
from amont.quizzes.source_formats import IMPORT_FORMATS, parse_source


def _errors_text(problems) -> str:
    return "\n".join(
        f"line {problem['line']}: {problem['message']}"
        if problem.get("line")
        else problem["message"]
        for problem in problems
    )


class Command(BaseCommand):
    help = "Import questions (GIFT, Aiken, Moodle XML, QTI 2.1) into an organization's bank."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import ('-' is not accepted).")
        parser.add_argument(
            "--format",
            choices=["auto", *IMPORT_FORMATS],
            default="auto",
            help="The file's format; auto guesses it from the content.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the questions and errors as JSON; write nothing.",
        )
        parser.add_argument("--organization", type=int, help="Id of the organization.")
        parser.add_argument("--objective", type=int, help="Id of an objective to tag them with.")
        parser.add_argument("--quiz", type=int, help="Id of a quiz to append them to.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"The file is too big: {MAX_BYTES // (1024 * 1024)} MB at most.", returncode=1
                )
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}", returncode=1) from None
        try:
            _fmt, result = parse_source(data, options["format"])
        except FormatError as error:
            raise CommandError(str(error), returncode=1) from None
        problems = import_problems(result)
        if options["dry_run"]:
            self.stdout.write(
                json.dumps(
                    {
                        "questions": [printable(question) for question in result["questions"]],
                        "errors": problems,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            if problems:
                raise CommandError(_errors_text(problems), returncode=1)
            return
        if options["organization"] is None:
            raise CommandError("--organization is required unless --dry-run is given.")
        organization = Organization.objects.filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization with id {options['organization']}.")
        objective = None
        if options["objective"] is not None:
            objective = Objective.objects.filter(
                pk=options["objective"], course__organization=organization
            ).first()
            if objective is None:
                raise CommandError("No such objective in this organization.")
        quiz = None
        if options["quiz"] is not None:
            quiz = Quiz.objects.filter(pk=options["quiz"], organization=organization).first()
            if quiz is None:
                raise CommandError("No such quiz in this organization.")
        try:
            questions = import_questions(
                organization=organization, result=result, objective=objective, quiz=quiz
            )
        except ImportRefused as refused:
            raise CommandError(
                "Nothing was imported.\n" + _errors_text(refused.problems), returncode=1
            ) from None
        self.stdout.write(
            f"Imported {len(questions)} question{'s' if len(questions) != 1 else ''} "
            f"into the bank of {organization.name}."
        )
