"""Resolving the ids a client sends in a body into rows, with a 404 that names the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from vivier.api.errors import ApiError

T = TypeVar("T")


def referenced(getter: Callable[[UUID], T], public_id: UUID, *, field: str) -> T:
    """`getter(public_id)`, or 404 with `fields: {field: [...]}` so the client knows which id is unknown."""
    try:
        return getter(public_id)
    except Http404 as exc:
        message = _("No such resource with this id.")
        raise ApiError(404, "not_found", message, fields={field: [message]}) from exc
