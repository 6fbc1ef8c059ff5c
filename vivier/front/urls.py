from django.urls import path

from vivier.front.views import candidates, clients, dashboard, jobs, offers

app_name = "front"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("candidates/", candidates.candidate_list, name="candidate_list"),
    path("candidates/new/", candidates.candidate_create, name="candidate_create"),
    path("candidates/<uuid:public_id>/", candidates.candidate_detail, name="candidate_detail"),
    path("candidates/<uuid:public_id>/edit/", candidates.candidate_edit, name="candidate_edit"),
    path("candidates/<uuid:public_id>/apply/", candidates.candidate_apply, name="candidate_apply"),
    path("candidates/<uuid:public_id>/exclusions/new/", candidates.exclusion_create, name="exclusion_create"),
    path("exclusions/<uuid:public_id>/lift/", candidates.exclusion_lift, name="exclusion_lift"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/new/", jobs.job_create, name="job_create"),
    path("jobs/<uuid:public_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<uuid:public_id>/edit/", jobs.job_edit, name="job_edit"),
    path("jobs/<uuid:public_id>/candidates/search/", jobs.job_candidate_search, name="job_candidate_search"),
    path("jobs/<uuid:public_id>/candidates/add/", jobs.job_add_candidate, name="job_add_candidate"),
    path("clients/", clients.client_list, name="client_list"),
    path("clients/new/", clients.client_create, name="client_create"),
    path("clients/<uuid:public_id>/", clients.client_detail, name="client_detail"),
    path("clients/<uuid:public_id>/edit/", clients.client_edit, name="client_edit"),
    path("applications/<uuid:public_id>/offer/", offers.offer_create, name="offer_create"),
    path("offers/<uuid:public_id>/accept/", offers.offer_accept, name="offer_accept"),
    path("offers/<uuid:public_id>/decline/", offers.offer_decline, name="offer_decline"),
]
