"""`?page=N&page_size=M` → `{"items", "count", "next"}`, on top of the pagination the web pages use."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

from vivier.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate


class PageParams(Schema):
    # Unlike the forgiving web pages, the API refuses a size out of range (400): a script asking for 1000 rows
    # should learn that it gets 200, not find out by counting.
    page: int = Field(1, ge=1, le=10_000_000)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A named list schema per resource, so the OpenAPI document shows `CandidatePage`, not a generic."""
    return create_model(
        name,
        __base__=Schema,
        items=(list[item], ...),
        count=(int, ...),
        next=(str | None, Field(None, description="Absolute URL of the next page, null on the last one.")),
    )


def paginated(
    request: HttpRequest, qs: QuerySet, params: PageParams, count: int | None = None
) -> dict[str, Any]:
    page = paginate(qs, page=params.page, page_size=params.page_size, count=count)
    next_url = None
    if page.has_next:
        query = request.GET.copy()
        query["page"] = str(page.number + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": page.items, "count": page.count, "next": next_url}
