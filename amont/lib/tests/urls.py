"""Test-only URLconf for test_ranges: serves files of MEDIA_ROOT through
ranged_file_response, from a sync and an async view. `application` runs it under a real
daphne (the project's settings with this URLconf)."""

from pathlib import Path

from django.conf import settings
from django.urls import path
from django.views.decorators.http import require_safe

from amont.lib.ranges import ranged_file_response


def _media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


@require_safe
def serve(request, name):
    return ranged_file_response(request, _media(name), content_type="video/mp4", filename=name)


async def serve_async(request, name):
    return ranged_file_response(request, _media(name), content_type="video/mp4")


urlpatterns = [
    path("media/<str:name>", serve),
    path("async-media/<str:name>", serve_async),
]

_django_application = None


async def application(scope, receive, send):
    global _django_application
    if _django_application is None:
        from django.core.asgi import get_asgi_application
        from django.test.utils import override_settings

        django_application = get_asgi_application()  # sets Django up first
        override_settings(ROOT_URLCONF=__name__).enable()
        _django_application = django_application
    await _django_application(scope, receive, send)
