from django.urls import path

from vivier.surveys import public, views

app_name = "surveys"

urlpatterns = [
    # Public: the candidate's survey page, opened by the signed link of the survey e-mail (no account).
    path("s/<str:token>/", public.answer, name="answer"),
    # Private: the results, beside the insights.
    path("insights/surveys/", views.results, name="results"),
    path("insights/surveys/<slug:table>.csv", views.results_csv, name="results_csv"),
]
