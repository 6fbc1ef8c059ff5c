"""The daily sweep with frozen time: the 3-month window after a refusal, the 2-year consent, renewals,
information notices; and its preview page and command."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from vivier.outreach.models import Message
from vivier.privacy.services import retention_preview, retention_sweep
from vivier.talent.models import Candidate

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def at(days: float):
    return time_machine.travel(START + dt.timedelta(days=days), tick=False)


def _exists(candidate) -> bool:
    return Candidate.objects.filter(pk=candidate.pk).exists()


def test_a_refused_candidate_without_consent_goes_three_months_after_the_end_of_the_process(make):
    with at(0):
        candidate = make.decline().candidate  # declined on 2 March
    with at(88):  # 29 May: still inside the three months
        assert retention_sweep()["anonymised"] == 0 and _exists(candidate)
        assert [d.candidate for d in retention_preview(days=30)] == [candidate]
    with at(93):  # 3 June: past 2 June
        assert retention_sweep()["anonymised"] == 1
    assert not _exists(candidate)


def test_nobody_with_an_open_process_is_anonymised(make):
    with at(0):
        candidate = make.application().candidate
    with at(800):
        assert retention_sweep()["anonymised"] == 0 and _exists(candidate)


def test_the_talent_pool_consent_keeps_two_years_after_the_last_contact(make):
    with at(0):
        candidate = make.decline().candidate
        make.consent(candidate, "talent_pool")
    with at(725):
        retention_sweep()
        assert _exists(candidate)
    with at(735):
        assert retention_sweep()["anonymised"] == 1
    assert not _exists(candidate)


def test_a_reply_moves_the_two_years_but_our_messages_do_not(make):
    from vivier.outreach.services import candidate_replied

    with at(0):
        kept = make.decline().candidate
        gone = make.decline().candidate
        for c in (kept, gone):
            make.consent(c, "talent_pool")
    with at(300):
        candidate_replied(candidate=kept, by=make.by, note="")
    with at(735):
        retention_sweep()
    assert _exists(kept) and not _exists(gone)


def test_a_withdrawn_consent_leaves_only_the_three_months(make):
    from vivier.privacy.services import consent_withdraw

    with at(0):
        candidate = make.decline().candidate
        make.consent(candidate, "talent_pool")
    with at(200):
        consent_withdraw(
            candidate=candidate, purpose="talent_pool", channel="phone", note="ne veut plus", by=make.by
        )
        retention_sweep()
    assert not _exists(candidate)


def test_a_renewal_is_planned_a_month_before_expiry_once_with_its_link(make):
    with at(0):
        candidate = make.decline().candidate
        make.consent(candidate, "talent_pool")
    with at(690):  # more than 30 days before 2 March 2028
        assert retention_sweep()["renewals_planned"] == 0
    with at(705):
        assert retention_sweep()["renewals_planned"] == 1
        assert retention_sweep()["renewals_planned"] == 0  # the same renewal is never planned twice
    message = Message.objects.get(candidate=candidate, kind="consent_renewal")
    assert "/t/" in message.body_text and message.status == "scheduled"


def test_renewing_from_the_link_moves_the_expiry(make, outsider):
    with at(0):
        candidate = make.decline().candidate
        make.consent(candidate, "talent_pool")
    with at(705):
        retention_sweep()
        body = Message.objects.get(candidate=candidate, kind="consent_renewal").body_text
        path = next(w for w in body.split() if "/t/" in w).split("agence.example", 1)[1]
        assert outsider.post(path, {"purpose": ["talent_pool"]}).status_code == 302
    with at(740):
        retention_sweep()
    assert _exists(candidate)


def test_sourced_candidates_get_the_information_notice_planned_once(make):
    with at(0):
        sourced = make.candidate(source="LinkedIn")
        applied = make.candidate(source="Candidature spontanée")
        assert retention_sweep()["notices_planned"] == 1
        assert retention_sweep()["notices_planned"] == 0
    notice = Message.objects.get(kind="information_notice")
    assert notice.candidate == sourced and "LinkedIn" in notice.body_text and "/p/" in notice.body_text
    assert not Message.objects.filter(candidate=applied).exists()


def test_the_notices_page_shows_who_is_late(make, recruiter_client):
    with at(0):
        late = make.candidate(source="Cooptation", first_name="Tardive")
    with at(40):
        page = recruiter_client.get(reverse("privacy:notices")).content.decode()
    assert late.full_name in page


def test_the_preview_page_says_who_and_why(make, recruiter_client, viewer_client):
    with at(0):
        candidate = make.decline().candidate
    with at(80):
        page = recruiter_client.get(reverse("privacy:retention"))
        assert viewer_client.get(reverse("privacy:retention")).status_code == 200
    assert candidate.full_name in page.content.decode()


def test_the_command_dry_run_changes_nothing(make):
    with at(0):
        candidate = make.decline().candidate
    out = StringIO()
    with at(100):
        call_command("retention", "--dry-run", stdout=out)
    result = json.loads(out.getvalue().splitlines()[0])
    assert result["anonymised"] == 1 and result["dry_run"] is True and _exists(candidate)
    assert str(candidate.public_id) in out.getvalue()


def test_the_durations_come_from_the_settings(make, settings):
    settings.PRIVACY_REFUSAL_KEEP_MONTHS = 6
    with at(0):
        candidate = make.decline().candidate
    with at(100):
        retention_sweep()
    assert _exists(candidate)
    with at(190):
        retention_sweep()
    assert not _exists(candidate)
    assert timezone.now()  # time is back
