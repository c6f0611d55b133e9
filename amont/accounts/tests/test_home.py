from amont.accounts.actions import create_user
from amont.accounts.tests.base import AccountsTestCase


class HomeTestCase(AccountsTestCase):
    def test_it_sends_anonymous_visitors_to_login(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/login/", fetch_redirect_response=False)

    def test_it_sends_a_trainer_to_the_dashboard(self):
        self.login(self.trainer)
        response = self.client.get("/")
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_sends_a_manager_to_the_dashboard(self):
        self.login(self.manager)
        response = self.client.get("/")
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)

    def test_it_sends_a_learner_to_their_courses(self):
        self.login(self.learner)
        response = self.client.get("/")
        self.assertRedirects(response, "/learn/", fetch_redirect_response=False)

    def test_it_explains_when_there_is_no_course_yet(self):
        self.login(create_user(email="new@example.org", full_name="Nina", password="x"))
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "You are not in any course yet.")
        self.assertContains(response, "Welcome, Nina")
