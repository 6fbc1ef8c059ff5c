"""Readers of the downloaded files, as a spreadsheet would open them."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV download (French: semicolons), BOM checked and removed."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def xlsx_sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def xlsx_rows(response) -> list[list]:
    return [[c.value for c in row] for row in xlsx_sheet(response).iter_rows()]


@pytest.fixture
def download_queries():
    """The number of queries one download makes, the file read to its end (a CSV is read while it streams)."""

    def run(http, url: str, params: dict | None = None) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = http.get(url, params or {})
            assert response.status_code == 200
            body(response)
        return len(ctx.captured_queries)

    return run
