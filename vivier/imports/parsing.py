"""Reading spreadsheets as French offices produce them, one row at a time.

CSV: `;`, `,`, tab or `|` separators (sniffed), UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
text"), Windows-1252, or a mix of UTF-8 and Windows-1252 lines (files pasted together from several machines):
each line is decoded on its own, strictly as UTF-8 first, so a mixed file loses no accent and the report names
the lines that were read in the other encoding. XLSX: openpyxl in read-only mode (streamed from the zip).
Nothing here reads a whole file into memory: rows are produced as the file is read.

Cell values (amounts, dates, phone numbers) have their own parsers below; each raises ParseError and nothing
else, whatever the input (the hypothesis tests hold them to it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from vivier.dates import in_range, range_message
from vivier.talent import normalise

SAMPLE_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 30  # LinkedIn's Connections.csv has notes before its header line
DELIMITERS = (";", ",", "\t", "|")
MAX_CELL = 100_000

# Spreadsheet cells that are too large are a file problem, reported as such rather than a crash.
csv.field_size_limit(MAX_CELL)


class ParseError(ValueError):
    """A value or a file that cannot be read; the message is for the user."""


class ImportFileError(ParseError):
    """The whole file is unreadable (binary, unknown format, broken zip…)."""


# --- Cell values ------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_CURRENCY = re.compile(r"(€|eur(os?)?|euros?|brut|gross|/an|par an|per year|p\.?a\.?|k\$|\$)", re.IGNORECASE)


def fold(value: str) -> str:
    """Lower case, no accents, no spaces or punctuation: how headers and labels are compared."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(c for c in value if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", value.lower())


def parse_amount(value: object) -> int | None:
    """'45 000,50' '45.000' '45 k€' '45,5k' '45000' → euros as an integer (rounded half up); '' → None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(_("Not an amount: %(value)s") % {"value": value})
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise ParseError(_("Not an amount: %(value)s") % {"value": value}) from exc
        return _euros(number, value)
    text = str(value).strip()
    if not text:
        return None
    raw = text
    text = _CURRENCY.sub("", text.lower())
    multiplier = 1
    if re.search(r"\d\s*k\s*$", text):
        multiplier, text = 1000, re.sub(r"k\s*$", "", text)
    text = _SPACES.sub("", text)
    if not re.fullmatch(r"\d[\d.,]*", text):
        raise ParseError(_("Not an amount: %(value)s") % {"value": raw[:50]})
    if "," in text and "." in text:
        # both separators: the last one is the decimal separator ("45.000,50" or "45,000.50")
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        head, _sep, tail = text.rpartition(sep)
        if text.count(sep) > 1 or (len(tail) == 3 and multiplier == 1):
            text = text.replace(sep, "")  # "45.000", "1,200,000": thousands
        else:
            text = f"{head.replace(sep, '')}.{tail}"  # "45,5": a decimal comma
    try:
        number = Decimal(text) * multiplier
    except InvalidOperation as exc:
        raise ParseError(_("Not an amount: %(value)s") % {"value": raw[:50]}) from exc
    return _euros(number, raw)


def _euros(number: Decimal, raw: object) -> int:
    if not number.is_finite() or number < 0 or number >= 10**9:
        raise ParseError(_("Not a plausible amount: %(value)s") % {"value": str(raw)[:50]})
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_amount_range(value: object) -> tuple[int | None, int | None]:
    """'40 000 - 45 000', '40k à 45k', '40-45 k€' → (min, max); a single amount gives (amount, amount)."""
    text = "" if value is None else str(value).strip()
    parts = re.split(r"\s*(?:–|—|\bà\b|\bto\b|(?<=[\d€k\s])-(?=[\s\d]))\s*", text, maxsplit=1) if text else []
    if len(parts) == 2 and parts[0] and parts[1]:
        low, high = parts
        if re.search(r"k\s*€?\s*$", high, re.IGNORECASE) and not re.search(r"k", low, re.IGNORECASE):
            low = f"{low}k"  # "40-45 k€": the k applies to both
        lo, hi = parse_amount(low), parse_amount(high)
        if lo is not None and hi is not None and lo > hi:
            raise ParseError(_("The range is upside down: %(value)s") % {"value": text[:50]})
        return lo, hi
    amount = parse_amount(value)
    return amount, amount


_MONTHS = {
    **{
        m: i + 1
        for i, m in enumerate(
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        )
    },
    **{
        m: i + 1
        for i, m in enumerate(
            ["janv", "fevr", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec"]
        )
    },
    "janvier": 1,
    "fevrier": 2,
    "avril": 4,
    "juillet": 7,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "fev": 2,
    "sep": 9,
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})(?:er)?\s+([^\W\d_]+)\.?\s+(\d{4})$")


def parse_date(value: object) -> dt.date | None:
    """dd/mm/yyyy, dd/mm/yy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, '26 Nov 2026', '3 mars 2024' → date.

    Within vivier.dates' range (1900–2200): a past decline dated in the year 1 would break the figures."""
    day = _parse_date(value)
    if day is not None and not in_range(day):
        raise ParseError(range_message() + " " + str(value)[:50])
    return day


def _parse_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_DATE.match(text):
            year = int(m[3])
            if len(m[3]) == 2:  # the POSIX pivot: 69-99 are 1900s, 00-68 are 2000s
                year += 1900 if year >= 69 else 2000
            return dt.date(year, int(m[2]), int(m[1]))
        if m := _WORD_DATE.match(text):
            month = _MONTHS.get(fold(m[2]))
            if month:
                return dt.date(int(m[3]), month, int(m[1]))
    except (ValueError, OverflowError) as exc:
        raise ParseError(_("Not a date: %(value)s") % {"value": text[:50]}) from exc
    raise ParseError(_("Not a date (expected dd/mm/yyyy): %(value)s") % {"value": text[:50]})


def parse_phone_checked(value: object) -> tuple[str, bool]:
    """(E.164, True) from any French, overseas or international form; (as written, False) for a number that
    cannot be verified, kept with the same rule as the candidate form (normalise.phone_checked). ParseError
    for what is no phone number at all. '' stays ''."""
    text = cell_text(value)
    if len(text) > normalise.PHONE_MAX_LENGTH:
        raise ParseError(_("Not a phone number: %(value)s") % {"value": text[:50]})
    if re.fullmatch(r"[1-9]\d{8}", text):
        # A spreadsheet that stored 06 12 34 56 78 as the number 612345678; kept as written if that fails too.
        phone, verified = normalise.phone_checked("0" + text)
        if verified:
            return phone, verified
    try:
        return normalise.phone_checked(text)
    except ValidationError as exc:
        raise ParseError(exc.messages[0]) from exc


def parse_phone(value: object) -> str:
    """What is stored: E.164, or the number as written when it cannot be verified (see parse_phone_checked)."""
    return parse_phone_checked(value)[0]


def cell_text(value: object) -> str:
    """A cell as the text a person sees: XLSX numbers without '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


# --- Files ------------------------------------------------------------------------------------------------


@dataclass
class Record:
    number: int  # the line (CSV) or row (XLSX) where the record starts, as a spreadsheet numbers it
    values: list[str]
    notes: list[str] = field(default_factory=list)


class Table:
    """A file's header and a fresh iterator over its records each time `records()` is called."""

    def __init__(self, path: Path, header_score: Callable[[list[str]], int] | None = None) -> None:
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self.bytes_read = 0
        self._score = header_score or (lambda cells: 0)
        self.headers: list[str] = []
        self.header_number = 0
        self.format = ""

    def progress(self) -> float:
        return min(1.0, self.bytes_read / self.size) if self.size else 1.0

    def records(self) -> Iterator[Record]:
        raise NotImplementedError

    def _find_header(self, rows: Iterator[Record]) -> Iterator[Record]:
        """The header is the best-scoring of the first rows (else the first non-empty); yield the rest."""
        head: list[Record] = []
        for record in rows:
            if any(record.values):
                head.append(record)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        if not head:
            raise ImportFileError(_("The file is empty."))
        scores = [self._score(r.values) for r in head]
        best = max(range(len(head)), key=lambda i: (scores[i], -i)) if max(scores) > 0 else 0
        header = head[best]
        self.headers = [h.strip() for h in header.values]
        while self.headers and not self.headers[-1]:
            self.headers.pop()
        self.header_number = header.number
        yield from head[best + 1 :]
        yield from rows


def _binary_kind(start: bytes) -> str | None:
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return _("an old Excel file (.xls): save it as .xlsx or CSV and upload it again")
    if start.startswith(b"%PDF"):
        return _("a PDF document")
    if start.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return _("an image")
    if start.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return _("a compressed archive")
    return None


def open_table(path: Path | str, header_score: Callable[[list[str]], int] | None = None) -> Table:
    """The right reader for the file's content (never its name alone); ImportFileError when unreadable."""
    path = Path(path)
    with path.open("rb") as f:
        start = f.read(SAMPLE_BYTES)
    if start.startswith(b"PK\x03\x04"):
        table: Table = XlsxTable(path, header_score)
    else:
        if kind := _binary_kind(start):
            raise ImportFileError(
                _("This is not a CSV or XLSX file: it looks like %(kind)s.") % {"kind": kind}
            )
        if not start.startswith((b"\xff\xfe", b"\xfe\xff")):
            controls = sum(1 for b in start if b < 32 and b not in (9, 10, 13))
            if b"\x00" in start or controls > max(8, len(start) // 100):
                raise ImportFileError(
                    _(
                        "This file is not text: it cannot be read as CSV. "
                        "Export the spreadsheet as CSV or XLSX."
                    )
                )
        table = CsvTable(path, header_score)
    return table


class CsvTable(Table):
    def __init__(self, path: Path, header_score=None) -> None:
        super().__init__(path, header_score)
        with self.path.open("rb") as f:
            sample = f.read(SAMPLE_BYTES)
        self.utf16 = sample.startswith((b"\xff\xfe", b"\xfe\xff"))
        self.format = "csv"
        if self.utf16:
            text = sample.decode("utf-16", errors="replace")
            self.primary = "utf-16"
        else:
            self.primary = _primary_encoding(sample)
            text = "\n".join(_decode_line(line)[0] for line in sample.split(b"\n"))
        cut = text.rfind("\n")
        lines = (
            (text[:cut] if cut > 0 and len(sample) == SAMPLE_BYTES else text).lstrip("\ufeff").splitlines()
        )
        self.delimiter = sniff_delimiter(lines[:60])
        # Reading the header now: the mapping step and every later run agree on it.
        for _record in self.records():
            break

    def _lines(self, notes: list[str]) -> Iterator[str]:
        with self.path.open("rb") as f:
            if self.utf16:
                for line in io.TextIOWrapper(f, encoding="utf-16", errors="replace", newline=""):
                    self.bytes_read = f.tell() if not f.closed else self.size
                    yield line
                return
            first = True
            for raw in f:
                self.bytes_read += len(raw)
                text, encoding = _decode_line(raw)
                if first:
                    text, first = text.lstrip("\ufeff"), False
                if encoding != self.primary and encoding != "ascii":
                    notes.append(
                        _(
                            "This line was not in the file's encoding (%(primary)s): read as %(used)s; "
                            "check its accents."
                        )
                        % {"primary": _LABELS[self.primary], "used": _LABELS[encoding]}
                    )
                if "\ufffd" in text:
                    notes.append(_("Some characters of this line could not be read and were replaced."))
                yield text

    def records(self) -> Iterator[Record]:
        self.bytes_read = 0
        notes: list[str] = []
        reader = csv.reader(self._lines(notes), delimiter=self.delimiter)

        def rows() -> Iterator[Record]:
            while True:
                start = reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise ImportFileError(
                        _("Line %(line)d cannot be read: %(error)s") % {"line": start, "error": exc}
                    ) from exc
                record = Record(start, [v.strip() for v in values], notes[:] if notes else [])
                notes.clear()
                yield record

        return self._find_header(rows())


_LABELS = {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16", "ascii": "ASCII"}


def _decode_line(raw: bytes) -> tuple[str, str]:
    """One line: ASCII, strict UTF-8, else Windows-1252 (undefined bytes replaced)."""
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _primary_encoding(sample: bytes) -> str:
    """The encoding of the first line with accents; a file of plain ASCII counts as UTF-8."""
    lines = sample.split(b"\n")
    if len(sample) == SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut in the middle of a character
    for line in lines:
        if not line.isascii():
            return _decode_line(line)[1]
    return "utf-8"


def sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits most lines into the same number of fields (more than one)."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        modal = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class XlsxTable(Table):
    def __init__(self, path: Path, header_score=None) -> None:
        super().__init__(path, header_score)
        self.format = "xlsx"
        for _record in self.records():
            break

    def records(self) -> Iterator[Record]:
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise ImportFileError(_("This file is not a readable XLSX workbook.")) from exc
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on broken files; all mean the same
            raise ImportFileError(_("This file is not a readable XLSX workbook.")) from exc
        self.bytes_read = 0

        def rows() -> Iterator[Record]:
            try:
                sheet = workbook.worksheets[0]
                total = sheet.max_row or 0
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if total:
                        self.bytes_read = int(self.size * min(1.0, number / total))
                    yield Record(number, [cell_text(v) for v in values])
            except ParseError:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken sheet in the middle of the zip
                raise ImportFileError(
                    _("This workbook cannot be read to the end: %(error)s") % {"error": exc}
                ) from exc
            finally:
                workbook.close()
                self.bytes_read = self.size

        return self._find_header(rows())
