from django.urls import path

from amont.content import views

urlpatterns = [
    path("learn/", views.learner_home, name="learner_home"),
    path("learn/sessions/<int:session_id>/", views.learner_session, name="learner_session"),
    path(
        "learn/sessions/<int:session_id>/pack.zip",
        views.learner_session_pack,
        name="learner_session_pack",
    ),
    path("learn/activities/<int:activity_id>/", views.learner_activity, name="learner_activity"),
]
