from django.urls import path

from amont.learner import pwa, views

urlpatterns = [
    path("learn/", views.learner_home, name="learner_home"),
    path("learn/sessions/<int:session_id>/", views.learner_session, name="learner_session"),
    path(
        "learn/sessions/<int:session_id>/pack.zip",
        views.learner_session_pack,
        name="learner_session_pack",
    ),
    # Printable PDF of the before-class activities, for learners and trainers
    path(
        "learn/sessions/<int:session_id>/paper.pdf",
        views.learner_session_paper,
        name="learner_session_paper",
    ),
    path("sessions/<int:session_id>/paper.pdf", views.session_paper, name="session_paper"),
    # One address per activity, whatever its kind (the kind's own page answers)
    path("learn/activities/<int:activity_id>/", views.learner_activity, name="learner_activity"),
    # Offline reading (PWA): the service worker, the manifest, what to keep, the page
    # shown offline for a page not kept
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.web_manifest, name="web_manifest"),
    path("learn/offline.json", pwa.learner_offline_manifest, name="learner_offline_manifest"),
    path("learn/offline/", pwa.learner_offline_page, name="learner_offline_page"),
]
