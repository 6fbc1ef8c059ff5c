"""Rows → CSV or XLSX, streamed, safe to open in a spreadsheet.

Choices (docs/architecture.md, "Exports"):
- Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with = + - @, a tab or a
  carriage return. Every such text cell is prefixed with a single quote, in both formats, so a file saved
  from XLSX to CSV and back stays harmless; in XLSX every text is also written with the string type, never
  as a formula nor as an error value ("#N/A").
- CSV follows the reader's spreadsheet: in French a semicolon between cells and a decimal comma (Excel set to
  French expects them: a comma-separated file opens in one column), dates as 26/11/2026; in English a comma,
  a decimal point and ISO dates (2026-11-26), which no English spreadsheet misreads. Always UTF-8 with a BOM,
  so Excel reads the accents.
- XLSX holds real numbers and dates (shown dd/mm/yyyy in French, yyyy-mm-dd in English); it is written by
  openpyxl in write-only mode to a temporary file, so memory stays flat whatever the number of rows, then
  streamed from the file. It is built before the download starts, at about 500 rows a second with every
  column of the candidate export (100,000 candidates: 3 to 4 minutes on 2 cores): past XLSX_MAX_ROWS the user
  is sent to the CSV, which starts at once and streams a million rows in minutes.
- The CSV itself streams (StreamingHttpResponse): the rows are read and written while they are sent.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML (hence XLSX) cannot hold; tab, line feed and carriage return are kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Well under Excel's own limit (1,048,575 rows and a header): a larger XLSX would hold a web thread for long
# minutes; the CSV streams instead.
XLSX_MAX_ROWS = 100_000
XLSX_MAX_TEXT = 32_767  # Excel's limit for one cell
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's error literals: openpyxl would store such a text as an error value rather than as text.
_XLSX_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def escape(text: str) -> str:
    """The text as a spreadsheet shows it and never runs it: control characters dropped, a formula quoted."""
    if CONTROL.search(text):
        text = CONTROL.sub("", text)
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> Any:
    """One value made safe, its type kept: None → "", numbers, dates and booleans as they are, any text
    (lazy translations, ids, lists of skills) escaped."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, uuid.UUID | Promise):
        value = str(value)
    return escape(str(value))


def _local(value: dt.datetime) -> dt.datetime:
    """The agency's wall-clock time without a zone (spreadsheets have no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def is_french(language: str | None = None) -> bool:
    return (language or translation.get_language() or "fr")[:2] == "fr"


class Dialect:
    """How one language writes the values that spreadsheets read differently: separators, decimals, dates."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or translation.get_language() or "fr"
        self.french = is_french(self.language)
        with translation.override(self.language):
            self._yes, self._no = _("Yes"), _("No")
        self.delimiter = ";" if self.french else ","
        self.date_format = "%d/%m/%Y" if self.french else "%Y-%m-%d"
        self.datetime_format = self.date_format + " %H:%M"
        self.xlsx_date = "DD/MM/YYYY" if self.french else "YYYY-MM-DD"
        self.xlsx_datetime = self.xlsx_date + " HH:MM"

    def yes_no(self, value: bool) -> str:
        return self._yes if value else self._no

    def text(self, value: Any) -> str | int:
        """A value as a CSV cell."""
        kind = type(value)
        if kind is str:  # the common case first: a million rows make twenty million cells
            return escape(value) if value else value
        if kind is int:
            return value
        value = cell(value)
        if isinstance(value, bool):
            return self.yes_no(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float | Decimal):
            text = format(value, "f") if isinstance(value, Decimal) else repr(value)
            return text.replace(".", ",") if self.french else text
        if isinstance(value, dt.datetime):
            return _local(value).strftime(self.datetime_format)
        if isinstance(value, dt.date):
            return value.strftime(self.date_format)
        return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    header: Sequence[Any], rows: Iterable[Iterable[Any]], *, language: str | None = None
) -> Iterator[str]:
    """The file line by line, a BOM first; nothing is held but the current row."""
    dialect = Dialect(language)
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([dialect.text(h) for h in header])
    for row in rows:
        yield writer.writerow([dialect.text(v) for v in row])


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Vivier"


def xlsx_write(
    target,
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    language: str | None = None,
    title: str = "",
) -> int:
    """Write the workbook into `target` (a path or a binary file); returns the number of rows written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    dialect = Dialect(language)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))

    def as_cell(value: Any) -> Any:
        value = cell(value)
        if isinstance(value, bool):
            return dialect.yes_no(value)
        if isinstance(value, dt.datetime):
            c = WriteOnlyCell(sheet, value=_local(value))
            c.number_format = dialect.xlsx_datetime
            return c
        if isinstance(value, dt.date):
            c = WriteOnlyCell(sheet, value=value)
            c.number_format = dialect.xlsx_date
            return c
        if isinstance(value, str):
            if not value:
                return None
            # XML reads a carriage return back as a line feed: write the line feed that Excel would show.
            value = value.replace("\r\n", "\n").replace("\r", "\n")[:XLSX_MAX_TEXT]
            if value in _XLSX_ERRORS:
                c = WriteOnlyCell(sheet, value=value)
                c.data_type = "s"  # text, never an error value
                return c
            return value  # escaped: it cannot start with "=", so openpyxl types it as text
        if isinstance(value, Decimal):
            return float(value)
        return value

    sheet.append([as_cell(h) for h in header])
    count = 0
    for row in rows:
        sheet.append([as_cell(v) for v in row])
        count += 1
    book.save(target)
    return count


def filename(stem: str, fmt: str, today: dt.date | None = None) -> str:
    """vivier-candidates-2026-11-26.csv: what it is and when it was taken, sortable."""
    today = today or timezone.localdate()
    return f"vivier-{stem}-{today.isoformat()}.{fmt}"


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(
    name: str, header: Sequence[Any], rows: Iterable[Iterable[Any]], *, language: str | None = None
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows, language=language), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, name)


def xlsx_response(
    name: str,
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    language: str | None = None,
    title: str = "",
) -> FileResponse:
    # An anonymous temporary file: removed by the system when the response closes it, even after a crash.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        xlsx_write(handle, header, rows, language=language, title=title)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, name)


def table_response(
    fmt: str,
    stem: str,
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    language: str | None = None,
    title: str = "",
) -> HttpResponseBase:
    """One table as a download, `vivier-<stem>-<date>.<fmt>`."""
    name = filename(stem, fmt)
    if fmt == XLSX:
        return xlsx_response(name, header, rows, language=language, title=title or stem)
    return csv_response(name, header, rows, language=language)
