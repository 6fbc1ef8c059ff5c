"""In a real browser: subscribe to the calendar from the profile, and export the filtered candidate list."""

from __future__ import annotations

import csv
import io
import os
import re

import pytest
from playwright.sync_api import expect

from vivier.front.tests.browser.test_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("VIVIER_EXPORTS_SHOTS", "")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_it_subscribes_from_the_profile(page, recruiter, settings):
    settings.BASE_URL = page.base_url
    sign_in(page, recruiter.username)
    page.goto(page.base_url + "/accounts/profile/")
    page.get_by_role("link", name="S’abonner dans Outlook / Google Agenda").click()
    page.get_by_role("button", name="Créer mon lien d’agenda").click()
    address = page.get_by_label("Adresse de l’agenda").input_value()
    assert re.fullmatch(re.escape(page.base_url) + r"/calendar/cal_[\w-]+\.ics", address)
    _shot(page, "calendar")
    feed = page.request.get(address)
    assert feed.status == 200 and feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert feed.text().startswith("BEGIN:VCALENDAR")
    page.get_by_role("button", name="Désactiver le lien").click()
    expect(page.get_by_text("Votre lien d’agenda est désactivé")).to_be_visible()
    assert page.request.get(address).status == 404


def test_it_exports_the_filtered_list(page, recruiter, make):
    make.candidate(first_name="Inès", last_name="Moreau", city="Lyon")
    make.candidate(first_name="Paul", last_name="Durand", city="Paris")
    sign_in(page, recruiter.username)
    page.goto(page.base_url + "/candidates/")
    page.fill("#f-city", "Lyon")
    page.get_by_role("button", name="Rechercher").click()
    _shot(page, "candidates")
    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter CSV").click()
    download = info.value
    assert re.fullmatch(r"vivier-candidates-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.reader(io.StringIO(handle.read()), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Inès"]
