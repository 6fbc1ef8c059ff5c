"""In a real browser: open a job, act on the rediscovery panel (put on the job; add a person to a new pool),
open the pool, write to it, see the count and confirm."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from vivier.front.tests.browser.conftest import screenshot
from vivier.pools.models import Campaign, TalentPool
from vivier.talent.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in(page, username: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_it_goes_from_a_job_to_a_message_to_a_new_pool(page, recruiter, make):
    job = make.job(
        title="Développeur web", skills=["Python"], description="Développeur web Python et Django."
    )
    lea = make.candidate_in_pool(first_name="Léa", last_name="Durand", headline="Développeuse web Python")
    zoe = make.candidate_in_pool(
        first_name="Zoé", last_name="Roux", headline="Développeuse web Python Django"
    )

    _sign_in(page, recruiter.username)
    page.goto(f"{page.base_url}/jobs/{job.public_id}/")
    panel = page.locator("#vivier-panel")
    expect(panel).to_contain_text("Léa Durand")

    # Put Zoé on the job: her row's button gives way to "Sur le poste", without a page load.
    zoe_row = panel.locator("li", has_text="Zoé Roux")
    zoe_row.get_by_role("button", name=re.compile("Positionner sur le poste")).click()
    expect(zoe_row).to_contain_text("Sur le poste")
    assert Application.objects.filter(job=job, candidate=zoe).exists()

    # Add Léa to a new pool, inline in her row.
    lea_row = panel.locator("li", has_text="Léa Durand")
    lea_row.get_by_role("link", name=re.compile("Ajouter à un vivier")).click()
    lea_row.locator(f"#pool-add-{lea.public_id.hex[:8]}-new_name").fill("Web Lyon")
    screenshot(page, "rediscovery-actions")
    lea_row.locator("form.pool-add-inline button[type=submit]").click()
    expect(lea_row).to_contain_text("a été ajouté·e au vivier")
    lea_row.get_by_role("link", name="Ouvrir le vivier").click()

    # The pool, then the message to it.
    expect(page.locator("h1")).to_contain_text("Web Lyon")
    expect(page.locator("main table")).to_contain_text("Léa Durand")
    page.get_by_role("link", name="Écrire au vivier").click()
    page.fill("#id_subject", "Des nouvelles de l’agence")
    expect(page.locator("#preview")).to_contain_text("Bonjour Léa,")  # the live preview, for her
    page.get_by_role("button", name="Compter et relire").click()
    expect(page.locator("#audience-count")).to_contain_text(
        "1 personne\u00a0: 1 peut recevoir le message, 0 ne le peut pas"
    )
    screenshot(page, "pool-campaign-confirm")
    page.get_by_role("button", name=re.compile("Confirmer")).click()

    expect(page.locator("h1")).to_contain_text("Des nouvelles de l’agence")
    expect(page.locator("#campaign-progress")).to_contain_text("En attente du traitement")
    campaign = Campaign.objects.get()
    assert campaign.audience_id == TalentPool.objects.get(name="Web Lyon").public_id
    assert campaign.allowed_count == 1
