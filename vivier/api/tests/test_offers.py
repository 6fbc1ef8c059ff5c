from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vivier.api.tests.conftest import assert_error, uuid_str
from vivier.outreach.models import Message
from vivier.talent.models import Decline, DeclineReason, Offer, OfferStatus


def _offer(application, **fields) -> dict:
    return {
        "application_id": str(application.public_id),
        "salary": 45000,
        "remote_days_per_week": 2,
        "start_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        **fields,
    }


def _decline(**fields) -> dict:
    return {
        "kind": "declined_by_candidate",
        "reasons": ["salary", "remote_policy"],
        "primary_reason": "salary",
        **fields,
    }


def test_it_makes_an_offer(api, make):
    application = make.application(job=make.job(contract_type="cdd"))
    response = api.post("/offers", _offer(application, notes="Prime sur objectifs"))
    assert response.status_code == 201
    body = response.json()
    assert (body["salary"], body["currency"], body["contract_type"]) == (45000, "EUR", "cdd")
    assert body["application_id"] == str(application.public_id)
    assert body["candidate_id"] == str(application.candidate.public_id)
    assert body["job_id"] == str(application.job.public_id)
    assert body["status"] == "open" and body["decline_id"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("salary", 0),
        ("salary", -5),
        ("salary", "45k"),
        ("remote_days_per_week", 6),
        ("start_date", "26/11/2026"),
        ("contract_type", "forever"),
        ("currency", "EURO"),
    ],
)
def test_it_refuses_a_bad_offer(api, make, field, value):
    assert_error(api.post("/offers", _offer(make.application(), **{field: value})), 400, "invalid", field)
    assert not Offer.objects.exists()


def test_it_answers_409_when_an_offer_is_already_open(api, make):
    offer = make.offer()
    assert_error(api.post("/offers", _offer(offer.application)), 409, "offer_open")


def test_it_answers_404_to_an_unknown_application(api):
    assert_error(
        api.post("/offers", {"application_id": uuid_str(), "salary": 40000}),
        404,
        "not_found",
        "application_id",
    )


def test_it_shows_an_offer(api, make):
    offer = make.offer()
    assert api.get(f"/offers/{offer.public_id}").json()["id"] == str(offer.public_id)


def test_it_accepts_an_offer_once(api, make):
    offer = make.offer()
    response = api.post(f"/offers/{offer.public_id}/accept")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert_error(api.post(f"/offers/{offer.public_id}/accept"), 409, "offer_closed")
    assert_error(api.post(f"/offers/{offer.public_id}/decline", _decline()), 409, "offer_closed")


def test_it_records_a_decline(api, make):
    offer = make.offer()
    recontact = timezone.localdate() + dt.timedelta(days=120)
    response = api.post(
        f"/offers/{offer.public_id}/decline",
        _decline(
            detail="Le télétravail ne suffisait pas",
            counter_offer=True,
            open_to_future="yes",
            recontact_after=recontact.isoformat(),
            competing_offer={"employer": "Rival SA", "salary": 52000, "remote_days_per_week": 3},
        ),
    )
    assert response.status_code == 201
    body = response.json()
    # The cadence planned in the decline's transaction (details in vivier/outreach/tests/test_cadence.py).
    kinds = [m["kind"] for m in body["scheduled_messages"]]
    assert kinds[:2] == ["thank_you", "stay_in_touch"] and "check_in" in kinds
    assert {m["id"] for m in body["scheduled_messages"]} == {
        str(m.public_id) for m in Message.objects.filter(cadence_key__startswith="decline:")
    }
    decline = Decline.objects.get(public_id=body["decline_id"])
    assert decline.primary_reason.code == "salary"
    assert sorted(r.code for r in decline.reasons.all()) == ["remote_policy", "salary"]
    assert (decline.competing_employer, decline.competing_salary, decline.competing_remote_days) == (
        "Rival SA",
        52000,
        3,
    )
    assert decline.recontact_after == recontact and decline.counter_offer
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.DECLINED


def test_it_answers_409_when_declining_a_closed_offer(api, make):
    offer = make.offer()
    assert api.post(f"/offers/{offer.public_id}/decline", _decline()).status_code == 201
    assert_error(api.post(f"/offers/{offer.public_id}/decline", _decline()), 409, "offer_closed")
    assert Decline.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reasons": ["salary", "astrology"]}, "reasons"),
        ({"reasons": []}, "reasons"),
        ({"reasons": ["salary"], "primary_reason": "timing"}, "primary_reason"),
        ({"primary_reason": "astrology"}, "primary_reason"),
        ({"kind": "ghosted"}, "kind"),
        ({"open_to_future": "maybe"}, "open_to_future"),
        ({"recontact_after": "2000-01-01"}, "recontact_after"),
        ({"competing_offer": {"remote_days_per_week": 7}}, "competing_offer.remote_days_per_week"),
        ({"competing_offer": {"salary": 0}}, "competing_offer.salary"),
        ({"competing_offer": {"employer": "x" * 100_000}}, "competing_offer.employer"),
        ({"detail": "x" * 100_000}, "detail"),
        ({"reasons": ["x" * 100_000], "primary_reason": "x"}, "reasons"),
        ({"counter_offer": "sometimes"}, "counter_offer"),
    ],
)
def test_it_refuses_a_bad_decline(api, make, fields, field):
    offer = make.offer()
    assert_error(api.post(f"/offers/{offer.public_id}/decline", _decline(**fields)), 400, "invalid", field)
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.OPEN


def test_it_refuses_a_reason_no_longer_in_use(api, make):
    DeclineReason.objects.filter(code="timing").update(active=False)
    offer = make.offer()
    assert_error(
        api.post(f"/offers/{offer.public_id}/decline", _decline(reasons=["timing"], primary_reason="timing")),
        400,
        "invalid",
        "reasons",
    )


def test_it_answers_404_to_an_unknown_offer(api):
    assert_error(api.post(f"/offers/{uuid_str()}/decline", _decline()), 404, "not_found")
    assert_error(api.post(f"/offers/{uuid_str()}/accept"), 404, "not_found")
