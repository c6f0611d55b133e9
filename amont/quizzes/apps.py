from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "amont.quizzes"

    def ready(self) -> None:
        from amont.quizzes import (
            kinds,  # noqa: F401  (registers the activity kinds)
            types,  # noqa: F401  (registers the question types)
        )
