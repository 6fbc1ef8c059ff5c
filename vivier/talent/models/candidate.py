from __future__ import annotations

import functools
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.talent import normalise


@functools.cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this machine knows: the list the API's document gives (ZoneInfo alone would also
    open files of the database that are no zone names, like "posixrules")."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """An IANA time zone name known to this machine ("Europe/Paris", "America/Montreal")."""
    if value not in time_zone_names():
        raise ValidationError(_("Unknown time zone: use a name like Europe/Paris."))


class RemotePreference(models.TextChoices):
    ONSITE = "onsite", _("On site")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Full remote")
    ANY = "any", _("No preference")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class CandidateQuerySet(models.QuerySet):
    def with_key(self, field: str, values):
        """People whose e-mail, phone or LinkedIn profile (`field`) is one of `values` (normalised), found
        through the indexes: the e-mail through the unique index on LOWER(email), the phone and the profile
        through their partial indexes, whose condition the query repeats (without it SQLite scans the table:
        a million rows per duplicate check)."""
        values = [v for v in values if v]
        if field == "email":
            return self.alias(email_key=Lower("email")).filter(email_key__in=[v.lower() for v in values])
        if field not in ("phone", "linkedin_url"):
            raise ValueError(f"not a duplicate key: {field}")
        return self.filter(**{f"{field}__in": values}).exclude(**{field: ""})


class Candidate(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    # Stored lower-cased by the services: the duplicate check and the unique constraint compare as written.
    email = models.EmailField(_("e-mail"), max_length=254)
    # E.164 (+33612345678), normalised by the services; a number they could not verify is kept as written
    # (up to 40 characters, as the form and the API accept it): see phone_verified. Blank when unknown.
    phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    city = models.CharField(_("city"), max_length=100, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, blank=True, default="FR")
    headline = models.CharField(_("headline"), max_length=200, blank=True, default="")
    summary = models.TextField(_("summary"), blank=True, default="", max_length=10000)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # Canonical form https://www.linkedin.com/in/<slug>, normalised by the services.
    linkedin_url = models.CharField(_("LinkedIn profile"), max_length=200, blank=True, default="")
    salary_expectation = models.PositiveIntegerField(
        _("salary expectation (gross per year)"), null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    remote_preference = models.CharField(
        _("remote preference"), max_length=8, choices=RemotePreference.choices, default=RemotePreference.ANY
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FR)
    source = models.CharField(_("source"), max_length=100, blank=True, default="")
    # An IANA name: the cadence sends at nine in the morning where the candidate lives.
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    # The candidate's own request; never set by a recruiter on a client's behalf (that is an Exclusion).
    do_not_contact = models.BooleanField(_("asked not to be contacted"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_email_unique"),
        ]
        indexes = [
            # the candidate list, newest activity first, paginated
            models.Index(fields=["-updated_at", "-id"], name="candidate_updated_idx"),
            # duplicate detection on import and creation
            models.Index(fields=["phone"], name="candidate_phone_idx", condition=~models.Q(phone="")),
            models.Index(
                fields=["linkedin_url"], name="candidate_linkedin_idx", condition=~models.Q(linkedin_url="")
            ),
            # the list filtered by city
            models.Index(fields=["city", "-updated_at"], name="candidate_city_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def phone_verified(self) -> bool:
        """False when the phone was kept as written because it could not be verified: a person checks it."""
        return normalise.phone_verified(self.phone)

    @property
    def initials(self) -> str:
        return (self.first_name[:1] + self.last_name[:1]).upper()
