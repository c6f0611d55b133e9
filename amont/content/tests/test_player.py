"""The learner's page of a resource activity (video, audio, document, linked video), the
files it plays (ranges, types, access) and the staff's preview of those files."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from amont.accounts.actions import create_user
from amont.content import media
from amont.content.actions import check_resource_upload, create_resource
from amont.content.models import Completion, MediaStatus, Resource, ResourceProgress, ResourceType
from amont.content.tasks import process_resource
from amont.courses.actions import add_activity, enroll
from amont.courses.models import Activity, Kind, Phase
from amont.quizzes.actions import submit_attempt
from amont.test import PASSWORD, MediaTestCase

CAPTIONS = """WEBVTT

00:00.000 --> 00:01.000
<v Anna>L'eau s'évapore.

00:01.000 --> 00:02.000
Puis elle condense.
"""


class PlayerTestCase(MediaTestCase):
    activities: dict[str, Activity]

    @classmethod
    def setUpMedia(cls):
        cls.clip = media.generate_test_video(cls.tmp / "clip.mp4", seconds=2, size="160x90")
        cls.sound = media.generate_test_audio(cls.tmp / "talk.mp3", seconds=2)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        submit_attempt(activity=cls.quiz_activity, learner=cls.learner, client_key="k", answers={})
        cls.video = cls.upload(cls.clip, ResourceType.VIDEO, captions=CAPTIONS)
        cls.audio = cls.upload(cls.sound, ResourceType.AUDIO, captions=CAPTIONS)
        pdf = SimpleUploadedFile("Méthode de travail.pdf", b"%PDF-1.4\n" + b"x" * 3000)
        cls.document = create_resource(
            organization=cls.org, type=ResourceType.DOCUMENT, title="Méthode",
            upload=pdf, detected=check_resource_upload(pdf, type=ResourceType.DOCUMENT),
        )  # fmt: skip
        cls.link = create_resource(
            organization=cls.org, type=ResourceType.LINK, title="Conférence",
            url="https://vimeo.com/76979871",
        )  # fmt: skip
        cls.activities = {
            resource.type: add_activity(
                session=cls.session,
                phase=Phase.BEFORE,
                kind=Kind.RESOURCE,
                title=f"Voir {resource.type}",
                resource=resource,
                instructions="Regardez **jusqu'au bout**.",
            )
            for resource in (cls.video, cls.audio, cls.document, cls.link)
        }

    @classmethod
    def upload(cls, path: Path, type: str, **fields) -> Resource:
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        detected = check_resource_upload(upload, type=type)
        resource = create_resource(
            organization=cls.org, type=type, title=f"Capsule {type}", upload=upload,
            detected=detected, description="Le **cycle** de l'eau.", **fields,
        )  # fmt: skip
        process_resource.call(resource_id=resource.pk)  # probe, poster, listen-only version
        resource.refresh_from_db()
        assert resource.status == MediaStatus.READY, resource.error
        return resource

    def page(self, type: str) -> str:
        return f"/learn/activities/{self.activities[type].pk}/"

    def media_url(self, type: str, variant: str) -> str:
        return f"/learn/activities/{self.activities[type].pk}/media/{variant}/"

    def progress(self, resource: Resource) -> ResourceProgress:
        return ResourceProgress.objects.get(learner=self.learner, resource=resource)


class ResourcePageTestCase(PlayerTestCase):
    def setUp(self):
        self.login(self.learner)

    def test_it_shows_a_video_with_its_captions_transcript_and_listen_only_version(self):
        url = self.page(ResourceType.VIDEO)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "quizzes/_video_cues.html")
        content = response.content.decode()
        track_url = f"/learn/activities/{self.activities['video'].pk}/track/"
        self.assertIn('<video controls preload="metadata" playsinline', content)
        self.assertIn(f'poster="{self.media_url("video", "poster")}"', content)
        self.assertIn(f'data-track-url="{track_url}" data-resume="0"', content)
        self.assertIn(f'<source src="{self.media_url("video", "file")}" type="video/mp4">', content)
        self.assertIn(
            f'<track kind="captions" default srclang="fr" label="Captions" '
            f'src="{self.media_url("video", "captions")}">',
            content,
        )
        # The sound alone, tracked as the same resource (another key for the script).
        self.assertIn(f'data-track-url="{track_url}?via=audio"', content)
        self.assertIn(
            f'<source src="{self.media_url("video", "audio")}" type="audio/webm">', content
        )
        self.assertContains(response, "Listen only")
        self.assertContains(response, "<summary>Transcript</summary>")
        self.assertContains(response, "Anna: L&#x27;eau s&#x27;évapore.")
        self.assertContains(response, "<p>Le <strong>cycle</strong> de l'eau.</p>")
        self.assertContains(response, "Regardez <strong>jusqu'au bout</strong>.")
        self.assertContains(response, "About 1 minute")
        self.assertContains(response, f'href="{self.media_url("video", "file")}?download=1"')
        self.assertContains(response, "js/track-media.js")
        self.assertContains(response, "js/listen-only.js")
        # Next in the phase: the audio activity.
        self.assertContains(response, f'href="{self.page("audio")}"')
        self.assertIn("csrftoken", response.cookies)

        progress = self.progress(self.video)
        self.assertEqual(progress.open_count, 1)
        self.assertIsNone(progress.completed_at)  # watched 80 %, not opened
        self.client.get(url)
        progress.refresh_from_db()
        self.assertEqual(progress.open_count, 2)
        self.assertGreater(progress.last_opened_at, progress.first_opened_at)

    def test_it_resumes_where_the_learner_stopped_and_shows_their_share(self):
        self.client.get(self.page("video"))
        ResourceProgress.objects.filter(resource=self.video).update(
            position=1.25, watched=[[0, 1.2]]
        )
        response = self.client.get(self.page("video"))
        self.assertContains(response, 'data-resume="1.25"', count=2)
        self.assertContains(response, "60% watched")

    def test_it_starts_in_listen_only_mode_without_javascript(self):
        response = self.client.get(self.page("video") + "?listen=1")
        content = response.content.decode()
        self.assertIn('<div class="player" id="watch" data-mode hidden>', content)
        self.assertIn('<div class="player" id="listen" data-mode>', content)
        self.assertIn('<video controls preload="none"', content)
        self.assertIn('<audio controls preload="metadata"', content)

    def test_it_says_politely_that_a_video_is_not_ready(self):
        for status, message in (
            (MediaStatus.PENDING, "still being prepared"),
            (MediaStatus.PROCESSING, "still being prepared"),
            (MediaStatus.FAILED, "could not be prepared"),
        ):
            Resource.objects.filter(pk=self.video.pk).update(status=status)
            with self.subTest(status=status):
                response = self.client.get(self.page("video"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertNotContains(response, "<video")
                self.assertNotContains(response, "track-media.js")

    def test_it_plays_an_audio_file_with_its_transcript(self):
        response = self.client.get(self.page("audio"))
        content = response.content.decode()
        self.assertIn('<audio controls preload="metadata" data-track-url=', content)
        self.assertIn(
            f'<source src="{self.media_url("audio", "file")}" type="audio/mpeg">', content
        )
        self.assertContains(response, "Puis elle condense.")
        self.assertNotContains(response, "<video")
        self.assertNotContains(response, "Listen only")

    def test_it_offers_a_document_and_completes_it_once_opened(self):
        response = self.client.get(self.page("document"))
        self.assertContains(
            response,
            f'<a class="button" href="{self.media_url("document", "file")}" target="_blank" '
            'rel="noopener">Open the document',
        )
        self.assertContains(response, "PDF · 2.9\xa0KB · Méthode de travail.pdf")
        self.assertContains(response, f'data-track-url="/learn/activities/'
                            f'{self.activities["document"].pk}/track/"')  # fmt: skip
        self.assertContains(response, "js/track-time.js")
        self.assertIsNotNone(self.progress(self.document).completed_at)

    def test_it_counts_opening_the_document_file(self):
        Resource.objects.filter(pk=self.document.pk).update(
            completion=Completion.TIME_SPENT, completion_threshold=120
        )
        response = self.client.get(self.media_url("document", "file"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            "inline; filename*=utf-8''M%C3%A9thode%20de%20travail.pdf",
        )
        self.assertEqual(self.progress(self.document).open_count, 1)
        # A PDF viewer's later range requests are the same opening.
        self.client.get(self.media_url("document", "file"), HTTP_RANGE="bytes=1000-1999")
        self.client.head(self.media_url("document", "file"))
        self.assertEqual(self.progress(self.document).open_count, 1)
        download = self.client.get(self.media_url("document", "file") + "?download=1")
        self.assertTrue(download["Content-Disposition"].startswith("attachment;"))
        progress = self.progress(self.document)
        self.assertEqual(progress.open_count, 2)
        self.assertIsNone(progress.completed_at)  # time spent, not opened

    def test_it_embeds_a_linked_video(self):
        response = self.client.get(self.page("link"))
        track_url = f"/learn/activities/{self.activities['link'].pk}/track/"
        self.assertContains(
            response,
            '<iframe class="js-track-embed" src="https://player.vimeo.com/video/76979871?dnt=1" '
            'sandbox="allow-scripts allow-same-origin allow-presentation allow-popups '
            'allow-popups-to-escape-sandbox" '
            'title="Conférence" allow="fullscreen; picture-in-picture" '
            'referrerpolicy="strict-origin-when-cross-origin" data-provider="vimeo" '
            f'data-track-url="{track_url}" data-resume="0"></iframe>',
        )
        self.assertContains(response, "js/track-embed.js")
        self.assertContains(response, "Watch it on Vimeo")
        self.assertNotContains(response, "Download")
        self.assertIsNone(self.progress(self.link).completed_at)

    def test_it_shows_the_learners_progress_in_the_session_plan(self):
        self.client.get(self.page("document"))  # done once opened
        self.client.get(self.page("link"))  # opened, length unknown
        self.client.get(self.page("audio"))
        ResourceProgress.objects.filter(resource=self.audio).update(watched=[[0, 1]])
        response = self.client.get(f"/learn/sessions/{self.session.pk}/")
        rows = {
            item.activity.resource_id: item
            for item in response.context["plan"].before
            if item.activity.kind == Kind.RESOURCE
        }
        self.assertTrue(rows[self.document.pk].done)
        self.assertFalse(rows[self.audio.pk].done)
        self.assertEqual(rows[self.audio.pk].percent_watched, 50)
        self.assertTrue(rows[self.link.pk].opened)
        self.assertIsNone(rows[self.link.pk].percent_watched)
        self.assertFalse(rows[self.video.pk].opened)
        self.assertEqual(rows[self.video.pk].minutes, 1)
        self.assertContains(response, "50% heard")
        self.assertContains(response, "opened", count=1)
        # Progress rides along with the activities (session, user, nav, session, activities,
        # what is done in one union, objectives): no query per resource.
        with self.assertNumQueries(7):
            self.client.get(f"/learn/sessions/{self.session.pk}/")
        # Another learner's progress is not this learner's.
        self.client.force_login(self.other_learner)
        self.assertEqual(self.client.get(f"/learn/sessions/{self.session.pk}/").status_code, 404)


class MediaServingTestCase(PlayerTestCase):
    def setUp(self):
        self.login(self.learner)

    def test_it_serves_a_range_of_the_video(self):
        data = Path(self.video.file.path).read_bytes()
        response = self.client.get(self.media_url("video", "file"), HTTP_RANGE="bytes=100-199")
        self.assertEqual(response.status_code, 206)
        self.assertEqual(b"".join(response.streaming_content), data[100:200])
        self.assertEqual(response["Content-Range"], f"bytes 100-199/{len(data)}")
        self.assertEqual(response["Content-Type"], "video/mp4")
        self.assertEqual(response["Cache-Control"], "private")
        self.assertEqual(response["Accept-Ranges"], "bytes")

        whole = self.client.get(self.media_url("video", "file"))
        self.assertEqual(whole.status_code, 200)
        self.assertEqual(b"".join(whole.streaming_content), data)

    def test_it_refuses_a_range_past_the_end(self):
        size = self.video.file.size
        response = self.client.get(
            self.media_url("video", "file"), HTTP_RANGE=f"bytes={size + 10}-"
        )
        self.assertEqual(response.status_code, 416)
        self.assertEqual(response["Content-Range"], f"bytes */{size}")

    def test_it_serves_the_poster_the_sound_alone_and_the_captions(self):
        poster = self.client.get(self.media_url("video", "poster"))
        self.assertEqual(poster["Content-Type"], "image/jpeg")
        self.assertTrue(b"".join(poster.streaming_content).startswith(b"\xff\xd8"))
        audio = self.client.get(self.media_url("video", "audio"), HTTP_RANGE="bytes=0-3")
        self.assertEqual(audio.status_code, 206)
        self.assertEqual(audio["Content-Type"], "audio/webm")
        self.assertEqual(b"".join(audio.streaming_content), b"\x1a\x45\xdf\xa3")  # EBML
        captions = self.client.get(self.media_url("video", "captions"))
        self.assertEqual(captions["Content-Type"], "text/vtt; charset=utf-8")
        self.assertEqual(captions["Cache-Control"], "private")
        self.assertEqual(b"".join(captions.streaming_content).decode(), CAPTIONS)
        # Serving media is no opening of the page.
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_answers_404_for_what_a_resource_does_not_have(self):
        for type, variant in (
            ("audio", "poster"),
            ("audio", "audio"),
            ("document", "captions"),
            ("link", "file"),
            ("video", "subtitles"),
        ):
            with self.subTest(type=type, variant=variant):
                response = self.client.get(self.media_url(type, variant))
                self.assertEqual(response.status_code, 404)
        url = f"/learn/activities/{self.article_activity.pk}/media/file/"
        self.assertEqual(self.client.get(url).status_code, 404)

    @override_settings(MEDIA_ACCEL_REDIRECT_PREFIX="/_protected-media/")
    def test_it_lets_the_front_server_send_the_bytes(self):
        response = self.client.get(self.media_url("video", "file"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Accel-Redirect"], "/_protected-media/" + self.video.file.name)
        self.assertEqual(response["Content-Type"], "video/mp4")
        self.assertEqual(response.content, b"")

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post(self.media_url("video", "file")).status_code, 405)


class PlayerPermissionTestCase(PlayerTestCase):
    def test_it_sends_anonymous_visitors_to_login(self):
        for url in (self.page("video"), self.media_url("video", "file")):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(response, "/login/?next=" + url, fetch_redirect_response=False)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_hides_the_resource_from_a_learner_of_another_cohort(self):
        self.login(self.other_learner)
        for url in (self.page("video"), self.media_url("video", "file")):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_locks_the_resource_until_the_required_quiz_is_sent(self):
        late = create_user(email="late@example.org", password=PASSWORD)
        enroll(cohort=self.cohort, learner=late)
        self.login(late)
        for url in (self.page("video"), self.media_url("video", "file")):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.assertFalse(ResourceProgress.objects.exists())

    def test_it_lets_the_organizations_staff_preview_the_files(self):
        url = f"/library/resources/{self.video.pk}/media/poster/"
        for user, status in (
            (self.trainer, 200),
            (self.other_trainer, 200),
            (self.manager, 200),
            (self.outsider_manager, 404),
            (self.learner, 404),
        ):
            self.login(user)
            with self.subTest(user=user.email):
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual(response["Content-Type"], "image/jpeg")
        self.login(self.trainer)
        ranged = self.client.get(
            f"/library/resources/{self.video.pk}/media/file/", HTTP_RANGE="bytes=0-9"
        )
        self.assertEqual(ranged.status_code, 206)
        self.assertEqual(
            b"".join(ranged.streaming_content), Path(self.video.file.path).read_bytes()[:10]
        )
        self.assertFalse(ResourceProgress.objects.exists())
