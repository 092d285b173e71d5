"""The data migration moving existing evidence and ledger uploads from MEDIA_ROOT to private storage."""

import hashlib
import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps

from ledger.models import Attachment, ImportStatus, LedgerImport, Record

migration = importlib.import_module("ledger.migrations.0004_evidence_to_private_storage")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 40


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _legacy_file(media: Path, name: str, data: bytes) -> str:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return name


def _record(assignment, user):
    return Record.objects.create(
        assignment=assignment,
        content="旧记录",
        done_on=date(2020, 3, 1),
        submitted_by=user,
        submitted_at="2020-03-02T10:00:00+08:00",
        first_submitted_at="2020-03-02T10:00:00+08:00",
    )


def _attachment(record, name, data=PNG, sha256=None):
    return Attachment.objects.create(
        record=record,
        file=name,
        original_name="活动照片.png",
        size=len(data),
        content_type="image/png",
        sha256=hashlib.sha256(data).hexdigest() if sha256 is None else sha256,
    )


def test_it_moves_evidence_to_random_private_names_and_deletes_the_media_copy(
    media, private_root, assignment_a, secretary_a, django_capture_on_commit_callbacks
):
    record = _record(assignment_a, secretary_a)
    kept = _attachment(record, _legacy_file(media, "ledger/evidence/2020/03/活动照片.png", PNG))
    removed = _attachment(record, _legacy_file(media, "ledger/evidence/2020/03/旧照片.png", PNG + b"x"))
    removed_id = removed.pk
    removed.delete()  # only its history row still points at the file
    no_hash = _attachment(record, _legacy_file(media, "ledger/evidence/2020/03/无指纹.png", PNG), sha256="")
    missing = _attachment(record, "ledger/evidence/2020/03/丢失.png")

    with django_capture_on_commit_callbacks(execute=True):
        migration.forwards(apps, None)

    kept.refresh_from_db()
    assert re.match(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}\.png$", kept.file.name)
    assert (private_root / kept.file.name).read_bytes() == PNG
    assert not (media / "ledger/evidence/2020/03/活动照片.png").exists()
    history_names = set(Attachment.history.filter(id=removed_id).values_list("file", flat=True))
    assert len(history_names) == 1 and next(iter(history_names)).startswith("evidence/")
    assert (private_root / next(iter(history_names))).read_bytes() == PNG + b"x"
    no_hash.refresh_from_db()
    assert no_hash.sha256 == hashlib.sha256(PNG).hexdigest()
    missing.refresh_from_db()
    assert missing.file.name == "ledger/evidence/2020/03/丢失.png"  # left as it is: the download says 404


def test_finished_ledger_uploads_are_deleted_and_a_waiting_preview_moves(
    media, private_root, committee_staff, django_capture_on_commit_callbacks
):
    data = b"PK\x03\x04 workbook"
    done = LedgerImport.objects.create(
        file=_legacy_file(media, "ledger/imports/2020/03/台账.xlsx", data),
        original_name="台账.xlsx",
        year=2020,
        uploaded_by=committee_staff,
        status=ImportStatus.SUCCEEDED,
    )
    waiting = LedgerImport.objects.create(
        file=_legacy_file(media, "ledger/imports/2020/03/预览.xlsx", data),
        original_name="预览.xlsx",
        year=2020,
        dry_run=True,
        uploaded_by=committee_staff,
        status=ImportStatus.SUCCEEDED,
    )

    with django_capture_on_commit_callbacks(execute=True):
        migration.forwards(apps, None)

    done.refresh_from_db()
    waiting.refresh_from_db()
    assert done.file.name == "" and done.file_deleted_at is not None
    assert (done.size, done.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert not (media / "ledger/imports/2020/03/台账.xlsx").exists()
    assert (
        waiting.file.name.startswith("imports/") and (private_root / waiting.file.name).read_bytes() == data
    )
    assert not (media / "ledger/imports/2020/03/预览.xlsx").exists()
