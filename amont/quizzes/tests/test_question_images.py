"""Images in question texts: upload checked by content, random stored names, served to
the members of the organization only, and shown in the learner's quiz."""

import re
import shutil
import struct
import tempfile
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from amont.quizzes.actions import add_question_to_quiz, create_question
from amont.quizzes.models import QuestionImage
from amont.test import BaseTestCase

UPLOAD = "/bank/images/"


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A tiny valid PNG (grey pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class QuestionImageTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp(prefix="amont-media-")
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        settings = override_settings(MEDIA_ROOT=self.media)
        settings.enable()
        self.addCleanup(settings.disable)

    def _upload(self, data: bytes, name: str = "schema.png", *, next: str = "", **headers):
        fields = {"image": SimpleUploadedFile(name, data), "alt": "Schéma"}
        if next:
            fields["next"] = next
        return self.client.post(f"{UPLOAD}?org={self.org.pk}", fields, **headers)

    def _stored(self, data: bytes) -> QuestionImage:
        self.login(self.trainer)
        response = self.client.post(
            f"{UPLOAD}?org={self.org.pk}",
            {"image": SimpleUploadedFile("schema.png", data), "alt": "Schéma"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 200)
        self.client.logout()
        return QuestionImage.objects.get()

    def test_it_stores_a_png_under_a_random_name_and_answers_the_markdown(self):
        self.login(self.trainer)
        data = png_bytes()
        response = self.client.post(
            f"{UPLOAD}?org={self.org.pk}",
            {"image": SimpleUploadedFile("mon schéma.png", data), "alt": "Le [cycle]"},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 200)
        image = QuestionImage.objects.get()
        self.assertEqual(
            response.json(), {"markdown": rf"![Le \[cycle\]](/bank/images/{image.pk}/)"}
        )
        self.assertEqual(image.organization, self.org)
        self.assertEqual(image.uploaded_by, self.trainer)
        self.assertEqual(image.content_type, "image/png")
        self.assertEqual(image.alt, "Le [cycle]")
        self.assertRegex(image.file.name, r"^question-images/\d{4}/\d{2}/[0-9a-f]{32}\.png$")
        self.assertNotIn("sch", image.file.name)
        self.assertEqual(Path(self.media, image.file.name).read_bytes(), data)

    def test_it_redirects_back_to_the_editor_with_the_snippet_without_javascript(self):
        self.login(self.trainer)
        editor = f"/bank/questions/new/?org={self.org.pk}&type=single_choice"
        response = self._upload(png_bytes(), next=editor)
        self.assertRedirects(response, editor, fetch_redirect_response=False)
        image = QuestionImage.objects.get()
        page = self.client.get(editor)
        self.assertContains(page, f"![Schéma](/bank/images/{image.pk}/)")

    def test_it_answers_a_partial_to_htmx(self):
        self.login(self.trainer)
        response = self._upload(png_bytes(), HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        image = QuestionImage.objects.get()
        self.assertContains(response, f"![Schéma](/bank/images/{image.pk}/)")

    def test_it_refuses_a_pdf_renamed_png(self):
        self.login(self.trainer)
        response = self._upload(
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", HTTP_ACCEPT="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(), {"error": "This file is not an image: it looks like a PDF document."}
        )
        self.assertFalse(QuestionImage.objects.exists())
        self.assertEqual(list(Path(self.media).rglob("*.*")), [])

    def test_it_refuses_a_disguised_file_with_a_message_without_javascript(self):
        self.login(self.trainer)
        editor = f"/bank/questions/new/?org={self.org.pk}&type=single_choice"
        response = self._upload(b"MZ\x90\x00\x03\x00\x00\x00", name="photo.png", next=editor)
        self.assertRedirects(response, editor, fetch_redirect_response=False)
        self.assertContains(self.client.get(editor), "it looks like a Windows program")
        self.assertFalse(QuestionImage.objects.exists())

    def test_it_refuses_a_file_over_2_mb(self):
        self.login(self.trainer)
        data = png_bytes() + b"\x00" * 2_000_000
        response = self._upload(data, HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("The file is too large", response.json()["error"])
        self.assertIn("at most 2 MB", response.json()["error"])
        self.assertFalse(QuestionImage.objects.exists())

    def test_it_refuses_the_upload_to_a_program_manager(self):
        self.login(self.manager)
        self.assertEqual(self._upload(png_bytes()).status_code, 403)
        self.assertFalse(QuestionImage.objects.exists())

    def test_it_hides_the_upload_from_outsiders(self):
        for user in (self.learner, self.outsider_manager):
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.post(
                    f"{UPLOAD}?org={self.org.pk}",
                    {"image": SimpleUploadedFile("a.png", png_bytes())},
                )
                self.assertEqual(response.status_code, 404)
        self.assertFalse(QuestionImage.objects.exists())

    def test_it_serves_the_exact_bytes_to_a_learner_of_the_organization(self):
        data = png_bytes(3, 2)
        image = self._stored(data)
        self.login(self.learner)
        response = self.client.get(f"/bank/images/{image.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), data)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["Cache-Control"], "private, max-age=86400")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_it_serves_the_image_to_the_staff_of_the_organization(self):
        image = self._stored(png_bytes())
        for user in (self.trainer, self.other_trainer, self.manager):
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.get(f"/bank/images/{image.pk}/").status_code, 200)

    def test_it_hides_the_image_from_outsiders(self):
        image = self._stored(png_bytes())
        self.login(self.outsider_manager)
        self.assertEqual(self.client.get(f"/bank/images/{image.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/bank/images/999999/").status_code, 404)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        image = self._stored(png_bytes())
        response = self.client.get(f"/bank/images/{image.pk}/")
        self.assertRedirects(
            response, f"/login/?next=/bank/images/{image.pk}/", fetch_redirect_response=False
        )

    def test_it_shows_the_image_in_the_learners_quiz(self):
        question = create_question(
            organization=self.org,
            neutral={
                "type": "short_answer",
                "text": "Que montre ce schéma ?\n\n![Schéma](/bank/images/1/)",
                "answers": [{"text": "évaporation", "fraction": 1.0}],
            },
        )
        add_question_to_quiz(quiz=self.quiz, question=question)
        self.login(self.learner)
        response = self.client.get(f"/learn/activities/{self.quiz_activity.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            re.search(r'<img src="/bank/images/1/" alt="Schéma"\s*/?>', response.content.decode())
        )

    def test_it_offers_the_upload_form_in_the_editor(self):
        self.login(self.trainer)
        response = self.client.get(f"/bank/questions/{self.question.pk}/")
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, f'action="/bank/images/?org={self.org.pk}"')
        self.assertContains(response, 'name="next"')
