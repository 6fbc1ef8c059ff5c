"""Builders of the job-alert tests: a person who asked for alerts (with their preferences), an open job."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from vivier.outreach.tests.conftest import smtp, smtp_server, worker_factory  # noqa: F401 - the real SMTP sink

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A Tuesday, before nine in the morning in Paris: the digests are due at 9:00 the same day.
MONDAY_EARLY = dt.datetime(2026, 11, 30, 6, 0, tzinfo=PARIS)


@pytest.fixture
def at():
    """Travel to a moment (the clock stands still there): `with at(when): …`."""

    def travel(when: dt.datetime):
        return time_machine.travel(when, tick=False)

    return travel


@pytest.fixture
def person(make):
    """A candidate who asked for job alerts: `person(prefs={...}, **profile)`; consent=False for none."""
    from vivier.privacy.services import preferences_update

    def build(*, prefs: dict | None = None, consent: bool = True, **profile):
        profile.setdefault("headline", "Développeur web")
        profile.setdefault("city", "Lyon")
        candidate = make.candidate(**profile)
        if consent:
            make.consent(candidate, "job_alerts")
        if prefs:
            preferences_update(candidate=candidate, **prefs)
        return candidate

    return build


@pytest.fixture
def job(make):
    """An open job; `job(title=…, city=…, …)` like make.job (Lyon, 40–50 k€ by default)."""

    def build(**fields):
        return make.job(**fields)

    return build
