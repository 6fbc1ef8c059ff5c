from django.urls import path

from vivier.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("new/", views.endpoint_create, name="create"),
    path("<uuid:public_id>/", views.endpoint_edit, name="edit"),
    path("<uuid:public_id>/secret/", views.secret_reveal, name="secret"),
    path("<uuid:public_id>/secret/rotate/", views.secret_rotate, name="rotate"),
    path("<uuid:public_id>/ping/", views.endpoint_ping, name="ping"),
    path("<uuid:public_id>/delete/", views.endpoint_delete, name="delete"),
    path("<uuid:public_id>/deliveries/", views.delivery_list, name="deliveries"),
    path("deliveries/<uuid:public_id>/", views.delivery_detail, name="delivery"),
    path("deliveries/<uuid:public_id>/redeliver/", views.delivery_redeliver, name="redeliver"),
]
