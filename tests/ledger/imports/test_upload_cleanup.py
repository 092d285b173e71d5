"""Uploaded ledger workbooks live in private storage only while an import needs them (issue 6, PII control
"uploads are deleted after import"): gone after success, after failure and after an unconfirmed dry run,
with name, size and SHA-256 kept in the import's row."""

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from ledger.imports import importer
from ledger.imports.uploads import import_uploads_purge
from ledger.models import ImportStatus, LedgerImport, Task
from partybuild.legacy_excel import ImportFailed, ImportProblem

from .conftest import SAMPLE


def _upload(client, path=SAMPLE, year=2020):
    client.post(
        reverse("ledger_imports:list"),
        {"year": year, "file": SimpleUploadedFile(path.name, path.read_bytes())},
    )
    return LedgerImport.objects.latest("pk")


def _files(private_root):
    folder = private_root / "imports"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_the_upload_waits_for_confirmation_in_private_storage_under_a_random_name(
    staff_client, orgs, private_root, settings
):
    ledger_import = _upload(staff_client)

    assert ledger_import.status == ImportStatus.SUCCEEDED and ledger_import.dry_run
    assert ledger_import.file.name.startswith("imports/") and SAMPLE.name not in ledger_import.file.name
    assert _files(private_root) == [private_root / ledger_import.file.name]
    assert ledger_import.original_name == SAMPLE.name
    assert ledger_import.size == SAMPLE.stat().st_size
    assert ledger_import.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert list(Path(settings.MEDIA_ROOT).rglob("*.xlsx")) == []


def test_after_a_successful_import_the_file_is_gone_and_its_record_stays(
    staff_client, orgs, private_root, django_capture_on_commit_callbacks
):
    ledger_import = _upload(staff_client)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))

    ledger_import.refresh_from_db()
    assert ledger_import.status == ImportStatus.SUCCEEDED and not ledger_import.dry_run
    assert Task.objects.count() == 10
    assert _files(private_root) == [] and ledger_import.file.name == ""
    assert ledger_import.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    page = staff_client.get(reverse("ledger_imports:detail", args=[ledger_import.pk])).content.decode()
    assert ledger_import.sha256 in page and "上传的文件已于" in page


def test_after_a_failed_preview_the_file_is_gone(staff_client, orgs, ledger_file, private_root):
    ledger_import = _upload(staff_client, ledger_file([[1, "组织建设", "讲党课", "市税物局", "每月"]]))

    assert ledger_import.status == ImportStatus.FAILED
    assert _files(private_root) == [] and ledger_import.file.name == "" and ledger_import.sha256


def test_after_a_failed_confirm_the_file_is_gone(staff_client, orgs, private_root, monkeypatch):
    ledger_import = _upload(staff_client)

    def refuse(**kwargs):
        raise ImportFailed([ImportProblem("在预览之后，有人已手工建了同名任务")])

    monkeypatch.setattr(importer, "ledger_import_file", refuse)
    staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))

    ledger_import.refresh_from_db()
    assert ledger_import.status == ImportStatus.FAILED
    assert _files(private_root) == [] and ledger_import.file_deleted_at is not None


def test_a_background_import_deletes_its_file_when_the_worker_is_done(
    staff_client, orgs, private_root, settings, django_capture_on_commit_callbacks
):
    settings.LEDGER_IMPORT_SYNC_MAX_ROWS = 1  # everything goes to the (eager) worker
    with django_capture_on_commit_callbacks(execute=True):
        ledger_import = _upload(staff_client)
    assert _files(private_root) == [private_root / LedgerImport.objects.get().file.name]  # awaits confirm

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]))

    ledger_import.refresh_from_db()
    assert ledger_import.status == ImportStatus.SUCCEEDED and not ledger_import.dry_run
    assert _files(private_root) == []


def test_a_dry_run_never_confirmed_is_deleted_after_the_time_limit_and_can_no_longer_be_confirmed(
    staff_client, orgs, private_root, settings
):
    settings.IMPORT_UPLOAD_MAX_AGE_HOURS = 24
    ledger_import = _upload(staff_client)

    assert import_uploads_purge(now=ledger_import.finished_at + timedelta(hours=23)) == 0
    assert len(_files(private_root)) == 1
    assert import_uploads_purge(now=ledger_import.finished_at + timedelta(hours=25)) == 1

    ledger_import.refresh_from_db()
    assert _files(private_root) == [] and ledger_import.sha256 and ledger_import.file_deleted_at
    response = staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]), follow=True)
    assert "超过 24 小时未确认导入，上传的文件已按规定删除；请重新上传文件并预览" in response.content.decode()
    assert not Task.objects.exists()


def test_an_import_stuck_in_the_queue_is_failed_and_its_file_deleted(staff_client, orgs, private_root):
    ledger_import = _upload(staff_client)
    LedgerImport.objects.filter(pk=ledger_import.pk).update(status=ImportStatus.PENDING, dry_run=False)

    import_uploads_purge(now=ledger_import.created_at + timedelta(hours=25))

    ledger_import.refresh_from_db()
    assert ledger_import.status == ImportStatus.FAILED and "仍未完成，已取消" in ledger_import.errors[0]
    assert _files(private_root) == []


def test_the_purge_command_also_removes_files_no_import_points_at(private_root, db, capsys):
    orphan = private_root / "imports/2026/01/0123456789abcdef0123456789abcdef.xlsx"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"PK")
    old = time.time() - 25 * 3600
    os.utime(orphan, (old, old))

    call_command("purge_import_uploads")

    assert not orphan.exists()
    assert "已删除 1 个不再需要的上传文件" in capsys.readouterr().out


def test_the_purge_leaves_a_fresh_orphan_alone(private_root, db):
    """A file just written may belong to an upload whose row is not committed yet."""
    fresh = private_root / "imports/2026/01/fedcba9876543210fedcba9876543210.xlsx"
    fresh.parent.mkdir(parents=True)
    fresh.write_bytes(b"PK")

    import_uploads_purge()

    assert fresh.exists()


def test_the_admin_shows_a_waiting_import_without_a_link_to_its_file(staff_client, orgs, committee_staff):
    ledger_import = _upload(staff_client)
    committee_staff.is_superuser = True
    committee_staff.save()

    page = staff_client.get(reverse("admin:ledger_ledgerimport_change", args=[ledger_import.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert ledger_import.sha256 in html and ledger_import.file.name not in html and "/media/" not in html
