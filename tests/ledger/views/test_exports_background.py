"""The overdue list and the yearly ledger export through the same background-job mechanism as the roster."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.audit.models import AuditEvent
from accounts.models import ExportJob, ExportState
from tests.conftest import browser_as

pytestmark = pytest.mark.django_db


def _book(content: bytes):
    return load_workbook(BytesIO(content))


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _run(client, capture, url, params) -> ExportJob:
    with capture(execute=True):
        response = client.get(url, params)
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == ExportState.DONE
    return job


def _download(client, job) -> bytes:
    response = client.get(reverse("export_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_large_overdue_export_runs_as_a_job_with_the_inline_files_rows(
    staff_client, committee_staff, task_monthly, settings, django_capture_on_commit_callbacks
):
    params = {"export": "xlsx", "year": 2020}
    settings.EXPORT_INLINE_MAX_ROWS = 3  # task_monthly leaves 4 overdue rows on 2020-03-10
    job = _run(staff_client, django_capture_on_commit_callbacks, reverse("ledger:overdue_list"), params)
    assert (job.kind, job.rows_total, job.filters) == ("ledger_overdue", 4, {"year": "2020"})
    from_job = _values(_book(_download(staff_client, job)).active)

    settings.EXPORT_INLINE_MAX_ROWS = 2000
    inline = staff_client.get(reverse("ledger:overdue_list"), params)
    assert "attachment" in inline["Content-Disposition"]
    assert from_job == _values(_book(inline.content).active)
    assert from_job[0] == ["党组织", "工作项目", "具体任务", "期间", "截止日期", "逾期天数", "状态"]
    assert len(from_job) == 5 and from_job[1][3] == "2020年1月" and from_job[1][5] == 39
    event = AuditEvent.objects.filter(action="export.ledger_overdue", actor=committee_staff).order_by("pk")[0]
    assert event.rows == 4 and event.detail["job"] == job.pk


def test_a_large_yearly_ledger_export_runs_as_a_job_with_the_same_workbook(
    secretary_a, org_a, task_monthly, task_quarterly, settings, django_capture_on_commit_callbacks
):
    client = browser_as(secretary_a)
    settings.EXPORT_INLINE_MAX_ROWS = 3
    job = _run(client, django_capture_on_commit_callbacks, reverse("ledger_imports:export"), {"year": 2020})
    assert job.kind == "ledger" and job.filename == "2020年党建工作台账.xlsx"
    from_job = _book(_download(client, job))

    settings.EXPORT_INLINE_MAX_ROWS = 2000
    inline = _book(client.get(reverse("ledger_imports:export"), {"year": 2020}).content)
    assert from_job.sheetnames == inline.sheetnames == ["台账", "完成情况"]
    for name in inline.sheetnames:
        assert _values(from_job[name]) == _values(inline[name])
    orgs = {row[2] for row in _values(from_job["完成情况"])[2:]}
    assert orgs == {org_a.name}  # a secretary's file holds only their own org
    assert "A1:F1" in {str(r) for r in from_job["台账"].merged_cells.ranges}


def test_the_summary_export_stays_inline_whatever_its_size(
    staff_client, task_monthly, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    response = staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "org", "export": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert not ExportJob.objects.exists()
