"""Stored XSS: a payload in every free-text field of a candidate, a job, a client, a message template and a
decline is shown as text on every page where it appears, and no script runs.

The browser context bypasses the Content-Security-Policy on purpose: the CSP would stop inline scripts anyway,
and this test must prove the escaping itself, the first line of defence.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from vivier.outreach.models import MessageKind, MessageTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAYLOAD = '"><script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
# Fields holding the payload, by model; the others are codes, e-mail, phone, URL or currency, validated to a form
# that cannot carry markup.
FIELDS = {
    "candidate": ["first_name", "last_name", "city", "headline", "summary", "source"],
    "job": ["title", "description", "city"],
    "client": ["name", "sector", "city", "notes"],
    "template": ["subject", "body_text"],
    "decline": ["detail", "competing_employer"],
}


@pytest.fixture
def stored(make, recruiter):
    from vivier.talent.models import Candidate, Client, Decline, Job

    client = make.client()
    job = make.job(client=client)
    candidate = make.candidate()
    offer = make.offer(application=make.application(candidate=candidate, job=job))
    decline = make.decline(offer=offer)
    template = MessageTemplate.objects.filter(language="fr").first() or MessageTemplate.objects.create(
        kind=MessageKind.values[0], language="fr", subject="x", body_text="x"
    )
    # Written past the services and forms, as a stored payload would be if any validation let it through.
    Candidate.objects.filter(pk=candidate.pk).update(
        **dict.fromkeys(FIELDS["candidate"], PAYLOAD), skills=[PAYLOAD], languages=[PAYLOAD]
    )
    Job.objects.filter(pk=job.pk).update(**dict.fromkeys(FIELDS["job"], PAYLOAD), skills=[PAYLOAD])
    Client.objects.filter(pk=client.pk).update(**dict.fromkeys(FIELDS["client"], PAYLOAD))
    Decline.objects.filter(pk=decline.pk).update(**dict.fromkeys(FIELDS["decline"], PAYLOAD))
    MessageTemplate.objects.filter(pk=template.pk).update(**dict.fromkeys(FIELDS["template"], PAYLOAD))
    return {"candidate": candidate, "job": job, "client": client, "template": template}


def _pages(s) -> list[str]:
    c, j, cl, t = (s[k].public_id for k in ("candidate", "job", "client", "template"))
    return [
        "/",
        "/candidates/",
        f"/candidates/{c}/",
        f"/candidates/{c}/edit/",
        "/candidates/?q=%3Cscript%3E",
        "/jobs/",
        f"/jobs/{j}/",
        f"/jobs/{j}/edit/",
        f"/matching/jobs/{j}/rediscovery/",
        "/clients/",
        f"/clients/{cl}/",
        f"/clients/{cl}/edit/",
        "/templates/",
        f"/templates/{t}/",
        "/outbox/",
        "/insights/",
        "/insights/declines/",
        f"/insights/clients/{cl}/report/",
    ]


def test_stored_payloads_are_shown_as_text_everywhere(browser, live_server, settings, stored, recruiter):
    settings.DEBUG = False
    context = browser.new_context(bypass_csp=True, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", recruiter.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    try:
        shown_somewhere = 0
        for path in _pages(stored):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            assert page.evaluate("window.__xss") is None, f"a stored script ran on {path}"
            assert page.locator("img[src='x']").count() == 0, f"markup injected on {path}"
            assert page.locator("script:not([src])").count() == 0, f"an inline script on {path}"
            text = page.locator("body").inner_text() + "".join(
                page.locator("input, textarea").evaluate_all("els => els.map(e => e.value)")
            )
            shown_somewhere += "<script>window.__xss=1</script>" in text
        assert shown_somewhere >= 10, "the payload should be visible, as text, on the pages that show it"
        assert dialogs == []
    finally:
        context.close()
