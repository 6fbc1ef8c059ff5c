from django.urls import path

from vivier.outreach import views

app_name = "outreach"

# With and without the trailing slash: the one-click POST of a mail client cannot follow a redirect.
urlpatterns = [
    path("<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<str:token>", views.unsubscribe, name="unsubscribe_noslash"),
]
