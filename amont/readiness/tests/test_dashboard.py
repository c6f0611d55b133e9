from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from amont.accounts.actions import create_user
from amont.content.actions import record_article_open
from amont.courses.actions import add_activity, create_session, enroll
from amont.courses.models import Kind, Phase
from amont.quizzes.actions import quiz_versions, save_unclear_point, submit_attempt
from amont.test import BaseTestCase

URL = "/dashboard/"


class DashboardTestCase(BaseTestCase):
    def setUp(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def prepare(self, learner, key: str):
        version = quiz_versions(self.quiz)[0]
        submit_attempt(
            activity=self.quiz_activity,
            learner=learner,
            client_key=key,
            answers={version.pk: (0, "sure")},
        )

    def get(self, user):
        self.login(user)
        return self.client.get(URL)

    def test_it_lists_upcoming_sessions_with_their_numbers(self):
        self.prepare(self.learner, "k1")
        save_unclear_point(activity=self.unclear_activity, learner=self.learner, text="Le vent ?")
        enroll(cohort=self.cohort, learner=create_user(email="zoe@example.org", full_name="Zoé"))
        response = self.get(self.trainer)
        self.assertEqual(response.status_code, 200)
        [row] = response.context["dashboard"].upcoming
        self.assertEqual(row.session, self.session)
        self.assertEqual((row.overview.preparation.enrolled, row.overview.preparation.full), (2, 1))
        self.assertEqual(row.overview.unclear_count, 1)
        self.assertContains(response, "2 learners")
        self.assertContains(response, "1 / 2 prepared (50%)")
        self.assertContains(response, "1 unclear point")
        pk = self.session.pk
        self.assertContains(response, f'href="/sessions/{pk}/readiness/"')
        self.assertContains(response, f'href="/sessions/{pk}/"')
        self.assertContains(response, f'href="/sessions/{pk}/live/"')
        self.assertContains(response, 'href="/courses/"')
        # The other trainer's course stays out of sight.
        self.assertNotContains(response, self.other_session.title)

    def test_it_orders_upcoming_sessions_nearest_first_within_30_days(self):
        now = timezone.now()
        sooner = create_session(
            cohort=self.cohort, title="Demain", starts_at=now + timedelta(days=1)
        )
        create_session(
            cohort=self.cohort, title="Dans deux mois", starts_at=now + timedelta(days=60)
        )
        response = self.get(self.trainer)
        upcoming = [row.session for row in response.context["dashboard"].upcoming]
        self.assertEqual(upcoming, [sooner, self.session])
        self.assertNotContains(response, "Dans deux mois")

    def test_it_links_recent_past_sessions_to_their_summary(self):
        now = timezone.now()
        older = create_session(
            cohort=self.cohort, title="Séance 0", starts_at=now - timedelta(days=9)
        )
        last = create_session(
            cohort=self.cohort, title="Séance 0 bis", starts_at=now - timedelta(days=2)
        )
        response = self.get(self.trainer)
        self.assertEqual([row.session for row in response.context["dashboard"].past], [last, older])
        self.assertContains(response, f'href="/sessions/{older.pk}/summary/"', count=2)
        self.assertContains(response, "0 / 1 prepared")

    def test_it_counts_a_session_without_activity_as_not_prepared(self):
        empty = create_session(
            cohort=self.cohort,
            title="Sans préparation",
            starts_at=timezone.now() + timedelta(days=5),
        )
        response = self.get(self.trainer)
        rows = {row.session: row.overview for row in response.context["dashboard"].upcoming}
        self.assertEqual((rows[empty].preparation.full, rows[empty].preparation.none), (0, 1))
        self.assertEqual(rows[empty].preparation.rate, 0)

    def test_it_shows_every_course_of_the_organization_to_the_program_manager(self):
        response = self.get(self.manager)
        self.assertEqual(response.status_code, 200)
        sessions = {row.session for row in response.context["dashboard"].upcoming}
        self.assertEqual(sessions, {self.session, self.other_session})

    def test_it_shows_nothing_of_another_organization(self):
        response = self.get(self.outsider_manager)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["dashboard"].upcoming, [])
        self.assertContains(response, "No session planned in this period.")

    def test_it_hides_the_page_from_learners(self):
        self.assertEqual(self.get(self.learner).status_code, 404)

    def test_it_redirects_anonymous_visitors_to_login(self):
        response = self.client.get(URL)
        self.assertRedirects(response, "/login/?next=/dashboard/", fetch_redirect_response=False)

    def test_it_rejects_post(self):
        self.login(self.trainer)
        self.assertEqual(self.client.post(URL).status_code, 405)

    def test_it_keeps_a_constant_number_of_queries(self):
        self.login(self.manager)
        # every kind's "done" rows come in one union (courses/progress.py)
        with self.assertNumQueries(10):
            self.client.get(URL)
        now = timezone.now()
        for day in range(1, 6):
            session = create_session(
                cohort=self.cohort, title=f"Séance +{day}", starts_at=now + timedelta(days=day)
            )
            add_activity(
                session=session,
                phase=Phase.BEFORE,
                kind=Kind.ARTICLE,
                title="Lire",
                article=self.article,
            )
            create_session(
                cohort=self.cohort, title=f"Séance -{day}", starts_at=now - timedelta(days=day)
            )
        for index in range(8):
            learner = create_user(email=f"l{index}@example.org")
            enroll(cohort=self.cohort, learner=learner)
            record_article_open(learner=learner, article=self.article)
            self.prepare(learner, f"key-{index}")
        # every kind's "done" rows come in one union (courses/progress.py)
        with self.assertNumQueries(10):
            response = self.client.get(URL)
        self.assertEqual(len(response.context["dashboard"].upcoming), 7)
        self.assertEqual(len(response.context["dashboard"].past), 5)
