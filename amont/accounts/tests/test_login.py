from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS

from amont.accounts.actions import create_user
from amont.accounts.tests.base import AccountsTestCase
from amont.test import PASSWORD


class LoginTestCase(AccountsTestCase):
    def test_it_shows_the_login_form_with_a_password_reset_link(self):
        response = self.client.get("/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'type="email"')
        self.assertContains(response, 'autocomplete="current-password"')
        self.assertContains(response, '<label for="id_username">Email address:</label>', html=True)
        self.assertContains(response, 'href="/password-reset/"')

    def test_it_logs_in_with_email_and_password(self):
        response = self.client.post(
            "/login/", {"username": "Trainer@Example.org", "password": PASSWORD}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.trainer.pk))

    def test_it_follows_next_after_login(self):
        response = self.client.post(
            "/login/",
            {"username": "learner@example.org", "password": PASSWORD, "next": "/invite/abc/"},
        )
        self.assertRedirects(response, "/invite/abc/", fetch_redirect_response=False)

    def test_it_ignores_a_next_on_another_site(self):
        response = self.client.post(
            "/login/",
            {
                "username": "learner@example.org",
                "password": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_it_rejects_a_wrong_password_cleanly(self):
        response = self.client.post(
            "/login/", {"username": "trainer@example.org", "password": "wrong"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].has_error(NON_FIELD_ERRORS, "invalid_login"))
        self.assertContains(response, "Wrong email address or password.")
        self.assertContains(response, 'role="alert"')
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_rejects_an_account_without_password(self):
        create_user(email="imported@example.org")
        response = self.client.post(
            "/login/", {"username": "imported@example.org", "password": "!"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_sends_a_logged_in_user_home(self):
        self.login(self.learner)
        response = self.client.get("/login/")
        self.assertRedirects(response, "/", fetch_redirect_response=False)


class LogoutTestCase(AccountsTestCase):
    def test_it_logs_out_on_post(self):
        self.login(self.learner)
        response = self.client.post("/logout/")
        self.assertRedirects(response, "/login/", fetch_redirect_response=False)
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_requires_post(self):
        self.login(self.learner)
        response = self.client.get("/logout/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.learner.pk))


class PasswordResetTestCase(AccountsTestCase):
    def test_it_shows_the_form(self):
        response = self.client.get("/password-reset/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="email"')

    def test_it_sends_a_link_that_sets_a_new_password(self):
        response = self.client.post("/password-reset/", {"email": "Learner@example.org"})
        self.assertRedirects(response, "/password-reset/done/", fetch_redirect_response=False)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["learner@example.org"])
        self.assertEqual(message.subject, "Your Amont password")
        self.assertIn("Hello Léa,", message.body)

        response = self.client.get(self.reset_path(message))
        set_password_path = response["Location"]
        self.assertTrue(set_password_path.endswith("/set-password/"))
        response = self.client.get(set_password_path)
        self.assertContains(response, "Choose your password")
        response = self.client.post(
            set_password_path,
            {"new_password1": "a new river 42", "new_password2": "a new river 42"},
        )
        self.assertRedirects(response, "/reset/done/", fetch_redirect_response=False)
        self.learner.refresh_from_db()
        self.assertTrue(self.learner.check_password("a new river 42"))
        self.assertEqual(self.client.session[SESSION_KEY], str(self.learner.pk))

    def test_it_rejects_a_used_link(self):
        self.client.post("/password-reset/", {"email": "learner@example.org"})
        path = self.reset_path(mail.outbox[0])
        set_password_path = self.client.get(path)["Location"]
        self.client.post(
            set_password_path,
            {"new_password1": "a new river 42", "new_password2": "a new river 42"},
        )
        self.client.logout()
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["validlink"])
        self.assertContains(response, 'href="/password-reset/"')

    def test_it_sends_nothing_for_an_unknown_address(self):
        response = self.client.post("/password-reset/", {"email": "nobody@example.org"})
        self.assertRedirects(response, "/password-reset/done/", fetch_redirect_response=False)
        self.assertEqual(mail.outbox, [])

    def test_it_sends_a_link_to_an_account_without_password(self):
        create_user(email="imported@example.org")
        self.client.post("/password-reset/", {"email": "imported@example.org"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["imported@example.org"])

    def test_it_shows_the_done_pages(self):
        self.assertEqual(self.client.get("/password-reset/done/").status_code, 200)
        response = self.client.get("/reset/done/")
        self.assertContains(response, 'href="/login/"')
