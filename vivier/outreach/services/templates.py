"""Message templates: saving them (validated, with an Event) and rendering them for one candidate."""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vivier.outreach import templating
from vivier.outreach.links import stay_in_touch_url, unsubscribe_url
from vivier.outreach.models import MessageTemplate
from vivier.talent.models import EventKind
from vivier.talent.services.events import event_record

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _date(day, language: str) -> str:
    if language == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%d/%m/%Y")


def agency_name() -> str:
    name, _addr = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return getattr(settings, "VIVIER_AGENCY_NAME", "") or name or "Vivier"


def merge_values(*, candidate, decline=None, by=None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The merge fields for one candidate (and the decline that the message follows, if any)."""
    language = candidate.language
    values = {
        "candidate.first_name": candidate.first_name,
        "candidate.last_name": candidate.last_name,
        "candidate.full_name": candidate.full_name,
        "agency.name": agency_name(),
        "links.stay_in_touch": stay_in_touch_url(candidate),
        "links.unsubscribe": unsubscribe_url(candidate),
    }
    if by is not None and getattr(by, "pk", None):
        values.update(
            {
                "recruiter.name": by.get_full_name() or by.username,
                "recruiter.first_name": by.first_name or by.username,
                "recruiter.email": by.email,
            }
        )
    if decline is not None:
        job = decline.offer.application.job
        reason = decline.primary_reason
        values.update(
            {
                "job.title": job.title,
                "job.city": job.city,
                "client.name": job.client.name,
                "reason.code": reason.code,
                "reason.label": reason.label_en if language == "en" else reason.label_fr,
                "decline.by_candidate": "yes"
                if decline.kind in ("declined_by_candidate", "withdrawn")
                else "",
                "decline.date": _date(timezone.localtime(decline.created_at).date(), language),
            }
        )
    values.update(extra or {})
    return values


def template_for(kind: str, language: str) -> MessageTemplate | None:
    """The template of a kind in the language, else in French (the seeded default), else None."""
    templates = {
        t.language: t for t in MessageTemplate.objects.filter(kind=kind, language__in=[language, "fr"])
    }
    return templates.get(language) or templates.get("fr")


def template_render(*, kind: str, candidate, values: dict[str, str]) -> templating.Rendered | None:
    template = template_for(kind, candidate.language)
    if template is None:
        return None
    return templating.render(
        subject=template.subject, body_text=template.body_text, body_html=template.body_html, values=values
    )


def template_preview(*, subject: str, body_text: str, body_html: str = "", language: str = "fr"):
    """The parts rendered for the sample candidate; ValidationError (with lines) if the template is wrong."""
    templating.validate(subject=subject, body_text=body_text, body_html=body_html)
    return templating.render(
        subject=subject, body_text=body_text, body_html=body_html, values=templating.sample_values(language)
    )


def template_update(
    *, template: MessageTemplate, by, subject: str, body_text: str, body_html: str = ""
) -> MessageTemplate:
    """Save new wording; refused (ValidationError naming field and line) if a merge field or tag is wrong."""
    subject = (subject or "").strip()
    templating.validate(subject=subject, body_text=body_text, body_html=body_html or "")
    changes = {
        k: v
        for k, v in (("subject", subject), ("body_text", body_text), ("body_html", body_html or ""))
        if getattr(template, k) != v
    }
    if not changes:
        return template
    for field, value in changes.items():
        setattr(template, field, value)
    template.updated_by = by if getattr(by, "pk", None) else None
    template.updated_at = timezone.now()
    with transaction.atomic():
        template.save(update_fields=[*changes, "updated_by", "updated_at"])
        event_record(
            kind=EventKind.TEMPLATE_UPDATED,
            actor=by,
            data={
                "template": str(template.public_id),
                "kind": template.kind,
                "language": template.language,
                "fields": sorted(changes),
            },
        )
    return template
