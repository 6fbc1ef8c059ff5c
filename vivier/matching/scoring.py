"""The non-text parts of a match: fit, decline resolution and relationship, each in 0..1 with its reasons.

Every number comes with a sentence a recruiter can check against the profile: a rank nobody can explain is a
rank nobody trusts. Reasons are plain functions of the rows already loaded, so ranking 300 people costs no
query here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from vivier.matching import text
from vivier.matching.format import money
from vivier.talent.models import (
    Candidate,
    ContractType,
    Decline,
    DeclineKind,
    Job,
    RemotePolicy,
    RemotePreference,
)

# Trial periods of a French CDI last two to four months for most jobs, eight with renewal for executives.
TRIAL_SHORT = dt.timedelta(days=120)
TRIAL_LONG = dt.timedelta(days=240)
COOL_DOWN = dt.timedelta(days=30)
ENGAGEMENT_WINDOW = dt.timedelta(days=180)
CULTURE_CODES = ("company_culture", "management", "company_reputation")
COMPETITION_CODES = ("better_aligned_opportunity", "counter_offer")
# Declines the candidate did not decide say nothing of what they want.
CANDIDATE_DECISIONS = (DeclineKind.DECLINED_BY_CANDIDATE, DeclineKind.WITHDRAWN)
LANGUAGE_WORDS = {
    "en": ("anglais", "english"),
    "de": ("allemand", "german"),
    "es": ("espagnol", "spanish"),
    "it": ("italien", "italian"),
    "pt": ("portugais", "portuguese"),
    "nl": ("neerlandais", "dutch"),
    "zh": ("chinois", "chinese", "mandarin"),
    "ar": ("arabe", "arabic"),
}


def _language_names() -> dict[str, str]:
    """The languages a job may ask for, by name as a sentence says it ("anglais"), never by code."""
    return {
        "en": pgettext("in a sentence", "English"),
        "de": pgettext("in a sentence", "German"),
        "es": pgettext("in a sentence", "Spanish"),
        "it": pgettext("in a sentence", "Italian"),
        "pt": pgettext("in a sentence", "Portuguese"),
        "nl": pgettext("in a sentence", "Dutch"),
        "zh": pgettext("in a sentence", "Chinese"),
        "ar": pgettext("in a sentence", "Arabic"),
    }


@dataclass
class Part:
    value: float
    reasons: list[str] = field(default_factory=list)
    resolves: list[str] = field(default_factory=list)


def _same_city(a: str, b: str) -> bool:
    return bool(a and b) and text.fold(a).strip() == text.fold(b).strip()


def job_remote_days(job: Job) -> int:
    return 5 if job.remote_policy == RemotePolicy.REMOTE else int(job.remote_days_per_week or 0)


def _remote_days_text(days: int) -> str:
    if days <= 0:
        return _("no remote work")
    if days >= 5:
        return _("full remote")
    return ngettext("%(n)d day of remote work", "%(n)d days of remote work", days) % {"n": days}


# --- fit -----------------------------------------------------------------------------------------------


def _place(job: Job, c: Candidate) -> tuple[float, str]:
    if job.remote_policy == RemotePolicy.REMOTE:
        return 1.0, _("The job is fully remote.")
    if not job.city or not c.city:
        return 0.6, ""
    if _same_city(job.city, c.city):
        return 1.0, _("Lives in %(city)s, where the job is.") % {"city": c.city}
    if job.remote_policy == RemotePolicy.HYBRID and c.remote_preference in (
        RemotePreference.REMOTE,
        RemotePreference.HYBRID,
    ):
        return 0.5, _("Lives in %(city)s; the job is in %(job_city)s, partly remote.") % {
            "city": c.city,
            "job_city": job.city,
        }
    return 0.2, _("Lives in %(city)s; the job is in %(job_city)s.") % {"city": c.city, "job_city": job.city}


def _remote(job: Job, c: Candidate) -> tuple[float, str]:
    pref, policy = c.remote_preference, job.remote_policy
    if pref in (RemotePreference.ANY, "", None) or pref == policy:
        return 1.0, ""
    if pref == RemotePreference.REMOTE and policy == RemotePolicy.ONSITE:
        return 0.1, _("Wants full remote; this job is on site.")
    if pref == RemotePreference.REMOTE and policy == RemotePolicy.HYBRID:
        return 0.4 + 0.1 * job_remote_days(job), _("Wants full remote; this job offers %(days)s.") % {
            "days": _remote_days_text(job_remote_days(job))
        }
    if pref == RemotePreference.HYBRID and policy == RemotePolicy.ONSITE:
        return 0.4, _("Prefers hybrid work; this job is on site.")
    return 0.8, ""


def _salary(job: Job, c: Candidate) -> tuple[float, str]:
    expected = c.salary_expectation
    if not expected or not (job.salary_max or job.salary_min):
        return 0.6, ""
    top = job.salary_max or job.salary_min
    if expected <= top:
        return 1.0, _("Expects %(expected)s, within the job's range (up to %(top)s).") % {
            "expected": money(expected, c.currency),
            "top": money(top, job.currency),
        }
    gap = (expected - top) / expected
    return max(0.0, 1 - 3 * gap), _("Expects %(expected)s, above the job's top of %(top)s.") % {
        "expected": money(expected, c.currency),
        "top": money(top, job.currency),
    }


def required_languages(job: Job) -> set[str]:
    found = set(text.words(" ".join([job.description or "", " ".join(map(str, job.skills or []))])))
    return {code for code, names in LANGUAGE_WORDS.items() if found & set(names)}


def _languages(required: set[str], c: Candidate) -> tuple[float, str]:
    if not required:
        return 1.0, ""
    spoken = set()
    for item in c.languages or []:
        item_words = set(text.words(str(item)))
        spoken |= {
            code for code, names in LANGUAGE_WORDS.items() if code in item_words or item_words & set(names)
        }
    missing = sorted(required - spoken)
    if not missing:
        return 1.0, _("Speaks the languages the job asks for.")
    names = _language_names()
    return 0.4, _("Does not list a language the job asks for (%(languages)s).") % {
        "languages": ", ".join(names.get(code, code) for code in missing)
    }


def fit(job: Job, c: Candidate, declines: list[Decline], required: set[str]) -> Part:
    parts = [_place(job, c), _remote(job, c), _salary(job, c), _languages(required, c)]
    contract = 1.0
    for d in declines:
        codes = {r.code for r in d.reasons.all()} | {d.primary_reason.code}
        if "contract_type" in codes and d.offered_contract_type == job.contract_type:
            contract = 0.2
            parts.append(
                (
                    contract,
                    _("Declined a %(contract)s before; this job is one too.")
                    % {"contract": ContractType(job.contract_type).label},
                )
            )
            break
    weights = [0.35, 0.25, 0.25, 0.15]
    value = sum(w * v for w, (v, _r) in zip(weights, parts, strict=False)) * (1.0 if contract == 1.0 else 0.6)
    return Part(round(value, 3), [r for _v, r in parts if r])


# --- decline resolution --------------------------------------------------------------------------------


def _months(delta: dt.timedelta) -> int:
    return max(1, round(delta.days / 30.4))


def _resolution(code: str, d: Decline, job: Job, c: Candidate, now: dt.datetime) -> tuple[float, str] | None:
    """(+1 resolved … -1 still there, reason) for one reason of one past decline; None when this job cannot say."""
    old_job = d.job
    if code == "salary":
        if not job.salary_max:
            return None
        offered = money(d.offered_salary, d.offered_currency)
        top = money(job.salary_max, job.currency)
        if job.salary_max > d.offered_salary or (d.expected_salary and job.salary_max >= d.expected_salary):
            return 1.0, _("Declined at %(offered)s for salary; this job pays up to %(top)s.") % {
                "offered": offered,
                "top": top,
            }
        return -1.0, _("Declined at %(offered)s for salary; this job pays at most %(top)s.") % {
            "offered": offered,
            "top": top,
        }
    if code == "remote_policy":
        days = job_remote_days(job)
        before = {"before": _remote_days_text(d.offered_remote_days), "now": _remote_days_text(days)}
        if days > d.offered_remote_days:
            return 1.0, _("Declined for %(before)s; this job offers %(now)s.") % before
        return -1.0, _("Declined for %(before)s; this job offers %(now)s, no more.") % before
    if code in CULTURE_CODES:
        names = {"old": old_job.client.name, "new": job.client.name}
        if old_job.client_id != job.client_id:
            return 1.0, {
                "company_culture": _("Declined %(old)s for its culture; this is %(new)s."),
                "management": _("Declined %(old)s for its management; this is %(new)s."),
                "company_reputation": _("Declined %(old)s for its reputation; this is %(new)s."),
            }[code] % names
        return -1.0, _("Declined this same client, %(old)s, for what it is.") % names
    if code in COMPETITION_CODES:
        age = now - d.created_at
        months = {"n": _months(age)}
        took = (
            ngettext(
                "Accepted a counter-offer %(n)d month ago",
                "Accepted a counter-offer %(n)d months ago",
                months["n"],
            )
            if code == "counter_offer"
            else ngettext(
                "Took a competing offer %(n)d month ago",
                "Took a competing offer %(n)d months ago",
                months["n"],
            )
        ) % months
        if age >= TRIAL_LONG:
            return 1.0, _("%(took)s; the trial period is long over.") % {"took": took}
        if age >= TRIAL_SHORT:
            return 0.3, _("%(took)s; the trial period is ending.") % {"took": took}
        return -0.5, _("%(took)s; probably still in the trial period.") % {"took": took}
    if code == "location_commute":
        if job.remote_policy == RemotePolicy.REMOTE:
            return 1.0, _("Declined because of the commute; this job is fully remote.")
        if _same_city(job.city, c.city):
            return 1.0, _("Declined because of the commute; this job is in %(city)s, where they live.") % {
                "city": job.city
            }
        if job.city and _same_city(job.city, old_job.city):
            return -1.0, _("Declined because of the commute to %(city)s; this job is there too.") % {
                "city": job.city
            }
        return None
    if code == "contract_type":
        if job.contract_type != d.offered_contract_type:
            return 1.0, _("Declined a %(old)s; this job is a %(new)s.") % {
                "old": ContractType(d.offered_contract_type).label,
                "new": ContractType(job.contract_type).label,
            }
        return -1.0, _("Declined a %(old)s; this job is one too.") % {
            "old": ContractType(d.offered_contract_type).label
        }
    return None


def decline_resolution(job: Job, c: Candidate, declines: list[Decline], now: dt.datetime) -> Part:
    """0.5 when nothing is known; towards 1 as this job answers what made them say no, towards 0 when not."""
    total, weight = 0.0, 0.0
    part = Part(0.5)
    for d in declines:
        if d.kind not in CANDIDATE_DECISIONS:
            continue
        primary = d.primary_reason.code
        codes = [primary, *sorted({r.code for r in d.reasons.all()} - {primary})]
        for code in codes:
            found = _resolution(code, d, job, c, now)
            if found is None:
                continue
            value, reason = found
            w = 2.0 if code == primary else 1.0
            total += w * value
            weight += w
            part.reasons.append(reason)
            if value > 0 and code not in part.resolves:
                part.resolves.append(code)
    if weight:
        part.value = round(min(1.0, max(0.0, 0.5 + 0.5 * total / weight)), 3)
    return part


# --- relationship --------------------------------------------------------------------------------------


def relationship(
    c: Candidate,
    declines: list[Decline],
    last_event: dt.datetime | None,
    contactable: bool,
    why_not: str,
    now: dt.datetime,
) -> Part:
    if not contactable:
        return Part(0.0, [_("Not contactable: %(why)s.") % {"why": why_not}])
    value, reasons = 0.6, []
    latest = next((d for d in declines if d.kind in CANDIDATE_DECISIONS), None)
    if latest is not None:
        if latest.open_to_future == "yes":
            value += 0.2
            reasons.append(_("Said they are open to future offers."))
        elif latest.open_to_future == "no":
            value -= 0.3
            reasons.append(_("Said they were not open to future offers."))
        if now - latest.created_at < COOL_DOWN:
            value -= 0.3
            days = max(1, (now - latest.created_at).days)
            reasons.append(
                ngettext(
                    "Declined %(n)d day ago: give them time.",
                    "Declined %(n)d days ago: give them time.",
                    days,
                )
                % {"n": days}
            )
        if latest.recontact_after and latest.recontact_after > timezone.localdate():
            value -= 0.2
            reasons.append(
                _("Asked to be contacted again after %(date)s.")
                % {"date": latest.recontact_after.strftime("%d/%m/%Y")}
            )
    if last_event is not None and now - last_event < ENGAGEMENT_WINDOW:
        value += 0.2
        reasons.append(_("Recent activity on their profile."))
    return Part(round(min(1.0, max(0.0, value)), 3), reasons)
