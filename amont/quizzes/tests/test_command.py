"""`manage.py import_questions` and `manage.py export_questions`."""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from amont.quizzes.formats.gift import parse_gift
from amont.quizzes.models import Question, QuestionVersion, QuizItem
from amont.test import BaseTestCase

from .test_import import GIFT, GIFT_ONE_BAD, QTI_ITEM


class ImportCommandTestCase(BaseTestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)

    def file(self, content: str | bytes, name: str = "questions.txt") -> str:
        path = Path(self.directory.name) / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return str(path)

    def run_command(self, *args) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("import_questions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def counts(self) -> tuple[int, int, int]:
        return Question.objects.count(), QuestionVersion.objects.count(), QuizItem.objects.count()

    def test_it_prints_the_questions_as_json_and_writes_nothing(self):
        before = self.counts()
        out, _err = self.run_command(self.file(GIFT), "--format", "gift", "--dry-run")
        self.assertEqual(self.counts(), before)
        data = json.loads(out)
        self.assertEqual(set(data), {"questions", "errors"})
        self.assertEqual(data["errors"], [])
        self.assertEqual(len(data["questions"]), 3)
        first = data["questions"][0]
        for key in ("type", "title", "text", "answers"):
            self.assertIn(key, first)
        self.assertEqual(first["type"], "single_choice")
        self.assertEqual(first["title"], "Nuages")
        self.assertEqual(first["text"], "Où se forment les **nuages** ?")
        self.assertEqual(
            first["answers"][0],
            {"text": "Dans l'atmosphère", "fraction": 1.0, "feedback": "Exact !"},
        )
        self.assertEqual(first["line"], 5)
        self.assertEqual(data["questions"], parse_gift(GIFT)["questions"])

    def test_it_lists_the_errors_with_their_lines_and_fails(self):
        before = self.counts()
        out = StringIO()
        with self.assertRaises(CommandError) as failure:
            call_command(
                "import_questions",
                self.file(GIFT_ONE_BAD),
                "--format",
                "gift",
                "--dry-run",
                stdout=out,
            )
        self.assertEqual(failure.exception.returncode, 1)
        self.assertIn("line 3: ", str(failure.exception))
        data = json.loads(out.getvalue())
        self.assertEqual(len(data["questions"]), 2)
        self.assertEqual([e["line"] for e in data["errors"]], [3])
        self.assertEqual(self.counts(), before)

    def test_it_imports_into_the_bank_of_an_organization(self):
        out, _err = self.run_command(
            self.file(QTI_ITEM, "item.xml"), "--format", "qti", "--organization", str(self.org.pk)
        )
        self.assertIn("Imported 1 question into the bank of Lycée Amont.", out)
        version = QuestionVersion.objects.order_by("-pk").first()
        self.assertEqual(version.question.organization, self.org)
        self.assertEqual((version.type, version.title), ("single_choice", "Capitale"))

    def test_it_imports_into_a_quiz_with_an_objective(self):
        objective = self.course.objectives.first()
        self.run_command(
            self.file(GIFT),
            "--organization",
            str(self.org.pk),
            "--objective",
            str(objective.pk),
            "--quiz",
            str(self.quiz.pk),
        )
        self.assertEqual(Question.objects.filter(objective=objective).count(), 3)
        self.assertEqual(self.quiz.items.count(), 4)

    def test_it_imports_nothing_from_a_file_with_errors(self):
        before = self.counts()
        with self.assertRaises(CommandError) as failure:
            self.run_command(self.file(GIFT_ONE_BAD), "--organization", str(self.org.pk))
        self.assertIn("Nothing was imported.", str(failure.exception))
        self.assertEqual(failure.exception.returncode, 1)
        self.assertEqual(self.counts(), before)

    def test_it_needs_an_organization_to_import(self):
        with self.assertRaises(CommandError):
            self.run_command(self.file(GIFT))
        with self.assertRaises(CommandError):
            self.run_command(self.file(GIFT), "--organization", "999999")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_hostile_and_missing_files(self):
        before = self.counts()
        for content in (b"\x89PNG\r\n\x1a\n\0\0", b"x" * (5 * 1024 * 1024 + 1)):
            with self.assertRaises(CommandError):
                self.run_command(self.file(content), "--dry-run")
        with self.assertRaises(CommandError):
            self.run_command(str(Path(self.directory.name) / "missing.gift"), "--dry-run")
        self.assertEqual(self.counts(), before)


class ExportCommandTestCase(BaseTestCase):
    def test_it_exports_the_bank(self):
        with tempfile.TemporaryDirectory() as directory:
            output = Path(directory) / "bank.gift"
            out = StringIO()
            call_command(
                "export_questions",
                "--organization",
                str(self.org.pk),
                "--output",
                str(output),
                stdout=out,
            )
            self.assertIn("Exported 1 of 1 questions", out.getvalue())
            parsed = parse_gift(output.read_bytes())
        self.assertEqual(
            [q["text"] for q in parsed["questions"]], [self.question.latest_version.text]
        )
