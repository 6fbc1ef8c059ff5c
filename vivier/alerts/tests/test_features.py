"""The fit rules of the digests are the rediscovery's (matching.scoring), and the ROME lookup is matching.rome's."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from vivier.alerts import features
from vivier.matching import scoring
from vivier.matching.rome import rome, suggest_rome_code
from vivier.talent.models import Candidate, Client, Job


def test_it_finds_the_same_rome_code_as_matching():
    titles = [title for title, _code, _main in rome().titles][
        ::10
    ]  # a tenth of them: suggest is slow (all agree: checked once)
    wishes = [
        "Senior développeuse web",
        "Comptable · 5 ans d'expérience",
        "Chef",
        "Data analyst",
        "aide-soignante de nuit",
        "",
        "zzz",
    ]
    codes = features.RomeCodes(rome())
    different = [t for t in titles + wishes if codes.code(t) != (suggest_rome_code(t) or "")]
    assert not different


def test_it_reads_the_jobs_a_headline_names():
    assert features.headline_parts("Comptable · 5 ans d'expérience") == ["Comptable"]
    assert features.headline_parts("Développeur / Développeuse web - Lead tech") == [
        "Développeur / Développeuse web",
        "Lead tech",
    ]
    assert features.wanted_parts("Développeur web, data analyst ; comptable") == [
        "Développeur web",
        "data analyst",
        "comptable",
    ]


CITIES = ("Lyon", "Paris", "")
POLICIES = (("onsite", 0), ("hybrid", 0), ("hybrid", 2), ("remote", 5))
PREFERENCES = ("", "any", "onsite", "hybrid", "remote")
SALARIES = ((None, None), (40000, 50000), (None, 53000), (56000, None))
EXPECTATIONS = (None, 45000, 60000)


@pytest.mark.parametrize(("city", "policy"), list(itertools.product(CITIES, POLICIES)))
def test_its_filters_agree_with_the_rediscovery_fit(city, policy):
    """For every combination: listed exactly when scoring's place ≥ 0.5, remote ≥ 0.5 and, when both the
    expectation and the job's salary are known, salary ≥ 0.7."""
    remote_policy, days = policy
    client = Client(pk=1, name="Client")
    for (low, high), pref, home, expectation in itertools.product(
        SALARIES, PREFERENCES, CITIES, EXPECTATIONS
    ):
        job = Job(
            pk=7,
            client=client,
            title="Développeur / Développeuse web",
            rome_code="M1855",
            city=city,
            remote_policy=remote_policy,
            remote_days_per_week=days,
            salary_min=low,
            salary_max=high,
            opened_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        )
        person = Candidate(city=home, remote_preference=pref, salary_expectation=expectation)
        index = features.JobIndex([features.job_features(job)])
        wishes = features.Wishes.of(person, None)
        wishes.terms = features.terms(("Développeur web",))
        listed = bool(index.matches(wishes, sent=set(), since=None, limit=10))
        expected = (
            scoring._place(job, person)[0] >= 0.5
            and scoring._remote(job, person)[0] >= 0.5
            and (not expectation or not (low or high) or scoring._salary(job, person)[0] >= 0.7)
        )
        assert listed is expected, (low, high, pref, home, expectation)


def test_common_skills_say_nothing_about_a_person():
    client = Client(pk=1, name="Client")
    opened = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    jobs = [
        Job(pk=n, client=client, title=f"Poste {n}", skills=["Pack Office", "Anglais"], opened_at=opened)
        for n in range(1, 61)
    ]
    jobs.append(Job(pk=99, client=client, title="Poste rare", skills=["Python", "Django"], opened_at=opened))
    index = features.JobIndex([features.job_features(j) for j in jobs])
    office = Candidate(headline="", skills=["Pack Office", "Anglais"])
    dev = Candidate(headline="", skills=["python", "Django", "Pack Office"])
    assert not index.matches(features.Wishes.of(office, None), sent=set(), since=None, limit=10)
    found = index.matches(features.Wishes.of(dev, None), sent=set(), since=None, limit=10)
    assert [m.job.pk for m in found] == [99] and found[0].skills == ["Python", "Django"]
