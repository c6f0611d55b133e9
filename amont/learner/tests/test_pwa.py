import json
import re
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from amont.content.actions import create_resource_activity
from amont.content.models import ResourceProgress, ResourceType
from amont.courses.actions import add_activity, create_session
from amont.courses.models import Kind, Phase
from amont.learner.pwa import PRECACHE_HEADER
from amont.quizzes.actions import submit_attempt
from amont.quizzes.models import QuestionVersion
from amont.test import BaseTestCase

SW = Path(settings.BASE_DIR) / "static" / "js" / "sw.js"


class ServiceWorkerTestCase(BaseTestCase):
    def test_it_serves_the_worker_from_the_root_for_everyone(self):
        response = self.client.get("/sw.js")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/javascript")
        self.assertEqual(response["Cache-Control"], "no-cache")
        self.assertEqual(response["Service-Worker-Allowed"], "/")
        self.assertEqual(response.content.decode(), SW.read_text(encoding="utf-8"))

    def test_it_refuses_post(self):
        self.assertEqual(self.client.post("/sw.js").status_code, 405)

    def test_its_urls_are_the_views_urls(self):
        # The worker names a few URLs in plain JavaScript: they must stay the real ones.
        source = SW.read_text(encoding="utf-8")
        self.assertIn('OFFLINE = "/learn/offline/"', source)
        self.assertIn('LIST = "/learn/offline.json"', source)
        self.assertIn(f'STATIC = "{settings.STATIC_URL}"', source)
        self.assertEqual(self.client.get("/learn/offline/").status_code, 200)

    def test_it_describes_the_app_in_the_manifest(self):
        response = self.client.get("/manifest.webmanifest")
        self.assertEqual(response["Content-Type"], "application/manifest+json")
        manifest = json.loads(response.content)
        self.assertEqual(manifest["name"], "Amont")
        self.assertEqual(manifest["start_url"], "/learn/")
        self.assertEqual(manifest["lang"], "en")
        self.assertEqual(len(manifest["icons"]), 3)
        for icon in manifest["icons"]:
            path = icon["src"].removeprefix(settings.STATIC_URL)
            self.assertTrue(finders.find(path), icon["src"])
        french = self.client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="fr")
        self.assertEqual(json.loads(french.content)["lang"], "fr")


class OfflinePageTestCase(BaseTestCase):
    def test_it_says_in_the_page_language_that_the_page_was_not_kept(self):
        response = self.client.get("/learn/offline/")
        self.assertContains(response, "This page was not saved for offline use")
        self.assertContains(response, '<html lang="en">')
        french = self.client.get("/learn/offline/", HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(french, '<html lang="fr">')

    def test_it_holds_nothing_of_the_user(self):
        # Kept in the cache at install: no name, no form, no CSRF token.
        self.login(self.learner)
        response = self.client.get("/learn/offline/")
        self.assertNotContains(response, self.learner.email)
        self.assertNotContains(response, "Léa")
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertNotContains(response, "<form")


class OfflineManifestTestCase(BaseTestCase):
    url = "/learn/offline.json"

    def _pages(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        return json.loads(response.content)

    def test_it_sends_anonymous_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)

    def test_it_lists_the_upcoming_sessions_open_activities(self):
        self.login(self.learner)
        body = self._pages()
        # The "unclear" activity waits behind the required quiz; votes happen in class,
        # feedback after it.
        self.assertEqual(
            body["pages"],
            [
                "/learn/",
                "/learn/offline/",
                f"/learn/sessions/{self.session.pk}/",
                f"/learn/activities/{self.article_activity.pk}/",
                f"/learn/activities/{self.quiz_activity.pk}/",
            ],
        )
        self.assertIn("/static/css/amont.css", body["static"])
        self.assertIn("/static/js/amont-outbox.js", body["static"])
        self.assertIn("/static/js/offline.js", body["static"])
        self.assertIn("/static/js/learner-quiz.js", body["static"])

    def test_it_adds_what_the_quiz_unlocks_once_submitted(self):
        version = QuestionVersion.objects.get(question=self.question)
        submit_attempt(
            activity=self.quiz_activity,
            learner=self.learner,
            client_key="offline-manifest-1",
            answers={version.pk: (0, "sure")},
        )
        self.login(self.learner)
        self.assertIn(f"/learn/activities/{self.unclear_activity.pk}/", self._pages()["pages"])

    def test_it_leaves_out_past_sessions_and_media(self):
        past = create_session(
            cohort=self.cohort, title="Passée", starts_at=timezone.now() - timedelta(days=3)
        )
        add_activity(
            session=past,
            phase=Phase.BEFORE,
            kind=Kind.ARTICLE,
            title="Ancien",
            article=self.article,
        )
        self.login(self.learner)
        pages = self._pages()["pages"]
        self.assertNotIn(f"/learn/sessions/{past.pk}/", pages)
        self.assertEqual(len(pages), 5)
        self.assertFalse([page for page in pages if "/media/" in page or ".zip" in page])

    def test_it_lists_nothing_of_other_cohorts(self):
        self.login(self.other_learner)
        self.assertEqual(
            self._pages()["pages"],
            ["/learn/", "/learn/offline/", f"/learn/sessions/{self.other_session.pk}/"],
        )

    def test_it_keeps_the_nearest_ten_upcoming_sessions_only(self):
        far = []
        for number in range(10):  # with BaseTestCase's session: eleven upcoming
            far.append(
                create_session(
                    cohort=self.cohort,
                    title=f"Séance {number + 2}",
                    starts_at=timezone.now() + timedelta(days=5 + number),
                )
            )
        self.login(self.learner)
        pages = self._pages()["pages"]
        sessions = [page for page in pages if page.startswith("/learn/sessions/")]
        self.assertEqual(len(sessions), 10)
        self.assertIn(f"/learn/sessions/{self.session.pk}/", sessions)  # the nearest
        self.assertNotIn(f"/learn/sessions/{far[-1].pk}/", sessions)  # the farthest

    def test_it_reads_in_a_constant_number_of_queries(self):
        for number in range(3):
            session = create_session(
                cohort=self.cohort,
                title=f"Séance {number + 2}",
                starts_at=timezone.now() + timedelta(days=5 + number),
            )
            add_activity(
                session=session,
                phase=Phase.BEFORE,
                kind=Kind.ARTICLE,
                title="Lire",
                article=self.article,
            )
        self.login(self.learner)
        # session, user, the learner's sessions, their activities, what is done (one union)
        with self.assertNumQueries(5):
            self.assertEqual(len(self._pages()["pages"]), 11)


class PrecacheTestCase(BaseTestCase):
    """The worker keeping a page is not the learner reading it: nothing is recorded."""

    def test_it_does_not_count_keeping_an_article_as_reading_it(self):
        self.login(self.learner)
        url = f"/learn/activities/{self.article_activity.pk}/"
        response = self.client.get(url, headers={PRECACHE_HEADER: "1"})
        self.assertContains(response, "s'évapore")
        self.assertFalse(ResourceProgress.objects.filter(learner=self.learner).exists())
        self.client.get(url)
        self.assertEqual(ResourceProgress.objects.get(learner=self.learner).open_count, 1)

    def test_it_does_not_count_keeping_a_resource_as_opening_it(self):
        self.quiz_activity.required = False
        self.quiz_activity.save(update_fields=["required"])
        activity = create_resource_activity(
            session=self.session,
            phase=Phase.BEFORE,
            title="La vidéo du cycle",
            type=ResourceType.LINK,
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
        self.login(self.learner)
        url = f"/learn/activities/{activity.pk}/"
        self.assertContains(self.client.get(url, headers={PRECACHE_HEADER: "1"}), "La vidéo")
        self.assertFalse(ResourceProgress.objects.exists())
        self.client.get(url)
        progress = ResourceProgress.objects.get()
        self.assertEqual((progress.learner, progress.resource), (self.learner, activity.resource))


class OfflineScriptTestCase(BaseTestCase):
    """base.html loads offline.js on learner pages and on the login page (which clears the
    caches), with the user's id on <body> to name the cache."""

    def _script(self, response):
        return re.search(
            r'<script src="/static/js/offline\.js" defer[^>]*>', response.content.decode()
        )

    def test_it_loads_on_learner_pages_with_the_user_id(self):
        self.login(self.learner)
        response = self.client.get(f"/learn/sessions/{self.session.pk}/")
        self.assertContains(response, f'data-user="{self.learner.pk}"')
        self.assertContains(response, '<link rel="manifest" href="/manifest.webmanifest">')
        script = self._script(response)
        self.assertIsNotNone(script)
        self.assertIn('data-worker="/sw.js"', script.group())
        self.assertIn('data-scope="/learn/"', script.group())
        self.assertIn(
            "Saved on this device — will be sent when you are back online.", script.group()
        )

    def test_it_loads_on_the_login_page_without_a_user(self):
        response = self.client.get("/login/")
        self.assertContains(response, 'data-user=""')
        self.assertIsNotNone(self._script(response))

    def test_it_stays_off_trainer_pages(self):
        self.login(self.trainer)
        response = self.client.get(f"/courses/{self.course.pk}/")
        self.assertContains(response, f'data-user="{self.trainer.pk}"')
        self.assertIsNone(self._script(response))
        self.assertNotContains(response, "manifest.webmanifest")
