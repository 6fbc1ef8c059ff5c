"""The candidate's own pages in a real Chromium, on a phone-sized screen, without a line of JavaScript:
opt in, change preferences, withdraw, unsubscribe (one-click POST and the page), the decline form."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from playwright.sync_api import expect

from vivier.front.tests.browser.conftest import screenshot
from vivier.privacy import tokens
from vivier.privacy.models import CandidateDeclineAnswer
from vivier.privacy.rules import consent_states

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(autouse=True)
def reasons(db):
    """The seeded taxonomy (a transactional test starts from empty tables)."""
    from vivier.talent.models import DeclineReason
    from vivier.talent.taxonomy import SEED_REASONS

    for position, (code, category, label_fr, label_en) in enumerate(SEED_REASONS, start=1):
        DeclineReason.objects.get_or_create(
            code=code,
            defaults={"category": category, "label_fr": label_fr, "label_en": label_en, "position": position},
        )


@pytest.fixture
def phone(browser, live_server, settings):
    """A phone-sized page with JavaScript off: every form must work as plain HTML."""
    settings.DEBUG = False
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_opt_in_then_preferences_then_withdraw_then_stop(phone, make):
    candidate = make.candidate(first_name="Inès", language="fr")
    phone.goto(phone.base_url + _path(tokens.stay_in_touch_url(candidate)))
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    boxes = phone.get_by_role("checkbox")
    expect(boxes).to_have_count(3)
    for i in range(3):
        expect(boxes.nth(i)).not_to_be_checked()
    screenshot(phone, "candidate-stay-in-touch")
    # Keyboard only: the label ticks the box, the button submits.
    phone.locator("#opt-talent_pool").focus()
    phone.keyboard.press("Space")
    phone.locator("#opt-job_alerts").check()
    phone.locator("button[type=submit]").press("Enter")
    expect(phone.get_by_role("status")).to_be_visible()
    states = consent_states(candidate)
    assert states["talent_pool"].valid and states["job_alerts"].valid and not states["survey"].valid

    # Preferences: the page we landed on.
    phone.fill("#id_wanted_jobs", "Cheffe de projet data")
    phone.fill("#id_wanted_places", "Nantes")
    phone.select_option("#id_remote_preference", "hybrid")
    phone.locator("input[name=contract_types][value=cdi]").check()
    phone.fill("#id_salary_expectation", "55000")
    phone.locator("button[value=preferences]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    candidate.privacy.refresh_from_db()
    assert (
        candidate.privacy.wanted_jobs == "Cheffe de projet data"
        and candidate.privacy.salary_expectation == 55000
    )
    screenshot(phone, "candidate-preferences")

    phone.locator("button[value=open_again]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    assert candidate.events.filter(kind="candidate.open_again").exists()

    phone.locator("form:has(input[value=job_alerts]) button[value=withdraw]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    assert consent_states(candidate)["job_alerts"].status == "withdrawn"

    phone.locator("button[value=stop]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    candidate.refresh_from_db()
    assert candidate.do_not_contact and consent_states(candidate)["talent_pool"].status == "withdrawn"


def test_unsubscribe_by_the_page_and_by_one_click_post(phone, make, live_server):
    from vivier.outreach.links import unsubscribe_url

    shown = make.candidate()
    phone.goto(phone.base_url + _path(unsubscribe_url(shown)))
    shown.refresh_from_db()
    assert not shown.do_not_contact  # a GET (a link scanner) changes nothing
    phone.locator("button[type=submit]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    shown.refresh_from_db()
    assert shown.do_not_contact

    clicked = make.candidate()
    # What a mail client does with List-Unsubscribe-Post: a POST, no cookie, no CSRF token.
    response = HttpClient(enforce_csrf_checks=True).post(
        _path(unsubscribe_url(clicked)),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    clicked.refresh_from_db()
    assert clicked.do_not_contact


def test_the_decline_form_in_the_candidates_words(phone, make):
    decline = make.decline(codes=("salary",))
    candidate = decline.candidate
    phone.goto(phone.base_url + _path(tokens.decline_url(candidate, decline)))
    phone.locator("input[name=reasons][value=remote_policy]").check()
    phone.locator("input[name=reasons][value=salary]").check()
    phone.locator("input[name=primary][value=remote_policy]").check()
    phone.fill("textarea[name=in_their_words]", "Trois jours sur site, c'était trop loin")
    phone.fill("textarea[name=competing_offer]", "Télétravail complet")
    screenshot(phone, "candidate-decline-form")
    phone.locator("button[type=submit]").click()
    expect(phone.get_by_role("status")).to_be_visible()
    answer = CandidateDeclineAnswer.objects.get()
    assert answer.primary_reason == "remote_policy" and answer.decline_id == decline.pk


def test_a_broken_link_shows_a_clear_page(phone, make):
    phone.goto(phone.base_url + "/t/not-a-real-token/")
    expect(phone.locator("h1")).to_contain_text("lien")
