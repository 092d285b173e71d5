"""Workbooks for the record-import tests, built with openpyxl inside each test (no file outside the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook


def write_workbook(
    path: Path, headers: list[str], rows: list[list], *, title: str | None = None, sheet="Sheet1"
):
    """A legacy-looking workbook: an optional merged title row above the header, then the rows, then a
    footnote (what the reader must skip)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.append(headers)
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["注：本表由工委办公室填报"])
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path):
    counter = iter(range(1000))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"file{next(counter)}.xlsx", headers, rows, **kwargs)

    return make
