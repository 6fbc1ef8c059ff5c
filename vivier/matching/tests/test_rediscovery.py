import datetime as dt

import pytest
from django.utils import timezone

from vivier.matching import selectors
from vivier.matching.selectors import rediscover, rediscovery
from vivier.matching.text import analyze
from vivier.talent import services
from vivier.talent.models import Candidate

pytestmark = pytest.mark.django_db


def _web_dev(make, **kw):
    kw.setdefault("headline", "Développeuse web")
    kw.setdefault("skills", ["Python", "Django"])
    kw.setdefault("city", "Lyon")
    return make.candidate(**kw)


def _job(make, **kw):
    kw.setdefault("title", "Développeur web")
    kw.setdefault("skills", ["Python", "Django"])
    kw.setdefault("description", "Nous cherchons un développeur web Python pour notre équipe produit.")
    return make.job(**kw)


def _match(job, candidate, **kw):
    return next(m for m in rediscover(job, **kw) if m.candidate == candidate)


def test_it_ranks_the_relevant_people_first_and_explains(make):
    good = _web_dev(make)
    make.candidate(headline="Comptable", skills=["Sage"], city="Paris")
    other = make.candidate(headline="Web developer", skills=["JavaScript"], city="Paris")
    matches = rediscover(_job(make))
    assert [m.candidate for m in matches][:2] == [good, other]
    first = matches[0]
    assert set(first.components) == {"text", "fit", "decline_resolution", "relationship"}
    assert all(0 <= v <= 1 for v in first.components.values()) and 0 <= first.score <= 1
    assert "Compétences en commun\u00a0: Python, Django." in first.explanations
    assert first.contactable


def test_it_explains_a_salary_decline_resolved(make, declined):
    c = _web_dev(make)
    declined(c, codes=("salary",), offer_kw={"salary": 45000})
    m = _match(_job(make, salary_min=50000, salary_max=55000), c)
    assert m.resolves == ["salary"]
    assert any("pour le salaire" in e and "55" in e for e in m.explanations)
    assert m.components["decline_resolution"] == 1.0


def test_it_says_when_the_salary_is_still_too_low(make, declined):
    c = _web_dev(make)
    declined(c, codes=("salary",), offer_kw={"salary": 45000})
    m = _match(_job(make, salary_min=40000, salary_max=44000), c)
    assert m.resolves == [] and m.components["decline_resolution"] == 0.0


def test_it_explains_a_remote_decline_resolved(make, declined):
    c = _web_dev(make)
    declined(c, codes=("remote_policy",), offer_kw={"remote_days_per_week": 1})
    m = _match(_job(make, remote_policy="hybrid", remote_days_per_week=3), c)
    assert m.resolves == ["remote_policy"]
    assert (
        "A refusé (1 jour de télétravail)\u202f; ce poste propose 3 jours de télétravail." in m.explanations
    )


def test_it_explains_a_culture_decline_at_another_client(make, declined):
    c = _web_dev(make)
    declined(c, codes=("company_culture",), client=make.client("Acme"))
    m = _match(_job(make, client=make.client("Globex")), c)
    assert m.resolves == ["company_culture"]
    assert "A refusé Acme pour sa culture\u202f; ici, c’est Globex." in m.explanations


def test_it_does_not_resolve_culture_at_the_same_client(make, declined):
    c = _web_dev(make)
    acme = make.client("Acme")
    declined(c, codes=("management",), client=acme)
    assert _match(_job(make, client=acme), c).resolves == []


def test_it_explains_a_competing_offer_long_ago(make, declined):
    c = _web_dev(make)
    declined(c, codes=("better_aligned_opportunity",))
    later = timezone.now() + dt.timedelta(days=335)
    m = next(m for m in rediscovery(_job(make), now=later).matches if m.candidate == c)
    assert m.resolves == ["better_aligned_opportunity"]
    assert (
        "A accepté une offre concurrente il y a 11 mois\u202f; la période d’essai est terminée depuis longtemps."
        in m.explanations
    )


def test_it_waits_for_the_trial_period_after_a_counter_offer(make, declined):
    c = _web_dev(make)
    declined(c, codes=("counter_offer",))
    m = _match(_job(make), c)
    assert m.resolves == []
    assert any("période d’essai" in e for e in m.explanations)
    # and the decline is recent: a cool-down lowers the relationship
    assert any("laissez-lui du temps" in e for e in m.explanations)


def test_it_explains_a_commute_decline_resolved_by_remote_or_city(make, declined):
    c = _web_dev(make, city="Lyon")
    declined(c, codes=("location_commute",), job_kw={"city": "Villeurbanne"})
    assert _match(_job(make, city="Lyon"), c).resolves == ["location_commute"]
    m = _match(_job(make, city="Paris", remote_policy="remote"), c)
    assert "A refusé à cause du trajet\u202f; ce poste est en télétravail complet." in m.explanations


def test_it_explains_a_contract_type_decline(make, declined):
    c = _web_dev(make)
    declined(c, codes=("contract_type",), offer_kw={"contract_type": "cdd"})
    m = _match(_job(make, contract_type="cdi"), c)
    assert m.resolves == ["contract_type"]


def test_it_never_shows_excluded_or_do_not_contact_people(make, recruiter):
    client = make.client("Acme")
    excluded = _web_dev(make)
    services.exclusion_create(
        by=recruiter,
        candidate=excluded,
        client=client,
        reason="vexed",
        expires_on=timezone.localdate() + dt.timedelta(days=90),
    )
    shy = _web_dev(make)
    Candidate.objects.filter(pk=shy.pk).update(do_not_contact=True)
    visible = _web_dev(make)
    job = _job(make, client=client)
    for include in (False, True):
        people = [m.candidate for m in rediscover(job, include_uncontactable=include)]
        assert visible in people and excluded not in people and shy not in people
    # the exclusion is scoped to its client
    assert excluded in [m.candidate for m in rediscover(_job(make, client=make.client("Globex")))]


def test_it_leaves_out_people_already_on_the_job(make):
    c = _web_dev(make)
    job = _job(make)
    make.application(candidate=c, job=job)
    assert c not in [m.candidate for m in rediscover(job)]


def test_it_shows_uncontactable_people_only_when_asked(make, monkeypatch):
    c = _web_dev(make, first_name="Nora")
    ok = _web_dev(make)
    monkeypatch.setattr(
        selectors, "_policy", lambda cand, kind: (False, "no_consent") if cand.pk == c.pk else (True, "")
    )
    result = rediscovery(_job(make))
    assert c not in [m.candidate for m in result.matches] and ok in [m.candidate for m in result.matches]
    assert result.hidden_uncontactable == 1 and "ne peut pas être contactée" in result.note
    marked = _match(_job(make), c, include_uncontactable=True)
    assert marked.contactable is False and marked.components["relationship"] == 0.0
    assert any(e.startswith("Pas contactable") for e in marked.explanations)


def test_it_widens_to_adjacent_rome_jobs_and_says_so(make):
    from vivier.matching.rome import rome

    job = _job(make, title="Développeur web", skills=[], description="")
    title_words = set(analyze(job.title))
    adjacent = [rome().label(code) for code in rome().adjacent(job.rome_code)[:3]]
    neighbour = next(label for label in adjacent if not set(analyze(label)) & title_words)
    c = make.candidate(headline=neighbour, skills=[], city="Lyon")
    result = rediscovery(job)
    assert neighbour in [label for _code, label in result.query.adjacent]
    m = next(m for m in result.matches if m.candidate == c)
    assert m.adjacent
    assert any("métier proche" in e and neighbour in e for e in m.explanations)


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "", "description": "", "skills": []},
        {"title": "!!! ??? …", "description": "\u200b\u202e", "skills": ["", "  "]},
    ],
)
def test_it_explains_a_job_with_nothing_to_search(make, fields):
    result = rediscovery(_blank_job(make, fields))
    assert result.matches == [] and result.note.startswith("Aucun résultat, car")


def _blank_job(make, fields):
    from vivier.talent.models import Job

    job = _job(make)
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def test_it_handles_bad_candidates_and_odd_input(make):
    make.candidate(headline="", summary="", skills=[])
    make.candidate(headline="🙂" * 200, summary="Ελληνικά 北京 \u202e" + "python " * 1400, skills=["🙂"])
    job = _job(make, skills=[], description="Python " * 2000 + "Ελληνικά")
    result = rediscovery(job, limit=200)
    assert len(result.matches) == 1


def test_it_explains_a_pool_without_the_words(make):
    make.candidate(headline="Comptable", skills=["Sage"])
    result = rediscovery(_job(make))
    assert result.matches == [] and "personne dans le vivier ne mentionne" in result.note


def test_it_explains_an_empty_pool(make):
    result = rediscovery(_job(make))
    assert result.note == "Aucun résultat, car le vivier est vide."


def test_it_finds_an_edited_candidate_at_once(make, recruiter):
    c = make.candidate(headline="Comptable")
    job = _job(make)
    assert rediscover(job) == []
    services.candidate_update(candidate=c, by=recruiter, headline="Développeur web Python")
    from vivier.matching import retrieval

    retrieval.clear_stats()
    assert [m.candidate for m in rediscover(job)] == [c]
