"""The main journey in a real browser: sign in, add a candidate, put them on a job, record an offer, record a
decline with two reasons, and find it on the candidate's timeline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from vivier.front.tests.browser.conftest import screenshot
from vivier.talent.models import Decline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, username: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_it_records_a_decline_from_sign_in_to_timeline(page, recruiter, make):
    job = make.job(title="Développeur / Développeuse web", client=make.client("Hexagone Logiciels"))
    make.offer()  # something waiting on the dashboard, so its screenshot is not empty

    page.goto(page.base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    screenshot(page, "login")
    sign_in(page, recruiter.username)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    screenshot(page, "dashboard")

    # A new candidate, through the form.
    page.goto(page.base_url + "/candidates/new/")
    page.fill("#id_first_name", "Inès")
    page.fill("#id_last_name", "Moreau")
    page.fill("#id_email", "ines.moreau@exemple.fr")
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill("#id_city", "Lyon")
    page.fill("#id_skills", "Python, Django, PostgreSQL")
    page.fill("#id_salary_expectation", "52000")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("Inès Moreau")
    candidate_url = page.url

    # Put on the job, in the dialog.
    page.locator("a[hx-get$='/apply/']").click()
    dialog = page.locator("#modal-content")
    dialog.locator("#id_job").select_option(str(job.public_id))
    dialog.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Hexagone Logiciels")

    # Record an offer, in the dialog.
    page.locator("a[hx-get$='/offer/']").first.click()
    dialog.locator("#id_salary").fill("45000")
    dialog.locator("#id_remote_days_per_week").fill("1")
    dialog.locator("button[type=submit]").click()
    expect(page.locator("a[hx-get*='/decline/']").first).to_be_visible()

    # Record the decline with two reasons, salary the main one.
    page.locator("a[hx-get*='/decline/']").first.click()
    expect(dialog.locator(".sensitive-warning")).to_be_visible()
    dialog.locator("input[name=kind][value=declined_by_candidate]").check()
    dialog.locator("#reason-salary").check()
    dialog.locator("#reason-remote_policy").check()
    dialog.locator("#primary-salary").check()
    dialog.locator("#id_competing_employer").fill("Acme")
    dialog.locator("#id_competing_salary").fill("50000")
    screenshot(page, "decline-dialog")
    dialog.locator("button[type=submit]").click()

    expect(page).to_have_url(candidate_url)
    main = page.locator("main")
    expect(main).to_contain_text("Salaire")
    expect(main).to_contain_text("Télétravail")
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Refus enregistré")
    screenshot(page, "candidate")

    decline = Decline.objects.get()
    assert decline.primary_reason.code == "salary"
    assert sorted(r.code for r in decline.reasons.all()) == ["remote_policy", "salary"]
    assert decline.offered_salary == 45000 and decline.expected_salary == 52000


def test_the_interface_switches_to_english(page, recruiter):
    sign_in(page, recruiter.username)
    page.locator(
        "form[action$='/language/'] button[value=en], form[action*='i18n'] button[value=en]"
    ).first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav")).to_contain_text("Candidates")


def test_a_script_in_a_candidate_name_is_shown_as_text(page, recruiter, make):
    candidate = make.candidate(
        first_name="<img src=x onerror=alert(1)>", headline="<script>alert(2)</script>"
    )
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, recruiter.username)
    page.goto(f"{page.base_url}/candidates/{candidate.public_id}/")
    expect(page.locator("h1")).to_contain_text("<img src=x onerror=alert(1)>")
    page.goto(f"{page.base_url}/candidates/?q=alert")
    expect(page.locator("main")).to_contain_text("<script>alert(2)</script>")
    assert dialogs == []
