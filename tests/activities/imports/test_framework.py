"""The import framework every kind shares: the registry, the command, templates, duplicates, dry runs."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from accounts.audit.models import AuditEvent
from accounts.models import SecretaryTerm
from activities.imports import UnknownKind, all_kinds, get_kind, import_records
from activities.imports.template import template_workbook
from partybuild.legacy_excel import ImportFailed

pytestmark = pytest.mark.django_db

TERM_HEADERS = ["党组织", "姓名", "职务", "任职时间", "离任时间", "批复文号"]


def test_it_registers_the_six_systems_kinds_with_the_contracts_headers():
    kinds = {kind.name: kind for kind in all_kinds()}
    assert {"secretary_term", "vetting", "appointment_talk"} <= set(kinds)
    assert [c.header for c in kinds["appointment_talk"].columns] == [
        "谈话日期",
        "党组织",
        "书记",
        "谈话人",
        "履职表态",
    ]
    assert kinds["vetting"].required == {
        "visited_on",
        "organization",
        "candidate",
        "proposed_role",
        "team_members",
        "interviewed_count",
        "conclusion",
    }
    with pytest.raises(UnknownKind, match="vetting"):
        get_kind("no_such_kind")


def test_it_imports_what_it_offers_as_a_template(org_a, tmp_path):
    kind = get_kind("secretary_term")
    wb = load_workbook(io.BytesIO(template_workbook(kind)))
    assert [c.value for c in wb.worksheets[0][1]][:6] == TERM_HEADERS
    assert "填表说明" in wb.sheetnames
    wb.worksheets[0].append(["市税务局党支部", "张三", "书记", "2019-03-20"])
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    assert import_records(kind, path).new == 1
    assert SecretaryTerm.objects.filter(organization=org_a, person_name="张三").exists()


def test_it_refuses_two_rows_with_the_same_natural_key_naming_the_first(org_a, workbook):
    path = workbook(
        TERM_HEADERS,
        [
            ["市税务局党支部", "张三", "书记", "2019-03-20"],
            ["市税务局党支部", "张三", "书记", "2019年3月20日"],
        ],
    )
    with pytest.raises(ImportFailed) as failed:
        import_records(get_kind("secretary_term"), path)
    assert "与工作表“Sheet1”第2行是同一条记录" in str(failed.value)
    assert "第3行" in str(failed.value)
    assert not SecretaryTerm.objects.exists()


def test_the_command_dry_run_writes_nothing_and_a_real_run_is_audited_once(
    org_a, workbook, django_capture_on_commit_callbacks
):
    path = workbook(
        TERM_HEADERS,
        [
            ["市税务局党支部", "张三", "书记", "2019-03-20"],
            ["市税务局党支部", "李四", "副书记", "2019-03-20"],
        ],
    )
    out = io.StringIO()
    call_command("import_records", "secretary_term", str(path), "--dry-run", stdout=out)
    assert "试运行" in out.getvalue() and "新增 2" in out.getvalue()
    assert not SecretaryTerm.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_records", "secretary_term", str(path), stdout=out)
    assert SecretaryTerm.objects.count() == 2
    event = AuditEvent.objects.get(action="import")
    assert event.rows == 2 and event.detail["kind"] == "secretary_term"


def test_the_command_lists_every_problem_with_its_sheet_row_and_column(org_a, workbook):
    path = workbook(
        TERM_HEADERS, [["不存在的支部", "张三", "书记", "2019-02-30"]], title="2019年书记任职台账"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="共2处问题，未写入任何数据"):
        call_command("import_records", "secretary_term", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert any(line.startswith("Sheet1/第3行/党组织:") and "找不到" in line for line in lines), lines
    assert any(line.startswith("Sheet1/第3行/任职时间:") and "不存在" in line for line in lines), lines
    assert not SecretaryTerm.objects.exists()


def test_the_command_names_the_known_kinds_for_an_unknown_one(tmp_path):
    with pytest.raises(CommandError, match="appointment_talk"):
        call_command("import_records", "nonsense", str(tmp_path / "x.xlsx"))
