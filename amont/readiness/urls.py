from django.urls import path

from amont.readiness import views

urlpatterns = [
    path("dashboard/", views.staff_dashboard, name="staff_dashboard"),
    path("sessions/<int:session_id>/readiness/", views.readiness, name="readiness"),
]
