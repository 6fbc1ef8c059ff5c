from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("vivier.api.urls")),
    path("accounts/", include("vivier.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("insights/", include("vivier.insights.urls")),
    path("", include("vivier.front.urls")),
]
