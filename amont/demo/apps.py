from django.apps import AppConfig


class DemoConfig(AppConfig):
    """No models: only the load_demo and serve_demo commands."""

    name = "amont.demo"
