"""CSV helpers kept for the modules that import them from here; the writing lives in vivier.exports.writers
(formula escaping, CSV and XLSX, the French and English dialects), which the insights' own downloads use.

`csv_response` keeps the comma-separated, ISO-dated dialect these callers were written for; a new download
should call `vivier.exports.writers.table_response`, which follows the reader's language and also writes XLSX.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse

from vivier.exports import writers
from vivier.exports.writers import FORMULA_START, cell

__all__ = ["FORMULA_START", "cell", "csv_response"]


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable[Any]]) -> StreamingHttpResponse:
    """Streamed, so a long list never sits in memory; a BOM lets Excel read UTF-8."""
    return writers.csv_response(filename, header, rows, language="en")
