from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("vivier.api.urls")),
    path("accounts/", include("vivier.accounts.urls")),
    path("", include("vivier.front.urls")),
]
