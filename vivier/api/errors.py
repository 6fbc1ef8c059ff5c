"""The API's one error shape, and the translation of every exception a handler may meet into it.

Every 4xx answer is `{"error": {"code", "message", "fields": {name: [messages]}, ...extra}}`, whatever raised
it:
ninja's input validation, a service's django ValidationError, a domain conflict, a missing row, a bad token.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from vivier.errors import ServiceError

logger = logging.getLogger(__name__)

# Where a django form-wide message goes; the key DRF made familiar to API clients.
NON_FIELD_KEY = "non_field_errors"
# The sources ninja puts first in an error's location; they are not part of the field's name.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class ErrorDetail(Schema):
    """Conflicts add their own keys next to these (`existing_id` for a duplicate, for example)."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by handlers for a 4xx that no service raises (an unknown id named in a body, for example)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields = fields or {}
        self.extra = extra


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> JsonResponse:
    return JsonResponse(error_body(code, message, fields, **extra), status=status)


def _field_name(loc: tuple | list, body_params: set[str]) -> str:
    """('body', 'payload', 'competing_offer', 'salary') → 'competing_offer.salary'; ('query', 'page') → 'page'

    List positions are dropped (('body', 'payload', 'skills', 3) → 'skills'): clients show errors by field.
    """
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        # A body schema is one handler argument; its name (`payload`) is ours, not the client's.
        if source == "body" and parts and parts[0] in body_params:
            parts = parts[1:]
            if not parts:
                return "body"
    return ".".join(parts) or NON_FIELD_KEY


# Handler argument names that carry a whole JSON body (see the routers).
BODY_PARAMS = {"payload"}


def fields_from_ninja(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        name = _field_name(err.get("loc", ()), BODY_PARAMS)
        message = str(err.get("msg", "invalid"))
        # pydantic prefixes the messages of our own validators; the prefix means nothing to a client.
        message = message.removeprefix("Value error, ")
        messages = fields.setdefault(name, [])
        if message not in messages:
            messages.append(message)
    return fields


def fields_from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {NON_FIELD_KEY if k == NON_FIELD_ERRORS else k: list(v) for k, v in exc.message_dict.items()}
    return {NON_FIELD_KEY: list(exc.messages)}


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (which answer `{"detail": …}`) with the one shape."""

    def respond(
        request: HttpRequest,
        http_status: int,
        code: str,
        message: str,
        fields: dict[str, list[str]] | None = None,
        /,
        **extra: Any,
    ) -> HttpResponse:
        # Positional-only: a conflict's extra keys (a message's current `status`, say) never clash with these.
        return api.create_response(request, error_body(code, message, fields, **extra), status=http_status)

    @api.exception_handler(NinjaValidationError)
    def on_invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, 400, "invalid", _("Some fields are invalid."), fields_from_ninja(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def on_service_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, 400, "invalid", _("Some fields are invalid."), fields_from_django(exc))

    @api.exception_handler(ServiceError)
    def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        extra = dict(exc.extra)
        # A conflict about one field (the e-mail of a duplicate) is shown next to that field too.
        field = extra.get("field")
        fields = {str(field): [exc.message]} if field else {}
        return respond(request, exc.status, exc.code, exc.message, fields, **extra)

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.code, exc.message, exc.fields, **exc.extra)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", _("No such resource."))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request, 401, "unauthorized", _("Send a valid token in the header Authorization: Bearer <token>.")
        )
        response["WWW-Authenticate"] = 'Bearer realm="vivier"'
        return response

    @api.exception_handler(AuthorizationError)
    def on_forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(request, 403, "forbidden", exc.message)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises HttpError(400) for a body that is not JSON; other statuses come from throttling.
        if exc.status_code == 400:
            return respond(
                request,
                400,
                "invalid",
                _("The body is not valid JSON."),
                {"body": [_("The body is not valid JSON.")]},
            )
        code = {429: "throttled"}.get(exc.status_code, "error")
        return respond(request, exc.status_code, code, str(exc))

    # Safety nets: schemas and services should catch these first. When they do not, the client still gets a
    # 4xx (its input hit a database limit or a concurrent write), and the log says which check is missing.
    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        logger.warning("api data error not caught by validation: %s", exc)
        return respond(request, 400, "invalid", _("A value is out of range or malformed."))

    @api.exception_handler(IntegrityError)
    def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("api integrity error not caught by a service: %s", exc)
        return respond(
            request, 409, "conflict", _("This change conflicts with the current data; reload and retry.")
        )


def documented(success: dict[int, Any], *statuses: int) -> dict[int, Any]:
    """An operation's `response=`: its success schema plus the error statuses it can answer, for OpenAPI."""
    return {**success, **{status: ErrorOut for status in statuses}}


def document_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare in the OpenAPI document the answers of vivier.middleware.ApiLimitsMiddleware, which any operation
    can give: 414 to a query string over the limit, 413 to a body over the limit (operations that take one)."""
    from django.conf import settings

    def error(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                414, error(f"URI Too Long: the query string is over {settings.API_MAX_QUERY_STRING} bytes.")
            )
            if "requestBody" in operation:
                responses.setdefault(
                    413,
                    error(
                        f"Content Too Large: the body is over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
                    ),
                )
    return schema


# What every authenticated operation can answer besides its own statuses.
READ_ERRORS = (400, 401)
WRITE_ERRORS = (400, 401, 403)
