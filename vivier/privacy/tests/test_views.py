"""The privacy back-office pages: who may see and do what, the dashboard and candidate-page panels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vivier.accounts.models import AuditEntry
from vivier.privacy.models import ConsentRecord, RightsRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["privacy:requests", "privacy:retention", "privacy:notices", "privacy:register"]
)
def test_the_reading_pages_need_a_sign_in_and_open_to_every_role(name, viewer_client, outsider):
    assert outsider.get(reverse(name)).status_code == 302
    assert viewer_client.get(reverse(name)).status_code == 200


def test_the_register_follows_the_settings(recruiter_client, settings):
    settings.PRIVACY_POOL_CONSENT_MONTHS = 18
    page = recruiter_client.get(reverse("privacy:register")).content.decode()
    assert "18" in page and ("Consent" in page or "Consentement" in page)


def test_a_viewer_cannot_export_or_change(make, viewer_client):
    candidate = make.candidate()
    for name in ("privacy:export", "privacy:export_json", "privacy:erase"):
        assert viewer_client.get(reverse(name, args=[candidate.public_id])).status_code == 403
    for name in ("privacy:consent_record", "privacy:links_revoke", "privacy:request_create"):
        assert viewer_client.post(reverse(name, args=[candidate.public_id])).status_code == 403


def test_a_recruiter_records_a_consent_given_on_the_phone_with_a_note(make, recruiter_client):
    candidate = make.candidate()
    url = reverse("privacy:consent_record", args=[candidate.public_id])
    recruiter_client.post(
        url,
        {
            "consent-purpose": "talent_pool",
            "consent-action": "given",
            "consent-channel": "phone",
            "consent-note": "",
        },
    )
    assert not ConsentRecord.objects.exists()  # no note, no proof
    recruiter_client.post(
        url,
        {
            "consent-purpose": "talent_pool",
            "consent-action": "given",
            "consent-channel": "phone",
            "consent-note": "Appel du 12/03",
        },
    )
    record = ConsentRecord.objects.get()
    assert record.channel == "phone" and record.recorded_by.username == "camille"
    assert AuditEntry.objects.filter(action="consent_changed", target_id=str(candidate.public_id)).exists()


def test_a_rights_request_has_a_one_month_deadline_on_the_dashboard(make, recruiter_client):
    candidate = make.candidate(first_name="Réclamante")
    recruiter_client.post(
        reverse("privacy:request_create", args=[candidate.public_id]),
        {"rights-kind": "access", "rights-received_on": "2026-01-31"},
    )
    row = RightsRequest.objects.get()
    assert row.deadline == dt.date(2026, 2, 28) and row.status == "open"
    dashboard = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert candidate.full_name in dashboard and "28/02/2026" in dashboard
    recruiter_client.post(reverse("privacy:request_close", args=[row.public_id]), {"status": "done"})
    row.refresh_from_db()
    assert row.status == "done" and row.handled_at is not None


def test_the_candidate_page_shows_consents_and_rights_buttons(make, recruiter_client, viewer_client):
    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    page = recruiter_client.get(
        reverse("front:candidate_detail", args=[candidate.public_id])
    ).content.decode()
    assert reverse("privacy:export", args=[candidate.public_id]) in page
    assert reverse("privacy:erase", args=[candidate.public_id]) in page and "style=" not in page
    viewer_page = viewer_client.get(
        reverse("front:candidate_detail", args=[candidate.public_id])
    ).content.decode()
    assert reverse("privacy:erase", args=[candidate.public_id]) not in viewer_page
    assert timezone.now()
