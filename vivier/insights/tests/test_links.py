import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vivier.insights import services
from vivier.insights.models import ReportLink
from vivier.insights.tests.test_reports import END, START, _acme_with, _elsewhere

pytestmark = pytest.mark.django_db


def _create(recruiter_client, client, days=30, lang="fr") -> str:
    response = recruiter_client.post(
        reverse("insights:link_create", args=[client.public_id]),
        {"date_from": START.isoformat(), "date_to": END.isoformat(), "language": lang, "days": days},
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    url = re.search(r"https?://\S+/insights/r/[\w-]+/", messages[-1]).group(0)
    return url.split("testserver", 1)[1]


def test_a_recruiter_shares_a_link_that_works_without_sign_in(recruiter_client, outsider, make):
    acme = _acme_with(make, 5, 5)
    path = _create(recruiter_client, acme, lang="en")
    link = ReportLink.objects.get()
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert link.digest == ReportLink.hash(token) and token not in link.digest  # only the hash is stored
    response = outsider.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Declines on the offers of Acme" in page
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in response["X-Robots-Tag"]
    assert " style=" not in page and "<script" not in page


def test_a_viewer_reads_reports_but_creates_no_link(viewer_client, make):
    acme = _acme_with(make, 5)
    url = reverse("insights:client_report", args=[acme.public_id])
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(
        reverse("insights:link_create", args=[acme.public_id]),
        {"date_from": START.isoformat(), "date_to": END.isoformat(), "language": "fr", "days": 30},
    )
    assert response.status_code == 403 and not ReportLink.objects.exists()


def test_an_expired_link_answers_404(recruiter, outsider, make):
    acme = _acme_with(make, 5)
    with time_machine.travel(timezone.now(), tick=False):
        _link, token = services.report_link_create(
            by=recruiter, client=acme, date_from=START, date_to=END, language="fr", days=7
        )
        url = reverse("insights:public_report", args=[token])
        assert outsider.get(url).status_code == 200
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, seconds=1), tick=False):
        assert outsider.get(url).status_code == 404
        assert outsider.get(reverse("insights:public_report_pdf", args=[token])).status_code == 404


def test_a_revoked_link_answers_404(recruiter_client, recruiter, outsider, make):
    acme = _acme_with(make, 5)
    link, token = services.report_link_create(
        by=recruiter, client=acme, date_from=START, date_to=END, language="fr", days=30
    )
    url = reverse("insights:public_report", args=[token])
    assert outsider.get(url).status_code == 200
    response = recruiter_client.post(reverse("insights:link_revoke", args=[link.public_id]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and outsider.get(url).status_code == 404


def test_an_unknown_token_answers_404(outsider, db):
    assert outsider.get(reverse("insights:public_report", args=["nope"])).status_code == 404


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_same_figures_as_the_page(recruiter, outsider, make):
    pytest.importorskip("weasyprint")
    acme = _acme_with(make, 5, 5)
    _elsewhere(make)
    _link, token = services.report_link_create(
        by=recruiter, client=acme, date_from=START, date_to=END, language="en", days=30
    )
    page = outsider.get(reverse("insights:public_report", args=[token]))
    response = outsider.get(reverse("insights:public_report_pdf", args=[token]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(_pdf_text(response.content).split())
    report = page.context["report"] if page.context else None
    html = page.content.decode()
    # The same figures: total, shares, the salary gap and the recommendations' numbers.
    for figure in ("Declines on the offers of Acme", "50%", "−20%", "5 of your 10 declines"):
        assert figure in html, figure
        assert figure in text, figure
    assert report is None or report.total == 10


def test_the_recruiter_pdf_follows_the_report_language(recruiter_client, make):
    pytest.importorskip("weasyprint")
    acme = _acme_with(make, 5)
    url = reverse("insights:client_report_pdf", args=[acme.public_id])
    response = recruiter_client.get(url, {"from": START.isoformat(), "to": END.isoformat(), "lang": "fr"})
    assert response.status_code == 200
    text = " ".join(_pdf_text(response.content).split())
    assert "Refus sur les propositions" in text or "Acme" in text
