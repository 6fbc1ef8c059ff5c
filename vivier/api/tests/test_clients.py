from __future__ import annotations

from vivier.api.tests.conftest import assert_error, uuid_str, warm_up
from vivier.talent.models import Client, Event, EventKind


def test_it_creates_a_client(api):
    response = api.post("/clients", {"name": "  Boulangerie   Dupont ", "city": "Lyon"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Boulangerie Dupont"
    assert set(body) == {"id", "name", "sector", "city", "notes", "created_at"}
    client = Client.objects.get(public_id=body["id"])
    assert Event.objects.filter(kind=EventKind.CLIENT_CREATED, client=client).exists()


def test_it_refuses_a_client_without_a_name(api):
    assert_error(api.post("/clients", {"name": ""}), 400, "invalid", "name")
    assert_error(api.post("/clients", {}), 400, "invalid", "name")


def test_it_answers_409_naming_the_existing_client(api, make):
    existing = make.client("Acme")
    error = assert_error(api.post("/clients", {"name": "ACME"}), 409, "duplicate_client")
    assert error["existing_id"] == str(existing.public_id)


def test_it_lists_clients_by_name(api, make):
    make.client("Zèbre")
    make.client("Acme")
    body = api.get("/clients").json()
    assert [c["name"] for c in body["items"]] == ["Acme", "Zèbre"]
    assert body["count"] == 2 and body["next"] is None
    assert [c["name"] for c in api.get("/clients", {"q": "zè"}).json()["items"]] == ["Zèbre"]


def test_it_paginates_clients_with_an_absolute_next_link(api, make):
    for i in range(5):
        make.client(f"Client {i}")
    body = api.get("/clients", {"page_size": 2, "q": "client"}).json()
    assert body["count"] == 5 and len(body["items"]) == 2
    assert body["next"].startswith("http://testserver/api/v1/clients?")
    assert "page=2" in body["next"] and "page_size=2" in body["next"] and "q=client" in body["next"]
    last = api.get("/clients", {"page_size": 2, "page": 3}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_it_lists_clients_in_constant_queries(api, make, django_assert_num_queries):
    for _ in range(2):
        make.client()
    warm_up(api, "/clients")
    with django_assert_num_queries(3):  # token, count, page
        assert len(api.get("/clients").json()["items"]) == 2
    for _ in range(8):
        make.client()
    with django_assert_num_queries(3):
        assert len(api.get("/clients").json()["items"]) == 10


def test_it_shows_and_updates_a_client(api, make):
    client = make.client("Acme")
    assert api.get(f"/clients/{client.public_id}").json()["name"] == "Acme"
    response = api.patch(f"/clients/{client.public_id}", {"sector": "BTP"})
    assert response.status_code == 200 and response.json()["sector"] == "BTP"
    assert_error(api.patch(f"/clients/{client.public_id}", {"name": None}), 400, "invalid", "name")
    assert_error(api.get(f"/clients/{uuid_str()}"), 404, "not_found")
