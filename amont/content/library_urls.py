from django.urls import path

from amont.content import library_views

urlpatterns = [
    path("library/", library_views.library, name="library"),
    path(
        "library/resources/<int:resource_id>/",
        library_views.library_resource,
        name="library_resource",
    ),
    path(
        "library/resources/<int:resource_id>/status/",
        library_views.library_resource_status,
        name="library_resource_status",
    ),
    path(
        "library/resources/<int:resource_id>/retry/",
        library_views.library_resource_retry,
        name="library_resource_retry",
    ),
]
