import re

import pytest
from django.conf import settings
from django.urls import reverse

from vivier.accounts.models import AuditAction, AuditEntry
from vivier.exports.tests.conftest import csv_rows, xlsx_rows, xlsx_sheet
from vivier.insights.tests.conftest import dated_decline

pytestmark = pytest.mark.django_db

CSV_URL = reverse("exports:declines_csv")
XLSX_URL = reverse("exports:declines_xlsx")
Q1 = {"from": "2025-01-01", "to": "2025-03-31"}
ID = re.compile(r"/candidates/([0-9a-f-]{36})/")
CANDIDATE_ID = 16


@pytest.fixture
def declines(make):
    acme, globex = make.client(name="Acme"), make.client(name="Globex")
    dev = make.job(client=acme, title="Développeuse", rome_code="M1805")
    sales = make.job(client=globex, title="Commercial", rome_code="D1402")
    return {
        "salary_acme": dated_decline(make, job=dev, offered_on="2025-01-02", declined_on="2025-01-10"),
        "remote_acme": dated_decline(
            make,
            job=dev,
            offered_on="2025-02-01",
            declined_on="2025-02-05",
            codes=("remote_policy", "salary"),
        ),
        "salary_globex": dated_decline(make, job=sales, offered_on="2025-03-01", declined_on="2025-03-03"),
        "outside": dated_decline(make, job=sales, offered_on="2025-05-01", declined_on="2025-05-02"),
        "acme": acme,
    }


def _page_candidates(http, params) -> list[str]:
    return ID.findall(http.get(reverse("insights:declines"), params).content.decode())


def test_it_exports_the_declines_the_drill_down_lists(recruiter_client, declines):
    acme = str(declines["acme"].public_id)
    for params in (Q1, {**Q1, "client": acme}, {**Q1, "reason": "salary"}, {**Q1, "mentions": "salary"}, {}):
        rows = csv_rows(recruiter_client.get(CSV_URL, params))
        assert sorted(r[CANDIDATE_ID] for r in rows[1:]) == sorted(
            _page_candidates(recruiter_client, params)
        ), params
    rows = csv_rows(recruiter_client.get(CSV_URL, {**Q1, "client": acme}))
    assert [r[2] for r in rows[1:]] == ["Acme", "Acme"]
    assert rows[1][:7] == [
        "05/02/2025",
        declines["remote_acme"].candidate.full_name,
        "Acme",
        "Développeuse",
        "Refusée par la personne candidate",
        "Télétravail",
        "Salaire, Télétravail",
    ]


def test_it_writes_the_french_header_and_numbers(recruiter_client, declines):
    rows = csv_rows(recruiter_client.get(CSV_URL, Q1))
    assert rows[0] == [
        "Date",
        "Candidat·e",
        "Client",
        "Poste",
        "Type",
        "Motif principal",
        "Motifs donnés",
        "Salaire proposé",
        "Devise",
        "Salaire attendu",
        "Salaire concurrent",
        "Jours de télétravail proposés",
        "Jours de télétravail de l’offre concurrente",
        "D’accord pour être recontacté·e",
        "Relancer après le",
        "Enregistré par",
        "Identifiant candidat·e",
        "Identifiant du refus",
    ]
    sheet = xlsx_sheet(recruiter_client.get(XLSX_URL, Q1))
    first = [c for c in next(sheet.iter_rows(min_row=2))]
    assert first[0].is_date and first[0].number_format == "DD/MM/YYYY"
    assert first[7].value == 45000 and first[7].data_type == "n"


def test_it_writes_english_when_the_user_reads_english(recruiter_client, declines):
    recruiter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = csv_rows(recruiter_client.get(CSV_URL, Q1), delimiter=",")
    assert rows[0][:3] == ["Date", "Candidate", "Client"] and rows[1][0] == "2025-03-03"


def test_it_escapes_formulas_in_client_and_job_names(recruiter_client, make):
    evil = make.client(name='=HYPERLINK("http://evil")')
    dated_decline(
        make, job=make.job(client=evil, title="@cmd"), offered_on="2025-01-02", declined_on="2025-01-03"
    )
    row = csv_rows(recruiter_client.get(CSV_URL, Q1))[1]
    assert row[2:4] == ['\'=HYPERLINK("http://evil")', "'@cmd"]
    cells = next(xlsx_sheet(recruiter_client.get(XLSX_URL, Q1)).iter_rows(min_row=2))
    assert cells[2].value == '\'=HYPERLINK("http://evil")' and cells[2].data_type == "s"


def test_it_keeps_erased_peoples_declines_without_their_identity(recruiter_client, recruiter, declines):
    from vivier.privacy.services import candidate_erase

    candidate_erase(candidate=declines["salary_globex"].candidate, by=recruiter, reason="Demande")
    rows = csv_rows(recruiter_client.get(CSV_URL, Q1))
    erased = [r for r in rows[1:] if r[2] == "Globex"]
    assert len(rows) == 4 and erased[0][1] == "[effacé]" and erased[0][CANDIDATE_ID] == ""


def test_it_gives_a_header_only_file_for_an_empty_period(recruiter_client, declines):
    params = {"from": "2020-01-01", "to": "2020-01-31"}
    assert len(csv_rows(recruiter_client.get(CSV_URL, params))) == 1
    assert len(xlsx_rows(recruiter_client.get(XLSX_URL, params))) == 1


def test_it_is_for_recruiters_and_admins_only(viewer_client, recruiter_client, admin_client_, declines):
    for url in (CSV_URL, XLSX_URL):
        assert viewer_client.get(url, Q1).status_code == 403
        assert recruiter_client.get(url, Q1).status_code == 200
        assert admin_client_.get(url, Q1).status_code == 200
    # The drill-down's own ?format= address leads to the same export, with the same rule.
    assert viewer_client.get(reverse("insights:declines"), {**Q1, "format": "csv"}).status_code == 403
    legacy = recruiter_client.get(reverse("insights:declines"), {**Q1, "format": "xlsx"})
    assert len(xlsx_rows(legacy)) == 4
    # The viewer still reads the list, without the buttons.
    page = viewer_client.get(reverse("insights:declines"), Q1)
    assert page.status_code == 200 and CSV_URL not in page.content.decode()


def test_it_puts_the_buttons_on_the_drill_down_with_its_filters(recruiter_client, declines):
    acme = declines["acme"].public_id
    html = recruiter_client.get(reverse("insights:declines"), {**Q1, "client": acme}).content.decode()
    assert f"{CSV_URL}?from=2025-01-01&amp;to=2025-03-31&amp;client={acme}" in html
    assert f"{XLSX_URL}?from=2025-01-01&amp;to=2025-03-31&amp;client={acme}" in html


def test_it_records_the_export_with_its_filters_and_rows(recruiter_client, recruiter, declines):
    csv_rows(recruiter_client.get(CSV_URL, {**Q1, "reason": "salary"}))
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.target_type) == (recruiter, "declines_csv")
    assert entry.data == {
        "filters": "from=2025-01-01&to=2025-03-31&reason=salary",
        "rows": 2,
        "format": "csv",
    }


def test_it_streams_in_a_number_of_queries_that_does_not_grow_with_the_rows(
    recruiter_client, make, declines, download_queries
):
    few = download_queries(recruiter_client, CSV_URL, Q1)
    job = make.job()
    for day in range(10, 20):
        dated_decline(
            make,
            job=job,
            offered_on="2025-03-01",
            declined_on=f"2025-03-{day}",
            codes=("salary", "remote_policy"),
        )
    assert download_queries(recruiter_client, CSV_URL, Q1) == few
    assert download_queries(recruiter_client, XLSX_URL, Q1) == few
