"""GET /api/v1/insights/declines: the decline figures of a period, for one client or the whole agency.

Mounted by vivier/api/api.py (`api.add_router("/", insights_api.router)`). Shares and the acceptance rate
are fractions between 0 and 1 (rounded to 4 places); the salary gap is in percent, in euros only.
"""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, model_validator

from vivier.api.errors import READ_ERRORS, ApiError, documented
from vivier.api.inputs import IsoDate, QuerySchema
from vivier.insights import selectors
from vivier.insights.filters import InsightFilters
from vivier.talent.models import Client

router = Router(tags=["insights"])


class DeclineInsightsQuery(QuerySchema):
    model_config = ConfigDict(populate_by_name=True)

    client_id: UUID | None = Field(
        None, description="Only this client's offers; the whole agency when absent."
    )
    date_from: IsoDate | None = Field(None, alias="from", description="First day, YYYY-MM-DD (inclusive).")
    date_to: IsoDate | None = Field(None, alias="to", description="Last day, YYYY-MM-DD (inclusive).")

    @model_validator(mode="after")
    def _ordered(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("'to' is before 'from'.")
        return self


class CountOut(Schema):
    code: str
    count: int
    share: float = Field(description="Of the total, between 0 and 1.")


class DeclineInsightsOut(Schema):
    total: int
    acceptance_rate: float | None = Field(
        description="Accepted offers over offers answered in the period, between 0 and 1; null without any."
    )
    by_reason: list[CountOut] = Field(description="By main reason, most frequent first.")
    by_kind: list[CountOut]
    median_salary_gap_pct: float | None = Field(
        description="Declines giving salary as a reason, in euros: median of (offered − expected) / "
        "expected, in percent (negative: the offer was below). Null when no such decline has an expectation."
    )


def _fraction(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


@router.get("/insights/declines", response=documented({200: DeclineInsightsOut}, *READ_ERRORS, 404))
def decline_insights(request: HttpRequest, query: Query[DeclineInsightsQuery]):
    client = None
    if query.client_id is not None:
        client = Client.objects.filter(public_id=query.client_id).first()
        if client is None:
            raise ApiError(
                404, "not_found", _("No such client."), fields={"client_id": [_("No such client.")]}
            )
    filters = InsightFilters(date_from=query.date_from, date_to=query.date_to, client=client)
    selectors.ensure_current()
    reasons = selectors.reasons_by_id()
    kinds = selectors.by_kind(filters, reasons)
    total = kinds.total
    acceptance = selectors.acceptance(filters)
    gap = selectors.salary_gap_expected(filters)
    return {
        "total": total,
        "acceptance_rate": _fraction(acceptance.accepted, acceptance.answered)
        if acceptance.answered
        else None,
        "by_reason": [
            {"code": r.key, "count": r.total, "share": _fraction(r.total, total)}
            for r in selectors.reason_rows(kinds, reasons)
        ],
        "by_kind": [
            {"code": r.key, "count": r.total, "share": _fraction(r.total, total)}
            for r in kinds.rows
            if r.total
        ],
        "median_salary_gap_pct": round(gap.median, 1) if gap.median is not None else None,
    }
