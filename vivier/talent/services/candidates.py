from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.errors import DuplicateCandidate, ErasedCandidate
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


def find_duplicate(*, email: str = "", linkedin_url: str = "", exclude_pk: int | None = None):
    """The existing candidate with the same e-mail or LinkedIn profile, and which field matched."""
    for field, value in (("email", email), ("linkedin_url", linkedin_url)):
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
    # Whole sentences: French agrees the determiner with the noun (cet e-mail, ce profil).
    messages = {
        "email": _("%(name)s already has this e-mail."),
        "linkedin_url": _("%(name)s already has this LinkedIn profile."),
    }
    raise DuplicateCandidate(existing, field, messages[field] % {"name": existing.full_name})


def _refuse_duplicates(fields: dict[str, Any], *, allow_possible_duplicate: bool, exclude_pk=None) -> None:
    """The same e-mail is always refused; the same LinkedIn profile unless the caller confirms (a URL typed
    wrong). A shared phone never is: it is a possible duplicate to review (notices.candidate_notices)."""
    existing, field = find_duplicate(
        email=fields.get("email", ""), linkedin_url=fields.get("linkedin_url", ""), exclude_pk=exclude_pk
    )
    if existing and (field == "email" or not allow_possible_duplicate):
        _raise_duplicate(existing, field)


def erased_message() -> str:
    return _(
        "This e-mail belonged to someone erased from the pool at their request. Add them again only if they came "
        "back of their own accord (a new application, for example)."
    )


def _is_erased(email: str) -> bool:
    if not apps.is_installed("vivier.privacy"):
        return False
    from vivier.privacy.policy import is_erased  # privacy depends on talent, not the reverse

    return is_erased(email)


def candidate_create(
    *, by, allow_possible_duplicate: bool = False, allow_erased: bool = False, **fields: Any
) -> Candidate:
    """Add a person to the pool.

    The same e-mail is always refused; the same LinkedIn profile is refused unless the caller confirms; a shared
    phone is not (two people can share a switchboard number): the caller shows notices.candidate_notices.
    An erased person's e-mail is refused unless the caller confirms they came back (ErasedCandidate), as an
    import skips them.
    """
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    fields = normalised_fields(fields)
    _refuse_duplicates(fields, allow_possible_duplicate=allow_possible_duplicate)
    if not allow_erased and _is_erased(fields.get("email", "")):
        raise ErasedCandidate(erased_message())
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
    _refuse_duplicates(
        {name: fields[name] for name in ("email", "linkedin_url") if name in changed},
        allow_possible_duplicate=allow_possible_duplicate,
        exclude_pk=candidate.pk,
    )
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
