from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("vivier.api.urls")),
    path("accounts/", include("vivier.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The candidate's unsubscribe page: the path is in every e-mail's List-Unsubscribe (outreach.links).
    path("u/", include("vivier.outreach.urls")),
    # The candidate's own pages (stay in touch, preferences, decline answer) and the privacy back office.
    path("", include("vivier.privacy.urls")),
    path("matching/", include("vivier.matching.urls")),
    path("insights/", include("vivier.insights.urls")),
    path("imports/", include("vivier.imports.urls")),
    path("", include("vivier.front.urls")),
]
