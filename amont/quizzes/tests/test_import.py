"""Importing questions: the all-or-nothing action, the two-step import page (report, then
confirmation), hostile files, and round trips through the bank (import → export → import)."""

import io
import tempfile
import zipfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from amont.courses.tests.base import AuthoringTestCase
from amont.quizzes.actions import quiz_versions
from amont.quizzes.formats.gift import parse_gift
from amont.quizzes.formats.qti import parse_qti
from amont.quizzes.imports import MAX_STAGED_PER_USER, STAGING_TTL, ImportRefused, import_questions
from amont.quizzes.models import ImportStaging, Question, QuestionVersion, QuizItem

GIFT = """// Deux questions de sciences
$CATEGORY: $course$/top/Sciences

// [tag:eau]
::Nuages::Où se forment les **nuages** ?{
=Dans l'atmosphère#Exact !
~Dans l'océan
~Sous terre
}

::Ébullition::À quelle température (en °C) l'eau bout-elle ?{#100:0,5}

::Cycle::Quand l'eau chauffe, elle passe à l'état {=gazeux =de vapeur} sous l'effet du soleil.
"""

GIFT_ONE_BAD = """::Bonne::Bonne question ?{=oui ~non}

::Mauvaise::Aucune bonne réponse ?{~a ~b ~c}

::Autre::Autre bonne question ?{T}
"""

AIKEN = """Où se forment les nuages ?
A. Dans l'océan
B. Dans l'atmosphère
ANSWER: B
"""

MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Pluie</text></name>
    <questiontext format="html"><text><![CDATA[<p onclick="x()">La pluie est <b>douce</b>.<script>alert(1)</script></p>]]></text></questiontext>
    <answer fraction="100"><text>true</text><feedback><text>Oui</text></feedback></answer>
    <answer fraction="0"><text>false</text><feedback><text>Non</text></feedback></answer>
  </question>
</quiz>
"""

QTI_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1" title="Capitale" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>B</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <prompt>Capitale de la France ?</prompt>
      <simpleChoice identifier="A">Lyon</simpleChoice>
      <simpleChoice identifier="B">Paris</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""


def _upload(content: bytes | str, name: str = "questions.txt") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _stored(organization) -> list[dict]:
    """The bank's questions in the neutral shape, in the order they were created."""
    neutrals = []
    for question in Question.objects.filter(organization=organization).order_by("created_at", "pk"):
        version = question.latest_version
        assert version is not None
        neutral = version.as_neutral()
        neutral.update(category=question.category, tags=question.tags)
        neutrals.append(neutral)
    return neutrals


class ImportActionTestCase(AuthoringTestCase):
    def test_it_imports_every_question_in_one_go(self):
        objective = self.course.objectives.first()
        questions = import_questions(
            organization=self.org, result=parse_gift(GIFT), objective=objective, quiz=self.quiz
        )
        self.assertEqual(len(questions), 3)
        self.assertEqual([q.objective for q in questions], [objective] * 3)
        self.assertEqual(
            [q.latest_version.type for q in questions], ["single_choice", "numeric", "cloze"]
        )
        self.assertEqual(questions[0].category, "Sciences")
        self.assertEqual(questions[0].tags, ["eau"])
        self.assertEqual(questions[0].latest_version.title, "Nuages")
        self.assertNotIn("line", questions[0].latest_version.data)
        self.assertEqual(len(quiz_versions(self.quiz)), 4)

    def test_it_reports_descriptions_as_not_imported_and_imports_the_rest(self):
        from amont.quizzes.formats.moodlexml import parse_moodle_xml

        xml = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="description">
    <name><text>Consigne</text></name>
    <questiontext format="html"><text>Lisez le texte avant de répondre.</text></questiontext>
  </question>
  <question type="truefalse">
    <name><text>Ébullition</text></name>
    <questiontext format="html"><text>L'eau bout à 100 °C au niveau de la mer.</text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""
        gift = "Une consigne sans accolades.\n\n" + GIFT
        for result, imported in ((parse_moodle_xml(xml), 1), (parse_gift(gift), 3)):
            with self.subTest(imported=imported):
                self.assertEqual(len(result["errors"]), 1)
                self.assertTrue(result["errors"][0]["skipped"])
                before = Question.objects.count()
                questions = import_questions(organization=self.org, result=result)
                self.assertEqual(len(questions), imported)
                self.assertEqual(Question.objects.count(), before + imported)

    def test_it_imports_nothing_when_the_parser_found_an_error(self):
        result = parse_gift(GIFT + "\nQuestion sans accolade fermante {=a ~b\n")
        self.assertEqual(len(result["questions"]), 3)
        with self.assertRaises(ImportRefused) as refused:
            import_questions(organization=self.org, result=result)
        self.assertEqual(refused.exception.problems[0]["line"], 15)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_imports_nothing_when_one_question_cannot_be_graded(self):
        result = {
            "questions": [
                {"type": "open_text", "text": "Bonne", "line": 1},
                {"type": "numeric", "text": "Sans réponse", "answers": [], "line": 3},
            ],
            "errors": [],
        }
        with self.assertRaises(ImportRefused) as refused:
            import_questions(organization=self.org, result=result, quiz=self.quiz)
        self.assertEqual(
            refused.exception.problems,
            [{"line": 3, "message": "At least one accepted answer is needed."}],
        )
        self.assertEqual(Question.objects.count(), 1)
        self.assertEqual(self.quiz.items.count(), 1)

    def test_it_refuses_an_empty_file(self):
        with self.assertRaises(ImportRefused):
            import_questions(organization=self.org, result={"questions": [], "errors": []})

    def test_it_sanitises_html_questions(self):
        from amont.quizzes.formats.moodlexml import parse_moodle_xml

        (question,) = import_questions(organization=self.org, result=parse_moodle_xml(MOODLE_XML))
        version = question.latest_version
        self.assertEqual(version.text_format, "html")
        self.assertNotIn("script", version.text)
        self.assertNotIn("onclick", version.text)
        self.assertIn("<b>douce</b>", version.text)

    def test_it_refuses_a_quiz_of_another_organization(self):
        from amont.quizzes.actions import create_quiz

        quiz = create_quiz(organization=self.other_org, title="Ailleurs")
        with self.assertRaises(ValueError):
            import_questions(organization=self.org, result=parse_gift(GIFT), quiz=quiz)
        self.assertEqual(Question.objects.count(), 1)


class ImportPageTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/bank/import/?org={self.org.pk}"

    def preview(self, content, name="questions.txt", **data):
        return self.client.post(
            self.url, {"file": _upload(content, name), "format": "auto", **data}
        )

    def confirm(self, token: str):
        return self.client.post(self.url, {"step": "confirm", "token": token})

    def test_it_shows_the_form(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, 'name="text"')
        self.assertContains(r, '<option value="moodlexml">')

    def test_it_reports_each_question_then_imports_them_all_on_confirmation(self):
        self.login(self.trainer)
        r = self.preview(GIFT, "questions.gift")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Report (Moodle GIFT)")
        self.assertContains(r, "Will be imported", count=3)
        self.assertContains(r, "<td>5</td>")  # the line where "Nuages" starts
        self.assertContains(r, "Ébullition")
        self.assertContains(r, "Import 3 questions")
        self.assertEqual(Question.objects.count(), 1)  # nothing yet
        token = r.context["token"]
        self.assertTrue(ImportStaging.objects.filter(token=token, user=self.trainer).exists())

        r = self.confirm(token)
        self.assertRedirects(r, f"/bank/?org={self.org.pk}", fetch_redirect_response=False)
        self.assertEqual(Question.objects.filter(organization=self.org).count(), 4)
        self.assertEqual(
            set(QuestionVersion.objects.values_list("title", flat=True)),
            {"", "Nuages", "Ébullition", "Cycle"},
        )
        self.assertFalse(ImportStaging.objects.filter(token=token).exists())
        r = self.client.get(f"/bank/?org={self.org.pk}")
        self.assertContains(r, "3 questions imported.")

        # The same confirmation twice imports nothing more.
        r = self.confirm(token)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Question.objects.count(), 4)

    def test_it_imports_nothing_from_a_file_with_one_bad_question(self):
        self.login(self.trainer)
        r = self.preview(GIFT_ONE_BAD)
        self.assertContains(r, "1 problem: nothing will be imported.")
        self.assertContains(r, "<td>3</td>")
        self.assertContains(r, "Not imported:")
        self.assertContains(r, "Would be imported", count=2)
        self.assertNotContains(r, 'name="token"')
        self.assertNotIn("token", r.context)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_reads_pasted_aiken(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"text": AIKEN, "format": "auto"})
        self.assertContains(r, "Report (Aiken)")
        self.confirm(r.context["token"])
        version = QuestionVersion.objects.order_by("-pk").first()
        self.assertEqual(version.type, "single_choice")
        self.assertEqual(version.correct_index, 1)

    def test_it_reads_moodle_xml_and_qti_whatever_their_names(self):
        self.login(self.trainer)
        r = self.preview(MOODLE_XML, "questions.gift")
        self.assertContains(r, "Report (Moodle XML)")
        r = self.preview(QTI_ITEM, "questions.txt")
        self.assertContains(r, "Report (QTI 2.1")
        self.confirm(r.context["token"])
        version = QuestionVersion.objects.order_by("-pk").first()
        self.assertEqual((version.type, version.title), ("single_choice", "Capitale"))

    def test_it_imports_straight_into_a_quiz(self):
        self.login(self.trainer)
        url = f"/bank/import/?org={self.org.pk}&quiz={self.quiz_activity.pk}"
        r = self.client.post(url, {"file": _upload(GIFT), "format": "gift"})
        self.assertContains(r, "Import questions into “Quiz”")
        r = self.client.post(url, {"step": "confirm", "token": r.context["token"]})
        self.assertRedirects(
            r, f"/activities/{self.quiz_activity.pk}/quiz/#questions", fetch_redirect_response=False
        )
        self.assertEqual(len(quiz_versions(self.quiz)), 4)

    def test_it_tags_the_imported_questions_with_an_objective(self):
        objective = self.course.objectives.last()
        self.login(self.trainer)
        r = self.preview(GIFT, objective=objective.pk)
        self.confirm(r.context["token"])
        self.assertEqual(Question.objects.filter(objective=objective).count(), 3)

    def test_it_refuses_a_binary_file_and_changes_nothing(self):
        self.login(self.trainer)
        png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 20
        r = self.preview(png, "questions.gift")
        self.assertContains(r, "The file could not be imported.")
        self.assertContains(r, "Nothing was imported.")
        r = self.client.post(self.url, {"file": _upload(png, "q.gift"), "format": "gift"})
        self.assertContains(r, "This is not a text, XML or zip file.")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_a_file_over_5_mb(self):
        self.login(self.trainer)
        big = ("::Q::Question ?{=a ~b}\n\n" * 300_000).encode()
        self.assertGreater(len(big), 6 * 1024 * 1024)
        r = self.preview(big, "big.gift")
        self.assertContains(r, "The file is too big: 5 MB at most.")
        self.assertNotIn("token", r.context)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_hostile_xml(self):
        self.login(self.trainer)
        bomb = (
            '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>'
        )
        r = self.preview(bomb)
        self.assertContains(r, "The file could not be imported.")
        zip_bomb = io.BytesIO()
        with zipfile.ZipFile(zip_bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("item.xml", b"<assessmentItem>" + b" " * (20 * 1024 * 1024))
        r = self.preview(zip_bomb.getvalue(), "q.zip")
        self.assertContains(r, "The file could not be imported.")
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_a_file_of_another_format_than_chosen(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"file": _upload(MOODLE_XML), "format": "aiken"})
        self.assertContains(r, "This file looks like Moodle XML, not Aiken")

    def test_it_asks_for_a_file_or_a_text(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"format": "auto"})
        self.assertContains(r, "Choose a file or paste questions.")
        r = self.client.post(self.url, {"file": _upload(GIFT), "text": AIKEN, "format": "auto"})
        self.assertContains(r, "Upload a file or paste text, not both.")

    def test_it_never_trusts_a_token_it_did_not_give(self):
        self.login(self.trainer)
        r = self.confirm("../../etc/passwd")
        self.assertEqual(r.status_code, 302)
        token = self.preview(GIFT).context["token"]
        # Another trainer of the organization cannot use it: it belongs to who staged it.
        self.login(self.other_trainer)
        self.confirm(token)
        self.assertEqual(Question.objects.count(), 1)
        # A file changed on the server after the preview is refused too.
        self.login(self.trainer)
        token = self.preview(GIFT).context["token"]
        ImportStaging.objects.filter(token=token).update(data=GIFT_ONE_BAD.encode())
        r = self.confirm(token)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Question.objects.count(), 1)
        r = self.client.get(self.url)
        self.assertContains(r, "This import has expired. Upload the file again.")

    def test_it_confirms_on_another_process_with_nothing_in_the_temp_folder(self):
        # Preview and confirmation on two clients (two sessions, as two hosts behind a
        # load balancer would see them), with an empty temporary folder of their own.
        with (
            tempfile.TemporaryDirectory() as folder,
            mock.patch.object(tempfile, "tempdir", folder),
        ):
            self.login(self.trainer)
            token = self.preview(GIFT, "questions.gift").context["token"]
            other = Client()
            other.force_login(self.trainer)
            r = other.post(self.url, {"step": "confirm", "token": token})
            self.assertRedirects(r, f"/bank/?org={self.org.pk}", fetch_redirect_response=False)
            self.assertEqual(list(Path(folder).iterdir()), [])
        self.assertEqual(Question.objects.filter(organization=self.org).count(), 4)
        self.assertFalse(ImportStaging.objects.exists())

    def test_it_lets_a_staged_file_expire(self):
        self.login(self.trainer)
        token = self.preview(GIFT).context["token"]
        ImportStaging.objects.update(created_at=timezone.now() - STAGING_TTL - timedelta(1))
        r = self.confirm(token)
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Question.objects.count(), 1)
        self.assertContains(self.client.get(self.url), "This import has expired.")
        # Staging another file deletes the expired one.
        self.preview(GIFT)
        self.assertFalse(ImportStaging.objects.filter(token=token).exists())
        self.assertEqual(ImportStaging.objects.count(), 1)

    def test_it_keeps_a_few_staged_files_per_user(self):
        self.login(self.trainer)
        tokens = [self.preview(GIFT).context["token"] for _ in range(MAX_STAGED_PER_USER + 1)]
        self.assertEqual(
            set(ImportStaging.objects.values_list("token", flat=True)), set(tokens[1:])
        )
        self.confirm(tokens[0])
        self.assertEqual(Question.objects.count(), 1)
        self.confirm(tokens[-1])
        self.assertEqual(Question.objects.count(), 4)

    def test_it_refuses_a_token_for_another_quiz(self):
        self.login(self.trainer)
        token = self.preview(GIFT).context["token"]
        url = f"/bank/import/?org={self.org.pk}&quiz={self.quiz_activity.pk}"
        r = self.client.post(url, {"step": "confirm", "token": token})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_is_for_the_organization_trainers_only(self):
        self.assert_login_required(self.url)
        self.assert_manager_forbidden(self.url, "post", {"text": AIKEN, "format": "auto"})
        for user in (self.learner, self.outsider_manager):
            self.login(user)
            r = self.client.post(self.url, {"text": AIKEN, "format": "auto"})
            self.assertEqual(r.status_code, 404, user.email)
        self.assertEqual(Question.objects.count(), 1)

    def test_it_refuses_to_import_into_a_quiz_of_another_course(self):
        self.login(self.other_trainer)
        url = f"/bank/import/?org={self.org.pk}&quiz={self.quiz_activity.pk}"
        self.assertEqual(self.client.get(url).status_code, 404)


class RoundTripTestCase(AuthoringTestCase):
    """Import through the page, export through the page, import the export again: the
    bank holds the same neutral questions."""

    def import_file(self, content, name: str) -> None:
        r = self.client.post(
            f"/bank/import/?org={self.org.pk}", {"file": _upload(content, name), "format": "auto"}
        )
        self.assertIn("token", r.context, r.content.decode()[:2000])
        self.client.post(
            f"/bank/import/?org={self.org.pk}", {"step": "confirm", "token": r.context["token"]}
        )

    def setUp(self):
        QuizItem.objects.all().delete()
        Question.objects.filter(organization=self.org).exclude(pk=self.question.pk).delete()
        self.login(self.trainer)

    def round_trip(self, fmt: str, parse, content, name: str) -> None:
        self.import_file(content, name)
        first = _stored(self.org)[1:]  # the persona's question was not imported
        self.assertGreater(len(first), 0)
        ids = "".join(f"&question={q.pk}" for q in Question.objects.order_by("pk")[1:])
        r = self.client.get(f"/bank/export/?org={self.org.pk}&format={fmt}&download=1{ids}")
        self.assertEqual(r.status_code, 200)
        result = parse(r.content)
        self.assertEqual(result["errors"], [])
        import_questions(organization=self.other_org, result=result)
        self.maxDiff = None
        self.assertEqual(_stored(self.other_org), first)

    def test_it_round_trips_gift(self):
        self.round_trip("gift", parse_gift, GIFT, "a.gift")

    def test_it_round_trips_qti(self):
        qti = GIFT + (
            "\n::Ordre::Dans l'ordre ?{=un ~deux}\n"  # GIFT has no ordering: written as a choice
        )
        self.round_trip("qti", parse_qti, qti, "a.txt")

    def test_it_round_trips_every_type_through_qti(self):
        from amont.quizzes.formats.qti import write_qti

        from .test_editor import CASES

        for kind, (data, _expected, _answer) in CASES.items():
            self.client.post(
                f"/bank/questions/new/?org={self.org.pk}&type={kind}",
                {"default_grade": "1", **data},
            )
        questions = _stored(self.org)[1:]
        self.assertEqual(len(questions), 9)
        package, skipped = write_qti(questions)
        self.assertEqual(skipped, [])
        import_questions(organization=self.other_org, result=parse_qti(package))
        self.assertEqual(_stored(self.other_org), questions)
