from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vivier.errors import Conflict
from vivier.pools.models import PoolMember, TalentPool
from vivier.pools.services import pool_add, pool_archive, pool_create, pool_remove, pool_update
from vivier.talent.models import Candidate, Event, EventKind
from vivier.talent.services import candidate_create


def test_it_refuses_a_second_pool_of_the_same_name_whatever_the_case(recruiter):
    pool_create(name="Data  Lyon", by=recruiter)
    with pytest.raises(ValidationError) as exc:
        pool_create(name="data lyon", by=recruiter)
    assert exc.value.message_dict["name"] == ["Un vivier porte déjà ce nom."]
    assert TalentPool.objects.get().name == "Data Lyon"  # spaces tidied


def test_it_frees_the_name_of_an_archived_pool(recruiter):
    old = pool_create(name="Boomerangs", by=recruiter)
    pool_archive(pool=old, by=recruiter)
    new = pool_create(name="boomerangs", by=recruiter)
    assert new.pk != old.pk and TalentPool.objects.active().get() == new
    with pytest.raises(Conflict):
        pool_archive(pool=old, by=recruiter)


def test_it_renames_without_taking_another_pools_name(recruiter):
    a = pool_create(name="A", by=recruiter)
    pool_create(name="B", by=recruiter)
    with pytest.raises(ValidationError):
        pool_update(pool=a, by=recruiter, name="b")
    pool_update(pool=a, by=recruiter, name="A prime", description="Les profils A")
    a.refresh_from_db()
    assert (a.name, a.description) == ("A prime", "Les profils A")
    with pytest.raises(ValidationError):
        pool_update(pool=a, by=recruiter, name="   ")


def test_it_adds_people_once_and_says_how_many_were_new(recruiter, make):
    pool = pool_create(name="Python", by=recruiter)
    lea, zoe = make.candidate(first_name="Léa"), make.candidate(first_name="Zoé")
    assert pool_add(pool=pool, candidates=[lea], by=recruiter) == 1
    assert pool_add(pool=pool, candidates=[lea, zoe, zoe], by=recruiter) == 1
    assert pool_add(pool=pool, candidates=[lea, zoe], by=recruiter) == 0
    assert set(PoolMember.objects.values_list("candidate__first_name", flat=True)) == {"Léa", "Zoé"}
    events = Event.objects.filter(kind=EventKind.POOL_ADDED)
    assert sorted(e.candidate.first_name for e in events) == ["Léa", "Zoé"]
    assert {e.data["pool"] for e in events} == {str(pool.public_id)} and {e.actor for e in events} == {
        recruiter
    }


def test_it_adds_every_result_of_a_search_in_one_go(recruiter, django_assert_max_num_queries):
    for n in range(1203):
        candidate_create(by=None, first_name="P", last_name=f"N{n}", email=f"p{n}@exemple.fr", city="Lyon")
    candidate_create(by=None, first_name="Q", last_name="Paris", email="q@exemple.fr", city="Paris")
    pool = pool_create(name="Lyon", by=recruiter)
    # Chunks of 500: the number of queries grows with the chunks, not with the people.
    with django_assert_max_num_queries(30):
        added = pool_add(pool=pool, candidates=Candidate.objects.filter(city="Lyon"), by=recruiter)
    assert added == 1203 == pool.members.count()
    assert Event.objects.filter(kind=EventKind.POOL_ADDED).count() == 1203
    assert pool_add(pool=pool, candidates=Candidate.objects.all(), by=recruiter) == 1


def test_it_removes_a_person_with_an_event(recruiter, make):
    pool = pool_create(name="Python", by=recruiter)
    lea = make.candidate()
    pool_add(pool=pool, candidates=[lea], by=recruiter)
    assert pool_remove(pool=pool, candidate=lea, by=recruiter) is True
    assert pool_remove(pool=pool, candidate=lea, by=recruiter) is False
    assert not PoolMember.objects.exists()
    removed = Event.objects.get(kind=EventKind.POOL_REMOVED)
    assert removed.candidate == lea and removed.data["name"] == "Python"


def test_an_archived_pool_takes_no_one_new(recruiter, make):
    pool = pool_create(name="Fermé", by=recruiter)
    pool_archive(pool=pool, by=recruiter)
    with pytest.raises(Conflict):
        pool_add(pool=pool, candidates=[make.candidate()], by=recruiter)
    assert not PoolMember.objects.exists()


def test_an_erased_person_leaves_every_pool(recruiter, make, settings, tmp_path):
    from vivier.privacy.services.erasure import candidate_erase

    settings.MEDIA_ROOT = tmp_path
    pool = pool_create(name="Python", by=recruiter)
    lea, zoe = make.candidate(), make.candidate()
    pool_add(pool=pool, candidates=[lea, zoe], by=recruiter)
    candidate_erase(candidate=lea, by=recruiter, reason="Demande de la personne")
    assert list(pool.members.values_list("candidate_id", flat=True)) == [zoe.pk]
