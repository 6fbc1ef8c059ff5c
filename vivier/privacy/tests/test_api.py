"""GET /api/v1/candidates/{id}/export and POST /api/v1/candidates/{id}/erase: permissions, shape, 404."""

import pytest

from vivier.accounts.models import AuditEntry
from vivier.api.tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_export_and_erase_need_a_writer_token(make, viewer_token):
    candidate = make.candidate()
    anonymous, viewer = Api(), Api(viewer_token)
    for client, status in ((anonymous, 401), (viewer, 403)):
        response = client.get(f"/candidates/{candidate.public_id}/export")
        assert response.status_code == status and "error" in response.json()
        response = client.post(f"/candidates/{candidate.public_id}/erase", {"reason": "x"})
        assert response.status_code == status and "error" in response.json()
    assert type(candidate).objects.filter(pk=candidate.pk).exists()


def test_export_returns_every_section(make, recruiter_token):
    decline = make.decline()
    response = Api(recruiter_token).get(f"/candidates/{decline.candidate.public_id}/export")
    assert response.status_code == 200
    body = response.json()
    assert body["candidate_id"] == str(decline.candidate.public_id)
    assert len(body["sections"]["talent.Decline"]) == 1
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_erase_needs_a_reason_then_everything_answers_404(make, recruiter_token):
    decline = make.decline()
    candidate = decline.candidate
    api = Api(recruiter_token)
    missing = api.post(f"/candidates/{candidate.public_id}/erase", {})
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    response = api.post(f"/candidates/{candidate.public_id}/erase", {"reason": "demande écrite"})
    assert response.status_code == 200
    assert response.json() == {"candidate_id": str(candidate.public_id), "erased": True, "declines_kept": 1}
    for path in (f"/candidates/{candidate.public_id}", f"/candidates/{candidate.public_id}/export"):
        assert api.get(path).status_code == 404
    assert api.post(f"/candidates/{candidate.public_id}/erase", {"reason": "again"}).status_code == 404
    assert api.get(f"/messages?candidate_id={candidate.public_id}").json().get("count", 0) == 0


def test_unknown_id_is_404(recruiter_token):
    api = Api(recruiter_token)
    assert api.get("/candidates/00000000-0000-0000-0000-000000000000/export").status_code == 404


def test_the_candidate_detail_lists_the_consents(make, recruiter_token):
    candidate = make.candidate()
    make.consent(candidate, "job_alerts")
    body = Api(recruiter_token).get(f"/candidates/{candidate.public_id}").json()
    assert {"purpose": "job_alerts", "status": "given"} in body["consents"]
