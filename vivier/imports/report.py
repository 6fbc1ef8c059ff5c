"""The row-by-row report of a run: a CSV file written as the rows are processed, downloadable as is.

Semicolons and a UTF-8 BOM, so Excel in French opens it in columns with its accents. Every cell that a
spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets a leading
apostrophe: the report repeats what people typed in the uploaded file, formulas included (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.utils.translation import pgettext_lazy

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["row", "outcome", "who", "message", "public_id"]


class Outcome(models.TextChoices):
    # One row's outcome ("Créé"), apart from the counts of the same words ("Créés 3") in the templates.
    CREATED = "created", pgettext_lazy("import row", "Created")
    MERGED = "merged", pgettext_lazy("import row", "Merged")
    UNCHANGED = "unchanged", pgettext_lazy("import row", "Unchanged")
    SKIPPED = "skipped", pgettext_lazy("import row", "Skipped")
    ERROR = "error", pgettext_lazy("import row", "Error")


COUNTER_OF = {
    Outcome.CREATED: "created",
    Outcome.MERGED: "merged",
    Outcome.UNCHANGED: "unchanged",
    Outcome.SKIPPED: "skipped",
    Outcome.ERROR: "errors",
}


@dataclass
class RowResult:
    number: int
    outcome: str
    who: str = ""
    message: str = ""
    public_id: str = ""
    code: str = ""  # a machine-readable detail: "unmatched" for LinkedIn rows to review


def escape_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class ReportWriter:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, delimiter=";")
        self._csv.writerow(HEADER + ["code"])

    def write(self, result: RowResult) -> None:
        self._csv.writerow(
            [
                escape_cell(v)
                for v in (
                    result.number,
                    result.outcome,
                    result.who,
                    result.message,
                    result.public_id,
                    result.code,
                )
            ]
        )

    def close(self) -> None:
        self._file.close()


def read_report(
    path: Path, *, outcomes: set[str] | None = None, code: str = "", limit: int = 200, offset: int = 0
) -> Iterator[dict[str, str]]:
    """Rows of a report (cells as written, escaping included), filtered, streamed."""
    if not path or not path.exists():
        return
    seen = 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        for row in reader:
            if outcomes and row["outcome"] not in outcomes:
                continue
            if code and row.get("code") != code:
                continue
            seen += 1
            if seen <= offset:
                continue
            yield {
                k: (v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v)
                for k, v in row.items()
            }
            if seen - offset >= limit:
                return
