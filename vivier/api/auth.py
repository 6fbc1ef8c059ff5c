"""Bearer-token authentication, and the write permission (a role that writes and a token scoped to write)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from vivier.accounts.models import ApiToken, TokenScope
from vivier.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. Returns the token (ninja's request.auth); puts its user on request.

    With `write=True` an authenticated caller who may not write gets 403 rather than 401: the token is good,
    the role (viewer) or the token's scope (read) is what refuses.
    """

    def __init__(self, *, write: bool = False) -> None:
        self.write = write
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_authenticate(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        if self.write and not may_write(api_token):
            raise AuthorizationError(
                message=_(
                    "This token may only read: writing needs a recruiter or admin "
                    "account and a token with the write scope."
                )
            )
        return api_token


def may_write(api_token: ApiToken) -> bool:
    return api_token.user.can_write and api_token.scope == TokenScope.WRITE


read_auth = TokenAuth()
write_auth = TokenAuth(write=True)
