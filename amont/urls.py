from django.urls import include, path

urlpatterns = [
    path("", include("amont.accounts.urls")),
    path("", include("amont.courses.urls")),
    path("", include("amont.content.urls")),
    path("", include("amont.content.library_urls")),
    path("", include("amont.quizzes.urls")),
    path("", include("amont.readiness.urls")),
    path("", include("amont.live.urls")),
    path("", include("amont.after.urls")),
    path("", include("amont.after.summary_urls")),
    path("", include("amont.learner.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
