"""Real consultation tracking: the batches the players send, applied once each, counting
what was really watched (content.intervals) within what the wall clock allows."""

import json
from datetime import timedelta

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.content.actions import create_resource
from amont.content.intervals import Batch
from amont.content.models import (
    Completion,
    MediaStatus,
    Resource,
    ResourceProgress,
    ResourceType,
    TrackingBatch,
)
from amont.content.tracking import apply_batch, record_resource_open
from amont.courses.actions import add_activity, enroll
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import submit_attempt
from amont.test import PASSWORD, MediaTestCase

T0 = timezone.now().replace(microsecond=0) - timedelta(days=1)


def at(seconds: float):
    return T0 + timedelta(seconds=seconds)


class TrackingTestCase(MediaTestCase):
    video: Resource

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The required quiz comes first: this learner submitted it.
        submit_attempt(activity=cls.quiz_activity, learner=cls.learner, client_key="k", answers={})
        cls.video = cls.uploaded(ResourceType.VIDEO, duration=600.0)
        cls.activity = add_activity(
            session=cls.session, phase=Phase.BEFORE, kind=Kind.RESOURCE, title="Capsule",
            resource=cls.video,
        )  # fmt: skip
        cls.url = f"/learn/activities/{cls.activity.pk}/track/"

    @classmethod
    def uploaded(cls, type: str, *, duration: float | None = None, **fields) -> Resource:
        types: dict[str, str] = {ResourceType.VIDEO: "video/mp4", ResourceType.AUDIO: "audio/mpeg"}
        detected = types.get(type, "application/pdf")
        resource = create_resource(
            organization=cls.org, type=type, title="Ressource", detected=detected,
            upload=ContentFile(b"not really media", name="ressource.bin"), **fields,
        )  # fmt: skip
        # As the media pipeline leaves it (content.tasks), without running ffmpeg here.
        Resource.objects.filter(pk=resource.pk).update(status=MediaStatus.READY, duration=duration)
        resource.refresh_from_db()
        return resource

    def batch(self, batch_id: str, *segments, position=None, spent=None, duration=None) -> Batch:
        return Batch(
            id=batch_id,
            segments=[tuple(pair) for pair in segments],
            position=position,
            spent=spent,
            duration=duration,
        )

    def apply(self, batch: Batch, seconds: float, resource: Resource | None = None) -> bool:
        return apply_batch(
            learner=self.learner, resource=resource or self.video, batch=batch, now=at(seconds)
        )

    def progress(self, resource: Resource | None = None) -> ResourceProgress:
        return ResourceProgress.objects.get(learner=self.learner, resource=resource or self.video)

    def post(self, data, client=None):
        payload = data if isinstance(data, str) else json.dumps(data)
        return (client or self.client).post(self.url, {"data": payload})


class ApplyBatchTestCase(TrackingTestCase):
    def setUp(self):
        record_resource_open(learner=self.learner, resource=self.video, at=at(0))

    def test_it_counts_seeks_and_replays_once(self):
        self.apply(self.batch("a", (0, 10), (10, 20)), 30)
        self.apply(self.batch("b", (5, 15), (100, 110)), 60)  # back, then a seek forward
        progress = self.progress()
        self.assertEqual(progress.watched, [[0, 20], [100, 110]])
        self.assertEqual(progress.played_seconds, 40)
        self.assertIsNone(progress.completed_at)

    def test_a_threshold_out_of_range_falls_back_to_the_default_rule(self):
        # A row from before the form checked it (or a hand edit): tracking still works,
        # with 80 % watched for a video.
        Resource.objects.filter(pk=self.video.pk).update(completion_threshold=7.0)
        self.video.refresh_from_db()
        self.apply(self.batch("a", *[(t, t + 10) for t in range(0, 470, 10)]), 400)
        self.assertIsNone(self.progress().completed_at)  # 470 of 600 s
        self.apply(self.batch("b", (470, 480)), 410)
        self.assertEqual(self.progress().completed_at, at(410))  # 480 of 600 s: 80 %

    def test_it_does_not_count_skipping_to_the_end_as_watching(self):
        self.apply(self.batch("a", (0, 10), (590, 600), position=600), 600)
        progress = self.progress()
        self.assertEqual(progress.watched, [[0, 10], [590, 600]])
        self.assertEqual(progress.position, 600)
        self.assertIsNone(progress.completed_at)

    def test_it_applies_the_same_batch_once(self):
        batch = self.batch("same-id", (0, 10), position=10)
        self.assertTrue(self.apply(batch, 30))
        self.assertFalse(self.apply(batch, 31))
        self.assertFalse(self.apply(self.batch("same-id", (10, 20)), 32))
        progress = self.progress()
        self.assertEqual(progress.played_seconds, 10)
        self.assertEqual(progress.watched, [[0, 10]])
        self.assertEqual(TrackingBatch.objects.filter(batch_id="same-id").count(), 1)

    def test_it_forgets_batch_ids_the_client_can_no_longer_resend(self):
        self.apply(self.batch("old", (0, 10)), 30)
        self.apply(self.batch("recent", (10, 20)), 30 + 7 * 86400)
        self.apply(self.batch("new", (20, 30)), 30 + 9 * 86400)
        kept = set(TrackingBatch.objects.values_list("batch_id", flat=True))
        self.assertEqual(kept, {"recent", "new"})

    def test_it_refuses_more_playback_than_the_wall_clock_allows(self):
        # 10 s after opening: at most 2 x 10 s + one segment (15 s) of media.
        segments = [(start, start + 10) for start in range(0, 100, 10)]
        self.apply(self.batch("a", *segments), 10)
        progress = self.progress()
        self.assertEqual(progress.watched, [[0, 30]])
        self.assertEqual(progress.played_seconds, 30)
        # Offline batches arriving late together are still held to the same budget.
        self.apply(self.batch("b", (30, 40)), 10)
        self.assertEqual(self.progress().played_seconds, 30)
        self.apply(self.batch("c", (30, 40)), 20)
        self.assertEqual(self.progress().played_seconds, 40)

    def test_it_refuses_a_segment_longer_than_a_client_sends(self):
        self.apply(self.batch("a", (0, 300)), 1000)
        self.assertEqual(self.progress().watched, [])

    def test_it_completes_at_80_percent_watched_once(self):
        segments = [(start, start + 10) for start in range(0, 470, 10)]  # 0 to 470 s
        self.apply(self.batch("a", *segments), 600)
        self.assertIsNone(self.progress().completed_at)
        self.apply(self.batch("b", (470, 480)), 610)
        self.assertEqual(self.progress().completed_at, at(610))
        self.apply(self.batch("c", (480, 490)), 700)
        self.assertEqual(self.progress().completed_at, at(610))

    def test_it_keeps_the_resume_position_within_the_media(self):
        self.apply(self.batch("a", position=42.5), 50)
        self.assertEqual(self.progress().position, 42.5)
        self.apply(self.batch("b", position=9999), 60)
        self.assertEqual(self.progress().position, 600)
        self.apply(self.batch("c"), 70)  # no position: the last one stays
        self.assertEqual(self.progress().position, 600)

    def test_it_ignores_a_duration_reported_for_an_uploaded_video(self):
        self.apply(self.batch("a", (0, 10), duration=12), 60)
        self.video.refresh_from_db()
        self.assertEqual(self.video.duration, 600)

    def test_it_creates_the_progress_of_a_batch_without_an_opening(self):
        ResourceProgress.objects.all().delete()
        self.apply(self.batch("a", (0, 10), (10, 20)), 100)
        progress = self.progress()
        # Opened at the batch's arrival: only one segment's worth of playback is credible.
        self.assertEqual(progress.first_opened_at, at(100))
        self.assertEqual(progress.watched, [[0, 10]])


class LinkTrackingTestCase(TrackingTestCase):
    def setUp(self):
        self.link = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Vidéo",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )  # fmt: skip
        record_resource_open(learner=self.learner, resource=self.link, at=at(0))

    def test_it_keeps_the_first_duration_a_player_reports(self):
        self.assertIsNone(self.link.duration)
        self.apply(self.batch("a", (0, 10), duration=50), 60, self.link)
        self.apply(self.batch("b", (10, 20), duration=5000), 70, self.link)
        self.link.refresh_from_db()
        self.assertEqual(self.link.duration, 50)
        self.apply(self.batch("c", (20, 30), (30, 40)), 80, self.link)
        progress = self.progress(self.link)
        self.assertEqual(progress.watched, [[0, 40]])
        self.assertEqual(progress.completed_at, at(80))  # 40 of 50 s

    def test_it_does_not_believe_a_length_far_from_the_trainers_estimate(self):
        # The link is estimated at 5 minutes: 3 s or 10 hours are not its length.
        self.apply(self.batch("a", (0, 2), duration=3), 60, self.link)
        self.apply(self.batch("b", (2, 4), duration=36_000), 61, self.link)
        self.link.refresh_from_db()
        self.assertIsNone(self.link.duration)
        self.assertIsNone(self.progress(self.link).completed_at)

    def test_it_does_not_complete_a_link_of_unknown_length(self):
        self.apply(self.batch("a", (0, 10), (10, 20)), 60, self.link)
        progress = self.progress(self.link)
        self.assertEqual(progress.watched, [[0, 20]])
        self.assertIsNone(progress.completed_at)


class DocumentTimeTestCase(TrackingTestCase):
    def setUp(self):
        self.document = self.uploaded(
            ResourceType.DOCUMENT, completion=Completion.TIME_SPENT, completion_threshold=60
        )
        record_resource_open(learner=self.learner, resource=self.document, at=at(0))

    def test_it_adds_the_time_spent_up_to_the_wall_clock(self):
        self.apply(self.batch("a", spent=15), 15, self.document)
        self.apply(self.batch("b", spent=15), 30, self.document)
        self.assertEqual(self.progress(self.document).seconds_spent, 30)
        # 3 s after the previous batch, a client claims 500 s.
        self.apply(self.batch("c", spent=500), 33, self.document)
        progress = self.progress(self.document)
        self.assertEqual(progress.seconds_spent, 33)
        self.assertIsNone(progress.completed_at)
        self.apply(self.batch("d", spent=15), 48, self.document)
        self.apply(self.batch("e", spent=15), 63, self.document)
        progress = self.progress(self.document)
        self.assertEqual(progress.seconds_spent, 63)
        self.assertEqual(progress.completed_at, at(63))

    def test_it_counts_from_the_last_opening_after_a_break(self):
        self.apply(self.batch("a", spent=10), 10, self.document)
        record_resource_open(learner=self.learner, resource=self.document, at=at(3600))
        self.apply(self.batch("b", spent=900), 3605, self.document)
        self.assertEqual(self.progress(self.document).seconds_spent, 15)

    def test_it_ignores_segments_for_a_document(self):
        self.apply(self.batch("a", (0, 10), position=5, spent=5), 10, self.document)
        progress = self.progress(self.document)
        self.assertEqual(
            (progress.watched, progress.position, progress.played_seconds), ([], None, 0)
        )
        self.assertEqual(progress.seconds_spent, 5)

    def test_it_applies_a_resent_time_once(self):
        self.apply(self.batch("a", spent=10), 20, self.document)
        self.apply(self.batch("a", spent=10), 40, self.document)
        self.assertEqual(self.progress(self.document).seconds_spent, 10)


class TrackViewTestCase(TrackingTestCase):
    def test_it_applies_a_batch_and_answers_204(self):
        self.login(self.learner)
        self.client.get(f"/learn/activities/{self.activity.pk}/")
        data = {"batch": "b-1", "segments": [[0, 9.5]], "position": 9.5}
        response = self.post(data)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.post(data).status_code, 204)  # resent: acknowledged again
        progress = self.progress()
        self.assertEqual(progress.watched, [[0, 9.5]])
        self.assertEqual(progress.played_seconds, 9.5)
        self.assertEqual(progress.position, 9.5)

    def test_it_answers_400_to_what_is_not_a_batch(self):
        self.login(self.learner)
        for data in ("", "not json", "[]", '{"batch": "a b", "segments": []}'):
            with self.subTest(data=data):
                self.assertEqual(self.post(data).status_code, 400)
        self.assertEqual(self.client.post(self.url).status_code, 400)
        self.assertFalse(TrackingBatch.objects.exists())

    def test_it_reads_the_csrf_token_from_the_form_as_a_beacon_sends_it(self):
        client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
        client.force_login(self.learner)
        data = {"batch": "beacon", "segments": [], "position": 3}
        self.assertEqual(self.post(data, client).status_code, 403)
        client.get(f"/learn/activities/{self.activity.pk}/")  # sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        response = client.post(self.url, {"csrfmiddlewaretoken": token, "data": json.dumps(data)})
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.progress().position, 3)

    def test_it_refuses_get(self):
        self.login(self.learner)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_it_sends_anonymous_visitors_to_login(self):
        response = self.post({"batch": "a", "segments": [[0, 5]]})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/login/"))
        self.assertFalse(TrackingBatch.objects.exists())

    def test_it_hides_the_activity_from_other_people(self):
        for user in (self.other_learner, self.trainer, self.manager):
            self.login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.post({"batch": "a", "segments": []}).status_code, 404)
        self.assertFalse(TrackingBatch.objects.exists())

    def test_it_refuses_a_resource_held_back_by_a_required_quiz(self):
        late = create_user(email="late@example.org", password=PASSWORD)
        enroll(cohort=self.cohort, learner=late)
        self.login(late)
        self.assertEqual(self.post({"batch": "a", "segments": [[0, 5]]}).status_code, 403)
        self.assertFalse(ResourceProgress.objects.filter(learner=late).exists())

    def test_it_is_only_for_resource_activities(self):
        self.login(self.learner)
        url = f"/learn/activities/{self.article_activity.pk}/track/"
        response = self.client.post(url, {"data": '{"batch": "a", "segments": []}'})
        self.assertEqual(response.status_code, 404)
