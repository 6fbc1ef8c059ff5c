from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import DuplicateCandidate
from vivier.talent import normalise
from vivier.talent.models import Candidate, EventKind
from vivier.talent.services.events import event_record

WRITABLE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "country",
    "headline",
    "summary",
    "skills",
    "languages",
    "linkedin_url",
    "salary_expectation",
    "currency",
    "remote_preference",
    "language",
    "source",
    "time_zone",
)


def normalised_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Canonical forms, with every bad value reported at once as field errors."""
    out = dict(fields)
    errors: dict[str, list[str]] = {}
    for name, fn in (
        ("email", normalise.email),
        ("phone", normalise.phone),
        ("linkedin_url", normalise.linkedin_url),
        ("skills", normalise.tags),
        ("languages", normalise.tags),
    ):
        if name in out:
            try:
                out[name] = fn(out[name])
            except ValidationError as exc:
                errors[name] = exc.messages
    for name in ("first_name", "last_name", "city", "headline", "source"):
        if isinstance(out.get(name), str):
            out[name] = " ".join(out[name].split())
    if isinstance(out.get("country"), str):
        out["country"] = out["country"].strip().upper()
    if isinstance(out.get("currency"), str):
        out["currency"] = out["currency"].strip().upper()
    if errors:
        raise ValidationError(errors)
    return out


def find_duplicate(
    *, email: str = "", phone: str = "", linkedin_url: str = "", exclude_pk: int | None = None
):
    """The existing candidate with the same e-mail, phone or LinkedIn profile, and which field matched."""
    for field, value in (("email", email), ("phone", phone), ("linkedin_url", linkedin_url)):
        if not value:
            continue
        qs = Candidate.objects.with_key(field, [value])
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        existing = qs.only("id", "public_id", "first_name", "last_name").first()
        if existing:
            return existing, field
    return None, None


def _raise_duplicate(existing: Candidate, field: str) -> None:
    labels = {"email": _("e-mail"), "phone": _("phone number"), "linkedin_url": _("LinkedIn profile")}
    raise DuplicateCandidate(
        existing,
        field,
        _("%(name)s already has this %(field)s.") % {"name": existing.full_name, "field": labels[field]},
    )


def candidate_create(*, by, allow_possible_duplicate: bool = False, **fields: Any) -> Candidate:
    """Add a person to the pool.

    The same e-mail is always refused; the same phone or LinkedIn profile is refused unless the caller confirms
    (two people can share a switchboard number, but usually it is the same person).
    """
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    fields = normalised_fields(fields)
    existing, field = find_duplicate(
        email=fields.get("email", ""),
        phone=fields.get("phone", ""),
        linkedin_url=fields.get("linkedin_url", ""),
    )
    if existing and (field == "email" or not allow_possible_duplicate):
        _raise_duplicate(existing, field)
    candidate = Candidate(created_by=by if getattr(by, "pk", None) else None, **fields)
    candidate.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            candidate.save()
            event_record(
                kind=EventKind.CANDIDATE_CREATED,
                actor=by,
                candidate=candidate,
                data={"source": candidate.source},
            )
    except IntegrityError:
        # Two requests raced on the same e-mail: the constraint caught the second one.
        existing, field = find_duplicate(email=fields["email"])
        if existing:
            _raise_duplicate(existing, field)
        raise
    return candidate


def candidate_update(
    *, candidate: Candidate, by, allow_possible_duplicate: bool = False, **fields: Any
) -> Candidate:
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    fields = normalised_fields(fields)
    changed = [name for name, value in fields.items() if getattr(candidate, name) != value]
    if not changed:
        return candidate
    existing, field = find_duplicate(
        email=fields.get("email", "") if "email" in changed else "",
        phone=fields.get("phone", "") if "phone" in changed else "",
        linkedin_url=fields.get("linkedin_url", "") if "linkedin_url" in changed else "",
        exclude_pk=candidate.pk,
    )
    if existing and (field == "email" or not allow_possible_duplicate):
        _raise_duplicate(existing, field)
    for name in changed:
        setattr(candidate, name, fields[name])
    candidate.updated_at = timezone.now()
    candidate.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        candidate.save(update_fields=[*changed, "updated_at"])
        event_record(
            kind=EventKind.CANDIDATE_UPDATED, actor=by, candidate=candidate, data={"fields": changed}
        )
    return candidate


def candidate_touch(candidate: Candidate) -> None:
    """Move the candidate up the 'recent activity' list; called inside the transaction of the change."""
    candidate.updated_at = timezone.now()
    candidate.save(update_fields=["updated_at"])
