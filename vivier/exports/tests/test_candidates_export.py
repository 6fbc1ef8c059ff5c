import re

import pytest
from django.conf import settings
from django.urls import reverse

from vivier.accounts.models import AuditAction, AuditEntry
from vivier.exports.tests.conftest import csv_rows, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db

CSV_URL = reverse("exports:candidates_csv")
XLSX_URL = reverse("exports:candidates_xlsx")
ID = re.compile(r"/candidates/([0-9a-f-]{36})/")


def _page_ids(http, params) -> set[str]:
    """The candidates the list page shows for these filters, every page of it."""
    ids: set[str] = set()
    page = 1
    while True:
        html = http.get(reverse("front:candidate_list"), {**params, "page": page}).content.decode()
        found = set(ID.findall(html))
        if not found or found <= ids:
            return ids
        ids |= found
        page += 1


def _by_id(rows) -> dict[str, list]:
    return {str(r[0]): r for r in rows[1:]}


def test_it_exports_what_the_list_shows_with_its_filters(recruiter_client, make):
    alice = make.candidate(first_name="Alice", last_name="Python", city="Lyon", remote_preference="remote")
    make.candidate(first_name="Bruno", last_name="Java", city="Paris", remote_preference="onsite")
    chloe = make.candidate(first_name="Chloé", last_name="Rust", city="Lyon")
    make.decline(make.offer(make.application(candidate=chloe)))
    for params in (
        {"city": "Lyon"},
        {"q": "python"},
        {"remote_preference": "remote"},
        {"declined": "yes"},
        {"declined": "no", "city": "Lyon"},
        {"language": "fr"},
        {},
    ):
        exported = set(_by_id(csv_rows(recruiter_client.get(CSV_URL, params))))
        assert exported == _page_ids(recruiter_client, params), params
    assert set(_by_id(csv_rows(recruiter_client.get(CSV_URL, {"city": "Lyon"})))) == {
        str(alice.public_id),
        str(chloe.public_id),
    }


def test_it_exports_every_page_not_only_the_first(recruiter_client, make):
    for _i in range(53):
        make.candidate(city="Nantes")
    assert len(csv_rows(recruiter_client.get(CSV_URL, {"city": "Nantes"}))) == 1 + 53
    assert len(xlsx_rows(recruiter_client.get(XLSX_URL, {"city": "Nantes"}))) == 1 + 53


def test_it_writes_the_columns_in_french(recruiter_client, make, recruiter):
    from vivier.outreach.services import linkedin_set

    lea = make.candidate(
        first_name="Léa",
        last_name="Martin",
        phone="+33 6 12 34 56 78",
        city="Lyon",
        headline="Développeuse",
        skills=["Python", "Django"],
        salary_expectation=52000,
        remote_preference="hybrid",
        source="LinkedIn",
    )
    make.consent(lea, "talent_pool")
    make.decline(make.offer(make.application(candidate=lea)), codes=("salary", "remote_policy"))
    linkedin_set(candidate=lea, status="connected", by=recruiter)
    rows = csv_rows(recruiter_client.get(CSV_URL))
    assert rows[0] == [
        "Identifiant",
        "Prénom",
        "Nom",
        "E-mail",
        "Téléphone",
        "Ville",
        "Titre du profil",
        "Compétences",
        "Prétentions salariales",
        "Devise",
        "Préférence de télétravail",
        "Langue",
        "Source",
        "Consentement\u00a0: Rester dans le vivier de talents",
        "Consentement\u00a0: Recevoir des alertes emploi",
        "Consentement\u00a0: Répondre à une courte enquête",
        "Ne pas contacter",
        "Dernier refus",
        "Dernier refus\u00a0: motif principal",
        "LinkedIn",
        "Créé le",
    ]
    row = _by_id(rows)[str(lea.public_id)]
    assert row[1:13] == [
        "Léa",
        "Martin",
        lea.email,
        "'+33612345678",  # a phone starting with + is quoted, or a spreadsheet computes it
        "Lyon",
        "Développeuse",
        "Python, Django",
        "52000",
        "EUR",
        "Hybride",
        "Français",
        "LinkedIn",
    ]
    assert row[13:17] == ["donné", "non demandé ou non donné", "non demandé ou non donné", "Non"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", row[17]) and row[18] == "Salaire"
    assert row[19] == "En relation"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row[20])


def test_it_writes_the_columns_in_english(recruiter_client, make):
    make.candidate(first_name="Léa")
    recruiter_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = csv_rows(recruiter_client.get(CSV_URL), delimiter=",")
    assert rows[0][:3] == ["Id", "First name", "Last name"]
    assert rows[0][13] == "Consent: Stay in the talent pool"
    assert rows[1][13:17] == ["not asked or not given"] * 3 + ["No"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", rows[1][20])
    assert xlsx_rows(recruiter_client.get(XLSX_URL))[0][:2] == ["Id", "First name"]


def test_it_escapes_formulas_in_csv_and_xlsx(recruiter_client, make):
    evil = make.candidate(
        first_name="=1+1",
        last_name="@SUM(A1:A3)",
        headline="-2 ans",
        city="+Lyon",
        skills=["=cmd|' /C calc'!A0"],
    )
    row = _by_id(csv_rows(recruiter_client.get(CSV_URL)))[str(evil.public_id)]
    assert row[1:3] == ["'=1+1", "'@SUM(A1:A3)"]
    assert row[5:8] == ["'+Lyon", "'-2 ans", "'=cmd|' /C calc'!A0"]
    sheet = xlsx_sheet(recruiter_client.get(XLSX_URL))
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == str(evil.public_id))
    assert [c.value for c in cells[1:3]] == ["'=1+1", "'@SUM(A1:A3)"]
    assert [c.value for c in cells[5:8]] == ["'+Lyon", "'-2 ans", "'=cmd|' /C calc'!A0"]
    assert all(cells[i].data_type == "s" for i in (1, 2, 5, 6, 7))  # text, never a formula ("f")
    assert cells[4].value is None and cells[20].is_date


def test_it_gives_a_header_only_file_when_nothing_matches(recruiter_client, make):
    make.candidate()
    assert len(csv_rows(recruiter_client.get(CSV_URL, {"q": "introuvable"}))) == 1
    assert len(xlsx_rows(recruiter_client.get(XLSX_URL, {"q": "introuvable"}))) == 1


def test_it_never_exports_erased_people(recruiter_client, make, recruiter):
    from vivier.privacy.services import candidate_erase

    gone = make.candidate(first_name="Effacée")
    make.decline(make.offer(make.application(candidate=gone)))  # kept as statistics, on the placeholder
    kept = make.candidate(first_name="Restée")
    candidate_erase(candidate=gone, by=recruiter, reason="Demande d'effacement")
    rows = csv_rows(recruiter_client.get(CSV_URL))
    assert set(_by_id(rows)) == {str(kept.public_id)}
    assert "erased.invalid" not in str(rows)


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_it_is_for_recruiters_and_admins(url, viewer_client, recruiter_client, admin_client_, outsider, make):
    make.candidate()
    assert viewer_client.get(url).status_code == 403
    assert outsider.get(url).status_code == 302
    assert recruiter_client.get(url).status_code == 200
    assert admin_client_.get(url).status_code == 200
    assert recruiter_client.post(url).status_code == 405


def test_it_shows_the_buttons_to_writers_only_with_the_filters(recruiter_client, viewer_client, make):
    make.candidate(city="Lyon")
    html = recruiter_client.get(
        reverse("front:candidate_list"), {"city": "Lyon", "page": "1"}
    ).content.decode()
    assert f'href="{CSV_URL}?city=Lyon"' in html and f'href="{XLSX_URL}?city=Lyon"' in html
    assert "Exporter CSV" in html
    assert CSV_URL not in viewer_client.get(reverse("front:candidate_list")).content.decode()


def test_it_records_each_export_in_the_audit_log(recruiter_client, recruiter, make):
    make.candidate(city="Lyon")
    make.candidate(city="Lyon")
    make.candidate(city="Paris")
    csv_rows(recruiter_client.get(CSV_URL, {"city": "Lyon", "page": "3"}))
    xlsx_rows(recruiter_client.get(XLSX_URL, {"q": "martin"}))
    entries = list(AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("id"))
    assert [(e.actor, e.target_type) for e in entries] == [
        (recruiter, "candidates_csv"),
        (recruiter, "candidates_xlsx"),
    ]
    assert entries[0].data == {"filters": "city=Lyon", "rows": 2, "format": "csv"}
    assert entries[1].data == {"filters": "q=martin", "rows": 3, "format": "xlsx"}


def test_it_streams_in_a_number_of_queries_that_does_not_grow_with_the_rows(
    recruiter_client, make, recruiter, download_queries
):
    from vivier.outreach.services import linkedin_set

    def some(n):
        for _i in range(n):
            c = make.candidate(city="Lyon")
            make.consent(c, "talent_pool")
            make.decline(make.offer(make.application(candidate=c)))
            linkedin_set(candidate=c, status="request_sent", by=recruiter)

    some(2)
    with_two = download_queries(recruiter_client, CSV_URL, {"city": "Lyon"})
    some(8)
    assert download_queries(recruiter_client, CSV_URL, {"city": "Lyon"}) == with_two
    assert download_queries(recruiter_client, XLSX_URL, {"city": "Lyon"}) == with_two


def test_it_reads_in_batches(recruiter_client, make, monkeypatch, download_queries):
    """Past one batch, each batch costs the same few queries: memory and queries grow by batch, not by row."""
    from vivier.exports import selectors

    for _i in range(4):
        make.candidate()
    monkeypatch.setattr(selectors, "CHUNK", 2)
    two_batches = download_queries(recruiter_client, CSV_URL)
    make.candidate()
    make.candidate()
    three_batches = download_queries(recruiter_client, CSV_URL)
    assert len(csv_rows(recruiter_client.get(CSV_URL))) == 7
    per_batch = three_batches - two_batches
    assert 0 < per_batch <= 10


def test_it_sends_a_too_large_xlsx_back_to_the_csv(recruiter_client, make, monkeypatch):
    from vivier.exports import views

    make.candidate(city="Lyon")
    make.candidate(city="Lyon")
    monkeypatch.setattr(views, "XLSX_MAX_ROWS", 1)
    response = recruiter_client.get(XLSX_URL, {"city": "Lyon"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("front:candidate_list") + "?city=Lyon"
    assert "2 lignes, c’est trop pour un fichier XLSX (1 au plus)" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
