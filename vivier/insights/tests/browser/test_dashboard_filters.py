"""The dashboard's filters in a real browser: choosing a client narrows every figure, and a bar leads to the
declines behind it. Run with `make test-browser` (pytest -m browser)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_filter_narrows_every_figure_and_a_bar_drills_down(page, recruiter, small):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", recruiter.username)
    page.fill("#id_password", PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(page.base_url + "/insights/?from=2025-01-01&to=2025-03-31")
    total = page.locator(".stat .stat-value a").first
    expect(total).to_have_text("5")
    page.select_option("#f-client", label="Acme")
    page.locator(".insights-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"client={small.acme.public_id}"))
    expect(total).to_have_text("3")
    expect(page.locator("#bd-client").locator("xpath=../..").locator("tbody tr")).to_have_count(1)

    # The first bar of the main reasons: salary, two declines at Acme.
    page.locator("svg.insights-bars a").first.click()
    expect(page).to_have_url(re.compile(r"/insights/declines/.*reason=salary"))
    expect(page.locator("table.list-table tbody tr")).to_have_count(2)
