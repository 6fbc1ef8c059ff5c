"""The generator at a tiny scale, into the test database: counts, reproducibility, search, events."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from vivier.bench import generate as gen
from vivier.bench import report
from vivier.talent import selectors
from vivier.talent.models import Application, Candidate, Decline, Event, Job, Offer

SCALE = 0.001
ANCHOR = dt.date(2026, 1, 15)


def _load(seed=42):
    return gen.generate(connection, scale=SCALE, seed=seed, anchor=ANCHOR, log=lambda s: None)


@pytest.mark.django_db
def test_counts_match_the_plan():
    result = _load()
    n = gen.plan(SCALE)
    assert n["candidates"] == 1000 and n["events"] == 3000
    assert Candidate.objects.count() == n["candidates"]
    assert (
        Job.objects.count() == n["jobs"] and Job.objects.values("client").distinct().count() <= n["clients"]
    )
    assert Application.objects.count() == n["applications"]
    assert Offer.objects.count() == n["offers"]
    assert Offer.objects.filter(status="declined").count() == Decline.objects.count() == n["declines"]
    assert Offer.objects.filter(status="accepted").count() == n["accepted"]
    assert Event.objects.count() == n["events"]
    assert result["counts"]["talent_candidate"] == n["candidates"]
    # every decline has one to three reasons, the primary one among them
    for d in Decline.objects.prefetch_related("reasons")[:50]:
        codes = [r.pk for r in d.reasons.all()]
        assert 1 <= len(codes) <= 3 and d.primary_reason_id in codes
        assert d.candidate_id == d.offer.application.candidate_id


@pytest.mark.django_db
def test_rows_are_valid_for_the_models():
    _load()
    c = Candidate.objects.order_by("id").first()
    assert isinstance(c.skills, list) and c.skills and isinstance(c.languages, list)
    assert c.language in ("fr", "en") and c.updated_at >= c.created_at
    assert (
        Candidate.objects.filter(language="en").exists() and Candidate.objects.filter(language="fr").exists()
    )
    c.full_clean(validate_unique=False, validate_constraints=False)
    Job.objects.first().full_clean(validate_unique=False, validate_constraints=False)
    # the newest data is near the anchor, the oldest about three years before
    newest = Event.objects.order_by("-created_at").first().created_at.date()
    oldest = Event.objects.order_by("created_at").first().created_at.date()
    assert (ANCHOR - newest).days <= 2 and 1000 <= (ANCHOR - oldest).days <= 3 * 366


@pytest.mark.django_db
def test_events_for_every_kind_of_change():
    _load()
    kinds = {
        k: Event.objects.filter(kind=k).count()
        for k in (
            "candidate.created",
            "application.created",
            "offer.created",
            "offer.declined",
            "offer.accepted",
        )
    }
    n = gen.plan(SCALE)
    assert kinds["candidate.created"] == n["candidates"]
    assert kinds["application.created"] == n["applications"]
    assert kinds["offer.declined"] == n["declines"]
    declined = Event.objects.filter(kind="offer.declined").first()
    assert declined.candidate_id and declined.job_id and declined.data["primary_reason"]
    profile = selectors.candidate_profile(declined.candidate)
    assert profile.timeline and profile.declines


@pytest.mark.django_db
def test_full_text_search_finds_generated_candidates():
    _load()
    c = Candidate.objects.order_by("id")[3]
    found = selectors.candidate_list(q=f"{c.first_name} {c.last_name}")
    assert c in found
    word = c.headline.split()[-1]
    assert selectors.candidate_list(q=word).exists()


@pytest.mark.django_db
def test_same_seed_same_data():
    first = _load()
    rows = list(
        Candidate.objects.order_by("id").values_list("public_id", "email", "headline", "updated_at")[:20]
    )
    for model in (Event, Decline.reasons.through, Decline, Offer, Application, Candidate, Job):
        model.objects.all().delete()
    from vivier.talent.models import Client

    Client.objects.all().delete()
    again = _load()
    assert again["digest"] == first["digest"]
    assert rows == list(
        Candidate.objects.order_by("id").values_list("public_id", "email", "headline", "updated_at")[:20]
    )
    for model in (Event, Decline.reasons.through, Decline, Offer, Application, Candidate, Job, Client):
        model.objects.all().delete()
    assert _load(seed=7)["digest"] != first["digest"]


@pytest.mark.django_db
def test_refuses_a_filled_database():
    _load()
    with pytest.raises(RuntimeError, match="not empty"):
        _load()


def test_plan_scales_everything():
    n = gen.plan(1.0)
    assert n["candidates"] == 1_000_000 and n["jobs"] == 20_000 and n["clients"] == 2_000
    assert n["offers"] == 300_000 and n["declines"] == 200_000 and n["events"] == 3_000_000
    small = gen.plan(0.01)
    assert small["candidates"] == 10_000 and small["events"] == 30_000


def test_report_verdicts():
    results = {
        "measurements": {
            "candidate_list": {
                "status": "measured",
                "p50_ms": 20,
                "p95_ms": 100.0,
                "p99_ms": 120,
                "throughput_rps": 90,
                "ok": True,
            },
            "search": {
                "status": "measured",
                "p50_ms": 90,
                "p95_ms": 300.0,
                "p99_ms": 400,
                "throughput_rps": 20,
                "ok": True,
            },
            "candidate_page": {
                "status": "measured",
                "p50_ms": 5,
                "p95_ms": 10.0,
                "p99_ms": 12,
                "throughput_rps": 500,
                "ok": False,
                "errors": 3,
                "non2xx": 3,
                "requests": 100,
            },
            "worker_delivery": {"status": "not measured: feature not built yet"},
        },
    }
    rows = {r["label"]: r for r in report.summarise(results)}
    assert rows["Candidate list, p95 (8 clients)"]["verdict"] == "PASS"
    assert rows["Search, p95 (8 clients)"]["verdict"] == "MISS"
    assert "150.0 ms over" in rows["Search, p95 (8 clients)"]["detail"]
    # errors make a run failed, never fast
    assert rows["Candidate page, p95 (8 clients)"]["verdict"] == "FAILED"
    assert rows["Dashboard, p95 (8 clients)"]["verdict"] == "NOT MEASURED"
    assert rows["Rediscovery top 50, p95 (50 jobs, warm)"]["verdict"] == "NOT MEASURED"
    assert rows["Import of 100,000 rows"]["verdict"] == "NOT MEASURED"
    json.dumps(rows)


@pytest.mark.django_db
def test_search_index_size_is_measured_and_reported():
    from vivier.bench.in_process import search_index_size

    _load()
    before = search_index_size()
    assert before["status"] == "measured" and before["bytes"] > 0
    assert all(size > 0 for size in before["parts"].values())
    rows = {r["measurement"]: r for r in report.summarise({"measurements": {"search_index": before}})}
    row = rows["search_index"]
    assert row["verdict"] == "INFO" and row["value"] == round(before["bytes"] / 1_000_000, 1)
    assert "MB" in row["detail"]
    # more text, a bigger index: the figure is read from the database, not a constant
    Candidate.objects.filter(pk__in=list(Candidate.objects.values_list("pk", flat=True)[:200])).update(
        summary="développeuse python django postgresql kubernetes terraform " * 40
    )
    assert search_index_size()["bytes"] > before["bytes"]
    unmeasured = {r["measurement"]: r for r in report.summarise({"measurements": {}})}
    assert unmeasured["search_index"]["verdict"] == "NOT MEASURED"
