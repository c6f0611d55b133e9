from django.conf import settings

from amont.live.actions import join_live, start_live
from amont.test import BaseTestCase


class LiveTestCase(BaseTestCase):
    """A running live session of `session`, with one pseudonymous participant. Pages are
    asked for in English, so that assertions on text survive the French translation."""

    def setUp(self):
        super().setUp()
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.live = start_live(session=self.session)
        self.participant = join_live(live=self.live, pseudonym="Zoé")
