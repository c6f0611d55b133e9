import re

from django.conf import settings
from django.core import mail

from amont.test import BaseTestCase

LINK = re.compile(r"https?://[^/\s]+(/reset/[^\s]+/)")


class AccountsTestCase(BaseTestCase):
    """Pages in English, so that assertions on text survive the French translation."""

    def setUp(self):
        super().setUp()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def reset_path(self, message: mail.EmailMessage) -> str:
        """The /reset/<uidb64>/<token>/ path of the link in an email."""
        match = LINK.search(str(message.body))
        assert match, message.body
        return match.group(1)
