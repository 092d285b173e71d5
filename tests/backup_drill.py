"""The backup drill, shared by the unit run (a SQLite file, or the PostgreSQL unit pass) and integration:
back up, wipe rows and files, restore, and compare row counts, file digests and the audit chain."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands

from accounts import authz
from accounts.models import Organization
from ledger import services
from ledger.models import Assignment, Attachment, Record, Recurrence
from partybuild.backup import database, files

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n" + b"evidence " * 200 + b"\n%%EOF\n"


def make_evidence(*, staff, secretary) -> Record:
    """A 2020 ledger task owed by the secretary's org, and a record with two evidence files."""
    plan = services.plan_create(year=2020, title="2020年台账", by=staff)
    item = services.item_create(plan=plan, title="组织生活", seq=1, by=staff)
    task = services.task_create(
        item=item,
        title="开展主题党日活动",
        by=staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=list(Organization.objects.filter(pk__in=authz.secretary_org_ids(secretary))),
    )
    return services.record_submit(
        assignment=Assignment.objects.get(task=task, period="2020-M03"),
        user=secretary,
        content="开展主题党日，附照片和签到表",
        done_on=date(2020, 3, 5),
        files=[SimpleUploadedFile("照片.png", PNG), SimpleUploadedFile("签到表.pdf", PDF)],
    )


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


def backup(output: Path) -> tuple[Path, dict, str]:
    printed = run("backup", "--output", str(output))
    [folder] = [p for p in output.iterdir() if p.is_dir()]
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8")), printed


def wipe(private_root: Path) -> None:
    """What a disaster leaves: evidence rows and their records gone, files deleted, a stray file added."""
    Attachment.objects.all().delete()
    Record.objects.all().delete()
    for path in (private_root / "evidence").rglob("*"):
        if path.is_file():
            path.unlink()
    (private_root / "evidence" / "stray.bin").write_bytes(b"not in the backup")


def without_audit(counts: dict[str, int]) -> dict[str, int]:
    return {table: count for table, count in counts.items() if not table.startswith("audit_")}


def drill(*, private_root: Path, output: Path, staff, secretary) -> str:
    """The whole drill; returns what `restore` printed. Asserts as it goes."""
    record = make_evidence(staff=staff, secretary=secretary)
    before_counts = database.row_counts()
    before_files = files.digests()
    folder, manifest, printed = backup(output)
    assert "备份完成" in printed and "2 个文件" in printed
    assert manifest["row_counts"] == before_counts
    assert manifest["files"] == before_files and len(before_files) == 2

    wipe(private_root)
    assert not Record.objects.exists() and database.row_counts() != before_counts

    restored = run("restore", str(folder), "--yes")

    assert "恢复完成" in restored and "校验通过" in restored  # restore compared every table itself
    # The restore's own audit event is written after its check: leave the audit tables out here.
    assert without_audit(database.row_counts()) == without_audit(before_counts)
    assert files.digests() == before_files
    attachment = Attachment.objects.get(record=record, original_name="照片.png")
    assert services.attachment_open_verified(attachment=attachment, user=secretary).read() == PNG
    if "verify_audit" in get_commands():
        assert "审计日志链校验通过" in restored
        run("verify_audit")
    else:
        assert "未安装 verify_audit 命令，跳过审计日志链校验" in restored
    return restored
