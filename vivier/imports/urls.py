from django.urls import path

from vivier.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<uuid:public_id>/", views.import_detail, name="detail"),
    path("<uuid:public_id>/start/", views.import_start, name="start"),
    path("<uuid:public_id>/progress/", views.import_progress, name="progress"),
    path("<uuid:public_id>/cancel/", views.import_cancel, name="cancel"),
    path("<uuid:public_id>/report.csv", views.import_report, name="report"),
    path("<uuid:public_id>/unmatched/", views.linkedin_unmatched, name="unmatched"),
    path("<uuid:public_id>/unmatched/<int:row>/", views.linkedin_create, name="unmatched_create"),
]
