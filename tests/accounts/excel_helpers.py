"""Build small legacy workbooks in tmp_path for the import tests."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures"
ORG_SAMPLE = SAMPLES / "organizations_sample.xlsx"
MEMBER_SAMPLE = SAMPLES / "members_sample.xlsx"


def make_workbook(
    path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None
) -> Path:
    """One worksheet per entry, rows written from A1; `merges` lists ranges like "A1:G1" per sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(title, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


ORG_HEADER = ["序号", "党组织名称", "上级党组织", "组织类别", "简称", "所在单位", "成立时间"]
MEMBER_HEADER = ["序号", "姓名", "性别", "出生日期", "入党时间", "所在党支部", "人员类别", "身份证号"]
