from django.urls import path

from amont.live import views

urlpatterns = [
    path("sessions/<int:session_id>/live/", views.live_control, name="live_control"),
    path("live/<int:live_id>/open/<int:activity_id>/", views.live_open, name="live_open"),
    path("live/<int:live_id>/close/", views.live_close, name="live_close"),
    path("live/<int:live_id>/reveal/", views.live_reveal, name="live_reveal"),
    path("live/<int:live_id>/end/", views.live_end, name="live_end"),
    path("live/<int:live_id>/present/", views.live_present, name="live_present"),
    # Short links read off a projector: /j/ABC23X, with or without the trailing slash.
    path("j/", views.live_code, name="live_code"),
    path("j/<str:code>", views.live_join, name="live_join"),
    path("j/<str:code>/", views.live_join),
    path("j/<str:code>/vote/", views.live_participant, name="live_participant"),
]
