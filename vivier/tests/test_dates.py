"""Every date and date-time Vivier is given (page filters, form fields, API parameters and bodies) answers a
clear refusal for any value, the extremes included: a field error on pages and forms, the API's 400 naming the
field. Never a 500 (vivier/dates.py: one range, 1900-01-01 … 2200-12-31)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vivier.api.tests.conftest import Api, assert_error
from vivier.dates import EARLIEST, LATEST, ApiDate, DateField, in_range, range_message, validate_in_range

pytestmark = pytest.mark.django_db

# The extremes Python still parses, a huge year, and what is no date at all.
BAD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2201-01-01",
    "99999-01-01",
    "0",
    "garbage",
    "2025-02-30",
]
BAD_MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "1899-12-31T23:59", "0", "garbage"]
OUT_OF_RANGE = ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"]
RANGE_ERROR = ("01/01/1900", "31/12/2200")  # the message names the range, dd/mm/yyyy in both languages


@pytest.fixture
def world(make):
    """A person with an application, an offer, a scheduled message: what the forms and routes write to."""
    from vivier.outreach.services import message_schedule

    candidate = make.candidate_in_pool()
    application = make.application(candidate=candidate)
    offer = make.offer(application)
    message = message_schedule(
        candidate=candidate,
        kind="check_in",
        subject="Des nouvelles ?",
        body_text="Bonjour.",
        due_at=timezone.now() + dt.timedelta(days=10),
        by=make.by,
    )
    return {"candidate": candidate, "application": application, "offer": offer, "message": message}


def _refused(response, *names: str) -> None:
    """A page or form: answered (never 500), with the field's error shown."""
    assert response.status_code < 500, response.status_code
    if response.status_code in (301, 302, 303):
        return  # a form posted from another page: the error went as a message (checked where it matters)
    page = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    assert "is-invalid" in page or "invalid-feedback" in page or "errorlist" in page, names


# --- pages read with GET ------------------------------------------------------------------------------

PAGES = [
    ("insights:dashboard", (), {}),
    ("insights:declines", (), {}),
    ("insights:messages", (), {}),
    ("insights:returns", (), {}),
    ("insights:placements", (), {}),
    ("surveys:results", (), {}),
]
FILES = [
    ("insights:declines", (), {"format": "csv"}),
    ("insights:export", ("client",), {}),
    ("insights:export", ("summary",), {}),
    ("insights:export", ("month",), {}),
    ("insights:export_xlsx", ("reasons",), {}),
    ("exports:declines_csv", (), {}),
    ("exports:declines_xlsx", (), {}),
    ("surveys:results_csv", ("clients",), {}),
]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize(("name", "args", "extra"), PAGES)
def test_a_page_shows_the_error_of_a_bad_period(recruiter_client, make, name, args, extra, param, value):
    response = recruiter_client.get(reverse(name, args=args), {param: value, **extra})
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "is-invalid" in page or "errorlist" in page
    if value in OUT_OF_RANGE:  # a real date, refused for its range: the message says which
        assert all(text in page for text in RANGE_ERROR), value


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize(("name", "args", "extra"), FILES)
def test_a_file_is_refused_with_a_bad_date(recruiter_client, make, name, args, extra, param, value):
    """Files have no form to show an error in: 400 naming the field, not a file with more rows than asked."""
    response = recruiter_client.get(reverse(name, args=args), {param: value, **extra})
    assert response.status_code == 400, response.status_code
    assert response.content.decode().startswith(("Du", "Au")), response.content  # the field's label (French)
    assert recruiter_client.get(reverse(name, args=args), {param: "2025-01-01", **extra}).status_code == 200


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("param", ["from", "to"])
def test_a_client_report_shows_the_error_of_a_bad_period(recruiter_client, make, param, value):
    client = make.client()
    response = recruiter_client.get(
        reverse("insights:client_report", args=[client.public_id]), {param: value}
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    # Its PDF has no field to show the error beside: refused.
    response = recruiter_client.get(
        reverse("insights:client_report_pdf", args=[client.public_id]), {param: value}
    )
    assert response.status_code == 400
    picked = recruiter_client.get(reverse("insights:client_pick"), {"client": client.public_id, param: value})
    assert picked.status_code == 302


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("param", ["date_from", "date_to"])
def test_the_audit_log_shows_the_error_of_a_bad_period(admin_client_, param, value):
    response = admin_client_.get(reverse("accounts:audit"), {param: value})
    _refused(response, param)


# --- forms posted ---------------------------------------------------------------------------------------


FORMS = [
    "exclusion",
    "follow_up",
    "offer",
    "decline",
    "message",
    "report_link_from",
    "report_link_to",
    "token",
    "rights_request",
]


def _form(name: str, world, make) -> tuple[str, str, dict, str, object]:
    """(url, the date field, the other fields (valid), a valid date, what counts the rows written)."""
    from vivier.accounts.models import ApiToken
    from vivier.insights.models import ReportLink
    from vivier.outreach.models import Message
    from vivier.privacy.models import RightsRequest
    from vivier.talent.models import Decline, Exclusion, FollowUp, Offer

    c, offer, message = world["candidate"], world["offer"], world["message"]
    today = timezone.localdate()
    soon = (today + dt.timedelta(days=30)).isoformat()
    client = make.client()
    link = reverse("insights:link_create", args=[client.public_id])
    link_fields = {"language": "fr", "days": "30"}
    return {
        "exclusion": (
            reverse("front:exclusion_create", args=[c.public_id]),
            "expires_on",
            {"client": str(client.public_id), "reason": "Left on bad terms"},
            soon,
            Exclusion.objects.count,
        ),
        "follow_up": (
            reverse("front:follow_up_create", args=[c.public_id]),
            "due_on",
            {"title": "Call back"},
            soon,
            FollowUp.objects.count,
        ),
        "offer": (
            reverse("front:offer_create", args=[make.application(candidate=c).public_id]),
            "start_date",
            {"salary": "45000", "currency": "EUR", "remote_days_per_week": "1", "contract_type": "cdi"},
            soon,
            Offer.objects.count,
        ),
        "decline": (
            reverse("front:offer_decline", args=[offer.public_id]),
            "recontact_after",
            {
                "kind": "declined_by_candidate",
                "reasons": ["salary"],
                "counter_offer": "no",
                "open_to_future": "yes",
            },
            soon,
            Decline.objects.count,
        ),
        "message": (
            reverse("front:message_edit", args=[message.public_id]),
            "due_at",
            {"subject": "Des nouvelles ?", "body_text": "Bonjour."},
            soon + "T09:00",
            lambda: Message.objects.filter(
                pk=message.pk, due_at__date__gte=today + dt.timedelta(days=20)
            ).count(),
        ),
        "report_link_from": (
            link,
            "date_from",
            {"date_to": "2025-03-31", **link_fields},
            "2025-01-01",
            ReportLink.objects.count,
        ),
        "report_link_to": (
            link,
            "date_to",
            {"date_from": "2025-01-01", **link_fields},
            "2025-03-31",
            ReportLink.objects.count,
        ),
        "token": (
            reverse("accounts:token_create"),
            "expires_on",
            {"name": "Zapier", "scope": "read"},
            soon,
            ApiToken.objects.count,
        ),
        "rights_request": (
            reverse("privacy:request_create", args=[c.public_id]),
            "rights-received_on",
            {"rights-kind": "access", "rights-note": ""},
            today.isoformat(),
            RightsRequest.objects.count,
        ),
    }[name]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("name", FORMS)
def test_every_form_refuses_a_date_out_of_range(recruiter_client, make, world, name, value):
    url, field, fields, valid, written = _form(name, world, make)
    if field == "due_at" and "-" in value:
        value += "T09:00"
    before = written()
    response = recruiter_client.post(url, {**fields, field: value})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "is-invalid" in response.content.decode()
    assert written() == before  # nothing written with such a date
    # The same form with a sensible date goes through: the refusal above was the date's.
    response = recruiter_client.post(url, {**fields, field: valid})
    assert response.status_code in (200, 302) and written() == before + 1


@pytest.mark.parametrize("value", BAD_MOMENTS)
def test_an_uncertain_message_is_not_sent_again_at_a_bad_date(recruiter_client, world, value):
    from vivier.outreach.models import Message, MessageStatus

    message = world["message"]
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.UNCERTAIN, claimed_at=timezone.now())
    response = recruiter_client.post(
        reverse("front:message_resolve", args=[message.public_id]), {"outcome": "reschedule", "due_at": value}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.UNCERTAIN  # refused, not sent again now instead
    later = (timezone.localdate() + dt.timedelta(days=3)).isoformat() + "T09:00"
    recruiter_client.post(
        reverse("front:message_resolve", args=[message.public_id]), {"outcome": "reschedule", "due_at": later}
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.SCHEDULED and timezone.localtime(message.due_at).hour == 9


# --- the API ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("param", ["from", "to"])
def test_the_insights_api_refuses_a_bad_date_in_the_error_shape(recruiter_token, param, value):
    assert_error(Api(recruiter_token).get("/insights/declines", {param: value}), 400, "invalid", param)


@pytest.mark.parametrize("value", BAD_DATES)
def test_the_api_bodies_refuse_a_date_out_of_range(recruiter_token, make, world, value):
    api = Api(recruiter_token)
    client = make.client()
    offer = api.post(
        "/offers",
        {"application_id": str(world["application"].public_id), "salary": 45000, "start_date": value},
    )
    assert_error(offer, 400, "invalid", "start_date")
    decline = api.post(
        f"/offers/{world['offer'].public_id}/decline",
        {
            "kind": "declined_by_candidate",
            "reasons": ["salary"],
            "primary_reason": "salary",
            "recontact_after": value,
        },
    )
    assert_error(decline, 400, "invalid", "recontact_after")
    exclusion = api.post(
        "/exclusions",
        {
            "candidate_id": str(world["candidate"].public_id),
            "client_id": str(client.public_id),
            "reason": "Left on bad terms",
            "expires_on": value,
        },
    )
    assert_error(exclusion, 400, "invalid", "expires_on")


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "2201-01-01T12:00:00+01:00", "0", "garbage"],
)
def test_the_api_refuses_a_moment_out_of_range(recruiter_token, world, value):
    response = Api(recruiter_token).patch(f"/messages/{world['message'].public_id}", {"due_at": value})
    assert_error(response, 400, "invalid", "due_at")


def test_the_api_schema_says_the_range(recruiter_token):
    schema = Api(recruiter_token).get("/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"]["/api/v1/insights/declines"]["get"]["parameters"]}
    text = str(params["from"]["schema"]) + str(params["from"].get("description", ""))
    assert "Between 1900-01-01 and 2200-12-31." in text


# --- the range itself -------------------------------------------------------------------------------------


def test_the_range_includes_its_ends_and_nothing_beyond():
    from django.core.exceptions import ValidationError
    from pydantic import TypeAdapter

    assert in_range(EARLIEST) and in_range(LATEST)
    assert not in_range(EARLIEST - dt.timedelta(days=1)) and not in_range(LATEST + dt.timedelta(days=1))
    validate_in_range(LATEST)
    with pytest.raises(ValidationError) as refused:
        validate_in_range(dt.date(1, 1, 1))
    assert all(text in refused.value.messages[0] for text in RANGE_ERROR)
    assert TypeAdapter(ApiDate).validate_python("2200-12-31") == LATEST
    # The browser's date picker is bounded too.
    from django import forms

    attrs = DateField(widget=forms.DateInput(attrs={"type": "date"})).widget.attrs
    assert (attrs["min"], attrs["max"]) == ("1900-01-01", "2200-12-31")


@pytest.mark.parametrize(
    "cell", ["01/01/0001", "0001-01-01", "31/12/9999", "1 janvier 1850", dt.date(1, 1, 1)]
)
def test_an_imported_date_out_of_range_is_refused_like_any_bad_cell(cell):
    """A past decline dated in the year 1 would break the figures' months: refused with the row's error."""
    from vivier.imports.parsing import ParseError, parse_date

    with pytest.raises(ParseError):
        parse_date(cell)
    assert parse_date("31/12/2200") == LATEST


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_the_api_says_the_range_in_the_readers_words(value):
    from pydantic import TypeAdapter, ValidationError

    with pytest.raises(ValidationError) as raised:
        TypeAdapter(ApiDate).validate_python(value)
    assert raised.value.errors()[0]["msg"].endswith(range_message())
