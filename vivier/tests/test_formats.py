"""Times are shown in the agency's time zone everywhere (the local mailbox included), and dates day first with
a 24-hour clock in English as in French (vivier/formats/en/formats.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

# 08:00 UTC on the 9th of December 2026: 09:00 in Paris (winter time).
SENT = dt.datetime(2026, 12, 9, 8, 0, tzinfo=dt.UTC)


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_default_formats_are_day_first_with_a_24_hour_clock(language):
    moment = timezone.localtime(SENT)
    with translation.override(language):
        shown = Template(
            '{{ v|date:"SHORT_DATE_FORMAT" }}|{{ v|date:"SHORT_DATETIME_FORMAT" }}|{{ v|time }}|{{ v|date }}'
        ).render(Context({"v": moment}))
    short, short_time, clock, long = shown.split("|")
    assert (short, short_time, clock) == ("09/12/2026", "09/12/2026 09:00", "09:00")
    assert long == {"en": "9 December 2026", "fr": "9 décembre 2026"}[language]


def test_an_english_form_reads_a_day_first_date():
    from vivier.dates import DateField

    with translation.override("en"):
        assert DateField().clean("09/12/2026") == dt.date(2026, 12, 9)
        assert DateField().clean("2026-12-09") == dt.date(2026, 12, 9)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_local_mailbox_shows_the_agencys_time(recruiter_client, settings, tmp_path, language):
    """Django writes the Date header in UTC ("-0000"); the list and the message show Paris time."""
    import time_machine
    from django.core.mail import EmailMessage

    from vivier.outreach.mailbox import LocalMailboxBackend

    settings.MAILBOX_DIR = tmp_path
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    with time_machine.travel(SENT, tick=False):
        mail = EmailMessage("Des nouvelles ?", "Bonjour.", "agence@exemple.fr", ["lea@exemple.fr"])
        LocalMailboxBackend().send_messages([mail])
    name = next(tmp_path.glob("*.eml")).name
    client = _in(recruiter_client, language)
    listing = client.get(reverse("front:mailbox")).content.decode()
    assert "09/12/2026 09:00" in listing and "08:00" not in listing
    detail = client.get(reverse("front:mailbox_detail", args=[name])).content.decode()
    assert "09/12/2026 09:00" in detail and "08:00" not in detail


def test_an_english_page_shows_day_first_dates_in_the_agencys_time(recruiter_client, make):
    """The outbox and the message's own page, in English: 09/12/2026 09:00, never 12/09/2026 9 a.m."""
    from vivier.outreach.services import message_schedule

    candidate = make.candidate_in_pool()
    with __import__("time_machine").travel(SENT - dt.timedelta(days=30), tick=False):
        message = message_schedule(
            candidate=candidate,
            kind="check_in",
            subject="Des nouvelles ?",
            body_text="Bonjour.",
            due_at=SENT,
            by=make.by,
        )
    client = _in(recruiter_client, "en")
    for url in (reverse("front:outbox"), reverse("front:candidate_detail", args=[candidate.public_id])):
        page = client.get(url).content.decode()
        assert 'lang="en"' in page
        assert "09/12/2026 09:00" in page, url
        assert "12/09/2026" not in page and "a.m." not in page
    assert message.due_at == SENT


def test_the_privacy_export_page_shows_moments_in_the_agencys_time(recruiter_client, make):
    """The JSON keeps ISO 8601 in UTC; the page shows the consent's moment as the other pages do."""
    from vivier.privacy.models import ConsentRecord

    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    ConsentRecord.objects.filter(candidate=candidate).update(at=SENT)
    page = recruiter_client.get(reverse("privacy:export", args=[candidate.public_id])).content.decode()
    assert "09/12/2026 09:00" in page and "2026-12-09T08:00:00+00:00" not in page


def test_shown_leaves_what_is_not_an_iso_date_alone():
    from vivier.dates import shown

    assert shown("2026-12-09") == "09/12/2026"
    assert shown("2026-12-09 and more") == "2026-12-09 and more" and shown("2026-13-45") == "2026-13-45"
    assert shown("Bonjour") == "Bonjour" and shown(12) == 12 and shown(None) is None
