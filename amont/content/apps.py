from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "amont.content"
