"""Questions inside a video: the trainer places a bank question at a moment of a library
resource; the learner's player page carries it; an answer is graded at once, keeps its
certainty and is saved once per cue and activity."""

from django.urls import reverse

from amont.content.actions import create_resource
from amont.content.models import MediaStatus, Resource, ResourceType
from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase
from amont.quizzes.models import VideoCue, VideoCueAnswer
from amont.quizzes.video import format_timestamp, parse_timestamp
from amont.test import BaseTestCase


class TimestampTests(BaseTestCase):
    def test_parse(self):
        cases = {
            "75": 75.0,
            "1:15": 75.0,
            "01:15": 75.0,
            "1:15.5": 75.5,
            "1:15,5": 75.5,
            "0:01:15": 75.0,
            "1:00:00": 3600.0,
            " 2:05 ": 125.0,
        }
        for text, seconds in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_timestamp(text), seconds)
        for text in ("", "abc", "1:75", "-3", "1:2:3:4", "0:61:00"):
            with self.subTest(text=text):
                self.assertIsNone(parse_timestamp(text))

    def test_format(self):
        self.assertEqual(format_timestamp(75.9), "1:15")
        self.assertEqual(format_timestamp(5), "0:05")


class VideoCueTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # An uploaded video already processed (the page does not read the file).
        cls.video = Resource.objects.create(
            organization=cls.org, type=ResourceType.VIDEO, title="Capsule", duration=180.0,
            file="resources/capsule.mp4", detected="video/mp4", status=MediaStatus.READY,
        )  # fmt: skip
        cls.video_activity = add_activity(
            session=cls.session, phase=Phase.AFTER, kind=Kind.RESOURCE, title="Capsule",
            resource=cls.video,
        )  # fmt: skip

    def place(self, at="1:30"):
        self.login(self.trainer)
        return self.client.post(
            reverse("video_cue_add", args=[self.video.pk]),
            {"at": at, "question": self.question.pk},
        )

    def test_trainer_places_and_removes_a_question(self):
        response = self.place("1:30")
        self.assertEqual(response.status_code, 302)
        cue = VideoCue.objects.get()
        self.assertEqual((cue.at_seconds, cue.question), (90.0, self.question))
        page = self.client.get(reverse("library_resource", args=[self.video.pk]))
        self.assertContains(page, "1:30")
        self.assertContains(page, "Qu&#x27;est-ce qui fait s&#x27;évaporer")
        self.client.post(reverse("video_cue_delete", args=[cue.pk]))
        self.assertFalse(VideoCue.objects.exists())

    def test_who_may_remove_a_cue(self):
        # The permission table skips this URL: two personas may remove the same cue.
        expected = {
            None: 302,  # to the login page
            "learner": 404,
            "other_learner": 404,
            "manager": 403,
            "outsider_manager": 404,
            "trainer": 302,
            "other_trainer": 302,  # another trainer of the organization
        }
        for persona, status in expected.items():
            with self.subTest(persona=persona):
                cue = VideoCue.objects.create(
                    resource=self.video, question=self.question, at_seconds=5
                )
                self.client.logout()
                if persona:
                    self.login(getattr(self, persona))
                response = self.client.post(reverse("video_cue_delete", args=[cue.pk]))
                self.assertEqual(response.status_code, status)
                if persona is None:
                    self.assertTrue(response["Location"].startswith("/login/"))
                removed = not VideoCue.objects.filter(pk=cue.pk).exists()
                self.assertEqual(removed, persona in ("trainer", "other_trainer"))

    def test_a_moment_after_the_end_or_unreadable_is_refused(self):
        self.place("3:00")
        self.place("soon")
        self.assertFalse(VideoCue.objects.exists())

    def test_a_question_of_another_organization_cannot_be_placed(self):
        from amont.quizzes.actions import create_question

        theirs = create_question(
            organization=self.other_org, text="?", options=[
                {"text": "a", "correct": True}, {"text": "b", "correct": False}
            ],
        )  # fmt: skip
        self.login(self.trainer)
        self.client.post(
            reverse("video_cue_add", args=[self.video.pk]), {"at": "0:10", "question": theirs.pk}
        )
        self.assertFalse(VideoCue.objects.exists())

    def test_a_linked_video_takes_no_questions(self):
        link = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Lien",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        self.login(self.trainer)
        response = self.client.post(
            reverse("video_cue_add", args=[link.pk]), {"at": "0:10", "question": self.question.pk}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_manager_cannot_place_questions(self):
        self.login(self.manager)
        response = self.client.post(
            reverse("video_cue_add", args=[self.video.pk]),
            {"at": "0:10", "question": self.question.pk},
        )
        self.assertEqual(response.status_code, 403)

    def answer(self, cue, choice, confidence="sure", fetch=True):
        version = self.question.latest_version
        prefix = f"cue{cue.pk}"
        data = {
            f"{prefix}-client_key": "k" * 16,
            f"{prefix}-choice_{version.pk}": str(choice),
            f"{prefix}-confidence_{version.pk}": confidence,
        }
        headers = {"X-Requested-With": "fetch"} if fetch else {}
        return self.client.post(
            reverse("video_cue_answer", args=[self.video_activity.pk, cue.pk]),
            data,
            headers=headers,
        )

    def test_learner_answers_once_graded_with_confidence(self):
        cue = VideoCue.objects.create(resource=self.video, question=self.question, at_seconds=30)
        self.login(self.learner)
        response = self.answer(cue, 1, confidence="sure")  # "Le vent seul": wrong
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not quite")
        self.assertContains(response, "You were sure, but it was wrong")
        self.assertContains(response, "Le vent aide.")
        self.answer(cue, 0, confidence="fairly_sure")  # answered again: replaced
        saved = VideoCueAnswer.objects.get()
        self.assertEqual((saved.answer, saved.is_correct, saved.score), (0, True, 1.0))
        self.assertEqual(saved.confidence, "fairly_sure")
        self.assertEqual(saved.question_version, self.question.latest_version)
        # The trainer sees how many learners answered it, in a constant number of queries.
        self.login(self.trainer)
        page = self.client.get(reverse("library_resource", args=[self.video.pk]))
        self.assertContains(page, "1 answer")

    def test_an_incomplete_answer_comes_back_with_its_error(self):
        cue = VideoCue.objects.create(resource=self.video, question=self.question, at_seconds=30)
        self.login(self.learner)
        response = self.answer(cue, 0, confidence="")
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Say how sure you are.", status_code=422)
        self.assertFalse(VideoCueAnswer.objects.exists())

    def test_without_javascript_the_answer_redirects_to_the_player(self):
        cue = VideoCue.objects.create(resource=self.video, question=self.question, at_seconds=30)
        self.login(self.learner)
        response = self.answer(cue, 0, fetch=False)
        self.assertRedirects(
            response,
            reverse("learner_activity", args=[self.video_activity.pk]) + f"#cue-{cue.pk}",
            fetch_redirect_response=False,
        )
        self.assertTrue(VideoCueAnswer.objects.filter(is_correct=True).exists())

    def test_the_player_page_carries_the_questions_at_their_moment(self):
        cue = VideoCue.objects.create(resource=self.video, question=self.question, at_seconds=30)
        self.login(self.learner)
        page = self.client.get(reverse("learner_activity", args=[self.video_activity.pk]))
        self.assertContains(page, f'id="cue-{cue.pk}" data-at="30.00"')
        self.assertContains(page, "js/video-cues.js")
        self.assertContains(page, "La chaleur du soleil")

    def test_other_learners_and_other_resources_are_refused(self):
        cue = VideoCue.objects.create(resource=self.video, question=self.question, at_seconds=30)
        self.login(self.other_learner)
        self.assertEqual(self.answer(cue, 0).status_code, 404)
        self.login(self.learner)
        response = self.client.post(
            reverse("video_cue_answer", args=[self.article_activity.pk, cue.pk]), {}
        )
        self.assertEqual(response.status_code, 404)
