from django.apps import AppConfig


class AfterConfig(AppConfig):
    name = "amont.after"

    def ready(self) -> None:
        from amont.after import kinds  # noqa: F401  (registers the activity kinds)
