"""The dates of a follow-up sequence (cadence): working mornings, French public holidays, trial periods.

Pure functions of dates and settings, no database: the planning service (services/cadences.py) asks them
when each step is due, and the tests freeze time around them.

Every step goes at OUTREACH_SEND_HOUR (9:00 by default) on a working day *in the candidate's time zone*:
not on a Saturday, a Sunday or a French public holiday (the cadence is for a French agency's pool; a candidate
abroad is still written to on their own working morning, French holidays skipped too, which errs on the side
of quiet). zoneinfo turns 9:00 local into the right UTC instant on either side of a DST change.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

DEFAULT_TIME_ZONE = "Europe/Paris"


def zone(name: str | None) -> ZoneInfo:
    """The candidate's time zone; an unknown or empty name falls back to Paris rather than failing a plan."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


@lru_cache(maxsize=64)
def french_public_holidays(year: int) -> frozenset[dt.date]:
    """The eleven jours fériés of metropolitan France (Alsace-Moselle's two extra days are not included)."""
    easter = easter_sunday(year)
    fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    moving = [
        easter + dt.timedelta(days=1),  # lundi de Pâques
        easter + dt.timedelta(days=39),  # Ascension
        easter + dt.timedelta(days=50),  # lundi de Pentecôte
    ]
    return frozenset([dt.date(year, m, d) for m, d in fixed] + moving)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in french_public_holidays(day.year)


def working_day_on_or_after(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def morning(day: dt.date, tz: str | None) -> dt.datetime:
    """OUTREACH_SEND_HOUR on `day` in the time zone, as an aware datetime (9:00 exists on every DST day)."""
    hour = min(getattr(settings, "OUTREACH_SEND_HOUR", 9), 23)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone(tz))


def local_date(moment: dt.datetime, tz: str | None) -> dt.date:
    return moment.astimezone(zone(tz)).date()


def next_working_morning(now: dt.datetime, tz: str | None) -> dt.datetime:
    """The first working day strictly after today where the candidate lives, in the morning."""
    return morning(working_day_on_or_after(local_date(now, tz) + dt.timedelta(days=1)), tz)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month (31 January + 1 → 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Trial periods (période d'essai) -----------------------------------------------------------------------
# Maximum initial trial periods of the Code du travail (L1221-19 for a CDI; L1242-10 for a CDD). Collective
# agreements may shorten them and renewals lengthen them: a check-in a week before the usual end is a good
# moment either way (the new job is real by then, or it is not working out).
CDI_TRIAL_MONTHS = {
    "cadre": 4,
    "agent_de_maitrise": 3,
    "technicien": 3,
    "employe": 2,
    "ouvrier": 2,
}
# CDD: one day per week of contract, at most 2 weeks for a contract of 6 months or less, 1 month beyond.
CDD_ASSUMED_WEEKS = 26  # the competing contract's length is rarely known: assume six months (2 weeks)
# Other contracts: intérim 2 to 5 days, apprenticeship 45 days of training; freelance and internships have
# no trial period worth a message.
OTHER_TRIAL_DAYS = {"temporary": 5, "apprenticeship": 45}
TRIAL_CHECK_IN_DAYS_BEFORE = 7


@dataclass(frozen=True)
class TrialPeriod:
    start: dt.date
    end: dt.date
    basis: str  # what the length was taken from, for the event and the UI ("cdi/cadre: 4 months")


def trial_period(
    start: dt.date, contract_type: str | None, status: str | None = None, *, cdd_weeks: int | None = None
) -> TrialPeriod | None:
    """The trial period of a job starting on `start`, or None when the contract has none to speak of.

    An unknown contract type counts as a CDI; an unknown status as `cadre` (OUTREACH_TRIAL_STATUS).
    """
    contract = (contract_type or "cdi").lower()
    if contract == "cdd":
        weeks = cdd_weeks or CDD_ASSUMED_WEEKS
        days = min(weeks, 14 if weeks <= 26 else 30)
        return TrialPeriod(start, start + dt.timedelta(days=days), f"cdd: {days} days")
    if contract in OTHER_TRIAL_DAYS:
        days = OTHER_TRIAL_DAYS[contract]
        return TrialPeriod(start, start + dt.timedelta(days=days), f"{contract}: {days} days")
    if contract in ("freelance", "internship"):
        return None
    status = status or getattr(settings, "OUTREACH_TRIAL_STATUS", "cadre")
    months = CDI_TRIAL_MONTHS.get(status, CDI_TRIAL_MONTHS["cadre"])
    # The period runs from the start date to the day before the same date `months` later.
    return TrialPeriod(
        start, add_months(start, months) - dt.timedelta(days=1), f"cdi/{status}: {months} months"
    )


def trial_check_in_day(period: TrialPeriod) -> dt.date:
    """About a week before the end, on a working day, never before the job has started."""
    day = working_day_on_or_before(period.end - dt.timedelta(days=TRIAL_CHECK_IN_DAYS_BEFORE))
    return max(day, working_day_on_or_after(period.start + dt.timedelta(days=1)))


def check_in_months() -> list[int]:
    return list(getattr(settings, "OUTREACH_CHECKIN_MONTHS", [3, 6, 12]))


FEEDBACK_WINDOW_MONTHS = 3


def feedback_deadline(declined_on: dt.date) -> dt.date:
    """The end of the window in which feedback on a refusal should be given: three months after it, while
    the interviews are fresh on both sides and before the file of an unsuccessful process is closed."""
    return add_months(declined_on, FEEDBACK_WINDOW_MONTHS)
