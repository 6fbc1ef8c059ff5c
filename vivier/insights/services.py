"""Writes of the insights: creating and revoking the shareable links to client reports."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.insights.models import ReportLanguage, ReportLink
from vivier.talent.models import Client

MAX_LINK_DAYS = 366


def report_link_create(
    *, by, client: Client, date_from: dt.date, date_to: dt.date, language: str, days: int
) -> tuple[ReportLink, str]:
    """A new link and its token. The token is returned once and never stored (only its hash is)."""
    errors: dict[str, list[str]] = {}
    if date_from > date_to:
        errors["date_to"] = [_("The end of the period is before its start.")]
    if language not in ReportLanguage.values:
        errors["language"] = [_("Choose French or English.")]
    if not 1 <= days <= MAX_LINK_DAYS:
        errors["days"] = [_("Between 1 and 366 days.")]
    if errors:
        raise ValidationError(errors)
    # 256 random bits: unguessable, so the link needs no signature to be trusted; the database keeps the hash.
    token = secrets.token_urlsafe(32)
    link = ReportLink.objects.create(
        client=client,
        date_from=date_from,
        date_to=date_to,
        language=language,
        digest=ReportLink.hash(token),
        created_by=by if getattr(by, "pk", None) else None,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return link, token


def report_link_revoke(*, by, link: ReportLink) -> ReportLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def report_link_for_token(token: str) -> ReportLink | None:
    """The usable link of this token, or None (unknown, expired or revoked: the caller answers 404)."""
    if not token or len(token) > 100:
        return None
    link = ReportLink.objects.select_related("client").filter(digest=ReportLink.hash(token)).first()
    return link if link is not None and link.is_usable() else None
