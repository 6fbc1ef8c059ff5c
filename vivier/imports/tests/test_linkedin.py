from __future__ import annotations

import pytest
from django.urls import reverse

from vivier.imports.services import import_file_now
from vivier.outreach.models import LinkedInContact, LinkedInStatus
from vivier.talent.models import Candidate, Event, EventKind

CONNECTIONS = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    "You can learn more "
    'here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Léa,Martin,https://www.linkedin.com/in/Lea-Martin-123,,Acme,CTO,26 Nov 2025\n"
    "Zoe,Roux,https://www.linkedin.com/in/zoe-roux,zoe@exemple.fr,Initech,Comptable,03 Jan 2024\n"
    "hélène,LEFEVRE,https://www.linkedin.com/in/hl,,ACME SAS,Dev,12 Feb 2023\n"
    "Hugo,Petit,https://www.linkedin.com/in/hugo-petit,,Globex,Sales,01 Mar 2022\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pool(make):
    return {
        "lea": make.candidate(
            first_name="Léa", last_name="Martin", linkedin_url="linkedin.com/in/lea-martin-123"
        ),
        "zoe": make.candidate(first_name="Zoé", last_name="Roux", email="zoe@exemple.fr"),
        "helene": make.candidate(
            first_name="Hélène", last_name="Lefevre", headline="Développeuse chez Acme SAS"
        ),
    }


def test_it_matches_connections_by_url_email_and_name_with_company(tmp_path, pool, recruiter):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    job = import_file_now(path=path, kind="linkedin", by=recruiter)
    assert (job.total, job.merged, job.skipped, job.errors) == (4, 3, 1, 0)
    for key in ("lea", "zoe", "helene"):
        contact = LinkedInContact.objects.get(candidate=pool[key])
        assert contact.status == LinkedInStatus.CONNECTED
    assert LinkedInContact.objects.get(candidate=pool["zoe"]).connected_at.date().isoformat() == "2024-01-03"
    pool["zoe"].refresh_from_db()
    assert pool["zoe"].linkedin_url == "https://www.linkedin.com/in/zoe-roux"
    assert Event.objects.filter(kind=EventKind.LINKEDIN_CHANGED).count() == 3
    again = import_file_now(path=path, kind="linkedin", by=recruiter)
    assert (again.merged, again.unchanged) == (0, 3)


def test_it_lists_unmatched_connections_with_a_prefilled_form(tmp_path, pool, recruiter, recruiter_client):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    job = import_file_now(path=path, kind="linkedin", by=recruiter)
    page = recruiter_client.get(reverse("imports:unmatched", args=[job.public_id]))
    assert page.status_code == 200 and "Hugo Petit" in page.content.decode()
    assert reverse("imports:unmatched_create", args=[job.public_id, 8]) in page.content.decode()
    url = reverse("imports:unmatched_create", args=[job.public_id, 8])
    form = recruiter_client.get(url).content.decode()
    assert 'value="https://www.linkedin.com/in/hugo-petit"' in form and "Sales — Globex" in form
    response = recruiter_client.post(
        url,
        {
            "first_name": "Hugo",
            "last_name": "Petit",
            "email": "hugo@exemple.fr",
            "phone": "",
            "linkedin_url": "https://www.linkedin.com/in/hugo-petit",
            "headline": "Sales — Globex",
            "city": "",
            "country": "FR",
            "skills": "",
            "languages": "",
            "currency": "EUR",
            "remote_preference": "any",
            "language": "fr",
            "source": "LinkedIn",
            "time_zone": "Europe/Paris",
            "summary": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    hugo = Candidate.objects.get(email="hugo@exemple.fr")
    assert LinkedInContact.objects.get(candidate=hugo).status == LinkedInStatus.CONNECTED


def test_adding_a_connection_who_was_erased_asks_first(tmp_path, pool, recruiter, recruiter_client, make):
    from vivier.privacy.services import candidate_erase

    candidate_erase(candidate=make.candidate(email="hugo@exemple.fr"), by=make.by, reason="Demande")
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    job = import_file_now(path=path, kind="linkedin", by=recruiter)
    url = reverse("imports:unmatched_create", args=[job.public_id, 8])
    data = {
        "first_name": "Hugo",
        "last_name": "Petit",
        "email": "hugo@exemple.fr",
        "linkedin_url": "https://www.linkedin.com/in/hugo-petit",
        "country": "FR",
        "currency": "EUR",
        "remote_preference": "any",
        "language": "fr",
        "time_zone": "Europe/Paris",
    }
    page = recruiter_client.post(url, data)
    assert page.status_code == 200 and 'name="allow_erased"' in page.content.decode()
    assert "effacée du vivier" in page.content.decode()
    assert not Candidate.objects.filter(email="hugo@exemple.fr").exists()
    assert recruiter_client.post(url, {**data, "allow_erased": "on"}).status_code == 302
    assert Candidate.objects.filter(email="hugo@exemple.fr").exists()
