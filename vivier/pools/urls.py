from django.urls import path

from vivier.pools.views import campaigns, compose, pools, segments

app_name = "pools"

urlpatterns = [
    path("", pools.pool_list, name="list"),
    path("new/", pools.pool_create, name="create"),
    path("<uuid:public_id>/", pools.pool_detail, name="detail"),
    path("<uuid:public_id>/edit/", pools.pool_edit, name="edit"),
    path("<uuid:public_id>/archive/", pools.pool_archive, name="archive"),
    path("<uuid:public_id>/write/", compose.pool_write, name="write"),
    path(
        "<uuid:public_id>/members/<uuid:candidate_id>/remove/", pools.pool_member_remove, name="member_remove"
    ),
    path("add/<uuid:public_id>/", pools.candidate_add, name="add_one"),
    path("add/", pools.candidates_add, name="add_many"),
    path("segments/", segments.segment_list, name="segment_list"),
    path("segments/new/", segments.segment_create, name="segment_create"),
    path("segments/<uuid:public_id>/", segments.segment_detail, name="segment_detail"),
    path("segments/<uuid:public_id>/edit/", segments.segment_edit, name="segment_edit"),
    path("segments/<uuid:public_id>/delete/", segments.segment_delete, name="segment_delete"),
    path("segments/<uuid:public_id>/write/", compose.segment_write, name="segment_write"),
    path("write/<uuid:public_id>/", compose.compose_candidate, name="compose"),
    path("write/preview/", compose.compose_preview, name="compose_preview"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/<uuid:public_id>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:public_id>/progress/", campaigns.campaign_progress, name="campaign_progress"),
]
