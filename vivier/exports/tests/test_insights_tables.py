"""The analytics tables as XLSX next to their CSV: anonymous aggregates, open to every member."""

import pytest
from django.urls import reverse

from vivier.accounts.models import AuditAction, AuditEntry
from vivier.exports.tests.conftest import csv_rows, xlsx_rows, xlsx_sheet
from vivier.insights.tests.conftest import dated_decline

pytestmark = pytest.mark.django_db

Q1 = {"from": "2025-01-01", "to": "2025-03-31"}


@pytest.fixture
def figures(make):
    acme, globex = make.client(name="Acme"), make.client(name="=Globex")
    for day in ("2025-01-10", "2025-02-10", "2025-03-10"):
        dated_decline(make, job=make.job(client=acme), offered_on="2025-01-02", declined_on=day)
    dated_decline(make, job=make.job(client=globex), offered_on="2025-01-02", declined_on="2025-01-20")


def test_it_downloads_a_breakdown_as_xlsx_for_a_viewer(viewer_client, figures):
    response = viewer_client.get(reverse("insights:export_xlsx", args=["client"]), Q1)
    assert 'filename="vivier-declines-by-client-' in response["Content-Disposition"]
    sheet = xlsx_sheet(response)
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Clé", "Libellé", "Refus"]
    assert rows[1][1:3] == ["Acme", 3] and rows[2][1:3] == ["'=Globex", 1]
    assert sheet.cell(row=2, column=3).data_type == "n" and sheet.cell(row=3, column=2).data_type == "s"


def test_it_gives_the_same_table_in_both_formats(recruiter_client, figures):
    for table in ("client", "month", "reasons", "summary"):
        as_csv = csv_rows(recruiter_client.get(reverse("insights:export", args=[table]), Q1))
        as_xlsx = xlsx_rows(recruiter_client.get(reverse("insights:export_xlsx", args=[table]), Q1))
        assert len(as_csv) == len(as_xlsx) and as_csv[0] == as_xlsx[0], table
        assert [r[0] for r in as_csv] == [("" if v is None else str(v)) for v in (r[0] for r in as_xlsx)], (
            table
        )


def test_it_answers_404_for_an_unknown_table(recruiter_client, db):
    assert recruiter_client.get(reverse("insights:export_xlsx", args=["nope"])).status_code == 404


def test_it_records_the_download(viewer_client, viewer, figures):
    xlsx_rows(viewer_client.get(reverse("insights:export_xlsx", args=["summary"]), Q1))
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.target_type, entry.target_id) == (viewer, "insights_xlsx", "summary")


def test_it_shows_the_xlsx_buttons_on_the_dashboard(viewer_client, figures):
    html = viewer_client.get(reverse("insights:dashboard"), Q1).content.decode()
    for table in ("summary", "reasons", "client", "month"):
        assert reverse("insights:export_xlsx", args=[table]) + "?from=2025-01-01" in html
