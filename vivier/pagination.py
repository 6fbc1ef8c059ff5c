"""Page-number pagination shared by the web pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass
class Page:
    items: list[Any]
    number: int
    page_size: int
    count: int

    @property
    def has_next(self) -> bool:
        return self.number * self.page_size < self.count

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.count else 0

    @property
    def end_index(self) -> int:
        return min(self.number * self.page_size, self.count)


def clamp(page: Any, page_size: Any = DEFAULT_PAGE_SIZE) -> tuple[int, int]:
    """Forgiving for the web pages: nonsense becomes page 1, sizes are kept within 1..MAX_PAGE_SIZE."""
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    try:
        page_size = min(MAX_PAGE_SIZE, max(1, int(page_size)))
    except (TypeError, ValueError):
        page_size = DEFAULT_PAGE_SIZE
    return page, page_size


def paginate(qs: QuerySet, *, page: int, page_size: int, count: int | None = None) -> Page:
    """One page of qs; `count` may be given when the caller knows a cheaper way to have it."""
    count = qs.order_by().count() if count is None else count
    page = min(page, max(1, -(-count // page_size)))
    offset = (page - 1) * page_size
    return Page(items=list(qs[offset : offset + page_size]), number=page, page_size=page_size, count=count)
