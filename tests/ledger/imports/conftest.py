"""Workbooks written on the fly for the ledger import tests, laid out like legacy files."""

from pathlib import Path

import pytest
from openpyxl import Workbook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE = FIXTURES / "ledger_2020_sample.xlsx"
SAMPLE_EXPECTED = SAMPLE.with_name("ledger_2020_sample.expected.json")
HEADER = ["序号", "工作项目", "具体任务", "责任单位", "完成时限", "完成情况", "备注"]


def write_ledger(path: Path, rows, *, header=HEADER, title="2020年市直机关党建工作任务台账", extra_sheets=()):
    """A ledger with a merged title row, a header row and `rows` (lists matching `header`)."""
    workbook = Workbook()
    for name, lines in extra_sheets:
        sheet = workbook.create_sheet(name, 0)
        for line in lines:
            sheet.append(line)
    ws = workbook.worksheets[-1] if extra_sheets else workbook.active
    ws.title = "2020年台账"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def ledger_file(tmp_path):
    """Call with rows (and optionally header=…) to get the path of a fresh .xlsx."""
    counter = iter(range(1000))

    def make(rows, **kwargs):
        return write_ledger(tmp_path / f"ledger_{next(counter)}.xlsx", rows, **kwargs)

    return make
