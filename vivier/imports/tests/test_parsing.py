from __future__ import annotations

import contextlib
import datetime as dt
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vivier.imports.columns import Kind, auto_map, header_score
from vivier.imports.parsing import (
    ImportFileError,
    ParseError,
    open_table,
    parse_amount,
    parse_amount_range,
    parse_date,
    parse_phone,
    parse_phone_checked,
    sniff_delimiter,
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45 000,50", 45001),
        ("45.000", 45000),
        ("45 k€", 45000),
        ("45,5k", 45500),
        ("45000", 45000),
        ("45\u202f000 €", 45000),
        ("1.234.567,89", 1234568),
        ("", None),
        (45000.0, 45000),
        ("52 000 € brut/an", 52000),
    ],
)
def test_it_reads_french_amounts(text, expected):
    assert parse_amount(text) == expected


def test_it_reads_salary_ranges():
    assert parse_amount_range("40 000 - 45 000") == (40000, 45000)
    assert parse_amount_range("40-45 k€") == (40000, 45000)
    assert parse_amount_range("40k à 45k") == (40000, 45000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26/11/2026", dt.date(2026, 11, 26)),
        ("2026-11-26", dt.date(2026, 11, 26)),
        ("26/11/26", dt.date(2026, 11, 26)),
        ("26.11.2026", dt.date(2026, 11, 26)),
        ("26 Nov 2026", dt.date(2026, 11, 26)),
        ("3 mars 2024", dt.date(2024, 3, 3)),
    ],
)
def test_it_reads_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "0033612345678",
        "06.12.34.56.78",
        "+33 (0)6 12 34 56 78",
        "612345678",
        "(+33) 6 12 34 56 78",
        "06-12-34-56-78",
    ],
)
def test_it_normalises_french_phones_to_e164(text):
    assert parse_phone(text) == "+33612345678"


def test_it_keeps_international_phones():
    assert parse_phone("+32 470 12 34 56") == "+32470123456"


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("0692 12 34 56", "+262692123456"),  # Réunion, mobile
        ("0262 12 34 56", "+262262123456"),  # Réunion, landline
        ("0639 01 23 45", "+262639012345"),  # Mayotte, mobile
        ("0269 60 12 34", "+262269601234"),  # Mayotte, landline (France's tables read it as a +33 number)
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0596 70 12 34", "+596596701234"),  # Martinique, landline (also "valid" as +33 5 96…)
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("+33 692 12 34 56", "+262692123456"),  # an overseas number written with France's code
        ("00 262 692 12 34 56", "+262692123456"),
        ("692123456", "+262692123456"),  # the spreadsheet dropped the 0
        ("87 12 34 56", "+68987123456"),  # Tahiti, written without its code
    ],
)
def test_it_reads_overseas_numbers_with_their_own_country_code(text, e164):
    assert parse_phone_checked(text) == (e164, True)


@pytest.mark.parametrize(
    "text",
    [
        "0691 12 34 56",  # a Guadeloupe range phonenumbers does not know
        "41 23 45",  # Saint-Pierre's or Nouméa's: cannot tell
        "06 12 34 56 78 poste 12",
        "06 12 34 56 78 / 07 12 34 56 78",
    ],
)
def test_it_keeps_numbers_it_cannot_verify_as_written(text):
    assert parse_phone_checked(text) == (text, False)


@pytest.mark.parametrize("text", ["12", "n/a", "voir CV", "x" * 41])
def test_it_refuses_what_is_no_phone_number(text):
    with pytest.raises(ParseError):
        parse_phone_checked(text)


@FUZZ
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none(), st.booleans()))
def test_it_fuzzes_amounts(value):
    try:
        result = parse_amount(value)
    except ParseError:
        return
    assert result is None or (isinstance(result, int) and result >= 0)


@FUZZ
@given(st.text(max_size=40))
def test_it_fuzzes_ranges_and_dates(value):
    for fn in (parse_amount_range, parse_date):
        with contextlib.suppress(ParseError):
            fn(value)


@FUZZ
@given(st.one_of(st.text(max_size=30), st.text(alphabet="0123456789 +.-()", max_size=25)))
def test_it_fuzzes_phones(value):
    try:
        result, verified = parse_phone_checked(value)
    except ParseError:
        return
    if verified:
        assert result == "" or result.startswith("+")
    else:  # kept as written (spaces collapsed), for a person to check
        assert result == " ".join(value.split()) and sum(c.isdigit() for c in result) >= 6


@FUZZ
@given(st.lists(st.text(max_size=20), max_size=12), st.sampled_from(Kind.values))
def test_it_fuzzes_header_mapping(headers, kind):
    mapping = auto_map(headers, kind)
    assert len(mapping) == len(headers)
    taken = [m for m in mapping if m]
    assert len(taken) == len(set(taken))
    header_score(kind)(headers)


def test_it_maps_french_and_english_headers_in_any_order():
    headers = ["Courriel", "PRENOM", "nom", "Tél.", "City", "Prétentions", "Compétences", "Adresse e-mail"]
    assert auto_map(headers, Kind.CANDIDATES) == [
        "email",
        "first_name",
        "last_name",
        "phone",
        "city",
        "salary_expectation",
        "skills",
        "",
    ]


@FUZZ
@given(st.lists(st.text(alphabet='ab;,\t|"\n 1é', max_size=30), max_size=8))
def test_it_fuzzes_delimiter_sniffing(lines):
    assert sniff_delimiter(lines) in (";", ",", "\t", "|")


@FUZZ
@given(st.binary(max_size=600))
def test_it_fuzzes_whole_files(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(data)
    try:
        table = open_table(path, header_score(Kind.CANDIDATES))
        for _record in table.records():
            pass
    except ParseError:
        pass


def test_it_reads_windows_1252_with_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("Prénom;Nom;Prétentions\r\nHélène;Lefèvre;45 000,50\r\n".encode("cp1252"))
    table = open_table(path)
    assert table.delimiter == ";"
    assert table.headers == ["Prénom", "Nom", "Prétentions"]
    record = next(iter(table.records()))
    assert record.values == ["Hélène", "Lefèvre", "45 000,50"] and record.notes == []


def test_it_reads_utf8_with_bom_and_tabs(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffPrénom\tNom\nÉlodie\tBézier\n".encode())
    table = open_table(path)
    assert table.headers[0] == "Prénom" and table.delimiter == "\t"
    assert next(iter(table.records())).values == ["Élodie", "Bézier"]


def test_it_decodes_a_mixed_encoding_file_line_by_line_and_reports_it(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "Prénom;Nom\nHélène;Durand\n".encode() + "Benoît;Lefèvre\n".encode("cp1252") + "Zoé;Roux\n".encode()
    )
    records = list(open_table(path).records())
    assert [r.values[0] for r in records] == ["Hélène", "Benoît", "Zoé"]
    assert [bool(r.notes) for r in records] == [False, True, False]
    assert "Windows-1252" in records[1].notes[0]


def test_it_refuses_a_binary_file_renamed_csv(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(ImportFileError, match="image"):
        open_table(path)
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ImportFileError):
        open_table(path)


def test_it_finds_the_header_below_notes(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(
        'Notes:\n"When exporting your connection data, you may notice that some, of the emails are '
        'missing."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
        "Léa,Martin,https://www.linkedin.com/in/lea-martin,,Acme,CTO,26 Nov 2026\n",
        encoding="utf-8",
    )
    table = open_table(path, header_score(Kind.LINKEDIN))
    assert table.headers[:2] == ["First Name", "Last Name"]
    assert [r.values[0] for r in table.records() if any(r.values)] == ["Léa"]


def test_it_reads_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Prénom", "Nom", "Téléphone", "Date"])
    ws.append(["Léa", "Martin", 612345678, dt.datetime(2024, 3, 5)])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    table = open_table(path, header_score(Kind.CANDIDATES))
    assert table.format == "xlsx"
    assert next(iter(table.records())).values == ["Léa", "Martin", "612345678", "05/03/2024"]
    assert parse_phone("612345678") == "+33612345678"


def test_it_streams_a_50_mb_file_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    line = "Camille;Martin;camille.martin@exemple.fr;06 12 34 56 78;Lyon;Développeuse;45 000,00\n".encode()
    with path.open("wb") as f:
        f.write(b"Prenom;Nom;Email;Tel;Ville;Poste;Salaire\n")
        for _ in range(50 * 2**20 // len(line) + 1):
            f.write(line)
    assert path.stat().st_size > 50 * 2**20
    tracemalloc.start()
    try:
        count = sum(1 for _ in open_table(path).records())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count > 500_000
    assert peak < 10 * 2**20, peak
