import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from vivier.exports.writers import (
    CONTROL,
    FORMULA_START,
    cell,
    csv_lines,
    escape,
    filename,
    xlsx_write,
)

DANGEROUS = ["=1+1", "+33 6 12 34 56 78", "-2", "@SUM(A1:A9)", "\tx", "\r=cmd", '=HYPERLINK("http://evil")']


def _csv(header, rows, language):
    text = "".join(csv_lines(header, rows, language=language))
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";" if language == "fr" else ","))


def _xlsx(header, rows, language="fr"):
    buffer = io.BytesIO()
    xlsx_write(buffer, header, rows, language=language, title="Tests")
    buffer.seek(0)
    return load_workbook(buffer).active


@pytest.mark.parametrize("value", DANGEROUS)
def test_it_quotes_a_text_that_a_spreadsheet_would_run(value):
    assert escape(value) == "'" + value


def test_it_leaves_plain_text_and_numbers_alone():
    assert escape("Léa Martin, Lyon") == "Léa Martin, Lyon"
    assert (
        cell(-2) == -2
        and cell(12.5) == 12.5
        and cell(None) == ""
        and cell(["Python", "SQL"]) == "Python, SQL"
    )


@given(st.text())
def test_it_never_lets_a_formula_start_a_cell(text):
    out = escape(text)
    assert not CONTROL.search(out)
    if out.startswith(FORMULA_START):
        pytest.fail(f"{text!r} escaped to {out!r}")
    # Nothing is lost but control characters: the quote is the only addition.
    assert out.removeprefix("'") == CONTROL.sub("", text) or out == CONTROL.sub("", text)


@given(st.text(max_size=60))
def test_it_writes_any_text_to_xlsx_as_text_never_as_a_formula(text):
    sheet = _xlsx(["h"], [[text]])
    value = sheet.cell(row=2, column=1).value
    expected = escape(text).replace("\r\n", "\n").replace("\r", "\n")  # XML has no lone carriage return
    assert (value or "") == expected
    assert sheet.cell(row=2, column=1).data_type in ("s", "n")  # "n" only for an empty cell


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_escapes_every_dangerous_cell_in_csv(language):
    rows = _csv(["Nom"], [[v] for v in DANGEROUS], language)
    assert [r[0] for r in rows[1:]] == ["'" + v for v in DANGEROUS]


def test_it_writes_dangerous_cells_as_strings_in_xlsx():
    sheet = _xlsx(["Nom"], [[v] for v in [*DANGEROUS, "#N/A"]])
    for row, value in enumerate([*DANGEROUS, "#N/A"], start=2):
        c = sheet.cell(row=row, column=1)
        assert c.data_type == "s", value
        escaped = "'" + value if value.startswith(FORMULA_START) else value
        assert c.value == escaped.replace("\r", "\n")


def test_it_writes_french_csv_for_excel_in_french():
    moment = timezone.make_aware(dt.datetime(2026, 11, 26, 14, 5))
    rows = _csv(
        ["Date", "Quand", "Part", "Montant", "Vrai"],
        [[dt.date(2026, 11, 26), moment, 12.5, 45000, True]],
        "fr",
    )
    assert rows == [
        ["Date", "Quand", "Part", "Montant", "Vrai"],
        ["26/11/2026", "26/11/2026 14:05", "12,5", "45000", "Oui"],
    ]


def test_it_writes_english_csv_with_iso_dates():
    moment = timezone.make_aware(dt.datetime(2026, 11, 26, 14, 5))
    rows = _csv(["d"], [[dt.date(2026, 11, 26)], [moment], [Decimal("12.50")], [False]], "en")
    assert [r[0] for r in rows[1:]] == ["2026-11-26", "2026-11-26 14:05", "12.50", "No"]


def test_it_keeps_commas_semicolons_and_line_breaks_inside_a_cell():
    value = "Lyon; Paris, « télétravail »\nligne 2"
    assert _csv(["x"], [[value]], "fr")[1] == [value]


def test_it_writes_real_dates_and_numbers_to_xlsx():
    moment = timezone.make_aware(dt.datetime(2026, 11, 26, 14, 5))
    sheet = _xlsx(["a", "b", "c", "d"], [[dt.date(2026, 11, 26), moment, 45000, 12.5]])
    a, b, c, d = (sheet.cell(row=2, column=i) for i in range(1, 5))
    assert a.value == dt.datetime(2026, 11, 26) and a.number_format == "DD/MM/YYYY"
    assert b.value == dt.datetime(2026, 11, 26, 14, 5) and b.number_format == "DD/MM/YYYY HH:MM"
    assert c.value == 45000 and d.value == 12.5
    english = _xlsx(["a"], [[dt.date(2026, 11, 26)]], language="en")
    assert english.cell(row=2, column=1).number_format == "YYYY-MM-DD"


def test_it_drops_characters_that_xlsx_cannot_hold():
    sheet = _xlsx(["x"], [["Léa\x00\x07 Martin\x1f"]])
    assert sheet.cell(row=2, column=1).value == "Léa Martin"


def test_it_writes_the_header_alone_when_there_are_no_rows():
    assert _csv(["Prénom", "Nom"], [], "fr") == [["Prénom", "Nom"]]
    sheet = _xlsx(["Prénom", "Nom"], [])
    assert [c.value for c in sheet[1]] == ["Prénom", "Nom"] and sheet.max_row == 1


def test_it_names_files_by_what_and_when():
    assert filename("candidates", "csv", dt.date(2026, 11, 26)) == "vivier-candidates-2026-11-26.csv"
