"""The trainer's side of resources: adding one to a session (upload checked by content,
video link, captions), reusing it from the library without copying the file, the library
page and a resource's page with its processing state."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amont.content import media
from amont.content.actions import create_resource
from amont.content.models import Completion, MediaStatus, Resource, ResourceType
from amont.courses.models import Activity, Kind, Phase
from amont.test import MediaTestCase

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n"


class LibraryTests(MediaTestCase):
    @classmethod
    def setUpMedia(cls):
        cls.video = media.generate_test_video(cls.tmp / "capsule.mp4", seconds=2, size="160x120")

    def setUp(self):
        self.use_empty_media_root()
        self.login(self.trainer)

    def add_url(self, phase=Phase.BEFORE):
        return (
            reverse("activity_create", args=[self.session.pk])
            + f"?phase={phase}&kind={Kind.RESOURCE}"
        )

    def post_new(self, **fields):
        data = {
            "source": "new",
            "title": "La capsule",
            "completion": Completion.WATCHED,
            "watched_percent": "80",
        }
        data.update(fields)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.add_url(), data)

    def test_the_add_page_offers_upload_link_and_library(self):
        create_resource(
            organization=self.org, type=ResourceType.LINK, title="Déjà là",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        response = self.client.get(self.add_url())
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, 'name="url"')
        self.assertContains(response, "Or reuse a resource of the library")
        self.assertContains(response, "Déjà là")

    def test_uploading_a_video_processes_it_and_shows_its_state(self):
        upload = SimpleUploadedFile("capsule.mp4", self.video.read_bytes())
        response = self.post_new(
            type=ResourceType.VIDEO,
            file=upload,
            captions_file=SimpleUploadedFile("c.vtt", VTT.encode()),
        )
        resource = Resource.objects.get()
        self.assertRedirects(
            response, reverse("library_resource", args=[resource.pk]), fetch_redirect_response=False
        )
        self.assertEqual(resource.status, MediaStatus.READY)
        self.assertEqual(resource.completion_threshold, 0.8)
        self.assertEqual(resource.captions, VTT)
        activity = Activity.objects.get(resource=resource)
        self.assertEqual((activity.kind, activity.phase), (Kind.RESOURCE, Phase.BEFORE))
        page = self.client.get(reverse("library_resource", args=[resource.pk]))
        self.assertContains(page, "Ready")
        self.assertContains(page, "Bonjour et bienvenue.")  # transcript

    def test_a_disguised_file_is_refused_and_nothing_is_saved(self):
        fake = SimpleUploadedFile("capsule.mp4", b"%PDF-1.4\n" + b"x" * 3000)
        response = self.post_new(type=ResourceType.VIDEO, file=fake)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This file is not a video")
        self.assertFalse(Resource.objects.exists())
        self.assertEqual(list(self.media_root.rglob("*.*")), [])

    def test_invalid_captions_are_refused_with_the_line(self):
        upload = SimpleUploadedFile("capsule.mp4", self.video.read_bytes())
        bad = SimpleUploadedFile("c.vtt", b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nA rebours\n")
        response = self.post_new(type=ResourceType.VIDEO, file=upload, captions_file=bad)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not valid WebVTT")
        self.assertFalse(Resource.objects.exists())

    def test_a_youtube_link_becomes_an_embedded_player(self):
        response = self.post_new(
            type=ResourceType.LINK,
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            estimated_minutes="4",
        )
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.get()
        self.assertEqual(resource.provider, "youtube")
        self.assertEqual(
            resource.embed_url,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?enablejsapi=1&rel=0",
        )
        self.assertEqual(resource.status, MediaStatus.READY)

    def test_an_unknown_video_site_is_refused(self):
        response = self.post_new(
            type=ResourceType.LINK, url="https://example.com/video.mp4", estimated_minutes="4"
        )
        self.assertContains(response, "Only YouTube, Vimeo and PeerTube videos can be linked")
        self.assertFalse(Resource.objects.exists())

    def test_a_document_counts_as_done_when_opened_by_default(self):
        doc = SimpleUploadedFile(
            "fiche.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
        )
        response = self.post_new(type=ResourceType.DOCUMENT, file=doc, completion=Completion.OPENED)
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.get()
        self.assertEqual((resource.completion, resource.estimated_minutes), ("opened", 5))
        self.assertEqual(resource.original_name, "fiche.pdf")
        self.assertEqual(resource.status, MediaStatus.READY)

    def test_a_document_cannot_be_watched(self):
        doc = SimpleUploadedFile("fiche.pdf", b"%PDF-1.4\n%%EOF\n")
        response = self.post_new(type=ResourceType.DOCUMENT, file=doc)
        self.assertContains(response, "A document is not watched")

    def test_reusing_a_resource_does_not_copy_it(self):
        resource = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Vidéo partagée",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        response = self.client.post(
            self.add_url(), {"source": "library", "resource": resource.pk, "title": ""}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Resource.objects.count(), 1)
        activity = Activity.objects.get(resource=resource)
        self.assertEqual(activity.title, "Vidéo partagée")
        library = self.client.get(reverse("library"))
        self.assertContains(library, "used in 1 activity")

    def test_another_organizations_resource_cannot_be_reused(self):
        theirs = create_resource(
            organization=self.other_org, type=ResourceType.LINK, title="Pas à nous",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        response = self.client.post(
            self.add_url(), {"source": "library", "resource": theirs.pk, "title": "x"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Activity.objects.filter(resource=theirs).exists())

    def test_editing_settings_applies_everywhere_and_validates_captions(self):
        resource = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Vidéo",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        url = reverse("library_resource", args=[resource.pk])
        response = self.client.post(
            url,
            {
                "title": "Vidéo renommée",
                "estimated_minutes": "6",
                "completion": Completion.WATCHED,
                "watched_percent": "50",
                "captions_file": SimpleUploadedFile("c.vtt", VTT.encode()),
            },
        )
        self.assertRedirects(response, url, fetch_redirect_response=False)
        resource.refresh_from_db()
        self.assertEqual((resource.title, resource.estimated_minutes), ("Vidéo renommée", 6))
        self.assertEqual(resource.completion_threshold, 0.5)
        self.assertEqual(resource.captions, VTT)
        response = self.client.post(
            url,
            {
                "title": "Vidéo",
                "estimated_minutes": "6",
                "completion": Completion.OPENED,
                "captions_file": SimpleUploadedFile("c.vtt", b"not captions"),
            },
        )
        self.assertEqual(response.status_code, 200)
        resource.refresh_from_db()
        self.assertEqual(resource.captions, VTT)

    def test_a_manager_reads_but_cannot_change(self):
        resource = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Vidéo",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        self.login(self.manager)
        url = reverse("library_resource", args=[resource.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, '<form method="post" enctype')
        response = self.client.post(
            url, {"title": "x", "estimated_minutes": "1", "completion": "opened"}
        )
        self.assertEqual(response.status_code, 403)

    def test_status_fragment_polls_while_processing_and_retry_after_failure(self):
        resource = create_resource(
            organization=self.org, type=ResourceType.LINK, title="Vidéo",
            url="https://vimeo.com/76979871", estimated_minutes=3,
        )  # fmt: skip
        Resource.objects.filter(pk=resource.pk).update(
            type=ResourceType.VIDEO, status=MediaStatus.PROCESSING, percent_done=42
        )
        status_url = reverse("library_resource_status", args=[resource.pk])
        fragment = self.client.get(status_url)
        self.assertContains(fragment, 'hx-trigger="every 2s"')
        self.assertContains(fragment, 'value="42"')
        Resource.objects.filter(pk=resource.pk).update(
            status=MediaStatus.FAILED, error="Ce fichier est abîmé."
        )
        fragment = self.client.get(status_url)
        self.assertNotContains(fragment, "hx-trigger")
        self.assertContains(fragment, "Ce fichier est abîmé.")
        self.assertContains(fragment, "Try again")
        # Retrying a resource without a file fails again, and says so.
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("library_resource_retry", args=[resource.pk]))
        self.assertEqual(response.status_code, 302)
        resource.refresh_from_db()
        self.assertEqual(resource.status, MediaStatus.PENDING)  # no file: the task skips it

    def test_the_session_page_shows_the_total_preparation_time(self):
        # The article (5 min) and the one-question quiz (2 min) of BaseTestCase...
        page = self.client.get(reverse("session_detail", args=[self.session.pk]))
        self.assertContains(page, "Preparation time for learners: about 7 minutes.")
        # ... and a 4-minute video link.
        self.post_new(
            type=ResourceType.LINK, url="https://vimeo.com/76979871", estimated_minutes="4"
        )
        page = self.client.get(reverse("session_detail", args=[self.session.pk]))
        self.assertContains(page, "Preparation time for learners: about 11 minutes.")
