from django.urls import path

from vivier.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.overview, name="overview"),
]
