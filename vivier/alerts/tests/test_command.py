"""vivier alerts build [--dry-run] [--limit N]."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from vivier.outreach.models import Message

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("alerts", *args, stdout=out)
    return out.getvalue()


def test_it_builds_the_digests_and_prints_the_counts(person, job):
    person()
    person(headline="Infirmier / Infirmière")
    job(title="Développeur / Développeuse web")
    dry = _run("build", "--dry-run")
    assert dry.startswith("Dry run: nothing written. 1 open jobs;")
    assert "        1  digests planned" in dry and "        1  due, but no open job fits them" in dry
    assert not Message.objects.exists()
    out = _run("build")
    assert (
        "        2  people with a job-alert consent on record" in out and "        1  digests planned" in out
    )
    assert Message.objects.filter(kind="job_alert").count() == 1


def test_it_refuses_a_limit_below_one():
    with pytest.raises(CommandError, match="--limit"):
        _run("build", "--limit", "0")
