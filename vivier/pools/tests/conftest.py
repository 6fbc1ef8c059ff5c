"""Builders of the pools tests: people who may and may not be written to, and the outreach tests' real SMTP
server (aiosmtpd) and worker factory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vivier.outreach.tests.conftest import smtp, smtp_server, worker_factory  # noqa: F401  (fixtures)
from vivier.talent.models import Candidate


class People:
    """Candidates in each state the personal-message policy tells apart."""

    def __init__(self, make):
        self.make = make

    def contactable(self, **kw) -> Candidate:
        """A talent-pool consent given: may be written to whatever the date."""
        return self.make.candidate_in_pool(**kw)

    def without_consent(self, **kw) -> Candidate:
        """Arrived a year ago, no process since, no consent: outside the process window."""
        candidate = self.make.candidate(**kw)
        Candidate.objects.filter(pk=candidate.pk).update(created_at=timezone.now() - dt.timedelta(days=365))
        candidate.refresh_from_db()
        return candidate

    def do_not_contact(self, **kw) -> Candidate:
        candidate = self.make.candidate_in_pool(**kw)
        Candidate.objects.filter(pk=candidate.pk).update(do_not_contact=True)
        candidate.refresh_from_db()
        return candidate

    def without_email(self, **kw) -> Candidate:
        candidate = self.make.candidate_in_pool(**kw)
        Candidate.objects.filter(pk=candidate.pk).update(email="")
        candidate.refresh_from_db()
        return candidate


@pytest.fixture(autouse=True)
def _fresh_corpus_stats():
    """The rediscovery caches document frequencies per process; each test has its own database."""
    from vivier.matching import retrieval

    retrieval.clear_stats()
    yield
    retrieval.clear_stats()


@pytest.fixture
def people(make) -> People:
    return People(make)
