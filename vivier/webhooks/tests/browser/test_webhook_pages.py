"""The administrator's webhook pages in a real Chromium: add an endpoint, copy its secret, send a test ping to a
real receiver, read the delivery log. Plain forms: every step also works without JavaScript."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("VIVIER_WEBHOOK_SCREENSHOTS")  # for a look at the pages; off by default
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_an_admin_adds_an_endpoint_pings_it_and_reads_the_log(page, admin, receiver):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.get_by_role("button", name="Administration").click()  # the menu that holds the admin pages
    page.get_by_role("link", name="Webhooks").click()
    expect(page.locator("main")).to_contain_text("Aucun point de réception pour l’instant")
    _shot(page, "webhooks-empty")
    page.locator("main").get_by_role("link", name="Ajouter un point de réception").first.click()

    page.fill("#id_url", "http://ats.example.com/hooks")
    page.get_by_label("Refus enregistré").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_url_error")).to_contain_text("Utilisez https://")

    page.fill("#id_url", receiver.url)
    page.fill("#id_description", "Notre ATS")
    page.get_by_label("Consentement retiré").check()
    page.locator("main form button[type=submit]").click()
    secret = page.locator("#webhook-secret")
    expect(secret).to_have_value(re.compile(r"^whsec_"))
    _shot(page, "webhooks-created")

    page.get_by_role("button", name="Envoyer un ping de test").click()
    expect(page.locator(".alert-success")).to_contain_text("Le point de réception a répondu 200")
    expect(page.locator("main")).to_contain_text('"type": "ping"')
    _shot(page, "webhooks-delivery")
    assert receiver.received[0].headers["Vivier-Event"] == "ping"

    page.get_by_role("link", name="Journal des livraisons").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    _shot(page, "webhooks-log")
    page.get_by_role("link", name="Webhooks").first.click()
    expect(page.locator("tbody")).to_contain_text("Notre ATS")
    _shot(page, "webhooks-list")
