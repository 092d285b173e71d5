from datetime import date
from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from ledger import services
from ledger.exports import ledger_export_bytes
from ledger.imports.importer import ledger_import_file
from ledger.models import Plan
from tests.factories import UserFactory

from .conftest import SAMPLE


@pytest.fixture
def imported(orgs, django_capture_on_commit_callbacks):
    # The assignments are written by the task queued when the import commits.
    with django_capture_on_commit_callbacks(execute=True):
        ledger_import_file(source=SAMPLE, year=2020, user=None)


def _book(data: bytes):
    return load_workbook(BytesIO(data))


def test_the_ledger_sheet_has_a_merged_title_a_styled_header_and_items_merged_down_their_tasks(imported):
    ws = _book(ledger_export_bytes(year=2020, today=date(2020, 3, 10)))["台账"]

    assert ws["A1"].value == "2020年机关党建工作台账"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", "工作项目", "具体任务", "责任单位", "完成时限", "周期"]
    assert ws["B2"].font.bold and ws["B2"].fill.fgColor.rgb.endswith("C00000")
    assert ws.freeze_panes == "A3"
    assert {"A3:A4", "B3:B4", "B8:B10"} <= {str(r) for r in ws.merged_cells.ranges}
    assert [ws["B3"].value, ws["C3"].value, ws["D3"].value, ws["F3"].value] == [
        "理论学习",
        "开展理论学习中心组集体学习",
        "各党组(党委)",
        "每季度",
    ]
    assert ws["E5"].value == "2020-03-31"
    assert ws.column_dimensions["C"].width == 40


def test_the_status_sheet_has_one_row_per_task_and_org_and_a_column_per_period(
    imported, orgs, secretary_a, committee_staff
):
    # An imported past year is archived (read-only); put it back in progress to add a record.
    plan = services.plan_unarchive(plan=Plan.objects.get(year=2020), by=committee_staff)
    item = services.item_create(plan=plan, title="补充", by=committee_staff)
    task = services.task_create(
        item=item, title="月度学习", by=committee_staff, recurrence="monthly", responsible_orgs=[orgs["a"]]
    )
    assignment = task.assignments.get(period="2020-M02")
    services.record_submit(
        assignment=assignment, user=secretary_a, content="已学习", done_on=date(2020, 2, 20)
    )

    ws = _book(ledger_export_bytes(year=2020, today=date(2020, 3, 10)))["完成情况"]

    header = [c.value for c in ws[2]]
    assert header[:3] == ["工作项目", "具体任务", "责任组织"]
    assert header[3:6] == ["1月", "2月", "3月"]
    assert "第1季度" in header and "全年" in header
    rows = {(r[1].value, r[2].value): r for r in ws.iter_rows(min_row=3)}
    row = rows[("月度学习", "中共清镇市税务局支部委员会")]
    assert [row[3].value, row[4].value, row[5].value] == ["已逾期", "已提交", "未开始"]
    assert ("月度学习", "中共清镇市财政局支部委员会") not in rows


def test_every_cell_that_would_run_as_a_formula_is_escaped(orgs, committee_staff):
    plan = services.plan_create(year=2020, title='=HYPERLINK("x")', by=committee_staff)
    item = services.item_create(plan=plan, title="+1+1", by=committee_staff)
    services.task_create(item=item, title="=SUM(A1)", by=committee_staff, responsible_orgs=[orgs["a"]])

    book = _book(ledger_export_bytes(year=2020))

    ws = book["台账"]
    assert ws["B3"].value == "'+1+1"
    assert ws["C3"].value == "'=SUM(A1)"
    assert ws["C3"].data_type == "s"
    status = book["完成情况"]
    assert [status["A3"].value, status["B3"].value] == ["'+1+1", "'=SUM(A1)"]


def test_the_command_writes_the_workbook(imported, tmp_path):
    out = tmp_path / "ledger.xlsx"

    call_command("export_ledger", "--year", "2020", str(out))

    assert load_workbook(out).sheetnames == ["台账", "完成情况"]


def test_staff_download_the_workbook_from_the_page(imported, client, committee_staff):
    client.force_login(committee_staff)

    response = client.get(reverse("ledger_imports:export"), {"year": 2020})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''2020" in response["Content-Disposition"]
    assert _book(response.content)["台账"]["C3"].value == "开展理论学习中心组集体学习"


def test_the_export_runs_a_constant_number_of_queries(orgs, committee_staff, django_assert_max_num_queries):
    plan = services.plan_create(year=2020, title="台账", by=committee_staff)
    item = services.item_create(plan=plan, title="项目", by=committee_staff)
    for n in range(30):
        services.task_create(item=item, title=f"任务{n}", by=committee_staff, responsible_orgs=[orgs["a"]])

    with django_assert_max_num_queries(6):
        ledger_export_bytes(year=2020, user=committee_staff)


def test_a_secretary_downloads_only_their_own_orgs_part_of_the_ledger(client, secretary_a, org_a, org_b):
    staff = UserFactory(username="gw_export", role=Role.COMMITTEE_STAFF)
    plan = services.plan_create(year=2020, title="2020年台账", by=staff)
    item = services.item_create(plan=plan, title="基层组织建设", by=staff)
    services.task_create(
        item=item, title="甲的任务", by=staff, deadline=date(2020, 6, 30), responsible_orgs=[org_a]
    )
    services.task_create(
        item=item, title="乙的任务", by=staff, deadline=date(2020, 6, 30), responsible_orgs=[org_b]
    )
    client.force_login(secretary_a)
    response = client.get(reverse("ledger_imports:export"), {"year": 2020})
    assert response.status_code == 200
    cells = [c.value for row in load_workbook(BytesIO(response.content)).active.iter_rows() for c in row]
    assert "甲的任务" in cells and "乙的任务" not in cells
