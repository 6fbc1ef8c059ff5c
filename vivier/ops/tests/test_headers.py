import pytest

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy(recruiter_client):
    response = recruiter_client.get("/accounts/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_api_health_check_has_the_headers_too(outsider):
    response = outsider.get("/api/v1/health")
    assert "Content-Security-Policy" in response.headers
