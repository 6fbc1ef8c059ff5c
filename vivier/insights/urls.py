from django.urls import path

from vivier.insights import drilldowns, views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("declines/", views.decline_list, name="declines"),
    path("messages/", drilldowns.messages, name="messages"),
    path("returns/", drilldowns.returns, name="returns"),
    path("placements/", drilldowns.placements, name="placements"),
    path("export/<slug:table>.csv", views.export, name="export"),
    path("export/<slug:table>.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("report/", views.client_pick, name="client_pick"),
    path("clients/<uuid:public_id>/report/", views.client_report, name="client_report"),
    path("clients/<uuid:public_id>/report.pdf", views.client_report_pdf, name="client_report_pdf"),
    path("clients/<uuid:public_id>/links/", views.link_create, name="link_create"),
    path("links/<uuid:public_id>/revoke/", views.link_revoke, name="link_revoke"),
    path("r/<str:token>/", views.public_report, name="public_report"),
    path("r/<str:token>/report.pdf", views.public_report_pdf, name="public_report_pdf"),
]
