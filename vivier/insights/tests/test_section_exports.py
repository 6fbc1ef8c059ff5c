"""The outreach and placement sections as CSV: the same figures as the page, counts only."""

import csv
import io

import pytest
from django.urls import reverse

from vivier.insights.tests.test_placements import pool  # noqa: F401  (fixture)
from vivier.insights.tests.test_shifts import terms  # noqa: F401  (fixture)
from vivier.insights.tests.test_touchpoints import story  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))  # French: semicolons, decimal commas


def test_the_reply_rates_download(recruiter_client, story):  # noqa: F811
    rows = _rows(
        recruiter_client.get(
            reverse("insights:export", args=["replies"]), {"from": "2025-01-01", "to": "2025-01-31"}
        )
    )
    assert rows[0][:3] == ["Étape", "Libellé", "Messages envoyés"]
    assert rows[1][:7] == ["thank_you", "Remerciement", "4", "1", "25,0", "1", "25,0"]
    assert rows[2][:5] == ["stay_in_touch", "Garder le contact", "2", "1", "50,0"]


def test_the_touchpoints_download_and_hold_no_name(recruiter_client, story):  # noqa: F811
    response = recruiter_client.get(
        reverse("insights:export", args=["touchpoints"]), {"from": "2025-01-01", "to": "2025-03-31"}
    )
    rows = _rows(response)
    assert sorted((r[0], r[2], r[3]) for r in rows[1:]) == [
        ("none", "1", "50,0"),
        ("stay_in_touch", "1", "50,0"),
    ]
    assert not any(name in str(rows) for name in ("PersonneA", "PersonneB"))


def test_the_placements_download(recruiter_client, pool):  # noqa: F811
    rows = _rows(
        recruiter_client.get(
            reverse("insights:export", args=["placements"]), {"from": "2025-01-01", "to": "2025-03-31"}
        )
    )
    assert rows[1] == ["2025-02", "2", "1", "1", "50,0"]
    assert rows[2] == ["2025-03", "1", "0", "1", "0,0"]
    assert rows[-1][:4] == ["Total", "3", "1", "2"]


def test_the_shifts_download(recruiter_client, terms):  # noqa: F811
    rows = _rows(
        recruiter_client.get(
            reverse("insights:export", args=["shifts"]), {"from": "2025-01-01", "to": "2025-02-28"}
        )
    )
    xylo = [r for r in rows if r[0] == "Xylo"]
    assert [(r[9], r[10], r[12], r[14]) for r in xylo] == [
        ("Télétravail", "2", "4", "46,7"),
        ("Salaire", "4", "1", "-46,7"),
    ]
    assert rows[1][0] == "L’agence dans son ensemble"


def test_the_xlsx_of_a_section_downloads_too(recruiter_client, pool):  # noqa: F811
    response = recruiter_client.get(
        reverse("insights:export_xlsx", args=["placements"]), {"from": "2025-01-01"}
    )
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
