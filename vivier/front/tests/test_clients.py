import datetime as dt

import pytest
from django.urls import reverse

from vivier.talent.models import Client
from vivier.talent.services import exclusion_create

pytestmark = pytest.mark.django_db


def test_it_lists_clients_with_their_open_jobs(recruiter_client, viewer_client, make):
    acme = make.client(name="Acme", sector="Industrie")
    make.job(client=acme)
    make.job(client=acme, status="filled")
    for http in (recruiter_client, viewer_client):
        response = http.get(reverse("front:client_list"))
        assert response.status_code == 200
        assert "Acme" in response.content.decode()
    page = recruiter_client.get(reverse("front:client_list")).content.decode()
    assert f"?client={acme.public_id}&amp;status=open" in page


def test_it_sends_an_outsider_to_the_login_page(outsider, make):
    client = make.client()
    for url in (reverse("front:client_list"), reverse("front:client_detail", args=[client.public_id])):
        response = outsider.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_searches_clients(recruiter_client, make):
    make.client(name="Boulangerie Martin")
    make.client(name="Garage Durand")
    page = recruiter_client.get(reverse("front:client_list"), {"q": "boulan"}).content.decode()
    assert "Boulangerie Martin" in page and "Garage Durand" not in page


def test_it_lists_clients_in_a_fixed_number_of_queries(
    recruiter_client, make, count_queries, django_assert_num_queries
):
    for _ in range(2):
        make.job(client=make.client())
    url = reverse("front:client_list")
    expected = count_queries(recruiter_client, url)
    for _ in range(8):
        make.job(client=make.client())
    with django_assert_num_queries(expected):
        recruiter_client.get(url)


def test_it_creates_and_edits_a_client(recruiter_client):
    response = recruiter_client.post(
        reverse("front:client_create"), {"name": "Acme", "sector": "", "city": "", "notes": ""}
    )
    client = Client.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "front:client_detail", args=[client.public_id]
    )
    url = reverse("front:client_edit", args=[client.public_id])
    assert "Acme" in recruiter_client.get(url).content.decode()
    assert recruiter_client.post(url, {"name": "Acme SAS", "city": "Lyon"}).status_code == 302
    client.refresh_from_db()
    assert client.name == "Acme SAS" and client.city == "Lyon"


def test_it_refuses_a_duplicate_client_name(recruiter_client, make):
    make.client(name="Acme")
    response = recruiter_client.post(reverse("front:client_create"), {"name": "ACME"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Client.objects.count() == 1


def test_it_shows_the_client_page_with_jobs_and_exclusions(recruiter_client, viewer_client, make):
    client = make.client(name="Vexée SA")
    make.job(client=client, title="Acheteur")
    candidate = make.candidate(first_name="Paul")
    exclusion_create(
        by=make.by,
        candidate=candidate,
        client=client,
        reason="Client vexé",
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )
    for http in (recruiter_client, viewer_client):
        page = http.get(reverse("front:client_detail", args=[client.public_id])).content.decode()
        assert "Acheteur" in page and "Paul" in page and "Client vexé" in page


def test_it_shows_the_client_page_in_a_fixed_number_of_queries(recruiter_client, make, count_queries):
    client = make.client()
    for _ in range(2):
        make.application(job=make.job(client=client))
    url = reverse("front:client_detail", args=[client.public_id])
    expected = count_queries(recruiter_client, url)
    for _ in range(8):
        make.application(job=make.job(client=client))
    assert count_queries(recruiter_client, url) == expected


def test_it_refuses_writes_to_a_viewer(viewer_client, make):
    client = make.client(name="Acme")
    assert viewer_client.post(reverse("front:client_create"), {"name": "Other"}).status_code == 403
    assert (
        viewer_client.post(reverse("front:client_edit", args=[client.public_id]), {"name": "X"}).status_code
        == 403
    )
    assert list(Client.objects.values_list("name", flat=True)) == ["Acme"]


def test_it_renders_html_in_a_client_inert(recruiter_client, make):
    client = make.client(name="<i>Acme</i>", notes="<script>x()</script>")
    for url in (reverse("front:client_list"), reverse("front:client_detail", args=[client.public_id])):
        page = recruiter_client.get(url).content.decode()
        assert "<i>Acme</i>" not in page and "<script>x()" not in page
