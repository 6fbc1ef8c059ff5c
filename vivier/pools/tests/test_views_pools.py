from __future__ import annotations

import pytest
from django.urls import reverse

from vivier.front.tests.conftest import count_queries  # noqa: F401  (fixture)
from vivier.pools.models import PoolMember, TalentPool
from vivier.pools.services import pool_add, pool_archive, pool_create

HTMX = {"HTTP_HX_REQUEST": "true"}
NB = "\u00a0"  # French typography: a no-break space before a colon, a narrow one inside « »


def q(text: str) -> str:
    return f"«\u202f{text}\u202f»"


def _pool(recruiter, name="Data Lyon", members=()):
    pool = pool_create(name=name, by=recruiter)
    if members:
        pool_add(pool=pool, candidates=members, by=recruiter)
    return pool


def test_it_lists_pools_with_their_size_who_may_be_written_to_and_the_last_addition(
    recruiter_client, recruiter, people
):
    _pool(recruiter, "Data Lyon", [people.contactable(), people.contactable(), people.without_consent()])
    _pool(recruiter, "Vide")
    archived = _pool(recruiter, "Ancien")
    pool_archive(pool=archived, by=recruiter)

    page = recruiter_client.get(reverse("pools:list")).content.decode()
    assert "Data Lyon" in page and "Vide" in page and "Ancien" not in page
    row = page[page.index("Data Lyon") :].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:3]] == ["3", "2"]
    assert "Ancien" in recruiter_client.get(reverse("pools:list"), {"archived": "1"}).content.decode()


def test_it_lists_pools_in_a_fixed_number_of_queries(
    recruiter_client,
    recruiter,
    people,
    django_assert_num_queries,
    count_queries,  # noqa: F811
):
    _pool(recruiter, "A", [people.contactable()])
    url = reverse("pools:list")
    expected = count_queries(recruiter_client, url)
    for name in "BCDE":
        _pool(recruiter, name, [people.contactable(), people.without_consent()])
    with django_assert_num_queries(expected):
        recruiter_client.get(url)


def test_it_says_what_to_do_when_there_is_no_pool(viewer_client):
    page = viewer_client.get(reverse("pools:list")).content.decode()
    assert "Aucun vivier pour l’instant" in page
    assert reverse("pools:create") not in page  # a viewer is not offered to create one


def test_it_creates_edits_and_archives_a_pool_through_the_pages(recruiter_client):
    response = recruiter_client.post(reverse("pools:create"), {"name": "Boomerangs 2026", "description": ""})
    pool = TalentPool.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "pools:detail", args=[pool.public_id]
    )
    again = recruiter_client.post(reverse("pools:create"), {"name": "boomerangs 2026"})
    assert again.status_code == 200 and "Un vivier porte déjà ce nom." in again.content.decode()

    recruiter_client.post(
        reverse("pools:edit", args=[pool.public_id]), {"name": "Boomerangs", "description": "x"}
    )
    pool.refresh_from_db()
    assert pool.name == "Boomerangs"

    recruiter_client.post(reverse("pools:archive", args=[pool.public_id]))
    pool.refresh_from_db()
    assert pool.is_archived
    page = recruiter_client.get(reverse("pools:detail", args=[pool.public_id])).content.decode()
    assert "Archivé" in page and reverse("pools:archive", args=[pool.public_id]) not in page


def test_a_viewer_reads_a_pool_but_changes_nothing(viewer_client, recruiter, make):
    lea = make.candidate(first_name="Léa")
    pool = _pool(recruiter, members=[lea])
    page = viewer_client.get(reverse("pools:detail", args=[pool.public_id])).content.decode()
    assert "Léa" in page
    assert reverse("pools:write", args=[pool.public_id]) not in page
    assert reverse("pools:member_remove", args=[pool.public_id, lea.public_id]) not in page
    assert (
        viewer_client.post(reverse("pools:member_remove", args=[pool.public_id, lea.public_id])).status_code
        == 403
    )
    assert (
        viewer_client.post(reverse("pools:add_one", args=[lea.public_id]), {"new_name": "X"}).status_code
        == 403
    )
    assert PoolMember.objects.count() == 1


def test_it_shows_the_members_with_search_pagination_and_who_may_be_written_to(
    recruiter_client, recruiter, people, make
):
    members = [make.candidate_in_pool(first_name="Membre", last_name=f"N{n:02d}") for n in range(51)]
    stale = people.without_consent(first_name="Ancienne", last_name="Candidate")
    pool = _pool(recruiter, members=[*members, stale])
    url = reverse("pools:detail", args=[pool.public_id])
    page = recruiter_client.get(url).content.decode()
    assert "1–50 sur 52" in page and "Écrire au vivier" in page
    found = recruiter_client.get(url, {"q": "ancienne"}).content.decode()
    assert "Ancienne Candidate" in found and "Membre" not in found
    assert f"Non{NB}: sans consentement" in found


def test_it_shows_a_page_of_members_in_a_fixed_number_of_queries(
    recruiter_client,
    recruiter,
    people,
    django_assert_num_queries,
    count_queries,  # noqa: F811
):
    pool = _pool(recruiter, members=[people.contactable()])
    url = reverse("pools:detail", args=[pool.public_id])
    expected = count_queries(recruiter_client, url)
    pool_add(
        pool=pool,
        candidates=[people.contactable() for _ in range(5)] + [people.without_consent()],
        by=recruiter,
    )
    with django_assert_num_queries(expected):
        recruiter_client.get(url)


def test_it_removes_a_member_with_htmx_and_without(recruiter_client, recruiter, make):
    lea, zoe = make.candidate(), make.candidate()
    pool = _pool(recruiter, members=[lea, zoe])
    url = reverse("pools:member_remove", args=[pool.public_id, lea.public_id])
    row = recruiter_client.post(url, {"context": "row"}, **HTMX)
    assert row.status_code == 200 and row.content == b""
    plain = recruiter_client.post(reverse("pools:member_remove", args=[pool.public_id, zoe.public_id]))
    assert plain.status_code == 302 and plain["Location"] == reverse("pools:detail", args=[pool.public_id])
    assert not PoolMember.objects.exists()


def test_it_adds_a_person_to_a_new_pool_from_their_page_with_htmx(recruiter_client, make):
    lea = make.candidate(first_name="Léa", last_name="Martin")
    url = reverse("pools:add_one", args=[lea.public_id])
    detail = recruiter_client.get(reverse("front:candidate_detail", args=[lea.public_id])).content.decode()
    assert 'id="pools-panel"' in detail and f'hx-post="{url}"' in detail and "Dans aucun vivier" in detail

    panel = recruiter_client.post(url, {"context": "panel", "pool": "", "new_name": "Data Lyon"}, **HTMX)
    body = panel.content.decode()
    assert panel.status_code == 200 and body.lstrip().startswith("<section")
    assert f"Léa Martin a été ajouté·e au vivier {q('Data Lyon')}." in body
    pool = TalentPool.objects.get(name="Data Lyon")
    assert reverse("pools:detail", args=[pool.public_id]) in body
    assert list(pool.members.values_list("candidate", flat=True)) == [lea.pk]

    nothing = recruiter_client.post(url, {"context": "panel", "pool": "", "new_name": ""}, **HTMX)
    assert "Choisissez un vivier ou tapez le nom d’un nouveau." in nothing.content.decode()


def test_it_adds_a_person_to_an_existing_pool_without_javascript(recruiter_client, recruiter, make):
    lea = make.candidate()
    pool = _pool(recruiter, "Data Lyon")
    url = reverse("pools:add_one", args=[lea.public_id])
    page = recruiter_client.get(url)
    assert (
        page.status_code == 200 and "<html" in page.content.decode() and "Data Lyon" in page.content.decode()
    )
    response = recruiter_client.post(url, {"pool": str(pool.public_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("front:candidate_detail", args=[lea.public_id])
    assert pool.members.get().candidate == lea
    followed = recruiter_client.get(response["Location"]).content.decode()
    assert f"a été ajouté·e au vivier {q('Data Lyon')}" in followed


def test_it_adds_the_ticked_people_of_the_candidate_list(recruiter_client, recruiter, make):
    lea, zoe, _bob = make.candidate(first_name="Léa"), make.candidate(first_name="Zoé"), make.candidate()
    pool = _pool(recruiter, "Data Lyon")
    page = recruiter_client.get(reverse("front:candidate_list")).content.decode()
    assert 'form="bulk-pool"' in page and 'id="bulk-pool"' in page
    response = recruiter_client.post(
        reverse("pools:add_many"),
        {
            "scope": "selected",
            "candidate": [str(lea.public_id), str(zoe.public_id), "not-a-uuid"],
            "pool": str(pool.public_id),
            "next": "/candidates/?q=x",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/candidates/?q=x"
    assert set(pool.members.values_list("candidate__first_name", flat=True)) == {"Léa", "Zoé"}
    shown = recruiter_client.get(reverse("front:candidate_list")).content.decode()
    assert f"2 personnes ont été ajoutées au vivier {q('Data Lyon')}." in shown


def test_it_adds_every_result_of_the_search_to_a_new_pool(recruiter_client, make):
    for _ in range(3):
        make.candidate(city="Lyon")
    make.candidate(city="Paris")
    page = recruiter_client.get(reverse("front:candidate_list"), {"city": "Lyon"}).content.decode()
    assert "Ajouter les 3 résultats" in page
    recruiter_client.post(
        reverse("pools:add_many"), {"scope": "all", "city": "Lyon", "pool": "", "new_name": "Lyonnais"}
    )
    assert TalentPool.objects.get(name="Lyonnais").members.count() == 3


def test_it_says_what_is_missing_when_nothing_is_ticked_or_no_pool_chosen(recruiter_client, recruiter, make):
    _pool(recruiter)
    response = recruiter_client.post(reverse("pools:add_many"), {"scope": "selected"}, follow=True)
    assert "Cochez d’abord les personnes à ajouter" in response.content.decode()
    ticked = {"scope": "selected", "candidate": str(make.candidate().public_id), "pool": "", "new_name": " "}
    response = recruiter_client.post(reverse("pools:add_many"), ticked, follow=True)
    assert "Choisissez un vivier ou tapez le nom d’un nouveau." in response.content.decode()
    assert not PoolMember.objects.exists()


@pytest.mark.parametrize("client_name", ["viewer_client"])
def test_a_viewer_sees_no_pool_actions_on_candidate_pages(request, client_name, make):
    client = request.getfixturevalue(client_name)
    lea = make.candidate()
    listing = client.get(reverse("front:candidate_list")).content.decode()
    assert 'id="bulk-pool"' not in listing and 'form="bulk-pool"' not in listing
    detail = client.get(reverse("front:candidate_detail", args=[lea.public_id])).content.decode()
    assert 'id="pools-panel"' in detail and reverse("pools:add_one", args=[lea.public_id]) not in detail
    assert reverse("pools:compose", args=[lea.public_id]) not in detail
