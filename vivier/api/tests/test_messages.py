import datetime as dt

import pytest
from django.utils import timezone

from vivier.api.tests.conftest import assert_error, uuid_str, warm_up
from vivier.outreach.models import Message, MessageStatus
from vivier.talent.models import Event, EventKind

pytestmark = pytest.mark.django_db


def _planned(make, **kw):
    result = make.declined(**kw)
    return result.decline.candidate, result.messages


def test_it_lists_messages_with_filters_and_pages(api, make):
    candidate, messages = _planned(make)
    _other, _more = _planned(make)
    body = api.get("/messages", {"candidate_id": str(candidate.public_id), "page_size": 2}).json()
    assert body["count"] == len(messages) and len(body["items"]) == 2 and body["next"]
    item = body["items"][0]
    assert set(item) == {
        "id",
        "candidate_id",
        "kind",
        "status",
        "due_at",
        "sent_at",
        "to",
        "subject",
        "language",
    }
    assert item["candidate_id"] == str(candidate.public_id) and item["to"] == candidate.email
    review = api.get("/messages", {"status": "review"}).json()
    assert review["count"] == 4 and {i["kind"] for i in review["items"]} == {"thank_you", "stay_in_touch"}
    assert (
        api.get("/messages", {"kind": "check_in", "candidate_id": str(candidate.public_id)}).json()["count"]
        == 3
    )
    assert_error(api.get("/messages", {"status": "lost"}), 400, "invalid", "status")
    assert_error(api.get("/messages", {"candidate_id": uuid_str()}), 404, "not_found", "candidate_id")
    detail = api.get(f"/messages/{messages[0].public_id}").json()
    assert detail["body_text"].startswith("Bonjour") and detail["cadence_key"].endswith(":thank_you")


def test_the_list_takes_a_fixed_number_of_queries(api, make, django_assert_max_num_queries):
    _planned(make)
    warm_up(api, "/messages")
    for _ in range(3):
        _planned(make)
    with django_assert_max_num_queries(4):
        assert api.get("/messages").status_code == 200


def test_it_patches_a_message_that_has_not_gone(api, make):
    _candidate, messages = _planned(make)
    message = messages[2]
    when = (timezone.now() + dt.timedelta(days=45)).replace(microsecond=0)
    response = api.patch(
        f"/messages/{message.public_id}",
        {"due_at": when.isoformat(), "subject": "Un petit bonjour", "body_text": "Comment allez-vous ?"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["subject"] == "Un petit bonjour" and body["body_text"] == "Comment allez-vous ?"
    assert dt.datetime.fromisoformat(body["due_at"]) == when
    assert Event.objects.filter(kind=EventKind.MESSAGE_UPDATED).exists()


def test_patch_refuses_bad_input_and_a_message_that_went_with_409(api, make):
    _candidate, messages = _planned(make)
    message = messages[2]
    url = f"/messages/{message.public_id}"
    assert_error(api.patch(url, {"due_at": "2027-01-01T09:00:00"}), 400, "invalid", "due_at")  # no offset
    assert_error(api.patch(url, {"subject": ""}), 400, "invalid", "subject")
    assert_error(api.patch(url, {"subject": None}), 400, "invalid", "subject")
    assert_error(api.patch(url, {"colour": "blue"}), 400, "invalid", "colour")
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT)
    error = assert_error(api.patch(url, {"subject": "Trop tard"}), 409, "message_status")
    assert error["status"] == "sent"
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    assert_error(api.patch(url, {"subject": "Trop tard"}), 409, "message_sending")
    assert_error(api.post(f"{url}/cancel"), 409, "message_sending")
    assert_error(api.patch(f"/messages/{uuid_str()}", {"subject": "x"}), 404, "not_found")
    assert_error(api.patch("/messages/not-a-uuid", {"subject": "x"}), 404, "not_found")


def test_send_now_and_cancel(api, make):
    _candidate, messages = _planned(make)
    thanks, check_in = messages[0], messages[2]
    body = api.post(f"/messages/{thanks.public_id}/send-now").json()
    assert body["status"] == "scheduled" and dt.datetime.fromisoformat(body["due_at"]) <= timezone.now()
    assert api.post(f"/messages/{check_in.public_id}/cancel").json()["status"] == "cancelled"
    assert_error(api.post(f"/messages/{check_in.public_id}/cancel"), 409, "message_status")
    assert_error(api.post(f"/messages/{check_in.public_id}/send-now"), 409, "message_status")


def test_a_reply_pauses_the_cadence(api, make):
    candidate, messages = _planned(make)
    response = api.post(f"/candidates/{candidate.public_id}/replied", {"note": "Rappelez-moi en juin"})
    assert response.status_code == 200
    body = response.json()
    scheduled = [m for m in messages if m.status == MessageStatus.SCHEDULED]
    assert {p["id"] for p in body["paused"]} == {str(m.public_id) for m in scheduled}
    assert all(p["status"] == "review" for p in body["paused"])
    assert Event.objects.get(kind=EventKind.REPLY_RECEIVED).data["note"] == "Rappelez-moi en juin"
    assert api.post(f"/candidates/{candidate.public_id}/replied").json()["paused"] == []
    assert_error(
        api.post(f"/candidates/{candidate.public_id}/replied", {"note": "x" * 2001}), 400, "invalid", "note"
    )
    assert_error(api.post(f"/candidates/{uuid_str()}/replied", {}), 404, "not_found")


def test_read_tokens_and_viewers_may_only_read(viewer_api, read_scope_api, anonymous_api, make):
    candidate, messages = _planned(make)
    m = messages[0]
    for client in (viewer_api, read_scope_api):
        assert client.get("/messages").status_code == 200
        assert_error(client.patch(f"/messages/{m.public_id}", {"subject": "x"}), 403, "forbidden")
        assert_error(client.post(f"/messages/{m.public_id}/send-now"), 403, "forbidden")
        assert_error(client.post(f"/messages/{m.public_id}/cancel"), 403, "forbidden")
        assert_error(client.post(f"/candidates/{candidate.public_id}/replied", {}), 403, "forbidden")
    assert_error(anonymous_api.get("/messages"), 401, "unauthorized")
    assert Message.objects.get(pk=m.pk).status == MessageStatus.REVIEW


def test_the_candidates_time_zone_is_validated(api, make):
    candidate = make.candidate()
    assert_error(
        api.patch(f"/candidates/{candidate.public_id}", {"time_zone": "Mars/Olympus"}),
        400,
        "invalid",
        "time_zone",
    )
    body = api.patch(f"/candidates/{candidate.public_id}", {"time_zone": "America/Montreal"}).json()
    assert body["time_zone"] == "America/Montreal"
