"""Move evidence and waiting ledger uploads out of MEDIA_ROOT into private storage, under random names.

Evidence (current rows, and files only the history still points at) moves to
evidence/YYYY/MM/<uuid>.<ext>, the extension taken from the checked content type; a row without a
SHA-256 gets one. A ledger workbook moves only while its successful preview awaits confirmation;
every other one is deleted, its size and SHA-256 kept in the row. A missing file is reported and left
as it is (the download then answers "文件不存在"). Old files are deleted only after the migration commits.
"""

import hashlib
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import migrations, transaction
from django.utils import timezone

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}


def _digest(storage, name):
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _month(moment):
    return timezone.localtime(moment) if moment else timezone.localtime()


class _Mover:
    def __init__(self):
        from partybuild.storage import private_storage

        self.old = FileSystemStorage(location=settings.MEDIA_ROOT)
        self.new = private_storage()
        self.moved = {}
        self.missing = set()

    def move(self, name, target):
        if name in self.moved:
            return self.moved[name]
        if not self.old.exists(name):
            self.missing.add(name)
            return None
        with self.old.open(name, "rb") as handle:
            self.moved[name] = self.new.save(target, handle)
        return self.moved[name]

    def delete_old_after_commit(self, names):
        old = self.old
        transaction.on_commit(lambda: [old.delete(name) for name in names])


def _evidence_target(content_type, moment):
    ext = EXTENSIONS.get(content_type, "bin")
    return f"evidence/{_month(moment):%Y/%m}/{uuid4().hex}.{ext}"


def move_evidence(apps, mover):
    Attachment = apps.get_model("ledger", "Attachment")
    History = apps.get_model("ledger", "HistoricalAttachment")
    for attachment in Attachment.objects.exclude(file="").exclude(file__startswith="evidence/").iterator():
        name = attachment.file.name
        new_name = mover.move(name, _evidence_target(attachment.content_type, attachment.uploaded_at))
        if new_name is None:
            continue
        changes = {"file": new_name}
        if not attachment.sha256:
            changes["sha256"] = _digest(mover.new, new_name)[0]
        Attachment.objects.filter(pk=attachment.pk).update(**changes)
    # Removed evidence stays in storage for the history rows (the audit trail): move it as well.
    leftovers = (
        History.objects.exclude(file="")
        .exclude(file__startswith="evidence/")
        .values_list("file", "content_type", "uploaded_at")
        .order_by("file")
    )
    for name, content_type, uploaded_at in leftovers:
        mover.move(name, _evidence_target(content_type, uploaded_at))
    for old_name, new_name in mover.moved.items():
        History.objects.filter(file=old_name).update(file=new_name)


def move_ledger_uploads(apps, mover):
    LedgerImport = apps.get_model("ledger", "LedgerImport")
    deleted = []
    now = timezone.now()
    for row in LedgerImport.objects.exclude(file="").exclude(file__startswith="imports/").iterator():
        name = row.file.name
        changes = {"file": "", "file_deleted_at": now}
        if mover.old.exists(name):
            changes["sha256"], changes["size"] = _digest(mover.old, name)
            if row.dry_run and row.status == "succeeded":
                target = f"imports/{_month(row.created_at):%Y/%m}/{uuid4().hex}.xlsx"
                changes.update(file=mover.move(name, target), file_deleted_at=None)
            else:
                deleted.append(name)
        LedgerImport.objects.filter(pk=row.pk).update(**changes)
    return deleted


def forwards(apps, schema_editor):
    mover = _Mover()
    move_evidence(apps, mover)
    deleted = move_ledger_uploads(apps, mover)
    mover.delete_old_after_commit([*mover.moved, *deleted])
    if mover.missing:
        print(f"\n  {len(mover.missing)} evidence/import file(s) were already missing: {sorted(mover.missing)[:20]}")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_private_files"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
