from datetime import datetime
from zoneinfo import ZoneInfo

from amont.courses.actions import add_activity
from amont.courses.models import Kind, Phase, Session
from amont.courses.tests.base import AuthoringTestCase

PARIS = ZoneInfo("Europe/Paris")


class SessionCreateTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/cohorts/{self.cohort.pk}/sessions/new/"

    def test_it_offers_the_course_objectives(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'type="datetime-local"')
        self.assertContains(r, "Expliquer l&#x27;évaporation")
        self.assertContains(r, 'type="checkbox"', count=2)

    def test_it_creates_a_session_at_local_time(self):
        objective = self.course.objectives.last()
        self.login(self.trainer)
        r = self.client.post(
            self.url,
            {"title": "Séance 2", "starts_at": "2026-03-10T14:30", "objectives": [objective.pk]},
        )
        session = Session.objects.get(title="Séance 2")
        self.assertRedirects(r, f"/sessions/{session.pk}/", fetch_redirect_response=False)
        self.assertEqual(session.cohort, self.cohort)
        self.assertEqual(session.starts_at, datetime(2026, 3, 10, 14, 30, tzinfo=PARIS))
        self.assertEqual(list(session.objectives.all()), [objective])

    def test_it_refuses_an_objective_of_another_course(self):
        foreign = self.other_course.objectives.create(title="Qualifier un contrat")
        self.login(self.trainer)
        r = self.client.post(
            self.url,
            {"title": "Séance 2", "starts_at": "2026-03-10T14:30", "objectives": [foreign.pk]},
        )
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Session.objects.filter(title="Séance 2").exists())

    def test_it_requires_a_date(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"title": "Séance 2", "starts_at": "bientôt"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'aria-invalid="true"')
        self.assertFalse(Session.objects.filter(title="Séance 2").exists())

    def test_it_forbids_the_manager(self):
        data = {"title": "X", "starts_at": "2026-03-10T14:30"}
        self.assert_manager_forbidden(self.url, "get")
        self.assert_manager_forbidden(self.url, "post", data)
        self.assertFalse(Session.objects.filter(title="X").exists())

    def test_it_hides_the_cohort_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(
            self.url, "post", {"title": "X", "starts_at": "2026-03-10T14:30"}
        )

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class SessionDetailTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/sessions/{self.session.pk}/"

    def test_it_shows_the_three_phases_in_order(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        for phase in ("before", "during", "after"):
            self.assertContains(r, f'id="phase-{phase}"')
        content = r.content.decode()
        self.assertLess(content.index(">Lire<"), content.index(">Quiz<"))
        self.assertLess(content.index(">Quiz<"), content.index("Qu&#x27;est-ce qui était flou ?"))
        self.assertContains(r, "1 question")

    def test_it_offers_the_kinds_that_fit_each_phase(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        base = f"/sessions/{self.session.pk}/activities/new/"
        self.assertContains(r, base + "?phase=before&amp;kind=article")
        self.assertContains(r, base + "?phase=during&amp;kind=live_vote")
        self.assertContains(r, base + "?phase=after&amp;kind=feedback")
        self.assertNotContains(r, base + "?phase=before&amp;kind=live_vote")

    def test_it_links_the_session_pages(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, f'href="/sessions/{self.session.pk}/readiness/"')
        self.assertContains(r, f'href="/sessions/{self.session.pk}/live/"')
        self.assertContains(r, f'href="/sessions/{self.session.pk}/summary/"')
        self.assertContains(r, f'href="/activities/{self.article_activity.pk}/edit/"')
        self.assertContains(r, f'href="/activities/{self.quiz_activity.pk}/quiz/"')

    def test_it_only_offers_the_first_item_to_move_down(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertNotContains(r, f'id="move-up-{self.article_activity.pk}"')
        self.assertContains(r, f'id="move-down-{self.article_activity.pk}"')
        self.assertContains(r, f'id="move-up-{self.unclear_activity.pk}"')
        self.assertNotContains(r, f'id="move-down-{self.unclear_activity.pk}"')

    def test_it_is_read_only_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, ">Lire<")
        self.assertNotContains(r, "/move/")
        self.assertNotContains(r, "/delete/")
        self.assertNotContains(r, "/activities/new/")

    def test_it_runs_a_fixed_number_of_queries(self):
        self.login(self.trainer)
        with self.assertNumQueries(8):
            self.client.get(self.url)
        for number in range(4):
            add_activity(
                session=self.session, phase=Phase.AFTER, kind=Kind.UNCLEAR, title=str(number)
            )
        with self.assertNumQueries(8):
            self.client.get(self.url)

    def test_it_hides_the_session_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class SessionEditTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/sessions/{self.session.pk}/edit/"

    def test_it_shows_the_current_values_in_local_time(self):
        self.session.starts_at = datetime(2026, 3, 10, 14, 30, tzinfo=PARIS)
        self.session.save(update_fields=["starts_at"])
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="2026-03-10T14:30"')
        self.assertContains(r, "checked", count=2)

    def test_it_saves_title_date_and_objectives(self):
        objective = self.course.objectives.first()
        self.login(self.trainer)
        r = self.client.post(
            self.url,
            {
                "title": "Séance 1 bis",
                "starts_at": "2026-04-01T08:00",
                "objectives": [objective.pk],
            },
        )
        self.assertRedirects(r, f"/sessions/{self.session.pk}/", fetch_redirect_response=False)
        self.session.refresh_from_db()
        self.assertEqual(self.session.title, "Séance 1 bis")
        self.assertEqual(self.session.starts_at, datetime(2026, 4, 1, 8, 0, tzinfo=PARIS))
        self.assertEqual(list(self.session.objectives.all()), [objective])

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "get")
        self.assert_manager_forbidden(
            self.url, "post", {"title": "X", "starts_at": "2026-04-01T08:00"}
        )
        self.session.refresh_from_db()
        self.assertEqual(self.session.title, "Séance 1 — évaporation")

    def test_it_hides_the_session_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(
            self.url, "post", {"title": "X", "starts_at": "2026-04-01T08:00"}
        )

    def test_it_requires_login(self):
        self.assert_login_required(self.url)
