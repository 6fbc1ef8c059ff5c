"""The NinjaAPI instance of version 1, mounted at /api/v1/ by vivier.urls."""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI, Swagger

from vivier.api import errors
from vivier.api.auth import read_auth
from vivier.api.routers import (
    applications,
    candidates,
    clients,
    exclusions,
    health,
    jobs,
    messages,
    offers,
    reasons,
)


class VivierAPI(NinjaAPI):
    """ninja's API, whose document also declares the answers of the size limits (vivier.middleware)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return errors.document_limits(schema)


api = VivierAPI(
    title="Vivier API",
    version="1",
    description="The talent pool's JSON API. Authenticate with `Authorization: Bearer <token>`; "
    'errors are `{"error": {"code", "message", "fields"}}`. See API.md for the contract. '
    f"A body is at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes (413 beyond), "
    f"a query string at most {settings.API_MAX_QUERY_STRING} (414 beyond).",
    urls_namespace="api-v1",
    # Reading needs a token; each write operation asks for `write_auth` instead.
    auth=read_auth,
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Served from ninja's own static files ("ninja" in INSTALLED_APPS), never from a CDN.
    docs=Swagger(settings={"persistAuthorization": True}),
)
errors.install(api)

for module in (health, clients, jobs, candidates, applications, offers, reasons, exclusions, messages):
    api.add_router("/", module.router)

# Rediscovery lives with the matching domain, which owns its schemas.
from vivier.insights.api import router as insights_router  # noqa: E402
from vivier.matching.api import router as rediscovery_router  # noqa: E402

api.add_router("/", rediscovery_router)
api.add_router("/", insights_router)

# The rights of access and erasure live with the privacy domain.
from vivier.privacy.api import router as privacy_router  # noqa: E402

api.add_router("/", privacy_router)
