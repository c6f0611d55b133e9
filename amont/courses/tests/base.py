"""Shared checks of the authoring pages' permissions."""

from amont.test import BaseTestCase


class AuthoringTestCase(BaseTestCase):
    def request(self, method: str, url: str, data=None, **kwargs):
        return getattr(self.client, method)(url, data or {}, **kwargs)

    def assert_login_required(self, url: str, method: str = "get", data=None) -> None:
        self.client.logout()
        r = self.request(method, url, data)
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith("/login/"), r.url)

    def assert_outsiders_get_404(self, url: str, method: str = "get", data=None) -> None:
        """Another course's trainer, a learner and another organization's manager may not
        even know the object exists."""
        for user in (self.other_trainer, self.learner, self.outsider_manager):
            self.login(user)
            r = self.request(method, url, data)
            self.assertEqual(r.status_code, 404, user.email)

    def assert_manager_forbidden(self, url: str, method: str = "post", data=None) -> None:
        self.login(self.manager)
        r = self.request(method, url, data)
        self.assertEqual(r.status_code, 403)

    def assert_post_only(self, url: str) -> None:
        self.login(self.trainer)
        self.assertEqual(self.client.get(url).status_code, 405)
