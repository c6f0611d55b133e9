"""Readiness and the dashboard with resources (video, document, linked video): a resource
counts as prepared once its completion rule is met; the table shows how far each learner
went, in a number of queries that does not grow with the learners."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.content.actions import create_resource
from amont.content.intervals import Batch
from amont.content.models import Completion, Resource, ResourceType
from amont.content.tracking import apply_batch, record_resource_open
from amont.courses.actions import add_activity, enroll
from amont.courses.models import Activity, Kind, Phase
from amont.quizzes.actions import quiz_versions, submit_attempt
from amont.test import BaseTestCase


class ResourceReadinessTestCase(BaseTestCase):
    video: Resource
    document: Resource
    video_activity: Activity
    document_activity: Activity

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Files are never read here: the rows are as the media pipeline leaves them.
        cls.video = Resource.objects.create(
            organization=cls.org, type=ResourceType.VIDEO, title="Capsule", duration=100.0,
            file="resources/capsule.mp4", detected="video/mp4",
            completion=Completion.WATCHED, completion_threshold=0.8,
        )  # fmt: skip
        cls.document = Resource.objects.create(
            organization=cls.org, type=ResourceType.DOCUMENT, title="Fiche",
            file="resources/fiche.pdf", detected="application/pdf",
            completion=Completion.TIME_SPENT, completion_threshold=600,
        )  # fmt: skip
        cls.video_activity = add_activity(
            session=cls.session, phase=Phase.BEFORE, kind=Kind.RESOURCE, title="Regarder",
            resource=cls.video, required=True,
        )  # fmt: skip
        cls.document_activity = add_activity(
            session=cls.session, phase=Phase.BEFORE, kind=Kind.RESOURCE, title="Lire la fiche",
            resource=cls.document,
        )  # fmt: skip

    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.start = timezone.now() - timedelta(hours=2)
        self.batches = 0

    def enroll_learner(self, name: str):
        learner = create_user(email=f"{name.lower()}@example.org", full_name=name)
        enroll(cohort=self.cohort, learner=learner)
        return learner

    def submit_quiz(self, learner):
        version = quiz_versions(self.quiz)[0]
        submit_attempt(
            activity=self.quiz_activity, learner=learner, client_key=f"quiz-{learner.pk}",
            answers={version.pk: (0, "sure")},
        )  # fmt: skip

    def watch(self, learner, seconds: int):
        """The learner plays the first `seconds` of the video, an hour after opening it."""
        record_resource_open(learner=learner, resource=self.video, at=self.start)
        self.batches += 1
        segments: list[tuple[float, float]] = [
            (start, min(start + 10, seconds)) for start in range(0, seconds, 10)
        ]
        batch = Batch(id=f"w{self.batches}", segments=segments, position=seconds)
        apply_batch(
            learner=learner, resource=self.video, batch=batch,
            now=self.start + timedelta(hours=1),
        )  # fmt: skip

    def read(self, learner, seconds: float):
        record_resource_open(learner=learner, resource=self.document, at=self.start)
        self.batches += 1
        batch = Batch(id=f"r{self.batches}", segments=[], position=None, spent=seconds)
        apply_batch(
            learner=learner, resource=self.document, batch=batch,
            now=self.start + timedelta(seconds=seconds),
        )  # fmt: skip

    def readiness(self):
        self.login(self.trainer)
        return self.client.get(f"/sessions/{self.session.pk}/readiness/")

    def test_it_counts_a_resource_as_prepared_once_complete(self):
        self.submit_quiz(self.learner)
        self.watch(self.learner, 50)
        zoe = self.enroll_learner("Zoé")
        self.submit_quiz(zoe)
        self.watch(zoe, 80)
        response = self.readiness()
        self.assertEqual(response.status_code, 200)
        readiness = response.context["readiness"]
        self.assertEqual(
            [a.pk for a in readiness.activities if a.kind == Kind.RESOURCE],
            [self.video_activity.pk, self.document_activity.pk],
        )
        rows = {row.learner.display_name: row for row in readiness.rows}
        self.assertEqual(rows["Léa"].status, "partial")  # the required video: half of it
        self.assertEqual(rows["Zoé"].status, "full")
        lea = {cell.activity.pk: cell for cell in rows["Léa"].cells}
        video_cell = lea[self.video_activity.pk]
        self.assertFalse(video_cell.done)
        self.assertIsNone(video_cell.at)
        self.assertEqual(video_cell.detail.percent_watched, 50)
        self.assertIsNone(lea[self.document_activity.pk].detail)
        zoe_cell = next(c for c in rows["Zoé"].cells if c.activity.pk == self.video_activity.pk)
        self.assertTrue(zoe_cell.done)
        self.assertEqual(zoe_cell.at, self.start + timedelta(hours=1))
        self.assertContains(response, '<span class="muted">50% watched</span>', html=True)
        self.assertContains(response, "<span>80% watched</span>", html=True)
        self.assertContains(response, "counts as prepared once its completion rule is met")

    def test_it_says_heard_for_an_audio_file(self):
        self.submit_quiz(self.learner)
        Resource.objects.filter(pk=self.video.pk).update(
            type=ResourceType.AUDIO, detected="audio/mpeg"
        )
        self.video.refresh_from_db()
        self.watch(self.learner, 40)
        response = self.readiness()
        self.assertContains(response, '<span class="muted">40% heard</span>', html=True)
        self.assertNotContains(response, "% watched")

    def test_it_shows_the_time_spent_on_a_document(self):
        self.read(self.learner, 180)
        response = self.readiness()
        cells = response.context["readiness"].rows[0].cells
        cell = next(c for c in cells if c.activity.pk == self.document_activity.pk)
        self.assertFalse(cell.done)
        self.assertEqual((cell.detail.minutes_spent, cell.detail.percent_watched), (3, None))
        self.assertContains(response, '<span class="muted">3 min spent</span>', html=True)
        self.assertEqual(response.context["readiness"].preparation.none, 1)
        # Ten minutes in all (the wall clock allows 420 s more since the last batch).
        self.read(self.learner, 600)
        response = self.readiness()
        cells = response.context["readiness"].rows[0].cells
        cell = next(c for c in cells if c.activity.pk == self.document_activity.pk)
        self.assertTrue(cell.done)
        self.assertEqual(cell.detail.minutes_spent, 10)
        # Not the required quiz nor the required video: partly prepared.
        self.assertEqual(response.context["readiness"].preparation.partial, 1)

    def test_it_counts_completed_resources_on_the_dashboard(self):
        self.submit_quiz(self.learner)
        self.watch(self.learner, 50)
        self.login(self.trainer)
        [row] = self.client.get("/dashboard/").context["dashboard"].upcoming
        self.assertEqual((row.overview.preparation.full, row.overview.preparation.partial), (0, 1))
        self.watch(self.learner, 90)
        [row] = self.client.get("/dashboard/").context["dashboard"].upcoming
        self.assertEqual(row.overview.preparation.full, 1)

    def test_it_shows_a_linked_video_opened_but_of_unknown_length(self):
        link = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Conférence",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )  # fmt: skip
        add_activity(
            session=self.session, phase=Phase.BEFORE, kind=Kind.RESOURCE, title="Conférence",
            resource=link,
        )  # fmt: skip
        record_resource_open(learner=self.learner, resource=link)
        response = self.readiness()
        cell = response.context["readiness"].rows[0].cells[-1]
        self.assertEqual(cell.detail.percent_watched, None)
        self.assertContains(response, '<span class="muted">opened</span>', html=True)

    def test_it_keeps_a_constant_number_of_queries(self):
        self.submit_quiz(self.learner)
        self.watch(self.learner, 30)
        self.login(self.trainer)
        url = f"/sessions/{self.session.pk}/readiness/"
        # + the "done" union and a quiz cell's latest score (the quiz kind's own read)
        with self.assertNumQueries(16):
            self.client.get(url)
        with self.assertNumQueries(10):  # "done" rows in one union (courses/progress.py)
            self.client.get("/dashboard/")
        for index in range(10):
            learner = self.enroll_learner(f"Learner{index}")
            self.submit_quiz(learner)
            self.watch(learner, 10 * index)
            self.read(learner, 60 * index)
        # + the "done" union and a quiz cell's latest score (the quiz kind's own read)
        with self.assertNumQueries(16):
            response = self.client.get(url)
        self.assertEqual(response.context["readiness"].preparation.full, 2)  # 80 %, 90 %
        with self.assertNumQueries(10):  # "done" rows in one union (courses/progress.py)
            self.client.get("/dashboard/")
