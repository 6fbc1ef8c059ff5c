"""The candidate's own pages through Django's test client: links, opt-ins, preferences, CV, decline answer."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from vivier.privacy import tokens
from vivier.privacy.models import CandidateDeclineAnswer, CandidateFile, ConsentRecord
from vivier.privacy.rules import consent_states
from vivier.privacy.services import links_revoke

pytestmark = pytest.mark.django_db


def _path(url: str) -> str:
    return url.split("agence.example", 1)[1]


def _stay(candidate) -> str:
    return _path(tokens.stay_in_touch_url(candidate))


def _prefs(candidate) -> str:
    return _path(tokens.preferences_url(candidate))


def test_the_stay_in_touch_page_shows_unticked_separate_opt_ins_with_their_wording(make, outsider):
    candidate = make.candidate(language="en")
    page = outsider.get(_stay(candidate))
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert html.count('type="checkbox" name="purpose"') == 3 and " checked" not in html
    assert "I agree that" in html and "talent pool" in html and "csrfmiddlewaretoken" in html


def test_in_french_the_wording_is_french(make, outsider):
    html = outsider.get(_stay(make.candidate(language="fr"))).content.decode()
    assert "J’accepte que" in html


def test_opting_in_records_one_line_per_ticked_purpose_with_proof(make, outsider):
    candidate = make.candidate()
    response = outsider.post(
        _stay(candidate), {"purpose": ["talent_pool", "survey"]}, HTTP_USER_AGENT="Firefox test"
    )
    assert response.status_code == 302 and "/p/" in response["Location"]
    records = {r.purpose: r for r in ConsentRecord.objects.filter(candidate=candidate)}
    assert set(records) == {"talent_pool", "survey"}
    record = records["talent_pool"]
    assert record.channel == "email_link" and record.user_agent == "Firefox test" and record.ip == "127.0.0.1"
    assert (
        record.token_id and record.wording_version and record.wording_text and len(record.wording_hash) == 64
    )
    assert record.expires_at.date() > (timezone.now() + dt.timedelta(days=700)).date()
    states = consent_states(candidate)
    assert states["talent_pool"].valid and not states["job_alerts"].valid


def test_a_used_stay_in_touch_link_changes_nothing(make, outsider):
    candidate = make.candidate()
    url = _stay(candidate)
    outsider.post(url, {"purpose": ["talent_pool"]})
    again = outsider.post(url, {"purpose": ["job_alerts"]})
    assert again.status_code == 409
    assert not ConsentRecord.objects.filter(candidate=candidate, purpose="job_alerts").exists()


@pytest.mark.parametrize("damage", ["tamper", "expire", "revoke", "erase", "other_purpose"])
def test_a_bad_link_gets_the_same_clear_page_and_changes_nothing(make, outsider, damage):
    candidate = make.candidate()
    url = _stay(candidate)
    if damage == "tamper":
        url = url[:-6] + ("A" if url[-6] != "A" else "B") + url[-5:]
    elif damage == "revoke":
        links_revoke(candidate=candidate, by=make.by)
    elif damage == "other_purpose":
        url = url.replace("/t/", "/p/")
    elif damage == "erase":
        from vivier.privacy.services import candidate_erase

        candidate_erase(candidate=candidate, by=make.by, reason="test")
    travel = timezone.now() + dt.timedelta(days=200 if damage == "expire" else 0)
    with time_machine.travel(travel, tick=False):
        get = outsider.get(url)
        post = outsider.post(url, {"purpose": ["talent_pool"]})
    for response in (get, post):
        assert response.status_code == 404
        assert (
            "does not work" in response.content.decode() or "ne fonctionne pas" in response.content.decode()
        )
    assert not ConsentRecord.objects.exists()


def test_the_forms_are_csrf_protected(make):
    strict = HttpClient(enforce_csrf_checks=True)
    candidate = make.candidate()
    assert strict.post(_stay(candidate), {"purpose": ["talent_pool"]}).status_code == 403
    assert strict.post(_prefs(candidate), {"action": "open_again"}).status_code == 403
    assert not ConsentRecord.objects.exists()


def test_the_public_pages_are_rate_limited(make, outsider, settings):
    settings.PRIVACY_PUBLIC_RATE_PER_MINUTE = 3
    url = _prefs(make.candidate())
    codes = [outsider.get(url).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_the_preference_centre_saves_preferences_and_language(make, outsider):
    candidate = make.candidate(language="fr")
    url = _prefs(candidate)
    response = outsider.post(
        url,
        {
            "action": "preferences",
            "wanted_jobs": "Data engineer",
            "wanted_places": "Lyon, Grenoble",
            "remote_preference": "hybrid",
            "contract_types": ["cdi", "freelance"],
            "salary_expectation": "52000",
            "alert_frequency": "weekly",
            "language": "en",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    state = candidate.privacy
    assert (state.wanted_jobs, state.contract_types, state.salary_expectation, state.alert_frequency) == (
        "Data engineer",
        ["cdi", "freelance"],
        52000,
        "weekly",
    )
    assert candidate.language == "en"
    assert "Your preferences" in outsider.get(url).content.decode()


def test_open_again_alerts_the_recruiter(make, outsider, recruiter_client):
    candidate = make.candidate()
    outsider.post(_prefs(candidate), {"action": "open_again"})
    assert candidate.events.filter(kind="candidate.open_again").exists()
    dashboard = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "De nouveau ouvert·e aux opportunités" in dashboard  # French is the default language
    assert candidate.full_name in dashboard
    assert candidate.full_name in dashboard


def test_withdraw_and_give_from_the_preference_centre(make, outsider):
    candidate = make.candidate()
    make.consent(candidate, "job_alerts")
    outsider.post(_prefs(candidate), {"action": "withdraw", "purpose": "job_alerts"})
    assert consent_states(candidate)["job_alerts"].status == "withdrawn"
    outsider.post(_prefs(candidate), {"action": "give", "purpose": "survey"})
    assert consent_states(candidate)["survey"].valid


def test_unsubscribe_from_everything_withdraws_every_consent_and_stops_the_outbox(make, outsider):
    candidate = make.candidate_in_pool()
    outsider.post(_prefs(candidate), {"action": "stop"})
    candidate.refresh_from_db()
    assert candidate.do_not_contact
    assert {s.status for s in consent_states(candidate).values()} == {"withdrawn"}


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("cv.pdf", b"%PDF-1.7\n...", True),
        ("cv.docx", _docx(), True),
        ("cv.txt", "Développeuse Python, 8 ans".encode(), True),
        ("cv.pdf", b"MZ\x90\x00 an executable named pdf", False),
        ("cv.docx", b"PK\x03\x04 not a real zip", False),
    ],
)
def test_a_cv_is_checked_by_its_bytes(make, outsider, settings, name, data, ok):
    from django.core.files.uploadedfile import SimpleUploadedFile

    candidate = make.candidate()
    response = outsider.post(_prefs(candidate), {"action": "cv", "cv": SimpleUploadedFile(name, data)})
    assert (response.status_code == 302) is ok
    assert CandidateFile.objects.filter(candidate=candidate).exists() is ok
    if ok:
        stored = settings.MEDIA_ROOT / CandidateFile.objects.get(candidate=candidate).stored_path
        assert stored.read_bytes() == data


def test_a_cv_too_large_is_refused(make, outsider, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVACY_CV_MAX_BYTES = 1024
    response = outsider.post(
        _prefs(make.candidate()), {"action": "cv", "cv": SimpleUploadedFile("cv.txt", b"a" * 2048)}
    )
    assert response.status_code == 400 and not CandidateFile.objects.exists()


def test_the_decline_form_stores_the_answer_beside_the_recruiters_once(make, outsider, recruiter_client):
    decline = make.decline(codes=("salary", "remote_policy"))
    candidate = decline.candidate
    url = _path(tokens.decline_url(candidate, decline))
    assert outsider.get(url).status_code == 200
    bad = outsider.post(url, {"reasons": ["salary"], "primary": "remote_policy"})
    assert bad.status_code == 400 and not CandidateDeclineAnswer.objects.exists()
    ok = outsider.post(
        url,
        {
            "reasons": ["salary", "better_aligned_opportunity"],
            "primary": "better_aligned_opportunity",
            "in_their_words": "Un projet plus proche",
            "competing_offer": "Télétravail complet",
        },
    )
    assert ok.status_code == 200
    answer = CandidateDeclineAnswer.objects.get()
    assert answer.decline == decline and answer.primary_reason == "better_aligned_opportunity"
    again = outsider.post(url, {"reasons": ["salary"], "primary": "salary"})
    assert again.status_code == 409 and CandidateDeclineAnswer.objects.count() == 1
    page = recruiter_client.get(
        reverse("front:candidate_detail", args=[candidate.public_id])
    ).content.decode()
    assert "Un projet plus proche" in page and "Télétravail complet" in page


def test_a_link_sent_before_the_privacy_app_works_until_revoked(make, outsider):
    from django.core import signing

    candidate = make.candidate()
    legacy = "/t/" + signing.dumps(candidate.public_id.hex, salt="vivier.outreach.stay_in_touch") + "/"
    assert outsider.get(legacy).status_code == 200
    links_revoke(candidate=candidate, by=make.by)
    assert outsider.get(legacy).status_code == 404
