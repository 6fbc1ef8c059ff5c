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
    # Job alerts: what the daily build of the digests did (vivier.alerts).
    path("alerts/", include("vivier.alerts.urls")),
    # Talent pools, saved segments, personal messages and campaigns (vivier.pools).
    path("pools/", include("vivier.pools.urls")),
    # The candidate's survey page (/s/<token>/) and the survey results (/insights/surveys/).
    path("", include("vivier.surveys.urls")),
    # CSV/XLSX exports of the lists, and the recruiter's private calendar feed (/calendar/<token>.ics).
    path("", include("vivier.exports.urls")),
    # Outgoing webhooks: endpoints and their delivery log (administrators).
    path("webhooks/", include("vivier.webhooks.urls")),
    path("", include("vivier.front.urls")),
]
