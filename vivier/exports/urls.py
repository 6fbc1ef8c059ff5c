from django.urls import path

from vivier.exports import views

app_name = "exports"

urlpatterns = [
    path("exports/candidates.csv", views.candidates_export, {"fmt": "csv"}, name="candidates_csv"),
    path("exports/candidates.xlsx", views.candidates_export, {"fmt": "xlsx"}, name="candidates_xlsx"),
    path("exports/declines.csv", views.declines_export, {"fmt": "csv"}, name="declines_csv"),
    path("exports/declines.xlsx", views.declines_export, {"fmt": "xlsx"}, name="declines_xlsx"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.calendar_create, name="calendar_create"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    # Public: calendar apps cannot sign in; the secret token is the key (only its hash is stored).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
