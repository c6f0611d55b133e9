from amont.courses.models import Cohort
from amont.courses.tests.base import AuthoringTestCase


class CohortCreateTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/courses/{self.course.pk}/cohorts/new/"

    def test_it_shows_the_form(self):
        self.login(self.trainer)
        self.assertContains(self.client.get(self.url), 'name="name"')

    def test_it_creates_a_cohort_with_an_invitation_token(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"name": "5e C"})
        cohort = Cohort.objects.get(name="5e C")
        self.assertRedirects(r, f"/cohorts/{cohort.pk}/", fetch_redirect_response=False)
        self.assertEqual(cohort.course, self.course)
        self.assertTrue(cohort.invite_token)

    def test_it_rejects_an_empty_name(self):
        self.login(self.trainer)
        r = self.client.post(self.url, {"name": "  "})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.course.cohorts.count(), 1)

    def test_it_forbids_the_manager(self):
        self.assert_manager_forbidden(self.url, "get")
        self.assert_manager_forbidden(self.url, "post", {"name": "X"})
        self.assertEqual(self.course.cohorts.count(), 1)

    def test_it_hides_the_course_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)
        self.assert_outsiders_get_404(self.url, "post", {"name": "X"})
        self.assertEqual(self.course.cohorts.count(), 1)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)


class CohortDetailTestCase(AuthoringTestCase):
    def setUp(self):
        self.url = f"/cohorts/{self.cohort.pk}/"

    def test_it_shows_learners_invitation_and_sessions(self):
        self.login(self.trainer)
        r = self.client.get(self.url)
        self.assertContains(r, "Léa")
        self.assertContains(r, "learner@example.org")
        self.assertNotContains(r, "other-learner@example.org")
        self.assertContains(r, f"http://testserver/invite/{self.cohort.invite_token}/")
        self.assertContains(r, f'href="/sessions/{self.session.pk}/"')
        self.assertContains(r, f'href="/cohorts/{self.cohort.pk}/sessions/new/"')
        self.assertContains(r, f'href="/cohorts/{self.cohort.pk}/roster/"')
        self.assertContains(r, f'action="/cohorts/{self.cohort.pk}/invite/regenerate/"')

    def test_it_is_read_only_for_the_manager(self):
        self.login(self.manager)
        r = self.client.get(self.url)
        self.assertContains(r, "learner@example.org")
        self.assertNotContains(r, "/sessions/new/")
        self.assertNotContains(r, "/invite/regenerate/")
        self.assertNotContains(r, "/roster/")

    def test_it_hides_the_cohort_from_outsiders(self):
        self.assert_outsiders_get_404(self.url)

    def test_it_requires_login(self):
        self.assert_login_required(self.url)
