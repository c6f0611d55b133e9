from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages

from amont.accounts.models import Membership, Role, User
from amont.accounts.tests.base import AccountsTestCase
from amont.courses.models import Cohort, Enrollment

NEW_ACCOUNT = {
    "full_name": "Nina Simon",
    "email": "Nina@Example.org",
    "password1": "blue heron 1987",
    "password2": "blue heron 1987",
}


class InviteAcceptTestCase(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/invite/{self.cohort.invite_token}/"

    def test_it_shows_the_course_and_a_sign_up_form_to_anonymous_visitors(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Le cycle de l&#x27;eau")
        self.assertContains(response, "5e B")
        for name in ("full_name", "email", "password1", "password2"):
            self.assertContains(response, f'name="{name}"')
        self.assertContains(response, 'href="/login/?next=%2Finvite%2F')

    def test_it_404s_on_an_unknown_token(self):
        self.assertEqual(self.client.get("/invite/nope/").status_code, 404)
        self.login(self.learner)
        self.assertEqual(self.client.post("/invite/nope/").status_code, 404)

    def test_it_405s_on_other_methods(self):
        self.assertEqual(self.client.put(self.url).status_code, 405)

    def test_it_signs_up_logs_in_and_enrolls(self):
        response = self.client.post(self.url, NEW_ACCOUNT)
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        user = User.objects.get(email="nina@example.org")
        self.assertEqual(user.full_name, "Nina Simon")
        self.assertTrue(user.check_password("blue heron 1987"))
        self.assertTrue(Enrollment.objects.filter(cohort=self.cohort, learner=user).exists())
        self.assertEqual(
            Membership.objects.get(user=user, organization=self.org).role, Role.LEARNER
        )
        self.assertEqual(self.client.session[SESSION_KEY], str(user.pk))

    def test_it_checks_the_two_passwords_match(self):
        response = self.client.post(self.url, {**NEW_ACCOUNT, "password2": "something else"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].has_error("password2", "password_mismatch"))
        self.assertContains(response, 'aria-describedby="id_password2_helptext id_password2_error"')
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())

    def test_it_applies_the_password_validators(self):
        response = self.client.post(
            self.url, {**NEW_ACCOUNT, "password1": "12345678", "password2": "12345678"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].has_error("password2"))
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())

    def test_it_rejects_a_password_like_the_email(self):
        response = self.client.post(
            self.url,
            {**NEW_ACCOUNT, "password1": "nina@example.org", "password2": "nina@example.org"},
        )
        self.assertTrue(response.context["form"].has_error("password2", "password_too_similar"))
        self.assertFalse(User.objects.filter(email="nina@example.org").exists())

    def test_it_refuses_an_existing_email_and_points_to_login(self):
        response = self.client.post(self.url, {**NEW_ACCOUNT, "email": "OTHER-learner@example.org"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].has_error("email", "taken"))
        self.assertFalse(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.other_learner).exists()
        )
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_it_offers_a_logged_in_user_to_join(self):
        self.login(self.other_learner)
        response = self.client.get(self.url)
        self.assertContains(response, "5e B")
        self.assertContains(response, "Join")
        self.assertNotContains(response, 'name="password1"')

    def test_it_enrolls_a_logged_in_user(self):
        self.login(self.other_learner)
        response = self.client.post(self.url)
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertTrue(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.other_learner).exists()
        )
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertEqual(messages, ["You joined Le cycle de l'eau — 5e B."])

    def test_it_keeps_a_single_enrollment_when_joining_twice(self):
        self.login(self.learner)
        self.assertContains(self.client.get(self.url), "You are already in this cohort.")
        self.client.post(self.url)
        self.assertEqual(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.learner).count(), 1
        )

    def test_it_does_not_enroll_a_trainer_of_the_course(self):
        self.login(self.trainer)
        self.client.post(self.url)
        self.assertFalse(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.trainer).exists()
        )
        self.assertEqual(
            Membership.objects.get(user=self.trainer, organization=self.org).role, Role.TRAINER
        )

    def test_it_keeps_the_staff_role_of_a_joining_manager(self):
        self.login(self.manager)
        self.client.post(self.url)
        self.assertTrue(
            Enrollment.objects.filter(cohort=self.cohort, learner=self.manager).exists()
        )
        self.assertEqual(
            Membership.objects.get(user=self.manager, organization=self.org).role, Role.MANAGER
        )


class InviteRegenerateTestCase(AccountsTestCase):
    def setUp(self):
        super().setUp()
        self.url = f"/cohorts/{self.cohort.pk}/invite/regenerate/"
        self.token = self.cohort.invite_token

    def token_now(self) -> str:
        return Cohort.objects.get(pk=self.cohort.pk).invite_token

    def test_it_replaces_the_link(self):
        self.login(self.trainer)
        response = self.client.post(self.url)
        self.assertRedirects(response, f"/cohorts/{self.cohort.pk}/", fetch_redirect_response=False)
        self.assertNotEqual(self.token_now(), self.token)
        self.assertEqual(self.client.get(f"/invite/{self.token}/").status_code, 404)
        self.assertEqual(self.client.get(f"/invite/{self.token_now()}/").status_code, 200)

    def test_it_requires_post(self):
        self.login(self.trainer)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertEqual(self.token_now(), self.token)

    def test_it_sends_anonymous_visitors_to_login(self):
        response = self.client.post(self.url)
        self.assertRedirects(response, "/login/?next=" + self.url, fetch_redirect_response=False)
        self.assertEqual(self.token_now(), self.token)

    def test_it_is_read_only_for_a_manager(self):
        self.login(self.manager)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertEqual(self.token_now(), self.token)

    def test_it_404s_for_outsiders(self):
        for user in (self.other_trainer, self.learner, self.outsider_manager):
            self.login(user)
            self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertEqual(self.client.post("/cohorts/999999/invite/regenerate/").status_code, 404)
        self.assertEqual(self.token_now(), self.token)
