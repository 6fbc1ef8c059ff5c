"""Reads of the job alerts for the recruiter's pages: the candidate's panel and the Alerts page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from vivier.alerts.models import JobAlertDigest, JobAlertItem, JobAlertRun
from vivier.privacy import rules
from vivier.privacy.models import CandidatePrivacy, Purpose
from vivier.talent.models import Candidate

PANEL_DIGESTS = 3
PAGE_RUNS = 10
PAGE_DIGESTS = 25


def _with_jobs(digests):
    items = JobAlertItem.objects.select_related("job__client").order_by("position")
    return digests.select_related("message").prefetch_related(Prefetch("items", queryset=items))


def candidate_panel(candidate: Candidate) -> dict[str, Any]:
    """The person's alert settings and their last digests with the jobs each listed (three queries, whatever
    the number of digests and jobs)."""
    state = CandidatePrivacy.objects.filter(candidate=candidate).only("alert_frequency").first()
    frequency = state.alert_frequency if state is not None else CandidatePrivacy().alert_frequency
    consent = rules.latest_consents(candidate).get(Purpose.JOB_ALERTS)
    digests = list(_with_jobs(JobAlertDigest.objects.filter(candidate=candidate))[:PANEL_DIGESTS])
    return {
        "frequency": frequency,
        "frequency_label": CandidatePrivacy(alert_frequency=frequency).get_alert_frequency_display(),
        "consent": consent,
        "digests": digests,
    }


def overview() -> dict[str, Any]:
    """The Alerts page: the last runs with their counts, the latest digests of everyone."""
    runs = list(JobAlertRun.objects.all()[:PAGE_RUNS])
    digests = list(
        JobAlertDigest.objects.select_related("candidate", "message").order_by("-created_at", "-id")[
            :PAGE_DIGESTS
        ]
    )
    return {"runs": runs, "last_run": runs[0] if runs else None, "digests": digests}
