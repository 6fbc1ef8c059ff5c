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
HEADER = ["row", "outcome", "who", "message", "public_id", "code", "related"]
# Codes a row may carry (several, separated by spaces): what the page lists for review besides the outcome.
REVIEW_CODES = frozenset({"possible_duplicate", "phone_unverified"})


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
    # Machine-readable details, separated by spaces: "unmatched" (a LinkedIn row to review), "erased",
    # "duplicate", "possible_duplicate", "phone_unverified".
    code: str = ""
    related: str = ""  # the public id of the other person of a possible duplicate

    @property
    def codes(self) -> list[str]:
        return self.code.split()


def escape_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class ReportWriter:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, delimiter=";")
        self._csv.writerow(HEADER)

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
                    result.related,
                )
            ]
        )

    def close(self) -> None:
        self._file.close()


def read_report(
    path: Path,
    *,
    outcomes: set[str] | None = None,
    code: str = "",
    codes: frozenset[str] = frozenset(),
    limit: int = 200,
    offset: int = 0,
) -> Iterator[dict[str, str]]:
    """Rows of a report (cells as written, escaping included), streamed: those with one of `outcomes` or one
    of `codes` (either filter alone when the other is empty), or with the code `code`. Each row also has
    `outcome_label` (the outcome in the reader's language) and `codes` (a list)."""
    if not path or not path.exists():
        return
    seen = 0
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        for row in reader:
            row_codes = (row.get("code") or "").split()
            wanted = row["outcome"] in (outcomes or ()) or codes.intersection(row_codes)
            if (outcomes or codes) and not wanted:
                continue
            if code and code not in row_codes:
                continue
            seen += 1
            if seen <= offset:
                continue
            out = {
                k: (v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v)
                for k, v in row.items()
                if k is not None
            }
            out.setdefault("related", "")
            out["codes"] = row_codes
            out["outcome_label"] = (
                Outcome(out["outcome"]).label if out["outcome"] in Outcome.values else out["outcome"]
            )
            yield out
            if seen - offset >= limit:
                return
