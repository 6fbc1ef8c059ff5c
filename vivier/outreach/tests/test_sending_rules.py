"""At send time: the stored (possibly edited) text goes, never an older one; sending limits defer, never fail;
the one-click unsubscribe (RFC 8058) works by POST only."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from vivier.errors import Conflict
from vivier.outreach.links import unsubscribe_url
from vivier.outreach.models import Message, MessageStatus
from vivier.outreach.services import message_schedule, message_update
from vivier.talent.models import Candidate, Event, EventKind

pytestmark = pytest.mark.django_db


def _due(make, candidate=None, *, by=None, **kw) -> Message:
    kw.setdefault("kind", "check_in")
    kw.setdefault("subject", "Des nouvelles ?")
    kw.setdefault("body_text", "Ancien texte")
    return message_schedule(
        candidate=candidate or make.candidate_in_pool(),  # a check-in needs the talent-pool consent
        by=by or make.by,
        due_at=timezone.now() - dt.timedelta(seconds=1),
        **kw,
    )


def test_the_worker_sends_the_text_as_edited_before_its_claim(make, smtp, worker_factory):
    message = _due(make)
    message_update(message=message, by=make.by, subject="Sujet corrigé", body_text="Texte corrigé")
    assert worker_factory().run(once=True) == 1
    sent = smtp.messages[0]
    assert sent["Subject"] == "Sujet corrigé"
    assert sent.get_body(("plain",)).get_content().strip() == "Texte corrigé"
    assert "Texte corrigé" in sent.get_body(("html",)).get_content()


def test_an_edit_after_the_claim_is_refused_and_the_claimed_text_goes(make, smtp, worker_factory):
    message = _due(make)
    worker = worker_factory()
    row = worker.claim()
    with pytest.raises(Conflict):
        message_update(message=message, by=make.by, body_text="Trop tard")
    worker.deliver(row)
    assert smtp.messages[0].get_body(("plain",)).get_content().strip() == "Ancien texte"
    assert Message.objects.get(pk=message.pk).body_text == "Ancien texte"


def test_a_domain_over_its_limit_waits_its_turn(make, smtp, worker_factory, settings):
    settings.OUTREACH_LIMIT_PER_DOMAIN_PER_MINUTE = 2
    busy = [_due(make, make.candidate_in_pool(email=f"p{i}@busy.example")) for i in range(4)]
    other = _due(make, make.candidate_in_pool(email="q@calm.example"))
    start = timezone.now()
    assert worker_factory().run(once=True) == 5
    assert len(smtp.messages) == 3
    assert Message.objects.get(pk=other.pk).status == MessageStatus.SENT
    waiting = Message.objects.filter(pk__in=[m.pk for m in busy], status=MessageStatus.SCHEDULED)
    assert waiting.count() == 2
    for row in waiting:
        assert row.attempts == 0 and row.claimed_by == "" and not row.last_error
        assert start + dt.timedelta(seconds=55) < row.due_at < start + dt.timedelta(seconds=70)
    assert not Message.objects.filter(status=MessageStatus.FAILED).exists()


def test_a_recruiter_over_the_hourly_limit_waits(make, smtp, worker_factory, settings, admin):
    settings.OUTREACH_LIMIT_PER_RECRUITER_PER_HOUR = 1
    mine = [_due(make) for _ in range(2)]
    theirs = _due(make, by=admin)
    assert worker_factory().run(once=True) == 3
    assert len(smtp.messages) == 2
    assert Message.objects.get(pk=theirs.pk).status == MessageStatus.SENT
    late = Message.objects.get(pk__in=[m.pk for m in mine], status=MessageStatus.SCHEDULED)
    assert late.due_at > timezone.now() + dt.timedelta(minutes=59)


def _path(candidate) -> str:
    return unsubscribe_url(candidate).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_get_shows_a_confirmation_and_never_unsubscribes(make):
    candidate = make.decline().candidate
    page = HttpClient().get(_path(candidate))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<form method="post"' in html and 'lang="fr"' in html
    candidate.refresh_from_db()
    assert not candidate.do_not_contact
    assert not Message.objects.filter(candidate=candidate, status=MessageStatus.CANCELLED).exists()
    assert "unsafe-inline" not in page["Content-Security-Policy"] and page["Cache-Control"] == "no-store"


def test_the_one_click_post_unsubscribes_without_csrf_or_login(make, smtp, worker_factory):
    candidate = make.decline().candidate
    english = make.candidate(language="en")
    http = HttpClient(enforce_csrf_checks=True)
    response = http.post(
        _path(candidate), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.do_not_contact
    assert set(Message.objects.filter(candidate=candidate).values_list("status", flat=True)) == {"cancelled"}
    event = Event.objects.get(kind=EventKind.UNSUBSCRIBED)
    assert event.candidate == candidate and event.data["source"] == "unsubscribe" and event.actor is None
    # Again (a mail client retrying): still fine, nothing more written. Without the slash too.
    assert (
        http.post(
            _path(candidate).rstrip("/") + "/",
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        ).status_code
        == 200
    )
    assert Event.objects.filter(kind=EventKind.UNSUBSCRIBED).count() == 1
    assert 'lang="en"' in http.get(_path(english)).content.decode()
    assert Candidate.objects.get(pk=english.pk).do_not_contact is False


def test_a_bad_or_foreign_token_changes_nothing(make):
    candidate = make.candidate()
    path = _path(candidate)
    assert HttpClient().post(path[:-3] + "xyz").status_code == 404
    from vivier.outreach.links import candidate_token

    survey = candidate_token(candidate, "survey")
    assert HttpClient().post(f"/u/{survey}").status_code == 404
    candidate.refresh_from_db()
    assert not candidate.do_not_contact
    assert HttpClient().put(path).status_code == 405
