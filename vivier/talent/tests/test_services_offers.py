import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from vivier.errors import Conflict
from vivier.talent.models import ApplicationStatus, Decline, Event, EventKind, OfferStatus
from vivier.talent.services import offer_accept, offer_decline, reasons_from_codes

pytestmark = pytest.mark.django_db


def test_it_records_a_decline_with_a_snapshot_and_an_event(make):
    candidate = make.candidate(salary_expectation=52000, remote_preference="hybrid")
    offer = make.offer(make.application(candidate=candidate), salary=45000, remote_days_per_week=1)
    decline = make.decline(
        offer,
        codes=("salary", "remote_policy"),
        primary="salary",
        competing_employer="Acme",
        competing_salary=50000,
        competing_remote_days=3,
    )

    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.application.status == ApplicationStatus.DECLINED
    assert decline.offered_salary == 45000 and decline.expected_salary == 52000
    assert decline.expected_remote == "hybrid" and decline.offered_remote_days == 1
    assert decline.salary_gap_pct == -13.5
    assert sorted(r.code for r in decline.reasons.all()) == ["remote_policy", "salary"]
    event = Event.objects.get(kind=EventKind.OFFER_DECLINED)
    assert event.candidate == candidate
    assert event.data["reasons"] == ["salary", "remote_policy"]


def test_it_refuses_a_primary_reason_outside_the_reasons(make):
    offer = make.offer()
    reasons = reasons_from_codes(["salary"])
    other = reasons_from_codes(["timing"])[0]
    with pytest.raises(ValidationError) as exc:
        offer_decline(by=make.by, offer=offer, kind="declined_by_candidate", reasons=reasons, primary=other)
    assert "primary_reason" in exc.value.message_dict
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert not Decline.objects.exists()


def test_it_refuses_unknown_reason_codes():
    with pytest.raises(ValidationError) as exc:
        reasons_from_codes(["salary", "astrology"])
    assert "astrology" in str(exc.value.message_dict["reasons"])


def test_it_refuses_to_decline_a_closed_offer(make):
    offer = make.offer()
    offer_accept(by=make.by, offer=offer)
    with pytest.raises(Conflict) as exc:
        make.decline(offer)
    assert exc.value.code == "offer_closed"
    assert not Decline.objects.exists()


def test_it_refuses_a_recontact_date_in_the_past(make):
    with pytest.raises(ValidationError) as exc:
        make.decline(recontact_after=dt.date(2020, 1, 1))
    assert "recontact_after" in exc.value.message_dict
