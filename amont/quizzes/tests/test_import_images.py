"""Images inside imported files: Moodle XML `<file>` elements and files of QTI packages
become QuestionImages (checked by content, all or nothing), the texts point at
/bank/images/<id>/, QTI exports carry them back out, GIFT exports keep the links."""

import base64
import io
import json
import re
import shutil
import tempfile
import zipfile
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from amont.quizzes import imports
from amont.quizzes.actions import create_question
from amont.quizzes.formats import FormatError, ParseError
from amont.quizzes.formats.gift import parse_gift
from amont.quizzes.formats.moodlexml import parse_moodle_xml
from amont.quizzes.formats.qti import parse_qti, write_qti
from amont.quizzes.imports import ImportRefused, import_questions
from amont.quizzes.models import Question, QuestionImage, QuestionVersion
from amont.test import BaseTestCase

from .test_question_images import png_bytes

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def _file(name: str, data: bytes | str) -> str:
    encoded = data if isinstance(data, str) else base64.b64encode(data).decode()
    return f'<file name="{name}" path="/" encoding="base64">{encoded}</file>'


def _question(title: str, text: str, files: str = "", feedback: str = "", fb_files: str = ""):
    """A Moodle single choice whose question text and right answer's feedback are HTML
    with their own files."""
    return (
        '<question type="multichoice">\n'
        f"<name><text>{title}</text></name>\n"
        f'<questiontext format="html"><text><![CDATA[{text}]]></text>{files}</questiontext>\n'
        '<answer fraction="100" format="html"><text>Évaporation</text>'
        f'<feedback format="html"><text><![CDATA[{feedback}]]></text>{fb_files}</feedback>'
        "</answer>\n"
        '<answer fraction="0" format="html"><text>Fusion</text>'
        '<feedback format="html"><text>Non</text></feedback></answer>\n'
        "<single>true</single>\n"
        "</question>"
    )


def _moodle(*questions: str) -> str:
    # The first question starts on line 3, the next ones 7 lines further each.
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


SCHEMA = png_bytes(3, 2)
PIXEL = png_bytes(1, 1)
TEXT_IMAGE = (
    '<p>Que montre ce schéma ?</p><p><img src="@@PLUGINFILE@@/sch%C3%A9ma.png" alt="Cycle"></p>'
)


def _moodle_with_images() -> str:
    """Two questions: the first shows schéma.png and, in a feedback, pixel.png; the
    second shows schéma.png again (the same bytes)."""
    return _moodle(
        _question(
            "Cycle",
            TEXT_IMAGE,
            _file("schéma.png", SCHEMA),
            '<p>Oui <img src="@@PLUGINFILE@@/pixel.png" alt="point"></p>',
            _file("pixel.png", PIXEL),
        ),
        _question("Encore", TEXT_IMAGE, _file("schéma.png", SCHEMA)),
    )


def _with_image(data: bytes | str) -> str:
    return _moodle(
        _question("Bonne", "<p>Sans image</p>"),
        _question("Piège", TEXT_IMAGE, _file("schéma.png", data)),
    )


ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1" title="Cycle" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>A</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>Que montre ce schéma ? <img src="{src}" alt="Cycle"/></p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <simpleChoice identifier="A">L'évaporation</simpleChoice>
      <simpleChoice identifier="B">La fusion</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
  <resources>
    <resource identifier="R1" type="imsqti_item_xmlv2p1" href="items/q1.xml">
      <file href="items/q1.xml"/>
    </resource>
  </resources>
</manifest>
"""


def _zip(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return buffer.getvalue()


def _package(src: str, files: dict[str, bytes]) -> bytes:
    return _zip({"imsmanifest.xml": MANIFEST, "items/q1.xml": ITEM.format(src=src), **files})


class ImportImagesTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp(prefix="amont-media-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        settings = override_settings(MEDIA_ROOT=self.media)
        settings.enable()
        self.addCleanup(settings.disable)
        self.url = f"/bank/import/?org={self.org.pk}"

    def media_files(self) -> list[Path]:
        return [path for path in Path(self.media).rglob("*") if path.is_file()]

    def counts(self) -> tuple[int, int, int]:
        return Question.objects.count(), QuestionImage.objects.count(), len(self.media_files())

    def preview(self, content: str | bytes, name: str):
        data = content.encode() if isinstance(content, str) else content
        return self.client.post(
            self.url, {"file": SimpleUploadedFile(name, data), "format": "auto"}
        )

    def confirm(self, token: str):
        return self.client.post(self.url, {"step": "confirm", "token": token})

    def refused(self, content: str | bytes) -> list[ParseError]:
        """The problems of a file the import refuses, having written nothing."""
        before = self.counts()
        with translation.override("en"):
            result = parse_moodle_xml(content) if isinstance(content, str) else parse_qti(content)
            with self.assertRaises(ImportRefused) as refused:
                import_questions(organization=self.org, result=result)
        self.assertEqual(self.counts(), before)
        return refused.exception.problems

    # Moodle XML ------------------------------------------------------------------------

    def test_it_imports_the_images_of_a_moodle_file_once_each_and_points_the_texts_at_them(
        self,
    ):
        self.login(self.trainer)
        r = self.preview(_moodle_with_images(), "quiz.xml")
        self.assertContains(r, "Will be imported", count=2)
        self.assertContains(r, "Images included in the file: schéma.png, pixel.png.")
        self.assertEqual(self.counts(), (1, 0, 0))  # nothing yet

        r = self.confirm(r.context["token"])
        self.assertRedirects(r, f"/bank/?org={self.org.pk}", fetch_redirect_response=False)
        self.assertEqual(QuestionImage.objects.count(), 2)  # schéma.png once, pixel.png
        schema, pixel = QuestionImage.objects.order_by("pk")
        for image, data in ((schema, SCHEMA), (pixel, PIXEL)):
            self.assertEqual(image.organization, self.org)
            self.assertEqual(image.uploaded_by, self.trainer)
            self.assertEqual(image.content_type, "image/png")
            self.assertRegex(image.file.name, r"^question-images/\d{4}/\d{2}/[0-9a-f]{32}\.png$")
            self.assertEqual(Path(self.media, image.file.name).read_bytes(), data)
        self.assertEqual(len(self.media_files()), 2)

        first, second = (
            QuestionVersion.objects.filter(question__organization=self.org)
            .exclude(question=self.question)
            .order_by("pk")
        )
        self.assertIn(f'<img src="/bank/images/{schema.pk}/" alt="Cycle">', first.text)
        self.assertIn(
            f'<img src="/bank/images/{pixel.pk}/" alt="point">', first.options[0]["feedback"]
        )
        self.assertIn(f'<img src="/bank/images/{schema.pk}/" alt="Cycle">', second.text)
        for version in (first, second):
            self.assertNotIn(
                "PLUGINFILE", json.dumps([version.text, version.options, version.data])
            )
            self.assertNotIn("attachments", version.data)

    def test_it_shows_the_imported_image_to_learners(self):
        result = parse_moodle_xml(_moodle_with_images())
        import_questions(organization=self.org, result=result, quiz=self.quiz)
        image = QuestionImage.objects.order_by("pk").first()
        self.login(self.learner)
        page = self.client.get(f"/learn/activities/{self.quiz_activity.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertRegex(
            page.content.decode(), rf'<img src="/bank/images/{image.pk}/" alt="Cycle"\s*/?>'
        )
        response = self.client.get(f"/bank/images/{image.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), SCHEMA)

    def test_it_refuses_a_pdf_or_a_program_posing_as_an_image(self):
        for data, looks_like in ((PDF, "a PDF document"), (EXE, "a Windows program")):
            with self.subTest(looks_like=looks_like):
                problems = self.refused(_with_image(data))
                self.assertEqual(
                    problems,
                    [
                        {
                            "line": 10,
                            "message": "The image “schéma.png” cannot be imported. This file "
                            f"is not an image: it looks like {looks_like}.",
                        }
                    ],
                )

    def test_it_reports_a_disguised_image_on_the_import_page_and_offers_no_import(self):
        self.login(self.trainer)
        r = self.preview(_with_image(PDF), "quiz.xml")
        self.assertContains(r, "1 problem: nothing will be imported.")
        self.assertContains(r, "<td>10</td>")
        self.assertContains(r, "it looks like a PDF document")
        self.assertNotIn("token", r.context)
        self.assertEqual(self.counts(), (1, 0, 0))

    def test_it_refuses_an_image_over_2_mb(self):
        problems = self.refused(_with_image(SCHEMA + b"\x00" * 2_000_000))
        self.assertEqual(len(problems), 1)
        self.assertEqual(problems[0]["line"], 10)
        self.assertIn("(line 10) was not imported", problems[0]["message"])
        self.assertIn(
            "the image “schéma.png” is too large (2 MB; at most 2 MB)", problems[0]["message"]
        )

    def test_it_refuses_invalid_base64_with_the_line_of_the_question(self):
        problems = self.refused(_with_image("iVBORw0KGgo@@@@"))
        self.assertEqual(
            problems,
            [
                {
                    "line": 10,
                    "message": "Question 2 “Piège” (line 10) was not imported: the file "
                    "“schéma.png” is not valid base64.",
                }
            ],
        )

    def test_it_refuses_an_empty_image(self):
        problems = self.refused(_with_image(""))
        self.assertEqual(
            [problem["message"] for problem in problems],
            ["The image “schéma.png” cannot be imported. The file is empty."],
        )

    def test_it_removes_the_stored_images_when_the_import_fails_half_way(self):
        result = parse_moodle_xml(_moodle_with_images())
        calls = []

        def failing(**kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return create_question(**kwargs)

        before = self.counts()
        with (
            mock.patch.object(imports, "create_question", failing),
            self.assertRaises(RuntimeError),
        ):
            import_questions(organization=self.org, result=result)
        self.assertEqual(len(calls), 2)
        self.assertEqual(self.counts(), before)

    def test_it_keeps_links_to_files_that_are_not_images_as_warnings(self):
        xml = _moodle(
            _question(
                "Lien",
                '<p>Lisez <a href="@@PLUGINFILE@@/cours.pdf">le cours</a>.</p>',
                _file("cours.pdf", PDF),
            )
        )
        with translation.override("en"):
            result = parse_moodle_xml(xml)
            (question,) = import_questions(organization=self.org, result=result)
        self.assertNotIn("attachments", result["questions"][0])
        self.assertIn(
            "Images and files were not imported (cours.pdf)", result["questions"][0]["warnings"][0]
        )
        self.assertIn('href="@@PLUGINFILE@@/cours.pdf"', question.latest_version.text)
        self.assertFalse(QuestionImage.objects.exists())

    # QTI packages -----------------------------------------------------------------------

    def test_it_imports_the_images_of_a_qti_package(self):
        self.login(self.trainer)
        r = self.preview(_package("images/cycle.png", {"items/images/cycle.png": SCHEMA}), "q.zip")
        self.assertContains(r, "Images included in the file: images/cycle.png.")
        self.confirm(r.context["token"])
        image = QuestionImage.objects.get()
        self.assertEqual(Path(self.media, image.file.name).read_bytes(), SCHEMA)
        version = QuestionVersion.objects.get(title="Cycle")
        self.assertIn(f'<img src="/bank/images/{image.pk}/" alt="Cycle">', version.text)

    def test_it_refuses_a_package_holding_a_path_that_leaves_it(self):
        self.login(self.trainer)
        package = _package("images/cycle.png", {"../cycle.png": SCHEMA})
        with self.assertRaises(FormatError):
            parse_qti(package)
        r = self.preview(package, "q.zip")
        self.assertContains(r, "The file could not be imported.")
        self.assertContains(r, "unsafe path (../cycle.png)")
        self.assertEqual(self.counts(), (1, 0, 0))

    def test_it_never_reads_an_image_whose_path_leaves_the_package(self):
        # From items/q1.xml, ../cycle.png is the package's cycle.png; ../../ leaves it.
        package = _package("../../cycle.png", {"cycle.png": SCHEMA})
        with translation.override("en"):
            result = parse_qti(package)
        (question,) = result["questions"]
        self.assertNotIn("attachments", question)
        self.assertEqual(
            question["warnings"],
            [
                "Images whose path leaves the package were refused (../../cycle.png); the "
                "text still refers to them."
            ],
        )
        import_questions(organization=self.org, result=result)
        self.assertFalse(QuestionImage.objects.exists())
        inside = parse_qti(_package("../cycle.png", {"cycle.png": SCHEMA}))["questions"][0]
        self.assertEqual(inside["attachments"], {"../cycle.png": SCHEMA})

    def test_it_refuses_a_package_image_that_is_not_an_image_or_too_big(self):
        problems = self.refused(_package("images/x.png", {"items/images/x.png": EXE}))
        self.assertIn("it looks like a Windows program", problems[0]["message"])
        big = SCHEMA + b"\x00" * 2_000_000
        problems = self.refused(_package("images/x.png", {"items/images/x.png": big}))
        self.assertIn("the image “images/x.png” is too large", problems[0]["message"])

    def test_it_keeps_relative_images_of_a_lone_item_file_as_a_warning(self):
        with translation.override("en"):
            result = parse_qti(ITEM.format(src="images/cycle.png"))
        (question,) = result["questions"]
        self.assertNotIn("attachments", question)
        self.assertIn(
            "Images and files were not imported (images/cycle.png)", question["warnings"][0]
        )

    # Exports ----------------------------------------------------------------------------

    def _bank_with_images(self) -> tuple[Question, Question, QuestionImage]:
        """A Markdown question showing an uploaded image, and an HTML one imported from
        Moodle with its image."""
        self.login(self.trainer)
        r = self.client.post(
            f"/bank/images/?org={self.org.pk}",
            {"image": SimpleUploadedFile("cycle.png", SCHEMA), "alt": "Cycle"},
            HTTP_ACCEPT="application/json",
        )
        uploaded = QuestionImage.objects.get()
        markdown = create_question(
            organization=self.org,
            neutral={
                "type": "short_answer",
                "title": "Schéma",
                "text": f"Que montre ce schéma ?\n\n{r.json()['markdown']}",
                "answers": [{"text": "évaporation", "fraction": 1.0, "feedback": ""}],
            },
        )
        moodle = _moodle(
            _question(
                "Point",
                '<p><img src="@@PLUGINFILE@@/pixel.png" alt="point"></p>',
                _file("pixel.png", PIXEL),
            )
        )
        (html,) = import_questions(organization=self.org, result=parse_moodle_xml(moodle))
        return markdown, html, uploaded

    def test_it_exports_the_images_in_the_qti_package_and_imports_them_back(self):
        markdown, html, uploaded = self._bank_with_images()
        ids = f"&question={markdown.pk}&question={html.pk}"
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=qti&download=1{ids}")
        self.assertEqual(r.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
            images = sorted(name for name in archive.namelist() if name.startswith("items/images/"))
            self.assertEqual(len(images), 2)
            contents = {archive.read(name) for name in images}
            manifest = archive.read("imsmanifest.xml").decode()
            item = archive.read("items/Q1.xml").decode()
        self.assertEqual(contents, {SCHEMA, PIXEL})
        for name in images:
            self.assertIn(f'<file href="{name}"/>', manifest)
        self.assertNotIn("/bank/images/", item)
        self.assertRegex(item, r"!\[Cycle\]\(images/[0-9a-f]{20}\.png\)")

        before = set(QuestionImage.objects.values_list("pk", flat=True))
        again = import_questions(organization=self.other_org, result=parse_qti(r.content))
        self.assertEqual(len(again), 2)
        for original, copy in zip((markdown, html), again, strict=True):
            old, new = original.latest_version, copy.latest_version
            (old_id,) = map(int, re.findall(r"/bank/images/(\d+)/", old.text))
            (new_id,) = map(int, re.findall(r"/bank/images/(\d+)/", new.text))
            self.assertNotIn(new_id, before)
            self.assertEqual(
                new.text, old.text.replace(f"/bank/images/{old_id}/", f"/bank/images/{new_id}/")
            )
            self.assertEqual(
                (new.type, new.title, new.text_format), (old.type, old.title, old.text_format)
            )
            old_image, new_image = (
                QuestionImage.objects.get(pk=old_id),
                QuestionImage.objects.get(pk=new_id),
            )
            self.assertEqual(new_image.organization, self.other_org)
            self.assertEqual(new_image.file.read(), old_image.file.read())
        self.assertEqual(uploaded.file.read(), SCHEMA)

    def test_it_leaves_out_images_of_another_organization(self):
        markdown, _html, uploaded = self._bank_with_images()
        uploaded.organization = self.other_org
        uploaded.save(update_fields=["organization"])
        r = self.client.get(
            f"/bank/export/?org={self.org.pk}&format=qti&download=1&question={markdown.pk}"
        )
        with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
            self.assertFalse([name for name in archive.namelist() if "images/" in name])
            self.assertIn(f"/bank/images/{uploaded.pk}/", archive.read("items/Q1.xml").decode())

    def test_it_keeps_the_links_in_a_gift_export_and_says_so(self):
        markdown, _html, uploaded = self._bank_with_images()
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format=gift&question={markdown.pk}")
        self.assertContains(r, "GIFT cannot carry files")
        r = self.client.get(
            f"/bank/export/?org={self.org.pk}&format=gift&download=1&question={markdown.pk}"
        )
        text = r.content.decode()
        self.assertTrue(text.startswith("// Some questions show images of the Amont bank"))
        (question,) = parse_gift(text)["questions"]
        self.assertIn(f"![Cycle](/bank/images/{uploaded.pk}/)", question["text"])
        r = self.client.get(
            f"/bank/export/?org={self.org.pk}&format=gift&download=1&question={self.question.pk}"
        )
        self.assertNotIn("Amont bank", r.content.decode())

    def test_it_writes_package_images_without_a_database(self):
        # A Moodle file converted to QTI keeps its images, and comes back the same.
        questions = parse_moodle_xml(_moodle_with_images())["questions"]
        package, skipped = write_qti(questions)
        self.assertEqual(skipped, [])
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            self.assertEqual(archive.read("items/@@PLUGINFILE@@/schéma.png"), SCHEMA)
            self.assertEqual(archive.read("items/@@PLUGINFILE@@/pixel.png"), PIXEL)
        back = parse_qti(package)["questions"]
        self.assertEqual([q["attachments"] for q in back], [q["attachments"] for q in questions])

    # The command ------------------------------------------------------------------------

    def test_it_lists_the_images_in_the_dry_run_and_writes_nothing(self):
        path = Path(self.media) / "quiz.xml"
        path.write_text(_moodle_with_images(), encoding="utf-8")
        before = (Question.objects.count(), QuestionImage.objects.count())
        out = StringIO()
        call_command("import_questions", str(path), "--dry-run", stdout=out, stderr=StringIO())
        data = json.loads(out.getvalue())
        self.assertEqual(set(data), {"questions", "errors"})
        self.assertEqual(data["errors"], [])
        first, second = data["questions"]
        for key in ("type", "title", "text", "answers"):
            self.assertIn(key, first)
        self.assertNotIn("attachments", first)
        self.assertEqual(
            first["images"],
            [
                {"name": "schéma.png", "size": len(SCHEMA)},
                {"name": "pixel.png", "size": len(PIXEL)},
            ],
        )
        self.assertEqual(second["images"], [{"name": "schéma.png", "size": len(SCHEMA)}])
        self.assertIn("@@PLUGINFILE@@/sch%C3%A9ma.png", first["text"])
        self.assertEqual((Question.objects.count(), QuestionImage.objects.count()), before)
        self.assertEqual(self.media_files(), [path])

    def test_it_fails_the_dry_run_of_a_file_with_a_disguised_image(self):
        path = Path(self.media) / "quiz.xml"
        path.write_text(_with_image(EXE), encoding="utf-8")
        out = StringIO()
        with self.assertRaises(CommandError) as failure:
            call_command("import_questions", str(path), "--dry-run", stdout=out)
        self.assertEqual(failure.exception.returncode, 1)
        self.assertIn("line 10: ", str(failure.exception))
        self.assertEqual([error["line"] for error in json.loads(out.getvalue())["errors"]], [10])
        self.assertEqual(self.counts(), (1, 0, 1))

    def test_it_imports_the_images_from_the_command_line(self):
        path = Path(self.media) / "quiz.xml"
        path.write_text(_moodle_with_images(), encoding="utf-8")
        out = StringIO()
        call_command("import_questions", str(path), "--organization", str(self.org.pk), stdout=out)
        self.assertIn("Imported 2 questions", out.getvalue())
        self.assertEqual(QuestionImage.objects.filter(organization=self.org).count(), 2)

    def test_it_exports_images_from_the_command_line(self):
        self._bank_with_images()
        output = Path(self.media) / "bank.zip"
        call_command(
            "export_questions",
            "--organization",
            str(self.org.pk),
            "--format",
            "qti",
            "--output",
            str(output),
            stdout=StringIO(),
        )
        result = parse_qti(output.read_bytes())
        images = [q["attachments"] for q in result["questions"] if "attachments" in q]
        self.assertEqual(
            sorted(data for found in images for data in found.values()), sorted([SCHEMA, PIXEL])
        )
