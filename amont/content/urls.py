from django.urls import path

from amont.content import player

urlpatterns = [
    # Resource player (video, audio, document, linked video) and its tracking
    path(
        "learn/activities/<int:activity_id>/media/<slug:variant>/",
        player.learner_resource_media,
        name="learner_resource_media",
    ),
    path(
        "learn/activities/<int:activity_id>/track/",
        player.learner_resource_track,
        name="learner_resource_track",
    ),
    path(
        "library/resources/<int:resource_id>/media/<slug:variant>/",
        player.resource_media,
        name="resource_media",
    ),
]
