from django.urls import path

from vivier.matching import views

app_name = "matching"

urlpatterns = [
    path("jobs/<uuid:public_id>/rediscovery/", views.job_panel, name="job_panel"),
]
