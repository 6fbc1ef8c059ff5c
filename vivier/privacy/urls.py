from django.urls import path

from vivier.privacy import public, views

app_name = "privacy"

urlpatterns = [
    # Public: the candidate's own pages, opened by the signed link of a message (no account).
    path("t/<str:token>/", public.stay_in_touch, name="stay_in_touch"),
    path("p/<str:token>/", public.preferences, name="preferences"),
    path("d/<str:token>/", public.decline_answer, name="decline_answer"),
    # Private: the agency's privacy pages.
    path("privacy/candidates/<uuid:public_id>/export/", views.export_html, name="export"),
    path("privacy/candidates/<uuid:public_id>/export.json", views.export_json, name="export_json"),
    path("privacy/candidates/<uuid:public_id>/erase/", views.erase, name="erase"),
    path("privacy/candidates/<uuid:public_id>/consent/", views.consent_record, name="consent_record"),
    path("privacy/candidates/<uuid:public_id>/revoke-links/", views.links_revoke, name="links_revoke"),
    path("privacy/candidates/<uuid:public_id>/requests/", views.request_create, name="request_create"),
    path("privacy/requests/", views.request_list, name="requests"),
    path("privacy/requests/<uuid:request_id>/close/", views.request_close, name="request_close"),
    path("privacy/retention/", views.retention_page, name="retention"),
    path("privacy/notices/", views.notices_page, name="notices"),
    path("privacy/register/", views.register_page, name="register"),
]
