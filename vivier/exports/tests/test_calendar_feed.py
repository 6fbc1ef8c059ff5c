import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from vivier.accounts.services import user_create
from vivier.exports.models import CalendarFeed
from vivier.exports.services import calendar_feed_create, calendar_feed_revoke
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_cancel, message_schedule
from vivier.talent.services import follow_up_complete, follow_up_create

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 26, 10, 0))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def colleague(db):
    return user_create(username="dominique", password="x" * 12, role="recruiter", email="d@agence.example")


def _url(raw: str) -> str:
    return reverse("exports:calendar_feed", args=[raw])


def _feed(outsider, raw: str) -> Calendar:
    response = outsider.get(_url(raw))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    _strict_lines(response.content)
    return Calendar.from_ical(response.content)


def _strict_lines(body: bytes) -> None:
    """RFC 5545 §3.1: CRLF line ends, lines of at most 75 octets, continuation lines start with a space."""
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    for line in lines:
        assert len(line) <= 75, line
        assert b"\n" not in line and b"\r" not in line
        line.decode("utf-8")  # a fold never cuts a character in two
        assert line[:1] == b" " or b":" in line, line


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'"X-CSRFToken": "[^"]+"', b"", content)


def _summaries(cal: Calendar) -> dict[str, str]:
    return {str(e["uid"]): str(e["summary"]) for e in cal.walk("VEVENT")}


def _message(candidate, by, *, kind="check_in", step="check_in_3m", days=10, review=False):
    return message_schedule(
        candidate=candidate,
        kind=kind,
        subject="Des nouvelles ?",
        body_text="Bonjour, le texte privé du message.",
        due_at=NOW + dt.timedelta(days=days),
        by=by,
        cadence_key=f"decline:00000000-0000-0000-0000-000000000001:{step}" if step else "",
        review=review,
    )


def test_it_lists_my_follow_ups_and_planned_messages(outsider, make, recruiter, colleague):
    lea = make.candidate_in_pool(first_name="Léa", last_name="Martin")
    mine = follow_up_create(
        candidate=lea,
        title="Rappeler Léa",
        due_on=TODAY + dt.timedelta(days=3),
        by=recruiter,
        assignee=recruiter,
    )
    anyone = follow_up_create(
        candidate=lea, title="Envoyer la fiche", due_on=TODAY - dt.timedelta(days=2), by=colleague
    )
    check_in = _message(lea, recruiter)
    thanks = _message(lea, recruiter, kind="thank_you", step="thank_you", days=1, review=True)
    _feed_row, raw = calendar_feed_create(user=recruiter)

    cal = _feed(outsider, raw)
    assert _summaries(cal) == {
        f"followup-{mine.public_id}@127.0.0.1": "Rappeler Léa\u00a0: Léa Martin",
        f"followup-{anyone.public_id}@127.0.0.1": "Envoyer la fiche\u00a0: Léa Martin",
        f"message-{check_in.public_id}@127.0.0.1": "Relance à 3 mois\u00a0: Léa Martin",
        f"message-{thanks.public_id}@127.0.0.1": "Message de remerciement\u00a0: Léa Martin (à valider)",
    }
    follow = next(e for e in cal.walk("VEVENT") if str(e["uid"]).startswith(f"followup-{mine.public_id}"))
    assert follow.decoded("dtstart") == TODAY + dt.timedelta(days=3)
    assert follow.decoded("dtend") == TODAY + dt.timedelta(days=4)
    message = next(
        e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("message-" + str(check_in.public_id))
    )
    start = message.decoded("dtstart")
    assert start == check_in.due_at and start.utcoffset() == dt.timedelta(0)
    assert message.decoded("dtend") - start == dt.timedelta(minutes=15)
    page = f"http://127.0.0.1:8000/candidates/{lea.public_id}/"
    assert page in str(message["description"]) and str(message["url"]) == page
    assert all(e.decoded("dtstamp") == NOW for e in cal.walk("VEVENT"))
    assert str(cal["x-wr-calname"]) == "Vivier\u00a0: mes relances"
    # Nothing of the person but their name: no address, no text of the message.
    body = outsider.get(_url(raw)).content.decode()
    assert lea.email not in body and "texte privé" not in body and "Des nouvelles" not in body


def test_it_leaves_out_what_is_not_mine_done_or_outside_the_window(outsider, make, recruiter, colleague):
    lea = make.candidate_in_pool(first_name="Léa", last_name="Martin")
    follow_up_create(candidate=lea, title="Pour Dominique", due_on=TODAY, by=colleague, assignee=colleague)
    done = follow_up_create(candidate=lea, title="Fait", due_on=TODAY, by=recruiter, assignee=recruiter)
    follow_up_complete(follow_up=done, by=recruiter)
    follow_up_create(candidate=lea, title="Trop ancien", due_on=TODAY - dt.timedelta(days=31), by=recruiter)
    follow_up_create(candidate=lea, title="Trop loin", due_on=TODAY + dt.timedelta(days=366), by=recruiter)
    _message(lea, colleague, step="check_in_6m")  # planned by someone else
    cancelled = _message(lea, recruiter, step="check_in_12m")
    message_cancel(message=cancelled, by=recruiter)
    sent = _message(lea, recruiter, step="recontact")
    Message.objects.filter(pk=sent.pk).update(status=MessageStatus.SENT, sent_at=NOW)
    _message(lea, recruiter, kind="job_alert", step="")  # not a follow-up of a relationship
    kept = follow_up_create(
        candidate=lea, title="À faire", due_on=TODAY + dt.timedelta(days=365), by=recruiter
    )
    _feed_row, raw = calendar_feed_create(user=recruiter)
    assert set(_summaries(_feed(outsider, raw))) == {f"followup-{kept.public_id}@127.0.0.1"}


def test_it_gives_a_viewer_only_what_is_assigned_to_them(outsider, make, viewer, recruiter):
    lea = make.candidate_in_pool(first_name="Léa", last_name="Martin")
    follow_up_create(candidate=lea, title="Pour toute l'équipe", due_on=TODAY, by=recruiter)
    theirs = follow_up_create(candidate=lea, title="Pour Victor", due_on=TODAY, by=recruiter, assignee=viewer)
    _feed_row, raw = calendar_feed_create(user=viewer)
    assert set(_summaries(_feed(outsider, raw))) == {f"followup-{theirs.public_id}@127.0.0.1"}


def test_it_folds_and_escapes_odd_names(outsider, make, recruiter):
    odd = make.candidate_in_pool(first_name="Zoë, « l’Ämélie »; 🐟", last_name="Ñandú\\Ω 漢字")
    title = "Appeler, relancer; vérifier\\ « tout » " + "éà🐟" * 20
    follow_up_create(candidate=odd, title=title, due_on=TODAY, by=recruiter, assignee=recruiter)
    _message(odd, recruiter, kind="personal", step="")
    _feed_row, raw = calendar_feed_create(user=recruiter)
    body = outsider.get(_url(raw)).content
    assert b"\\," in body and b"\\;" in body and b"\\\\" in body  # RFC 5545 escaping of , ; \
    summaries = set(_summaries(_feed(outsider, raw)).values())
    assert summaries == {
        f"{title}\u00a0: Zoë, « l’Ämélie »; 🐟 Ñandú\\Ω 漢字",
        "Message personnel\u00a0: Zoë, « l’Ämélie »; 🐟 Ñandú\\Ω 漢字",
    }


def test_it_writes_the_recruiters_language(outsider, make, recruiter):
    recruiter.language = "en"
    recruiter.save(update_fields=["language"])
    lea = make.candidate_in_pool(first_name="Léa", last_name="Martin")
    _message(lea, recruiter)
    _message(lea, recruiter, step="trial_period", days=40)
    _feed_row, raw = calendar_feed_create(user=recruiter)
    assert set(_summaries(_feed(outsider, raw)).values()) == {
        "Check-in at 3 months: Léa Martin",
        "Check-in before the trial period ends: Léa Martin",
    }


@pytest.mark.parametrize("token", ["", "nope", "cal_" + "x" * 43, "cal_" + "y" * 200])
def test_it_answers_404_to_a_wrong_token(outsider, recruiter, token):
    calendar_feed_create(user=recruiter)
    if token:
        assert outsider.get(_url(token)).status_code == 404
    else:
        assert outsider.get("/calendar/.ics").status_code == 404


def test_it_answers_404_once_revoked_reset_or_the_user_is_deactivated(outsider, recruiter):
    _feed_row, first = calendar_feed_create(user=recruiter)
    assert outsider.get(_url(first)).status_code == 200
    _feed_row, second = calendar_feed_create(user=recruiter)  # a reset
    assert outsider.get(_url(first)).status_code == 404
    assert outsider.get(_url(second)).status_code == 200
    recruiter.is_active = False
    recruiter.save(update_fields=["is_active"])
    assert outsider.get(_url(second)).status_code == 404
    recruiter.is_active = True
    recruiter.save(update_fields=["is_active"])
    calendar_feed_revoke(user=recruiter)
    missing, unknown = outsider.get(_url(second)), outsider.get(_url("cal_unknown"))
    assert missing.status_code == unknown.status_code == 404
    # The same page whatever the reason (only the masked CSRF token differs from one answer to the next).
    assert _without_csrf(missing.content) == _without_csrf(unknown.content)


def test_it_is_served_privately(outsider, recruiter):
    _feed_row, raw = calendar_feed_create(user=recruiter)
    response = outsider.get(_url(raw))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert outsider.head(_url(raw)).status_code == 200
    assert outsider.post(_url(raw)).status_code == 405  # read only
    assert CalendarFeed.objects.get().digest != raw and raw not in CalendarFeed.objects.get().digest


def test_it_notes_when_a_calendar_last_read_it_at_most_hourly(outsider, recruiter):
    feed, raw = calendar_feed_create(user=recruiter)
    outsider.get(_url(raw))
    feed.refresh_from_db()
    assert feed.last_used_at == NOW
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        outsider.get(_url(raw))
    feed.refresh_from_db()
    assert feed.last_used_at == NOW
    with time_machine.travel(NOW + dt.timedelta(minutes=61), tick=False):
        outsider.get(_url(raw))
    feed.refresh_from_db()
    assert feed.last_used_at == NOW + dt.timedelta(minutes=61)


def test_it_answers_in_a_fixed_number_of_queries(outsider, make, recruiter):
    feed, raw = calendar_feed_create(user=recruiter)
    lea = make.candidate_in_pool()
    follow_up_create(candidate=lea, title="Un", due_on=TODAY, by=recruiter)
    _message(lea, recruiter)
    outsider.get(_url(raw))  # the first read of the hour writes last_used_at; the next ones do not

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert outsider.get(_url(raw)).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(8):
        other = make.candidate_in_pool()
        follow_up_create(candidate=other, title=f"Tâche {i}", due_on=TODAY, by=recruiter)
        _message(other, recruiter, step=f"check_in_{i + 1}m")
    assert queries() == few == 3  # the feed and its user, the follow-ups, the messages
