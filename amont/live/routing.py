from django.urls import path

from amont.live.consumers import ParticipantConsumer, PresenterConsumer

websocket_urlpatterns = [
    # django-stubs' path() takes views only; channels routes ASGI applications with it.
    path("ws/live/<str:code>/", ParticipantConsumer.as_asgi()),  # type: ignore[arg-type]
    path("ws/live/<str:code>/presenter/", PresenterConsumer.as_asgi()),  # type: ignore[arg-type]
]
