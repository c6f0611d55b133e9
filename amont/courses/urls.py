from django.urls import path

from amont.courses import enrollment_views, views

urlpatterns = [
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:course_id>/", views.course_detail, name="course_detail"),
    path("courses/<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:course_id>/objectives/", views.objective_add, name="objective_add"),
    path("objectives/<int:objective_id>/delete/", views.objective_delete, name="objective_delete"),
    path("courses/<int:course_id>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path(
        "cohorts/<int:cohort_id>/invite/regenerate/",
        enrollment_views.invite_regenerate,
        name="invite_regenerate",
    ),
    path("cohorts/<int:cohort_id>/roster/", enrollment_views.roster_import, name="roster_import"),
    path("invite/<str:token>/", enrollment_views.invite_accept, name="invite_accept"),
    path("cohorts/<int:cohort_id>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path(
        "sessions/<int:session_id>/activities/new/",
        views.activity_create,
        name="activity_create",
    ),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/move/", views.activity_move, name="activity_move"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
]
