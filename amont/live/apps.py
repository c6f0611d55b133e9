from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "amont.live"

    def ready(self) -> None:
        from amont.live import kinds  # noqa: F401  (registers the activity kinds)
