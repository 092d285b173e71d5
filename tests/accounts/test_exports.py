"""Large exports become background jobs: inline below the limit, a job with progress above it, the file
only for the user who asked, all or nothing on failure, purged after EXPORT_MAX_AGE_HOURS."""

import os
import time
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.audit.models import AuditEvent
from accounts.exports.members import MEMBERS
from accounts.exports.services import export_jobs_purge
from accounts.models import ExportJob, ExportState
from tests.conftest import browser_as
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

FILTERS = {"q": "党员", "sort": "name"}


def _rows(content: bytes) -> list[list]:
    return [list(row) for row in load_workbook(BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.fixture
def members(org_a, org_b):
    """Six members named 党员… in org A, one in org B (outside a secretary of A's roster)."""
    made = [MemberFactory(organization=org_a, name=f"党员{i}", party_post="=SUM(A1)") for i in range(6)]
    MemberFactory(organization=org_b, name="党员外单位")
    return made


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    return settings


def _export_in_background(client, capture, params=FILTERS) -> ExportJob:
    with capture(execute=True):
        response = client.get(reverse("member_export"), params)
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("export_detail", args=[job.pk])
    return job


def test_it_downloads_a_small_export_at_once_without_a_job(staff_client, members):
    response = staff_client.get(reverse("member_export"), FILTERS)

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(_rows(response.content)) == 1 + 7
    assert not ExportJob.objects.exists()


def test_above_the_limit_it_runs_a_job_whose_file_has_the_inline_exports_rows(
    staff_client, members, small_limit, django_capture_on_commit_callbacks
):
    job = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.state, job.rows_total, job.rows_done, job.kind) == (ExportState.DONE, 7, 7, "members")
    assert job.filters == FILTERS and job.finished_at is not None and job.filename.startswith("党员名册-")

    download = staff_client.get(reverse("export_download", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    from_job = _rows(b"".join(download.streaming_content))
    small_limit.EXPORT_INLINE_MAX_ROWS = 2000
    inline = _rows(staff_client.get(reverse("member_export"), FILTERS).content)
    assert from_job == inline
    assert from_job[0][0] == "姓名" and [row[0] for row in from_job[1:]][:2] == ["党员0", "党员1"]
    assert all(row[14] == "'=SUM(A1)" for row in from_job[1:7])  # formulas stay text in the job's file too


def test_the_job_reads_only_the_secretarys_own_members(
    secretary_a, members, small_limit, django_capture_on_commit_callbacks
):
    client = browser_as(secretary_a)
    job = _export_in_background(client, django_capture_on_commit_callbacks)
    names = [
        row[0]
        for row in _rows(b"".join(client.get(reverse("export_download", args=[job.pk])).streaming_content))
    ]
    assert "党员外单位" not in names and len(names) == 1 + 6


def test_the_progress_page_polls_a_json_endpoint_that_offers_the_download(
    staff_client, members, small_limit, django_capture_on_commit_callbacks
):
    job = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.RUNNING, rows_done=2)

    page = staff_client.get(reverse("export_detail", args=[job.pk])).content.decode()
    assert 'src="/static/js/export-progress.js"' in page and 'data-width="28"' in page
    assert "<script>" not in page  # no inline script (CSP)
    running = staff_client.get(reverse("export_progress", args=[job.pk])).json()
    assert (running["state_label"], running["percent"], running["finished"]) == ("进行中", 28, False)
    assert running["download_url"] == ""

    ExportJob.objects.filter(pk=job.pk).update(state=ExportState.DONE, rows_done=7)
    done = staff_client.get(reverse("export_progress", args=[job.pk])).json()
    assert (done["state_label"], done["percent"], done["finished"]) == ("已完成", 100, True)
    assert done["download_url"] == reverse("export_download", args=[job.pk])


def test_nobody_else_reads_or_downloads_the_export_not_even_staff(
    secretary_a, committee_staff, secretary_b, members, small_limit, django_capture_on_commit_callbacks
):
    job = _export_in_background(browser_as(secretary_a), django_capture_on_commit_callbacks)
    other_staff = UserFactory(role="staff")
    for user in (committee_staff, other_staff, secretary_b):
        client = browser_as(user)
        for name in ("export_detail", "export_progress", "export_download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (user, name)
        assert "data-export-job=" not in client.get(reverse("export_list")).content.decode()
    assert browser_as(secretary_a).get(reverse("export_download", args=[job.pk])).status_code == 200


def test_the_job_records_the_export_in_the_audit_trail(
    staff_client, committee_staff, members, small_limit, django_capture_on_commit_callbacks
):
    job = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    event = AuditEvent.objects.get(action="export.members")
    assert (event.actor, event.rows, event.result) == (committee_staff, 7, "success")
    assert event.detail == {"filters": FILTERS, "job": job.pk}
    staff_client.get(reverse("export_download", args=[job.pk]))
    assert AuditEvent.objects.filter(action="export.download", actor=committee_staff).count() == 1


def test_a_failure_half_way_leaves_no_file_and_says_why_in_chinese(
    staff_client, members, small_limit, monkeypatch, private_root, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("accounts.exports.kinds.CHUNK_ROWS", 2)
    seen = []

    def break_on_the_fifth_row(obj, today):
        seen.append(obj.pk)
        if len(seen) == 5:
            raise RuntimeError("disk full")

    monkeypatch.setattr(MEMBERS, "prepare", break_on_the_fifth_row)
    job = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    job.refresh_from_db()

    assert job.state == ExportState.FAILED and not job.file
    assert job.rows_done == 4  # progress moved once per chunk of 2 before the failure
    assert "导出时发生内部错误，未生成文件" in job.error and str(job.pk) in job.error
    assert [path for path in private_root.rglob("*.xlsx")] == []
    assert staff_client.get(reverse("export_download", args=[job.pk])).status_code == 404
    progress = staff_client.get(reverse("export_progress", args=[job.pk])).json()
    assert (progress["state_label"], progress["finished"]) == ("失败", True) and progress[
        "error"
    ] == job.error
    assert AuditEvent.objects.get(action="export.members").result == "failure"


def test_a_user_who_lost_the_role_before_the_job_ran_gets_no_file(
    secretary_a, members, small_limit, django_capture_on_commit_callbacks
):
    client = browser_as(secretary_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(reverse("member_export"), FILTERS)
    secretary_a.role_assignments.all().delete()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert job.state == ExportState.FAILED and not job.file and "已不能导出此内容" in job.error


def test_purge_deletes_expired_jobs_with_their_files_and_keeps_recent_ones(
    staff_client, members, small_limit, private_root, django_capture_on_commit_callbacks
):
    old = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    recent = _export_in_background(staff_client, django_capture_on_commit_callbacks)
    old.refresh_from_db()
    recent.refresh_from_db()
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    orphan = private_root / "exports" / "2020" / "01" / "orphan.xlsx"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    stale = time.time() - 25 * 3600
    os.utime(orphan, (stale, stale))

    out = StringIO()
    call_command("purge_exports", stdout=out)
    assert "已删除 2 个过期的导出任务和文件" in out.getvalue()

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (private_root / old.file.name).exists() and not orphan.exists()
    assert (private_root / recent.file.name).exists()
    assert export_jobs_purge() == 0


def test_my_exports_runs_the_same_queries_for_ten_times_the_jobs(staff_client, committee_staff):
    def page_queries(total: int) -> int:
        ExportJob.objects.all().delete()
        ExportJob.objects.bulk_create(
            ExportJob(
                requested_by=committee_staff, kind=kind, rows_total=10, state=ExportState.DONE, file="x"
            )
            for i in range(total)
            for kind in [("members", "ledger_overdue", "ledger")[i % 3]]
        )
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("export_list"))
        assert response.status_code == 200
        assert response.content.decode().count("data-export-job=") == min(total, 20)
        return len(queries)

    assert page_queries(2) == page_queries(20)


def test_my_exports_names_each_kind_in_chinese_and_offers_the_download(staff_client, committee_staff):
    done = ExportJob.objects.create(
        requested_by=committee_staff, kind="ledger_overdue", state=ExportState.DONE
    )
    ExportJob.objects.create(requested_by=committee_staff, kind="members", state=ExportState.RUNNING)
    page = staff_client.get(reverse("export_list")).content.decode()
    assert "逾期任务" in page and "党员名册" in page and "进行中" in page
    assert reverse("export_download", args=[done.pk]) in page
