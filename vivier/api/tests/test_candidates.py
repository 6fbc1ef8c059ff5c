from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vivier.api.tests.conftest import assert_error, uuid_str, warm_up
from vivier.talent import services
from vivier.talent.models import Candidate


def _person(**fields) -> dict:
    return {"first_name": "Léa", "last_name": "Roux", "email": "Lea.Roux@Exemple.fr", **fields}


def test_it_creates_a_candidate_in_canonical_form(api):
    response = api.post(
        "/candidates",
        _person(
            phone="06 12 34 56 78",
            linkedin_url="linkedin.com/in/Lea-Roux/",
            skills=["Python", " python ", "SQL"],
            languages=["français", "anglais"],
            salary_expectation=48000,
            remote_preference="hybrid",
            language="en",
            city="Lyon",
            headline="Développeuse back-end",
        ),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "lea.roux@exemple.fr"
    assert body["phone"] == "+33612345678"
    assert body["linkedin_url"] == "https://www.linkedin.com/in/lea-roux"
    assert body["skills"] == ["Python", "SQL"]
    assert (body["salary_expectation"], body["currency"]) == (48000, "EUR")
    assert (body["remote_preference"], body["language"]) == ("hybrid", "en")
    assert "created_by" not in body and "id" in body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "pas-un-email"),
        ("email", ""),
        ("phone", "12"),
        ("phone", "not a phone"),
        ("linkedin_url", "https://exemple.fr/lea"),
    ],
)
def test_it_refuses_an_invalid_contact(api, field, value):
    assert_error(api.post("/candidates", _person(**{field: value})), 400, "invalid", field)
    assert not Candidate.objects.exists()


def test_it_reports_every_invalid_contact_at_once(api):
    assert_error(api.post("/candidates", _person(email="x", phone="12")), 400, "invalid", "email", "phone")


def test_it_answers_409_naming_the_candidate_with_the_same_email(api, make):
    existing = make.candidate(email="lea.roux@exemple.fr")
    error = assert_error(
        api.post("/candidates", _person(email="LEA.ROUX@exemple.fr")), 409, "duplicate_candidate", "email"
    )
    assert error["existing_id"] == str(existing.public_id)
    assert error["field"] == "email"


def test_it_refuses_a_duplicate_email_even_when_duplicates_are_allowed(api, make):
    make.candidate(email="lea.roux@exemple.fr")
    response = api.http.post(
        "/api/v1/candidates?allow_duplicate=true",
        _person(),
        content_type="application/json",
        headers=api._headers(),
    )
    assert_error(response, 409, "duplicate_candidate")


def test_it_answers_409_to_the_same_linkedin_profile_unless_allowed(api, make):
    existing = make.candidate(linkedin_url="https://www.linkedin.com/in/lea-roux")
    same = _person(linkedin_url="https://fr.linkedin.com/in/Lea-Roux/")
    error = assert_error(api.post("/candidates", same), 409, "duplicate_candidate", "linkedin_url")
    assert error["existing_id"] == str(existing.public_id)
    response = api.http.post(
        "/api/v1/candidates?allow_duplicate=true",
        same,
        content_type="application/json",
        headers=api._headers(),
    )
    assert response.status_code == 201
    assert Candidate.objects.count() == 2


def test_it_creates_a_person_sharing_a_phone_and_names_the_other_for_review(api, make):
    # A switchboard: a shared phone alone is a possible duplicate, never a refusal (it used to answer 409).
    standard = make.candidate(first_name="Marc", last_name="Blanc", phone="+33140000000")
    response = api.post("/candidates", _person(phone="01 40 00 00 00"))
    assert response.status_code == 201
    [warning] = response.json()["warnings"]
    assert warning["code"] == "possible_duplicate" and warning["candidate_id"] == str(standard.public_id)
    assert "Marc Blanc" in warning["message"]
    assert Candidate.objects.filter(phone="+33140000000").count() == 2


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0692 12 34 56", "+262692123456"),  # Réunion
        ("0639 01 23 45", "+262639012345"),  # Mayotte
        ("06 90 12 34 56", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0694 12 34 56", "+594694123456"),  # Guyane
    ],
)
def test_it_stores_overseas_numbers_in_their_own_country_code(api, written, stored):
    response = api.post("/candidates", _person(phone=written))
    assert response.status_code == 201
    assert (response.json()["phone"], response.json()["warnings"]) == (stored, [])


def test_it_keeps_a_number_it_cannot_verify_as_written_and_says_so(api):
    response = api.post(
        "/candidates", _person(phone="0691 12 34 56")
    )  # not in phonenumbers' Guadeloupe ranges
    assert response.status_code == 201
    body = response.json()
    assert body["phone"] == "0691 12 34 56"
    assert [w["code"] for w in body["warnings"]] == ["phone_unverified"]
    assert Candidate.objects.get().phone == "0691 12 34 56"
    patched = api.patch(f"/candidates/{body['id']}", {"phone": "06 12 34 56 78 poste 12"}).json()
    assert patched["phone"] == "06 12 34 56 78 poste 12"
    assert [w["code"] for w in patched["warnings"]] == ["phone_unverified"]


def test_it_refuses_an_erased_persons_email_unless_confirmed(api, make):
    from vivier.privacy.services import candidate_erase

    gone = make.candidate(email="lea.roux@exemple.fr")
    candidate_erase(candidate=gone, by=make.by, reason="Demande de la personne")
    error = assert_error(api.post("/candidates", _person()), 409, "erased_candidate", "email")
    assert "effacée du vivier" in error["message"]  # French, the default language
    assert not Candidate.objects.filter(email="lea.roux@exemple.fr").exists()
    response = api.http.post(
        "/api/v1/candidates?allow_erased=true",
        _person(),
        content_type="application/json",
        headers=api._headers(),
    )
    assert response.status_code == 201
    assert Candidate.objects.filter(email="lea.roux@exemple.fr").exists()


def test_it_searches_the_full_text(api, make):
    dev = make.candidate(first_name="Inès", headline="Développeuse Django", city="Lyon")
    make.candidate(headline="Comptable", city="Lyon")
    body = api.get("/candidates", {"q": "dév djan"}).json()
    assert [c["id"] for c in body["items"]] == [str(dev.public_id)]
    assert api.get("/candidates", {"q": "'; DROP TABLE talent_candidate; --"}).status_code == 200
    assert api.get("/candidates", {"q": '"*)( OR NEAR'}).status_code == 200


def test_it_filters_candidates(api, make):
    lyon = make.candidate(city="Lyon", remote_preference="remote", language="en")
    make.candidate(city="Paris")
    declined = make.decline().candidate
    assert [c["id"] for c in api.get("/candidates", {"city": "lyon"}).json()["items"]] == [
        str(lyon.public_id)
    ]
    assert api.get("/candidates", {"remote_preference": "remote"}).json()["count"] == 1
    assert api.get("/candidates", {"language": "en"}).json()["count"] == 1
    assert [c["id"] for c in api.get("/candidates", {"declined": "true"}).json()["items"]] == [
        str(declined.public_id)
    ]
    assert api.get("/candidates", {"declined": "false"}).json()["count"] == 2


@pytest.mark.parametrize(
    "params", [{"page_size": 0}, {"page_size": 201}, {"page_size": "many"}, {"page": 0}, {"page": -1}]
)
def test_it_answers_400_to_a_page_out_of_range(api, params):
    error = assert_error(api.get("/candidates", params), 400, "invalid")
    assert set(error["fields"]) <= {"page", "page_size"} and error["fields"]


def test_it_paginates_newest_activity_first(api, make):
    people = [make.candidate() for _ in range(5)]
    first = api.get("/candidates", {"page_size": 2}).json()
    assert first["count"] == 5
    assert [c["id"] for c in first["items"]] == [str(p.public_id) for p in people[::-1][:2]]
    second = api.http.get(first["next"], headers=api._headers()).json()
    assert [c["id"] for c in second["items"]] == [str(p.public_id) for p in people[::-1][2:4]]
    assert api.get("/candidates", {"page_size": 200}).json()["next"] is None


def test_it_lists_candidates_in_constant_queries(api, make, django_assert_num_queries):
    for _ in range(2):
        make.candidate(skills=["Python"])
    warm_up(api, "/candidates")
    with django_assert_num_queries(3):
        assert len(api.get("/candidates").json()["items"]) == 2
    for _ in range(8):
        make.candidate(skills=["Python"])
    with django_assert_num_queries(3):
        assert len(api.get("/candidates", {"q": "python", "declined": "false"}).json()["items"]) == 10


def test_it_shows_the_whole_profile(api, make):
    decline = make.decline(
        codes=("salary", "remote_policy"),
        primary="remote_policy",
        competing_employer="Rival",
        competing_salary=52000,
        competing_remote_days=3,
        counter_offer=True,
        recontact_after=timezone.localdate() + dt.timedelta(days=90),
        open_to_future="yes",
    )
    candidate = decline.candidate
    services.exclusion_create(
        by=make.by,
        candidate=candidate,
        client=make.client("Vexé"),
        reason="A refusé deux fois",
        expires_on=timezone.localdate() + dt.timedelta(days=180),
    )
    response = api.get(f"/candidates/{candidate.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(candidate.public_id) and body["email"] == candidate.email
    assert body["consents"] == [
        {"purpose": "talent_pool", "status": "none"},
        {"purpose": "job_alerts", "status": "none"},
        {"purpose": "survey", "status": "none"},
    ]
    [application] = body["applications"]
    assert application["status"] == "declined"
    assert application["offers"][0]["decline_id"] == str(decline.public_id)
    [d] = body["declines"]
    assert d["id"] == str(decline.public_id)
    assert sorted(d["reasons"]) == ["remote_policy", "salary"] and d["primary_reason"] == "remote_policy"
    assert d["kind"] == "declined_by_candidate" and d["open_to_future"] == "yes"
    assert d["competing_offer"] == {"employer": "Rival", "salary": 52000, "remote_days_per_week": 3}
    assert d["counter_offer"] is True
    assert d["offer"]["salary"] == 45000 and d["offer"]["currency"] == "EUR"
    assert d["offer_id"] == application["offers"][0]["id"]
    [e] = body["exclusions"]
    assert e["client"]["name"] == "Vexé" and e["active"] is True
    kinds = [event["kind"] for event in body["timeline"]]
    assert kinds[0] == "exclusion.added" and "offer.declined" in kinds and kinds[-1] == "candidate.created"


def test_it_shows_a_profile_in_constant_queries(api, make, django_assert_num_queries):
    candidate = make.candidate()
    make.decline(offer=make.offer(application=make.application(candidate=candidate)))
    warm_up(api, f"/candidates/{candidate.public_id}")
    # token, candidate, applications, their offers, declines, their reasons, exclusions, timeline, consents,
    # and the audit entry of the profile view (savepoint, insert, release)
    with django_assert_num_queries(12):
        api.get(f"/candidates/{candidate.public_id}")
    for _ in range(3):
        make.decline(
            offer=make.offer(application=make.application(candidate=candidate)), codes=("salary", "timing")
        )
    with django_assert_num_queries(12):
        assert len(api.get(f"/candidates/{candidate.public_id}").json()["declines"]) == 4


def test_it_updates_a_candidate(api, make):
    candidate = make.candidate(salary_expectation=40000)
    response = api.patch(
        f"/candidates/{candidate.public_id}",
        {"city": "Nantes", "salary_expectation": None, "phone": "+33 6 12 34 56 78"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["city"], body["salary_expectation"], body["phone"]) == ("Nantes", None, "+33612345678")


def test_it_refuses_an_update_to_another_candidates_email(api, make):
    other = make.candidate(email="pris@exemple.fr")
    candidate = make.candidate()
    error = assert_error(
        api.patch(f"/candidates/{candidate.public_id}", {"email": "PRIS@exemple.fr"}),
        409,
        "duplicate_candidate",
    )
    assert error["existing_id"] == str(other.public_id)


def test_it_refuses_bad_updates(api, make):
    candidate = make.candidate()
    path = f"/candidates/{candidate.public_id}"
    assert_error(api.patch(path, {"first_name": None}), 400, "invalid", "first_name")
    assert_error(api.patch(path, {"email": "nope"}), 400, "invalid", "email")
    assert_error(api.patch(path, {"do_not_contact": True}), 400, "invalid", "do_not_contact")
    assert_error(api.patch(f"/candidates/{uuid_str()}", {"city": "Lyon"}), 404, "not_found")
