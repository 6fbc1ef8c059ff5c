"""The LinkedIn relationship as the recruiter records it (Vivier never reads LinkedIn: no scraping)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.outreach.models import LinkedInContact, LinkedInStatus
from vivier.talent.models import EventKind
from vivier.talent.services.events import event_record

_DATE_FIELD = {
    LinkedInStatus.REQUEST_SENT: "requested_at",
    LinkedInStatus.CONNECTED: "connected_at",
    LinkedInStatus.ENGAGED: "engaged_at",
}


def linkedin_get(candidate) -> LinkedInContact:
    """The candidate's LinkedIn record, unsaved and 'not connected' when nothing was recorded yet."""
    try:
        return candidate.linkedin
    except LinkedInContact.DoesNotExist:
        return LinkedInContact(candidate=candidate)


def linkedin_set(*, candidate, status: str, by, when: dt.datetime | None = None) -> LinkedInContact:
    """Record a new LinkedIn status (with its date, now by default) and an Event."""
    if status not in LinkedInStatus.values:
        raise ValidationError({"status": [_("Choose a LinkedIn status.")]})
    when = when or timezone.now()
    if timezone.is_naive(when) or when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"when": [_("The date cannot be in the future.")]})
    with transaction.atomic():
        contact, _created = LinkedInContact.objects.select_for_update().get_or_create(candidate=candidate)
        previous = contact.status
        if previous == status:
            return contact
        contact.status = status
        fields = ["status", "updated_by", "updated_at"]
        if status in _DATE_FIELD:
            setattr(contact, _DATE_FIELD[status], when)
            fields.append(_DATE_FIELD[status])
        contact.updated_by = by if getattr(by, "pk", None) else None
        contact.updated_at = timezone.now()
        contact.save(update_fields=fields)
        event_record(
            kind=EventKind.LINKEDIN_CHANGED,
            actor=by,
            candidate=candidate,
            data={"from": previous, "to": status, "at": when.isoformat()},
        )
    return contact


def linkedin_message(*, candidate, by) -> str:
    """A ready-to-copy connection note (LinkedIn allows 300 characters), in the candidate's language."""
    decline = candidate.declines.select_related("offer__application__job").order_by("-created_at").first()
    title = decline.offer.application.job.title if decline else ""
    signature = (getattr(by, "first_name", "") or getattr(by, "username", "")) if by else ""
    if candidate.language == "en":
        about = f" about the {title} role" if title else ""
        text = (
            f"Hello {candidate.first_name}, thank you again for our conversations{about}. "
            f"Let's stay in touch here: I'll think of you for the next opportunities that suit you. "
            f"Best, {signature}"
        )
    else:
        about = f" autour du poste {title}" if title else ""
        text = (
            f"Bonjour {candidate.first_name}, merci encore pour nos échanges{about}. "
            f"Restons en contact ici\u00a0: je penserai à vous pour les prochaines opportunités qui vous "
            f"ressemblent. Belle journée, {signature}"
        )
    return text.strip().rstrip(",")[:300]
