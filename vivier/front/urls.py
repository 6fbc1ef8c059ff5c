from django.urls import path

from vivier.front.views import (
    candidates,
    clients,
    dashboard,
    files,
    follow_ups,
    jobs,
    mailbox,
    message_templates,
    offers,
    outbox,
    relationship,
)

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
    path(
        "candidates/<uuid:public_id>/follow-ups/new/", follow_ups.follow_up_create, name="follow_up_create"
    ),
    path("follow-ups/<uuid:public_id>/done/", follow_ups.follow_up_done, name="follow_up_done"),
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
    # Outreach: the outbox, one message's actions, the candidate's relationship, templates, the local mailbox.
    path("outbox/", outbox.outbox, name="outbox"),
    path("messages/<uuid:public_id>/edit/", outbox.message_edit, name="message_edit"),
    path("messages/<uuid:public_id>/send-now/", outbox.message_send_now, name="message_send_now"),
    path("messages/<uuid:public_id>/cancel/", outbox.message_cancel, name="message_cancel"),
    path("messages/<uuid:public_id>/approve/", outbox.message_approve, name="message_approve"),
    path("messages/<uuid:public_id>/resolve/", outbox.message_resolve, name="message_resolve"),
    path("candidates/<uuid:public_id>/replied/", relationship.candidate_replied, name="candidate_replied"),
    path("candidates/<uuid:public_id>/do-not-contact/", relationship.candidate_stop, name="candidate_stop"),
    path("candidates/<uuid:public_id>/feedback/", relationship.feedback_compose, name="feedback_compose"),
    path("candidates/<uuid:public_id>/linkedin/", relationship.linkedin_update, name="linkedin_update"),
    path("templates/", message_templates.template_list, name="template_list"),
    path("templates/<uuid:public_id>/", message_templates.template_edit, name="template_edit"),
    path("templates/<uuid:public_id>/preview/", message_templates.template_preview, name="template_preview"),
    path("candidates/<uuid:public_id>/files/", files.candidate_file_upload, name="candidate_file_upload"),
    path("files/<uuid:public_id>/", files.candidate_file_download, name="candidate_file_download"),
    path("mailbox/", mailbox.mailbox, name="mailbox"),
    path("mailbox/<str:name>/", mailbox.mailbox_detail, name="mailbox_detail"),
    path("mailbox/<str:name>/html/", mailbox.mailbox_html, name="mailbox_html"),
]
