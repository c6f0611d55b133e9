from django.apps import AppConfig


class AfterConfig(AppConfig):
    name = "amont.after"
