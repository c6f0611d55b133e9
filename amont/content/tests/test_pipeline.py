"""The media pipeline: a resource created from an upload is probed, gets a poster and an
audio-only version, and a failure leaves no file behind and a reason for the trainer."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from amont.content import media
from amont.content.actions import check_resource_upload, create_resource
from amont.content.models import MediaStatus, Resource, ResourceType
from amont.content.tasks import process_resource
from amont.lib.sniff import UploadRejected
from amont.test import MediaTestCase


class PipelineTests(MediaTestCase):
    @classmethod
    def setUpMedia(cls):
        cls.video = media.generate_test_video(cls.tmp / "clip.mp4", seconds=3, size="320x180")
        cls.audio = media.generate_test_audio(cls.tmp / "talk.mp3", seconds=2)

    def setUp(self):
        self.use_empty_media_root()

    def upload(self, path: Path, name: str | None = None) -> SimpleUploadedFile:
        return SimpleUploadedFile(name or path.name, path.read_bytes())

    def create(self, path: Path, type: str, **kwargs) -> Resource:
        upload = self.upload(path)
        detected = check_resource_upload(upload, type=type)
        with self.captureOnCommitCallbacks(execute=True):
            resource = create_resource(
                organization=self.org, type=type, title="Capsule", upload=upload,
                detected=detected, author=self.trainer, **kwargs,
            )  # fmt: skip
        resource.refresh_from_db()
        return resource

    def test_video_is_probed_and_gets_a_poster_and_an_audio_only_version(self):
        resource = self.create(self.video, ResourceType.VIDEO)
        self.assertEqual(resource.status, MediaStatus.READY)
        self.assertEqual(resource.percent_done, 100)
        self.assertAlmostEqual(resource.duration, 3.0, delta=0.2)
        self.assertEqual(resource.estimated_minutes, 1)
        self.assertTrue(
            (self.media_root / resource.poster.name).read_bytes().startswith(b"\xff\xd8")
        )
        audio = self.media_root / resource.audio.name
        self.assertTrue(audio.name.endswith("-audio.webm"))
        self.assertEqual(media.probe(audio).has_video, False)
        self.assertEqual(resource.original_name, "clip.mp4")
        self.assertEqual(resource.detected, "video/mp4")

    def test_an_estimate_given_by_the_trainer_is_kept(self):
        resource = self.create(self.video, ResourceType.VIDEO, estimated_minutes=7)
        self.assertEqual(resource.estimated_minutes, 7)

    def test_audio_is_probed_only(self):
        resource = self.create(self.audio, ResourceType.AUDIO)
        self.assertEqual(resource.status, MediaStatus.READY)
        self.assertAlmostEqual(resource.duration, 2.0, delta=0.2)
        self.assertFalse(resource.poster)
        self.assertFalse(resource.audio)

    def test_a_disguised_file_is_refused_by_content(self):
        pdf = SimpleUploadedFile("cours.mp4", b"%PDF-1.7\n" + b"0" * 2000)
        with self.assertRaises(UploadRejected) as caught:
            check_resource_upload(pdf, type=ResourceType.VIDEO)
        self.assertIn("PDF", caught.exception.message)

    def test_a_failed_job_leaves_no_file_and_tells_why(self):
        resource = self.create(self.video, ResourceType.VIDEO)
        # The source is damaged after the upload: the next run fails on the probe.
        Path(resource.file.path).write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500)
        before = {p.name for p in self.media_root.rglob("*")}
        (self.media_root / resource.poster.name).unlink()
        (self.media_root / resource.audio.name).unlink()
        process_resource.call(resource_id=resource.pk)
        resource.refresh_from_db()
        self.assertEqual(resource.status, MediaStatus.FAILED)
        self.assertTrue(resource.error)
        self.assertFalse(resource.poster)
        after = {p.name for p in self.media_root.rglob("*")}
        self.assertLessEqual(after, before)
        self.assertFalse([name for name in after if ".part" in name])

    def test_a_failure_midway_removes_the_poster_already_made(self):
        upload = self.upload(self.video)
        detected = check_resource_upload(upload, type=ResourceType.VIDEO)
        resource = create_resource(
            organization=self.org, type=ResourceType.VIDEO, title="Capsule", upload=upload,
            detected=detected,
        )  # fmt: skip

        def broken(*args, **kwargs):
            raise media.MediaError("boom", code="test")

        original = media.make_audio_only
        media.make_audio_only = broken
        try:
            process_resource.call(resource_id=resource.pk)
        finally:
            media.make_audio_only = original
        resource.refresh_from_db()
        self.assertEqual(resource.status, MediaStatus.FAILED)
        self.assertEqual(resource.error, "boom")
        self.assertEqual([p.name for p in self.media_root.rglob("*.jpg")], [])
