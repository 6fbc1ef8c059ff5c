"""Jobs and past offers with their declines: one talent service call per row (files of this kind hold
hundreds or thousands of rows, not 100,000), so every rule and Event is the service's own.

Past declines are history, recorded by talent's decline_record_past: the application, offer, decline and
their events carry the file's dates from the start (the analytics count declines by their date), no follow-up
is planned (nobody gets a thank-you e-mail for an offer they declined three years ago) and no webhook goes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import ServiceError
from vivier.imports.parsing import ParseError, fold, parse_amount, parse_date
from vivier.imports.report import Outcome, RowResult
from vivier.imports.values import (
    CONTRACT,
    RowError,
    _field_messages,
    decline_kind,
    job_fields,
    normalise_email,
    reason_codes,
)
from vivier.talent import services
from vivier.talent.models import (
    Application,
    Candidate,
    Client,
    DeclineReason,
    Job,
    OfferStatus,
)

JOB_MERGEABLE = ("city", "description", "salary_min", "salary_max", "skills", "rome_code")


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return _field_messages(exc)
    if isinstance(exc, ServiceError):
        return exc.message
    return str(exc)


class _PerRow:
    def __init__(self, *, by, on_duplicate: str, import_id: str, source: str) -> None:
        self.by = by if getattr(by, "pk", None) else None
        self.on_duplicate = on_duplicate
        self.import_id = import_id
        self.clients: dict[str, Client] = {}

    def process(self, rows: list[tuple[int, dict[str, str]]]) -> list[RowResult]:
        out = []
        for number, raw in rows:
            try:
                out.append(self.row(number, raw))
            except (RowError, ParseError, ValidationError, ServiceError) as exc:
                out.append(RowResult(number, Outcome.ERROR, self.who(raw), _error_text(exc)))
        return out

    def client(self, name: str, *, create: bool) -> tuple[Client | None, bool]:
        key = fold(name)
        if key in self.clients:
            return self.clients[key], False
        found = Client.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
        created = False
        if found is None and create:
            found, created = services.client_create(by=self.by, name=name), True
        if found is not None:
            self.clients[key] = found
        return found, created


class JobImporter(_PerRow):
    def who(self, raw: dict[str, str]) -> str:
        return " — ".join(filter(None, [raw.get("title", ""), raw.get("client", "")]))

    def row(self, number: int, raw: dict[str, str]) -> RowResult:
        fields, client_name, warnings = job_fields(raw)
        who = f"{fields['title']} — {client_name}"
        client, client_created = self.client(client_name, create=True)
        notes = [_("Client %(name)s created.") % {"name": client.name}] if client_created else []
        notes += warnings
        existing = (
            Job.objects.annotate(ltitle=Lower("title"))
            .filter(client=client, ltitle=fields["title"].lower())
            .order_by("id")
            .first()
        )
        if existing is None:
            job = services.job_create(by=self.by, client=client, **fields)
            return RowResult(number, Outcome.CREATED, who, " ".join(notes), str(job.public_id))
        if self.on_duplicate == "skip":
            return RowResult(
                number,
                Outcome.SKIPPED,
                who,
                _("This job already exists at this client."),
                str(existing.public_id),
                code="duplicate",
            )
        fills = {
            k: v
            for k, v in fields.items()
            if k in JOB_MERGEABLE and v not in (None, "", []) and getattr(existing, k) in (None, "", [])
        }
        if fills.get("salary_min") and existing.salary_max and fills["salary_min"] > existing.salary_max:
            fills.pop("salary_min")
        if not fills:
            return RowResult(number, Outcome.UNCHANGED, who, " ".join(notes), str(existing.public_id))
        services.job_update(job=existing, by=self.by, **fills)
        notes.insert(0, _("Filled: %(fields)s.") % {"fields": ", ".join(fills)})
        return RowResult(number, Outcome.MERGED, who, " ".join(notes), str(existing.public_id))


class OfferImporter(_PerRow):
    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        # Codes and labels (French and English, as typed or folded) of the active reasons.
        self.reasons: dict[str, str] = {}
        for r in DeclineReason.objects.filter(active=True):
            for key in (r.code, r.label_fr, r.label_en):
                self.reasons[key.strip().lower()] = r.code
                self.reasons[fold(key)] = r.code

    def who(self, raw: dict[str, str]) -> str:
        return " — ".join(
            filter(None, [raw.get("email", ""), raw.get("job_title", ""), raw.get("client", "")])
        )

    def row(self, number: int, raw: dict[str, str]) -> RowResult:
        who = self.who(raw)
        missing = [
            label
            for label, key in (
                (_("e-mail"), "email"),
                (_("job title"), "job_title"),
                (_("client"), "client"),
                (_("salary"), "salary"),
            )
            if not raw.get(key)
        ]
        if missing:
            raise RowError(_("Missing: %(fields)s.") % {"fields": ", ".join(missing)})
        email = normalise_email(raw["email"])
        salary = parse_amount(raw["salary"])
        codes = reason_codes(raw.get("reason", ""), self.reasons)
        kind = decline_kind(raw.get("decline_kind", ""))
        decline_date = parse_date(raw.get("decline_date")) or parse_date(raw.get("offer_date"))
        offer_date = parse_date(raw.get("offer_date")) or decline_date
        start_date = parse_date(raw.get("start_date"))
        competing_salary = parse_amount(raw.get("competing_salary"))
        remote_days = parse_amount(raw.get("remote_days")) or 0
        contract = CONTRACT.get(fold(raw.get("contract_type", ""))) if raw.get("contract_type") else None
        candidate = Candidate.objects.with_key("email", [email]).first()
        if candidate is None:
            raise RowError(
                _("No candidate with the e-mail %(email)s: import the candidates first.") % {"email": email}
            )
        client, _created = self.client(" ".join(raw["client"].split()), create=False)
        job = None
        if client is not None:
            job = (
                Job.objects.annotate(ltitle=Lower("title"))
                .filter(client=client, ltitle=" ".join(raw["job_title"].split()).lower())
                .order_by("id")
                .first()
            )
        if job is None:
            raise RowError(
                _("No job %(title)s at %(client)s: import the jobs first.")
                % {"title": raw["job_title"][:100], "client": raw["client"][:100]}
            )
        application = Application.objects.filter(candidate=candidate, job=job).first()
        if (
            application is not None
            and application.offers.filter(status=OfferStatus.DECLINED, salary=salary).exists()
        ):
            return RowResult(
                number,
                Outcome.UNCHANGED,
                who,
                _("This decline is already recorded."),
                str(candidate.public_id),
            )
        reasons = services.reasons_from_codes(codes)
        offered_at, declined_at = _history_dates(offer_date, decline_date)
        services.decline_record_past(
            by=self.by,
            candidate=candidate,
            job=job,
            salary=salary,
            offered_at=offered_at,
            declined_at=declined_at,
            remote_days_per_week=remote_days,
            start_date=start_date,
            contract_type=contract,
            kind=kind,
            reasons=reasons,
            primary=reasons[0],
            detail=raw.get("detail", ""),
            competing_employer=raw.get("competing_employer", "")[:200],
            competing_salary=competing_salary or None,
        )
        return RowResult(number, Outcome.CREATED, who, "", str(candidate.public_id))


def _history_dates(
    offer_date: dt.date | None, decline_date: dt.date | None
) -> tuple[dt.datetime, dt.datetime]:
    """The moments of the offer and the decline: noon of the file's dates (the analytics count declines by
    their date); now for a row without a date or with a date not past yet."""
    now = timezone.now()
    if not decline_date:
        return now, now
    noon = dt.time(12, 0)
    declined_at = timezone.make_aware(dt.datetime.combine(decline_date, noon))
    if declined_at >= now:
        return now, now
    return timezone.make_aware(dt.datetime.combine(offer_date or decline_date, noon)), declined_at
