"""Hostile text in imports, portal forms and API writes: refused with a Chinese message, or stored exactly as
typed and inert — HTML escaped on every page, formulas escaped in every export — and never half-written.

The light part runs in the unit suite; every text field of every API write against every payload runs
once, on PostgreSQL, in tests/test_hostile_api.py (integration); records in
tests/ledger/test_hostile_records.py.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.models import Member, Organization
from ledger.models import Item, Task
from tests import hostile

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


def _import(tmp_path, command: str, data: bytes, *args) -> str:
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    printed = io.StringIO()
    try:
        call_command(command, str(path), *args, stdout=printed, stderr=printed)
    except CommandError as refused:
        return f"REFUSED {printed.getvalue()} {refused}"
    return printed.getvalue()


def _cells(response) -> list:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]


@pytest.mark.parametrize(
    ("header", "value"),
    [("成立时间", bad) for bad in hostile.BAD_DATES] + [("党组织名称", hostile.HUGE_CELL)],
)
def test_an_organization_sheet_with_a_bad_cell_is_refused_whole(db, tmp_path, header, value):
    output = _import(
        tmp_path, "import_organizations", hostile.workbook_with("organizations", {header: value})
    )
    assert output.startswith("REFUSED") and CHINESE.search(output)
    assert "第4行" in output  # the row to fix
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("payload", hostile.TEXT_PAYLOADS)
def test_hostile_text_in_an_organization_name_is_stored_inertly(db, tmp_path, staff_client, payload):
    output = _import(
        tmp_path, "import_organizations", hostile.workbook_with("organizations", {"简称": payload})
    )
    assert not output.startswith("REFUSED"), output
    org = Organization.objects.get(short_name=payload)
    hostile.assert_shown_inertly(staff_client.get(f"/organizations/{org.pk}/").content.decode(), payload)
    hostile.assert_shown_inertly(staff_client.get("/organizations/").content.decode(), payload)


@pytest.mark.parametrize("payload", hostile.FORMULAS)
def test_the_member_export_escapes_formulas_from_an_import(db, tmp_path, staff_client, payload):
    _import(tmp_path, "import_organizations", hostile.SAMPLES["organizations"].read_bytes())
    output = _import(tmp_path, "import_members", hostile.workbook_with("members", {"姓名": payload}))
    assert not output.startswith("REFUSED"), output
    assert Member.objects.filter(name=payload).exists()
    cells = _cells(staff_client.get("/members/export/"))
    assert "'" + payload in cells and payload not in cells


@pytest.mark.parametrize(
    ("header", "value"),
    [("完成时限", bad) for bad in ("2020-13-45", "2020年2月30日")] + [("具体任务", "任" * 400)],
)
def test_a_ledger_sheet_with_a_bad_cell_is_refused_whole(db, tmp_path, header, value):
    output = _import(
        tmp_path, "import_ledger", hostile.workbook_with("ledger", {header: value}), "--year", "2020"
    )
    assert output.startswith("REFUSED") and CHINESE.search(output)
    assert (Item.objects.count(), Task.objects.count()) == (0, 0)


@pytest.mark.parametrize("payload", hostile.FORMULAS + hostile.MARKUP)
def test_hostile_ledger_text_is_escaped_on_the_page_and_in_the_export(db, tmp_path, staff_client, payload):
    output = _import(
        tmp_path, "import_ledger", hostile.workbook_with("ledger", {"具体任务": payload}), "--year", "2020"
    )
    assert not output.startswith("REFUSED"), output
    task = Task.objects.get(title=payload)
    hostile.assert_shown_inertly(
        staff_client.get(f"/ledger/plans/{task.item.plan_id}/").content.decode(), payload
    )
    cells = _cells(staff_client.get("/ledger/imports/export/", {"year": 2020}))
    if payload in hostile.FORMULAS:
        assert "'" + payload in cells and payload not in cells
