from django.urls import path

from amont.live.consumers import ParticipantConsumer, PresenterConsumer

websocket_urlpatterns = [
    path("ws/live/<str:code>/", ParticipantConsumer.as_asgi()),
    path("ws/live/<str:code>/presenter/", PresenterConsumer.as_asgi()),
]
