"""The benchmark's data set has people who asked for job alerts, and `vivier bench run` measures the digests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from vivier.bench import generate as gen
from vivier.bench import report
from vivier.bench.in_process import job_alert_digests
from vivier.outreach.models import Message
from vivier.privacy.models import CandidatePrivacy, ConsentRecord
from vivier.talent.models import Job

pytestmark = pytest.mark.django_db
SCALE = 0.001


def test_the_measurement_says_when_the_data_set_predates_job_alerts():
    assert job_alert_digests()["status"].startswith("not measured: nobody asked for job alerts")


def test_it_measures_the_digests_of_the_generated_people_and_leaves_the_database_as_it_was():
    gen.generate(connection, scale=SCALE, seed=42, anchor=dt.date(2026, 1, 15), log=lambda s: None)
    n = gen.plan(SCALE)["alert_people"]
    assert n == 100 and CandidatePrivacy.objects.count() == n
    assert ConsentRecord.objects.filter(purpose="job_alerts", action="given").count() == n
    assert Job.objects.filter(status="open").exists()
    Job.objects.update(status="open")  # 20 jobs at this scale: open them all, so that some fit
    result = job_alert_digests()
    assert result["status"] == "measured" and result["ok"] is True
    assert result["people"] == n and result["planned"] > 0 and result["rerun_planned"] == 0
    assert result["items"] >= result["planned"] and result["seconds"] > 0
    assert not Message.objects.exists()  # rolled back
    row = next(
        r
        for r in report.summarise({"measurements": {"job_alert_digests": result}})
        if r["measurement"] == "job_alert_digests"
    )
    assert row["verdict"] == "PASS" and f"{n:,} people" in row["extra"]
