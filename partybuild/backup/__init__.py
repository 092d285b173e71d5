"""Backup and restore of everything partybuild keeps: the database and the private files.

A backup is one folder `partybuild-YYYYMMDD-HHMMSS/` holding
    database.dump (PostgreSQL, pg_dump -Fc) or database.sqlite3 (SQLite),
    files.tar       the private files (evidence, waiting uploads),
    manifest.json   SHA-256 and size of both, of every private file, and the row count of every table.
It is written as `….partial` and renamed when complete, so a half-written backup never looks whole.
A restore checks the backup against its manifest before touching anything, replaces the database
and the files, then checks the row counts, every file digest and (when `verify_audit` exists) the
audit chain; any mismatch is an error.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.storage import TMP_DIR, private_root, sha256_of, size_text

from . import database, files
from .errors import BackupError

FORMAT = "partybuild-backup/1"
MANIFEST = "manifest.json"
FILES = "files.tar"
Say = Callable[[str], None]


def file_digest(path: Path) -> dict:
    with path.open("rb") as handle:
        digest, size = sha256_of(handle)
    return {"file": path.name, "size": size, "sha256": digest}


def _new_folder(parent: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder, n = parent / f"partybuild-{stamp}", 1
    while folder.exists() or folder.with_name(folder.name + ".partial").exists():
        n += 1
        folder = parent / f"partybuild-{stamp}-{n}"
    return folder


def backup_create(*, output: Path | None = None, alias: str = "default", say: Say = print) -> Path:
    """Write a complete backup under `output` (default PARTYBUILD_BACKUP_DIR); return its folder."""
    parent = Path(output or settings.PARTYBUILD_BACKUP_DIR)
    parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = _new_folder(parent)
    work = final.with_name(final.name + ".partial")
    work.mkdir(mode=0o700)
    try:
        _write(work, alias=alias, say=say)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)  # a half-written backup must not be mistaken for one
        raise
    work.rename(final)
    say(_("备份完成：%(folder)s（清单 %(manifest)s）") % {"folder": final, "manifest": MANIFEST})
    return final


def _write(work: Path, *, alias: str, say: Say) -> None:
    connection = connections[alias]
    dump_path = work / ("database.sqlite3" if connection.vendor == "sqlite" else "database.dump")
    counts = database.dump(dump_path, alias=alias)
    say(
        _("数据库 %(db)s 已导出：%(tables)d 张表、%(rows)d 行 → %(file)s（%(size)s）")
        % {
            "db": database.target_description(alias),
            "tables": len(counts),
            "rows": sum(counts.values()),
            "file": dump_path.name,
            "size": size_text(dump_path.stat().st_size),
        }
    )
    listed = files.archive(work / FILES)
    total = sum(entry["size"] for entry in listed.values())
    say(
        _("私有文件（%(root)s）已归档：%(count)d 个文件，共 %(size)s → %(file)s")
        % {"root": private_root(), "count": len(listed), "size": size_text(total), "file": FILES}
    )
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {
            **file_digest(dump_path),
            "vendor": connection.vendor,
            "name": str(connection.settings_dict["NAME"]),
        },
        "files_archive": file_digest(work / FILES),
        "files": listed,
        "row_counts": counts,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    for path in work.iterdir():
        os.chmod(path, 0o600)


def read_manifest(backup: Path) -> tuple[Path, dict]:
    folder = backup.parent if backup.name == MANIFEST else backup
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            _("无法读取备份清单 %(path)s：%(error)s；请指定 backup 命令生成的备份文件夹")
            % {"path": folder / MANIFEST, "error": error}
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("%(path)s 不是本系统的备份清单") % {"path": folder / MANIFEST})
    return folder, manifest


def backup_check(folder: Path, manifest: dict, *, alias: str = "default") -> None:
    """Refuse a backup of another engine, or whose database dump or file archive differs from its manifest."""
    vendor = connections[alias].vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            _("备份来自 %(theirs)s 数据库，当前是 %(ours)s，不能恢复")
            % {"theirs": manifest["database"]["vendor"], "ours": vendor}
        )
    for part in ("database", "files_archive"):
        expected = manifest[part]
        path = folder / expected["file"]
        if not path.is_file() or file_digest(path)["sha256"] != expected["sha256"]:
            raise BackupError(
                _("备份文件 %(file)s 缺失或已损坏（SHA-256 与清单不符），未做任何恢复") % {"file": path}
            )


def backup_restore(backup: Path, *, alias: str = "default", say: Say = print) -> list[str]:
    """Restore a checked backup: database, then files, then verify. Returns the verification problems
    (empty when everything matches); raises BackupError when the backup itself is unusable."""
    folder, manifest = read_manifest(backup)
    backup_check(folder, manifest, alias=alias)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    staging = private_root() / TMP_DIR / f"restore-{stamp}"
    files.extract_verified(folder / manifest["files_archive"]["file"], manifest["files"], staging)
    say(
        _("备份已校验：数据库导出、文件归档及 %(count)d 个文件的 SHA-256 均与清单一致")
        % {"count": len(manifest["files"])}
    )
    database.restore(folder / manifest["database"]["file"], alias=alias)
    say(_("数据库 %(db)s 已恢复") % {"db": database.target_description(alias)})
    aside = private_root() / TMP_DIR / f"before-restore-{stamp}"
    files.swap_in(staging, aside)
    say(
        _("私有文件已恢复到 %(root)s；恢复前的文件移至 %(aside)s，核对无误后可删除")
        % {"root": private_root(), "aside": aside}
    )
    return backup_verify(manifest, alias=alias)


def backup_verify(manifest: dict, *, alias: str = "default") -> list[str]:
    """Compare the live database and private files with a manifest: row counts and digests."""
    live = database.row_counts(alias)
    problems = [
        _("表 %(table)s：备份 %(expected)d 行，恢复后 %(actual)s 行")
        % {"table": table, "expected": expected, "actual": live.get(table, _("（缺失）"))}
        for table, expected in sorted(manifest["row_counts"].items())
        if live.get(table) != expected
    ]
    return problems + files.compare(manifest["files"], files.digests())
