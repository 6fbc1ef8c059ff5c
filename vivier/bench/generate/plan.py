"""The row counts of a scale, and the tables the generator fills."""

from __future__ import annotations

YEAR = 365 * 86400
SPAN = 3 * YEAR
BASE_COUNTS = {
    "users": 20,
    "candidates": 1_000_000,
    "clients": 2_000,
    "jobs": 20_000,
    "applications": 600_000,
    "offers": 300_000,
    "declines": 200_000,
    "accepted": 80_000,
    "events": 3_000_000,
    # people who asked for job alerts (CandidatePrivacy + a job_alerts consent): the job-alert measurement
    "alert_people": 100_000,
}
# Tables the generator fills, in load order; the bench never touches the others.
TABLES = (
    "talent_client",
    "talent_job",
    "talent_candidate",
    "talent_application",
    "talent_offer",
    "talent_decline",
    "talent_decline_reasons",
    "talent_event",
    "privacy_candidateprivacy",
    "privacy_consentrecord",
)


def plan(scale: float) -> dict[str, int]:
    """The row counts for a scale; the ratios of scale 1.0, at least one of each."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    n = {k: max(1, round(v * scale)) for k, v in BASE_COUNTS.items()}
    n["users"] = max(2, min(n["users"], 20))
    n["clients"] = max(2, n["clients"])
    n["jobs"] = max(n["clients"], n["jobs"])
    n["offers"] = min(n["offers"], n["applications"])
    n["declines"] = min(n["declines"], n["offers"])
    n["accepted"] = min(n["accepted"], n["offers"] - n["declines"])
    n["alert_people"] = min(n["alert_people"], n["candidates"])
    fixed = (
        n["candidates"]
        + n["clients"]
        + n["jobs"]
        + n["applications"]
        + n["offers"]
        + n["declines"]
        + n["accepted"]
    )
    n["events"] = max(n["events"], fixed)
    return n
