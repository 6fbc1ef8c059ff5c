from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vivier.front.tests.conftest import count_queries  # noqa: F401  (fixture)
from vivier.pools.audience import Audience
from vivier.pools.models import Segment
from vivier.pools.services import campaign_create, segment_create, segment_update

LINK = re.compile(r'href="/candidates/([0-9a-f-]{36})/"')


def _ids(html: str) -> set[str]:
    return set(LINK.findall(html))


@pytest.fixture
def varied(make):
    """A small pool where each filter of the candidate list keeps a different set of people."""
    lyon_py = make.candidate(city="Lyon", headline="Développeuse Python", remote_preference="remote")
    make.candidate(city="Lyon", headline="Comptable", language="en")
    make.candidate(city="Paris", headline="Développeur Python", remote_preference="hybrid")
    make.candidate(city="Paris", headline="Data engineer Python", language="en")
    make.decline(make.offer(make.application(candidate=lyon_py)))
    return lyon_py


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"q": "python"},
        {"city": "Lyon"},
        {"q": "python", "city": "Paris"},
        {"remote_preference": "remote"},
        {"language": "en"},
        {"declined": "yes"},
        {"declined": "no", "q": "pyth"},
    ],
)
def test_a_segment_shows_what_the_candidate_list_shows_for_the_same_filters(
    recruiter_client, recruiter, varied, filters
):
    segment = segment_create(name="Mon segment", filters=filters, by=recruiter)
    listed = _ids(recruiter_client.get(reverse("front:candidate_list"), filters).content.decode())
    shown = _ids(
        recruiter_client.get(reverse("pools:segment_detail", args=[segment.public_id])).content.decode()
    )
    assert shown == listed
    assert listed  # every case here selects somebody, so the comparison means something


def test_it_saves_the_search_of_the_candidate_list_as_a_segment(recruiter_client, varied):
    page = recruiter_client.get(reverse("front:candidate_list"), {"city": "Lyon", "declined": "yes"})
    body = page.content.decode()
    assert "Enregistrer cette recherche comme segment" in body
    assert '<input type="hidden" name="city" value="Lyon">' in body
    response = recruiter_client.post(
        reverse("pools:segment_create"),
        {"name": "Refus lyonnais", "city": "Lyon", "declined": "yes", "q": ""},
    )
    segment = Segment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pools:segment_detail", args=[segment.public_id])
    assert segment.filters == {"city": "Lyon", "declined": "yes"}
    again = recruiter_client.post(
        reverse("pools:segment_create"), {"name": "refus lyonnais", "city": "Paris"}
    )
    assert "Un segment porte déjà ce nom." in again.content.decode()


def test_it_offers_to_save_a_search_without_javascript(recruiter_client):
    page = recruiter_client.get(reverse("pools:segment_create"), {"q": "python", "language": "en"})
    body = page.content.decode()
    assert page.status_code == 200 and "<html" in body
    assert '<input type="hidden" name="q" value="python">' in body


def test_a_segment_whose_filters_no_longer_validate_says_so_instead_of_crashing(recruiter_client, recruiter):
    segment = Segment.objects.create(
        name="Ancien", filters={"remote_preference": "telepathy", "colour": "blue", "q": 3}
    )
    page = recruiter_client.get(reverse("pools:segment_detail", args=[segment.public_id]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Les filtres de ce segment ne sont plus valides" in body
    assert (
        "La valeur «\u202ftelepathy\u202f» du filtre «\u202fremote_preference\u202f» n’est plus valide."
        in body
    )
    assert "Le filtre «\u202fcolour\u202f» n’existe plus." in body
    write = recruiter_client.get(reverse("pools:segment_write", args=[segment.public_id])).content.decode()
    assert "Les filtres de ce segment ne sont plus valides" in write and 'name="subject"' not in write
    with pytest.raises(ValidationError):
        campaign_create(
            audience=Audience.of_segment(segment),
            subject="Bonjour",
            body_text="Texte",
            language="fr",
            by=recruiter,
        )
    with pytest.raises(ValidationError):
        segment_create(name="Autre", filters={"language": "klingon"}, by=recruiter)


def test_it_updates_a_segment_from_the_candidate_list_renames_and_deletes_it(recruiter_client, recruiter):
    segment = segment_create(name="Lyon", filters={"city": "Lyon"}, by=recruiter)
    detail = recruiter_client.get(reverse("pools:segment_detail", args=[segment.public_id])).content.decode()
    assert f"/candidates/?city=Lyon&amp;segment={segment.public_id}" in detail
    listing = recruiter_client.get(
        reverse("front:candidate_list"), {"city": "Paris", "segment": str(segment.public_id)}
    )
    assert "Mettre à jour le segment «\u202fLyon\u202f» avec cette recherche" in listing.content.decode()
    recruiter_client.post(
        reverse("pools:segment_edit", args=[segment.public_id]), {"update_search": "1", "city": "Paris"}
    )
    segment.refresh_from_db()
    assert segment.filters == {"city": "Paris"} and segment.name == "Lyon"
    recruiter_client.post(reverse("pools:segment_edit", args=[segment.public_id]), {"name": "Paris"})
    segment.refresh_from_db()
    assert segment.name == "Paris"
    recruiter_client.post(reverse("pools:segment_delete", args=[segment.public_id]))
    assert not Segment.objects.exists()


def test_it_lists_segments_in_a_fixed_number_of_queries(
    viewer_client,
    recruiter,
    django_assert_num_queries,
    count_queries,  # noqa: F811
):
    segment_create(name="S0", filters={"q": "python"}, by=recruiter)
    url = reverse("pools:segment_list")
    expected = count_queries(viewer_client, url)
    for n in range(1, 6):
        segment_create(name=f"S{n}", filters={"city": f"Ville{n}"}, by=recruiter)
    with django_assert_num_queries(expected):
        body = viewer_client.get(url).content.decode()
    # The filter as the list's form labels it, not as its GET parameter ("city = Ville5").
    assert "S5" in body and "Ville\u00a0: Ville5" in body


def test_a_viewer_reads_a_segment_but_cannot_save_change_or_write_to_it(viewer_client, recruiter, varied):
    segment = segment_create(name="Lyon", filters={"city": "Lyon"}, by=recruiter)
    page = viewer_client.get(reverse("pools:segment_detail", args=[segment.public_id])).content.decode()
    assert varied.full_name in page and reverse("pools:segment_write", args=[segment.public_id]) not in page
    assert viewer_client.post(reverse("pools:segment_create"), {"name": "X"}).status_code == 403
    assert viewer_client.post(reverse("pools:segment_delete", args=[segment.public_id])).status_code == 403
    assert (
        "Enregistrer cette recherche"
        not in viewer_client.get(reverse("front:candidate_list"), {"q": "a"}).content.decode()
    )


def test_segment_update_keeps_a_valid_search(recruiter):
    segment = segment_create(name="Lyon", filters={"city": "Lyon"}, by=recruiter)
    with pytest.raises(ValidationError):
        segment_update(segment=segment, by=recruiter, filters={"declined": "maybe"})
    segment.refresh_from_db()
    assert segment.filters == {"city": "Lyon"}
