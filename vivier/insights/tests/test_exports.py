import csv
import io

import pytest
from django.urls import reverse

from vivier.insights.exports import cell

pytestmark = pytest.mark.django_db

Q1 = {"from": "2025-01-01", "to": "2025-03-31"}


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    # In French the cells are separated by semicolons, as Excel set to French expects (vivier.exports.writers).
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("value", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_run_is_quoted(value):
    assert cell(value) == "'" + value


def test_numbers_and_plain_text_are_written_as_they_are():
    assert cell(-12.5) == -12.5 and cell(3) == 3 and cell("Acme") == "Acme" and cell(None) == ""


def test_a_breakdown_downloads_as_csv(recruiter_client, small):
    response = recruiter_client.get(reverse("insights:export", args=["client"]), Q1)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[1][1:3] == ["Acme", "3"] and rows[2][1:3] == ["Globex", "2"]


def test_the_declines_list_downloads_with_formula_cells_escaped(recruiter_client, make, small):
    evil = make.client(name='=HYPERLINK("http://evil")')
    from vivier.insights.tests.conftest import dated_decline

    dated_decline(
        make, job=make.job(client=evil, title="@cmd"), offered_on="2025-01-02", declined_on="2025-01-03"
    )
    response = recruiter_client.get(reverse("insights:declines"), {**Q1, "format": "csv"})
    rows = _rows(response)
    assert len(rows) == 7
    evil_row = next(r for r in rows if "HYPERLINK" in r[2])
    assert evil_row[2].startswith("'=") and evil_row[3] == "'@cmd"


def test_the_summary_and_reasons_download(recruiter_client, small):
    summary = _rows(recruiter_client.get(reverse("insights:export", args=["summary"]), Q1))
    assert summary[1][1] == "5"
    reasons = _rows(recruiter_client.get(reverse("insights:export", args=["reasons"]), Q1))
    assert reasons[1][0] == "salary" and reasons[1][2] == "3"


def test_an_unknown_table_is_404(recruiter_client, db):
    assert recruiter_client.get(reverse("insights:export", args=["nope"])).status_code == 404
