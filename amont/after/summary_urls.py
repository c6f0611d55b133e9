from django.urls import path

from amont.after import summary_views

urlpatterns = [
    path(
        "sessions/<int:session_id>/summary/",
        summary_views.session_summary,
        name="session_summary",
    ),
]
