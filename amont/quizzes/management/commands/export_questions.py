"""Export an organization's bank as GIFT (text) or QTI 2.1 (zip).

python manage.py export_questions --organization 3 --format qti --output bank.zip

QTI packages carry the images the questions show; GIFT cannot carry files: the texts keep
their /bank/images/<id>/ links, and a comment at the top of the file says so.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from amont.accounts.models import Organization
from amont.quizzes.imports import attach_bank_images, gift_image_note
from amont.quizzes.models import QuestionVersion
from amont.quizzes.preview import excerpt
from amont.quizzes.source_formats import EXPORT_FORMATS


class Command(BaseCommand):
    help = "Export an organization's question bank as GIFT or QTI 2.1."

    def add_arguments(self, parser):
        parser.add_argument("--organization", type=int, required=True)
        parser.add_argument("--format", choices=list(EXPORT_FORMATS), default="gift")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization with id {options['organization']}.")
        latest: dict[int, QuestionVersion] = {}
        for version in (
            QuestionVersion.objects.filter(question__organization=organization)
            .select_related("question")
            .order_by("question__created_at", "question_id", "number")
        ):
            latest[version.question_id] = version
        neutrals = []
        for version in latest.values():
            neutral = version.as_neutral()
            neutral["category"] = version.question.category
            neutral["tags"] = list(version.question.tags)
            neutrals.append(neutral)
        if options["format"] == "gift":
            from amont.quizzes.formats.gift import write_gift

            text, skipped = write_gift(neutrals)
            note = gift_image_note([q for q in neutrals if not any(q is s for s in skipped)])
            if note and text:
                text = f"// {note}\n\n{text}"
                self.stderr.write(note)
            data = text.encode("utf-8")
        else:
            from amont.quizzes.formats.qti import write_qti

            neutrals = attach_bank_images(organization=organization, questions=neutrals)
            data, skipped = write_qti(neutrals)
        Path(options["output"]).write_bytes(data)
        for question in skipped:
            self.stderr.write(f"Skipped: {excerpt(question, 80)}")
        self.stdout.write(
            f"Exported {len(neutrals) - len(skipped)} of {len(neutrals)} questions "
            f"to {options['output']}."
        )
