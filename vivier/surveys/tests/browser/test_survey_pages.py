"""The survey in a real Chromium: the candidate answers on a phone without JavaScript, then a recruiter reads
the results. Run with `make test-browser` (pytest -m browser); screenshots land in docs/screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from vivier.front.tests.browser.conftest import screenshot
from vivier.talent.models import FollowUp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def reasons(db):
    """The seeded taxonomy and templates (a transactional test starts from empty tables)."""
    from vivier.talent.models import DeclineReason
    from vivier.talent.taxonomy import SEED_REASONS

    for position, (code, category, label_fr, label_en) in enumerate(SEED_REASONS, start=1):
        DeclineReason.objects.get_or_create(
            code=code,
            defaults={"category": category, "label_fr": label_fr, "label_en": label_en, "position": position},
        )


@pytest.fixture
def phone(browser, live_server, settings):
    settings.DEBUG = False
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_a_candidate_answers_on_a_phone_and_a_recruiter_reads_it(phone, page, make, surveys, recruiter):
    from vivier.outreach.models import MessageTemplate

    if not MessageTemplate.objects.filter(kind="survey").exists():  # flushed by an earlier transactional test
        pytest.skip("the seeded templates are gone")
    response = surveys.sent(candidate=make.candidate(first_name="Léa", last_name="Martin"))
    path = re.search(r"/s/[^\s/]+/", response.message.body_text).group(0)
    phone.goto(phone.base_url + path)
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("radio")).to_have_count(11)
    expect(phone.get_by_role("radio", name="0 — pas du tout probable")).to_be_visible()
    screenshot(phone, "candidate-survey")
    phone.locator("label[for=score-4]").click()
    expect(phone.locator("#score-4")).to_be_checked()
    phone.fill("#id_comment", "Personne ne m’a rappelée après le deuxième entretien.")
    phone.locator("button[type=submit]").press("Enter")
    expect(phone.get_by_role("status")).to_contain_text("Merci pour votre réponse")
    assert FollowUp.objects.get().title.startswith("Rappeler Léa Martin")

    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", recruiter.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto(page.base_url + "/insights/surveys/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enquête sur l’expérience candidat")
    expect(page.locator("#comments-title").locator("xpath=../..")).to_contain_text("Personne ne m’a rappelée")
    screenshot(page, "survey-results")
