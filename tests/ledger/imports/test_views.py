import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger.imports import importer
from ledger.models import Assignment, ImportStatus, LedgerImport, Task

from .conftest import SAMPLE


def _upload(client, path=SAMPLE, year=2020):
    data = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("ledger_imports:list"), {"year": year, "file": data})


@pytest.fixture
def staff_client(staff_client, settings, tmp_path):
    """The shared staff browser, with uploads kept in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return staff_client


def test_staff_upload_shows_a_preview_and_writes_only_after_confirming(
    staff_client, orgs, django_capture_on_commit_callbacks
):
    response = _upload(staff_client)

    ledger_import = LedgerImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("ledger_imports:detail", args=[ledger_import.pk])
    assert not Task.objects.exists()
    page = staff_client.get(response.url).content.decode()
    assert "共读取 10 行：工作项目 5 个（新增 5），具体任务 10 项（新增 10）" in page
    assert "制定“一支部一品牌”创建方案" in page and "2020-03-31" in page and "各基层党支部" in page
    assert "确认导入" in page

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))

    ledger_import.refresh_from_db()
    assert (ledger_import.status, ledger_import.dry_run) == (ImportStatus.SUCCEEDED, False)
    assert ledger_import.summary["counts"]["tasks_created"] == 10
    assert Task.objects.count() == 10
    assert not Assignment.objects.exists()  # queued for after the import's commit
    detail = reverse("ledger_imports:detail", args=[ledger_import.pk])
    page = staff_client.get(detail).content.decode()
    assert "导入完成：新增工作项目 5 个、任务 10 项；" in page
    assert "任务分解生成中…" in page

    for callback in callbacks:
        callback()

    ledger_import.refresh_from_db()
    assert ledger_import.summary["counts"]["assignments_created"] == Assignment.objects.count() == 80
    page = staff_client.get(detail).content.decode()
    assert "导入完成：新增工作项目 5 个、任务 10 项、任务分解 80 条" in page
    assert "任务分解生成中…" not in page


def test_staff_can_generate_the_assignments_when_the_background_step_never_ran(
    staff_client, orgs, django_capture_on_commit_callbacks
):
    response = _upload(staff_client)
    ledger_import = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False):  # the worker never picks the step up
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))
    assert "立即生成任务分解" in staff_client.get(response.url).content.decode()

    staff_client.post(reverse("ledger_imports:assignments_run", args=[ledger_import.pk]))
    again = staff_client.post(reverse("ledger_imports:assignments_run", args=[ledger_import.pk]), follow=True)

    assert Assignment.objects.count() == 80
    assert "任务分解已生成：新增 0 条" in again.content.decode()
    page = staff_client.get(response.url).content.decode()
    assert "任务分解 80 条" in page and "任务分解生成中…" not in page


def test_a_preview_with_problems_lists_them_and_cannot_be_confirmed(staff_client, orgs, ledger_file):
    path = ledger_file([[1, "组织建设", "讲党课", "市税物局", "每月"]])

    response = _upload(staff_client, path)

    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == ImportStatus.FAILED
    page = staff_client.get(response.url).content.decode()
    assert "工作表“2020年台账”第3行 责任单位: 找不到责任单位“市税物局”" in page
    assert "确认导入" not in page
    staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))
    assert not Task.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_on_the_upload_form(staff_client, orgs, tmp_path):
    path = tmp_path / "ledger.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)

    response = _upload(staff_client, path)

    assert response.status_code == 400
    assert "旧版 Excel 97-2003（.xls）" in response.content.decode()
    assert not LedgerImport.objects.exists()


def test_the_list_shows_past_imports_with_who_and_result(staff_client, orgs):
    _upload(staff_client)

    page = staff_client.get(reverse("ledger_imports:list")).content.decode()

    assert "ledger_2020_sample.xlsx" in page
    assert "已预览，待确认" in page
    assert "staff" in page


def test_a_secretary_cannot_reach_the_import_pages(client, secretary_a):
    client.force_login(secretary_a)

    assert client.get(reverse("ledger_imports:list")).status_code == 403


def test_a_secretary_cannot_see_or_confirm_an_import(client, secretary_a, staff_client, orgs):
    _upload(staff_client)
    ledger_import = LedgerImport.objects.get()
    client.force_login(secretary_a)

    assert client.get(reverse("ledger_imports:detail", args=[ledger_import.pk])).status_code == 403
    assert client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk])).status_code == 403
    assert client.get(reverse("ledger_imports:progress", args=[ledger_import.pk])).status_code == 403
    assert not Task.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("ledger_imports:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_large_file_runs_as_a_background_job_that_reports_progress(
    staff_client, orgs, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.LEDGER_IMPORT_SYNC_MAX_ROWS = 5  # the sample's 12 rows count as "large"
    seen = []
    real = importer._progress_writer

    def spy(import_id, total_rows):
        write = real(import_id, total_rows)

        def record(phase, done, total):
            write(phase, done, total)
            seen.append(importer.progress_get(import_id)["percent"])

        return record

    monkeypatch.setattr(importer, "_progress_writer", spy)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _upload(staff_client)
    assert len(callbacks) == 1  # queued, not run in the request
    ledger_import = LedgerImport.objects.get()
    assert ledger_import.status == ImportStatus.SUCCEEDED and ledger_import.dry_run

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))
    # The import job, then (queued by it once its import committed) the assignments job; the audit
    # trail's own on-commit writes are not jobs.
    assert len([c for c in callbacks if c.__module__ != "accounts.audit.writer"]) == 2
    assert Assignment.objects.count() == 80
    assert LedgerImport.objects.get().summary["counts"]["assignments_created"] == 80

    ledger_import.refresh_from_db()
    assert (ledger_import.status, ledger_import.dry_run, ledger_import.total_rows) == (
        ImportStatus.SUCCEEDED,
        False,
        10,
    )
    assert ledger_import.finished_at is not None
    assert Task.objects.count() == 10
    assert any(40 <= p < 100 for p in seen)  # the writing phase was reported while it ran
    progress = staff_client.get(reverse("ledger_imports:progress", args=[ledger_import.pk])).json()
    assert progress == {
        "status": "succeeded",
        "status_label": "成功",
        "phase": "成功",
        "percent": 100,
        "finished": True,
    }
    assert response.status_code == 302


def test_a_failed_assignment_step_is_shown_on_the_import_page_and_can_be_run_again(
    staff_client, orgs, django_capture_on_commit_callbacks, monkeypatch
):
    response = _upload(staff_client)
    ledger_import = LedgerImport.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))

    def broken(*, task_ids, user):
        raise OSError("磁盘空间不足")

    monkeypatch.setattr(importer, "assignments_materialize", broken)
    failed = staff_client.post(
        reverse("ledger_imports:assignments_run", args=[ledger_import.pk]), follow=True
    ).content.decode()

    assert "生成任务分解失败（磁盘空间不足）" in failed
    assert "任务分解生成失败" in failed and "materialize_assignments --year 2020" in failed
    assert "任务分解生成中…" not in failed and not Assignment.objects.exists()
    assert LedgerImport.objects.get().assignments_status == ImportStatus.FAILED

    monkeypatch.undo()
    staff_client.post(reverse("ledger_imports:assignments_run", args=[ledger_import.pk]))
    page = staff_client.get(response.url).content.decode()
    assert Assignment.objects.count() == 80
    assert "任务分解 80 条" in page and "任务分解生成失败" not in page
