from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "amont.content"

    def ready(self) -> None:
        from amont.content import kinds  # noqa: F401  (registers the activity kinds)
