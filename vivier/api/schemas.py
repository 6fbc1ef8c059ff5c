"""Input and output schemas of the API. Outputs list their fields: no new column is published by accident.

Ids are the models' `public_id` (read through `validation_alias`, published as `id`); integer keys stay in.
Lengths and bounds repeat the models' so that oversized input is a field error (400), never a database error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import field_validator

from vivier.api.inputs import (
    LINKEDIN_URL,
    NOT_BLANK,
    PHONE_PATTERN,
    InputSchema,
    IsoDate,
    JsonBool,
    PatchSchema,
    QuerySchema,
    json_int,
)
from vivier.talent.models import (
    ApplicationStatus,
    ContractType,
    DeclineKind,
    JobStatus,
    OfferStatus,
    OpenToFuture,
    ReasonCategory,
    RemotePolicy,
    RemotePreference,
)
from vivier.talent.models.candidate import Language, time_zone_names

# PositiveIntegerField's ceiling on PostgreSQL; SQLite would store more, and the two must agree.
MAX_INT = 2_147_483_647
Money = int  # in the currency's unit (euros, not cents), see API.md
# Integers of the bodies, as bounded as the columns that keep them.
MoneyIn = json_int(ge=0, le=MAX_INT)
SalaryIn = json_int(ge=1, le=MAX_INT)
RemoteDaysIn = json_int(ge=0, le=5)
CURRENCY_PATTERN = r"^[A-Za-z]{3}$"
Currency = Field("EUR", pattern=CURRENCY_PATTERN, description="ISO 4217 code")
NOT_BLANK_TEXT: dict[str, Any] = {"pattern": NOT_BLANK}
# The service checks the address (Django's validate_email); the document says what it accepts.
EMAIL: dict[str, Any] = {"format": "email", "minLength": 3}
# What the service accepts, said so that any client or fuzzer reading the document can know it: the phone rule as a
# pattern, the time zones as the list this machine knows.
PHONE: dict[str, Any] = {"pattern": PHONE_PATTERN}
PHONE_TEXT = (
    "A number in any French (overseas included: 0692…, 0639…, 0696…) or international form (06 12 34 56 78, "
    "+44 20 7946 0958), at most 40 characters; stored as E.164. A number with at least 6 digits that cannot be "
    "verified is kept as written, with a `phone_unverified` warning in the answer. Blank: none."
)
TIME_ZONE: dict[str, Any] = {
    "enum": sorted(time_zone_names()),
    "examples": ["Europe/Paris", "America/Montreal"],
}
TIME_ZONE_TEXT = "An IANA time zone name: messages go at 9:00 there."
LINKEDIN: dict[str, Any] = {"pattern": LINKEDIN_URL}
LINKEDIN_TEXT = (
    "A LinkedIn profile URL (https://www.linkedin.com/in/<name>, any form); stored in that form. Blank: none."
)
REMOTE_DAYS = "0 to 5; 0 for an on-site job (5 when remote and not given)."
SALARY_MAX = "At least salary_min."


def tags(description: str) -> Any:
    return Field(default_factory=list, max_length=50, description=description)


# --- references -------------------------------------------------------------------------------------------


class ClientRef(Schema):
    id: UUID = Field(validation_alias="public_id")
    name: str


class JobRef(Schema):
    id: UUID = Field(validation_alias="public_id")
    title: str
    client: ClientRef


class UserRef(Schema):
    id: UUID = Field(validation_alias="public_id")
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


# --- health -----------------------------------------------------------------------------------------------


class HealthOut(Schema):
    status: str
    database: str


class ReadyOut(Schema):
    status: str
    database: str
    pending_migrations: int


# --- clients ----------------------------------------------------------------------------------------------


class ClientIn(InputSchema):
    name: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK_TEXT)
    sector: str = Field("", max_length=100)
    city: str = Field("", max_length=100)
    notes: str = Field("", max_length=5000)


class ClientPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK_TEXT)
    sector: str | None = Field(None, max_length=100)
    city: str | None = Field(None, max_length=100)
    notes: str | None = Field(None, max_length=5000)


class ClientOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    name: str
    sector: str
    city: str
    notes: str
    created_at: dt.datetime


class ClientFilters(QuerySchema):
    q: str = Field("", max_length=200)


# --- jobs -------------------------------------------------------------------------------------------------


class JobIn(InputSchema):
    client_id: UUID
    title: str = Field(min_length=1, max_length=200, json_schema_extra=NOT_BLANK_TEXT)
    rome_code: str = Field("", max_length=5, description="Suggested from the title when empty.")
    description: str = Field("", max_length=20000)
    city: str = Field("", max_length=100)
    country: str = Field("FR", max_length=2)
    remote_policy: RemotePolicy = RemotePolicy.ONSITE
    remote_days_per_week: RemoteDaysIn = Field(0, description=REMOTE_DAYS)
    contract_type: ContractType = ContractType.CDI
    salary_min: MoneyIn | None = Field(None)
    salary_max: MoneyIn | None = Field(None, description=SALARY_MAX)
    currency: str = Currency
    skills: list[str] = tags("Skills wanted, at most 50.")
    status: JobStatus = JobStatus.OPEN


class JobPatch(PatchSchema):
    NULLABLE = frozenset({"salary_min", "salary_max"})

    client_id: UUID | None = None
    title: str | None = Field(None, min_length=1, max_length=200, json_schema_extra=NOT_BLANK_TEXT)
    rome_code: str | None = Field(None, max_length=5)
    description: str | None = Field(None, max_length=20000)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=2)
    remote_policy: RemotePolicy | None = None
    remote_days_per_week: RemoteDaysIn | None = Field(None, description=REMOTE_DAYS)
    contract_type: ContractType | None = None
    salary_min: MoneyIn | None = Field(None, description="null: no lower bound.")
    salary_max: MoneyIn | None = Field(None, description=f"{SALARY_MAX} null: no upper bound.")
    currency: str | None = Field(None, pattern=CURRENCY_PATTERN)
    skills: list[str] | None = Field(None, max_length=50)
    status: JobStatus | None = None


class JobOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    client: ClientRef
    title: str
    rome_code: str
    description: str
    city: str
    country: str
    remote_policy: RemotePolicy
    remote_days_per_week: int
    contract_type: ContractType
    salary_min: Money | None
    salary_max: Money | None
    currency: str
    skills: list[str]
    status: JobStatus
    owner: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime


class JobFilters(QuerySchema):
    q: str = Field("", max_length=200)
    status: JobStatus | None = None
    client_id: UUID | None = None


# --- candidates -------------------------------------------------------------------------------------------


class CandidateIn(InputSchema):
    first_name: str = Field(min_length=1, max_length=100, json_schema_extra=NOT_BLANK_TEXT)
    last_name: str = Field(min_length=1, max_length=100, json_schema_extra=NOT_BLANK_TEXT)
    email: str = Field(max_length=254, json_schema_extra=EMAIL)
    phone: str = Field("", max_length=40, description=PHONE_TEXT, json_schema_extra=PHONE)
    city: str = Field("", max_length=100)
    country: str = Field("FR", max_length=2)
    headline: str = Field("", max_length=200)
    summary: str = Field("", max_length=10000)
    skills: list[str] = tags("At most 50.")
    languages: list[str] = tags("Languages spoken, at most 50.")
    linkedin_url: str = Field("", max_length=300, description=LINKEDIN_TEXT, json_schema_extra=LINKEDIN)
    salary_expectation: MoneyIn | None = Field(None)
    currency: str = Currency
    remote_preference: RemotePreference = RemotePreference.ANY
    language: Language = Field(Language.FR, description="The language we write to the candidate in.")
    source: str = Field("", max_length=100)
    time_zone: str = Field("Europe/Paris", description=TIME_ZONE_TEXT, json_schema_extra=TIME_ZONE)


class CandidatePatch(PatchSchema):
    NULLABLE = frozenset({"salary_expectation"})

    first_name: str | None = Field(None, min_length=1, max_length=100, json_schema_extra=NOT_BLANK_TEXT)
    last_name: str | None = Field(None, min_length=1, max_length=100, json_schema_extra=NOT_BLANK_TEXT)
    email: str | None = Field(None, max_length=254, json_schema_extra=EMAIL)
    phone: str | None = Field(None, max_length=40, description=PHONE_TEXT, json_schema_extra=PHONE)
    city: str | None = Field(None, max_length=100)
    country: str | None = Field(None, max_length=2)
    headline: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=10000)
    skills: list[str] | None = Field(None, max_length=50)
    languages: list[str] | None = Field(None, max_length=50)
    linkedin_url: str | None = Field(
        None, max_length=300, description=LINKEDIN_TEXT, json_schema_extra=LINKEDIN
    )
    salary_expectation: MoneyIn | None = Field(None, description="null: no expectation known.")
    currency: str | None = Field(None, pattern=CURRENCY_PATTERN)
    remote_preference: RemotePreference | None = None
    language: Language | None = None
    source: str | None = Field(None, max_length=100)
    time_zone: str | None = Field(None, description=TIME_ZONE_TEXT, json_schema_extra=TIME_ZONE)


class CandidateFilters(QuerySchema):
    q: str = Field("", max_length=500, description="Full text: every word, as a prefix.")
    city: str = Field("", max_length=100)
    remote_preference: RemotePreference | None = None
    language: Language | None = None
    declined: bool | None = Field(None, description="true: has declined an offer; false: never has.")


class CandidateListItem(Schema):
    """Only the columns `selectors.candidate_list` loads: any other would cost one query per row."""

    id: UUID = Field(validation_alias="public_id")
    first_name: str
    last_name: str
    email: str
    city: str
    headline: str
    skills: list[str]
    remote_preference: RemotePreference
    salary_expectation: Money | None
    currency: str
    language: Language
    do_not_contact: bool
    updated_at: dt.datetime


class CandidateOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    first_name: str
    last_name: str
    email: str
    phone: str
    city: str
    country: str
    headline: str
    summary: str
    skills: list[str]
    languages: list[str]
    linkedin_url: str
    salary_expectation: Money | None
    currency: str
    remote_preference: RemotePreference
    language: Language
    source: str
    time_zone: str
    do_not_contact: bool
    created_at: dt.datetime
    updated_at: dt.datetime


class CandidateWarning(Schema):
    """Something to check about the profile just saved; it was saved all the same."""

    code: str = Field(
        description="`phone_unverified`: the phone number could not be verified and is kept as written; "
        "`possible_duplicate`: another person has the same phone number (`candidate_id`)."
    )
    message: str
    candidate_id: UUID | None = Field(None, description="The other person of a possible duplicate.")


class CandidateSaved(CandidateOut):
    """The candidate as created or changed, with what a person should check about it."""

    warnings: list[CandidateWarning]


class OfferSummary(Schema):
    """An offer inside its application (candidate page): no parent ids, they are the enclosing object's."""

    id: UUID = Field(validation_alias="public_id")
    salary: Money
    currency: str
    remote_days_per_week: int
    start_date: dt.date | None
    contract_type: ContractType
    notes: str
    status: OfferStatus
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decline_id: UUID | None = None

    @staticmethod
    def resolve_decline_id(obj) -> UUID | None:
        # A reverse one-to-one raises (an AttributeError subclass) when there is no decline.
        decline = getattr(obj, "decline", None)
        return decline.public_id if decline else None


class CandidateApplication(Schema):
    id: UUID = Field(validation_alias="public_id")
    job: JobRef
    status: ApplicationStatus
    created_at: dt.datetime
    offers: list[OfferSummary]

    @staticmethod
    def resolve_offers(obj) -> list:
        return list(obj.offers.all())


class CompetingOffer(Schema):
    employer: str
    salary: Money | None
    remote_days_per_week: int | None


class OfferSnapshot(Schema):
    """The terms as they were when the decline was recorded (the offer may be edited later, this is not)."""

    salary: Money
    currency: str
    remote_days_per_week: int
    contract_type: ContractType
    start_date: dt.date | None


class CandidateDecline(Schema):
    id: UUID = Field(validation_alias="public_id")
    offer_id: UUID
    job: JobRef
    kind: DeclineKind
    reasons: list[str]
    primary_reason: str
    detail: str
    competing_offer: CompetingOffer | None
    counter_offer: bool
    open_to_future: OpenToFuture
    recontact_after: dt.date | None
    offer: OfferSnapshot
    expected_salary: Money | None
    expected_remote: str
    salary_gap_pct: float | None = Field(
        description="Offer against expectation, in percent (negative: below)."
    )
    recorded_by: UserRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_offer_id(obj) -> UUID:
        return obj.offer.public_id

    @staticmethod
    def resolve_job(obj):
        return obj.job

    @staticmethod
    def resolve_reasons(obj) -> list[str]:
        return [r.code for r in obj.reasons.all()]

    @staticmethod
    def resolve_primary_reason(obj) -> str:
        return obj.primary_reason.code

    @staticmethod
    def resolve_competing_offer(obj) -> dict | None:
        if not (obj.competing_employer or obj.competing_salary or obj.competing_remote_days is not None):
            return None
        return {
            "employer": obj.competing_employer,
            "salary": obj.competing_salary,
            "remote_days_per_week": obj.competing_remote_days,
        }

    @staticmethod
    def resolve_offer(obj) -> dict:
        return {
            "salary": obj.offered_salary,
            "currency": obj.offered_currency,
            "remote_days_per_week": obj.offered_remote_days,
            "contract_type": obj.offered_contract_type,
            "start_date": obj.offered_start_date,
        }


class ExclusionSummary(Schema):
    id: UUID = Field(validation_alias="public_id")
    client: ClientRef
    reason: str
    expires_on: dt.date
    active: bool
    created_by: UserRef | None
    created_at: dt.datetime
    lifted_at: dt.datetime | None

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.is_active()


class EventJobRef(Schema):
    id: UUID = Field(validation_alias="public_id")
    title: str


class EventOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    # A plain string: other parts of the product add kinds, and an old client must not break on a new one.
    kind: str
    created_at: dt.datetime
    actor: UserRef | None
    job: EventJobRef | None
    client: ClientRef | None
    data: dict[str, Any]


class ConsentOut(Schema):
    purpose: str
    status: str


class CandidateDetail(CandidateOut):
    applications: list[CandidateApplication]
    declines: list[CandidateDecline]
    consents: list[ConsentOut]
    exclusions: list[ExclusionSummary]
    timeline: list[EventOut]

    @staticmethod
    def resolve_consents(obj) -> list:
        # One entry per purpose (talent_pool, job_alerts, survey): given, withdrawn, expired or none.
        from vivier.privacy.rules import consent_states

        candidate = obj._profile.candidate if hasattr(obj, "_profile") else obj
        return [{"purpose": s.purpose, "status": s.status} for s in consent_states(candidate).values()]


# --- applications and offers ------------------------------------------------------------------------------


class ApplicationIn(InputSchema):
    candidate_id: UUID
    job_id: UUID


class ApplicationOut(Schema):
    id: UUID = Field(validation_alias="public_id")
    candidate_id: UUID
    job: JobRef
    status: ApplicationStatus
    created_at: dt.datetime

    @staticmethod
    def resolve_candidate_id(obj) -> UUID:
        return obj.candidate.public_id


class OfferIn(InputSchema):
    application_id: UUID
    salary: SalaryIn = Field(description="Gross per year.")
    currency: str = Currency
    remote_days_per_week: RemoteDaysIn = 0
    start_date: IsoDate | None = None
    contract_type: ContractType | None = Field(None, description="The job's when not given.")
    notes: str = Field("", max_length=5000)


class OfferOut(OfferSummary):
    application_id: UUID
    candidate_id: UUID
    job_id: UUID

    @staticmethod
    def resolve_application_id(obj) -> UUID:
        return obj.application.public_id

    @staticmethod
    def resolve_candidate_id(obj) -> UUID:
        return obj.application.candidate.public_id

    @staticmethod
    def resolve_job_id(obj) -> UUID:
        return obj.application.job.public_id


class CompetingOfferIn(InputSchema):
    employer: str = Field("", max_length=200)
    salary: SalaryIn | None = None
    remote_days_per_week: RemoteDaysIn | None = None


class DeclineIn(InputSchema):
    kind: DeclineKind
    reasons: list[str] = Field(min_length=1, max_length=20, description="Reason codes, see /decline-reasons.")
    primary_reason: str = Field(max_length=50, description="One of `reasons`.")
    detail: str = Field("", max_length=5000)
    competing_offer: CompetingOfferIn | None = None
    counter_offer: JsonBool = False
    open_to_future: OpenToFuture = OpenToFuture.UNKNOWN
    recontact_after: IsoDate | None = None

    @field_validator("reasons")
    @classmethod
    def _short_codes(cls, value: list[str]) -> list[str]:
        if any(len(code) > 50 for code in value):
            raise ValueError("A reason code has at most 50 characters.")
        return value


class ScheduledMessage(Schema):
    id: UUID
    kind: str
    due_at: dt.datetime


class DeclineResult(Schema):
    decline_id: UUID
    scheduled_messages: list[ScheduledMessage]


class ReasonOut(Schema):
    code: str
    category: ReasonCategory
    label_fr: str
    label_en: str
    active: bool


class ReasonFilters(QuerySchema):
    active: bool | None = None


# --- exclusions -------------------------------------------------------------------------------------------


class ExclusionIn(InputSchema):
    candidate_id: UUID
    client_id: UUID
    reason: str = Field(min_length=1, max_length=500, json_schema_extra=NOT_BLANK_TEXT)
    expires_on: IsoDate


class ExclusionOut(ExclusionSummary):
    candidate_id: UUID

    @staticmethod
    def resolve_candidate_id(obj) -> UUID:
        return obj.candidate.public_id


class ExclusionFilters(QuerySchema):
    candidate_id: UUID | None = None
    client_id: UUID | None = None
    active: bool | None = Field(None, description="true: only those in force today.")
