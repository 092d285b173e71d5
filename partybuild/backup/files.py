"""The private-files half of a backup: evidence and waiting uploads, archived with a SHA-256 per file.

Everything under PARTYBUILD_PRIVATE_ROOT except tmp/ (uploads in transit, restore staging) is backed up.
A restore extracts into a staging folder, checks every digest against the manifest, and only then
swaps the files in; what was there before is kept aside under tmp/before-restore-<time>/.
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

from django.utils.translation import gettext as _

from partybuild.storage import TMP_DIR, private_root, sha256_of

from .errors import BackupError


def _walk(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        path for path in root.rglob("*") if path.is_file() and path.relative_to(root).parts[0] != TMP_DIR
    )


def digests(root: Path | None = None) -> dict[str, dict]:
    """{relative path: {size, sha256}} of every private file (tmp/ excluded)."""
    root = root or private_root()
    result = {}
    for path in _walk(root):
        with path.open("rb") as handle:
            digest, size = sha256_of(handle)
        result[path.relative_to(root).as_posix()] = {"size": size, "sha256": digest}
    return result


def archive(path: Path) -> dict[str, dict]:
    """Write every private file into a tar at `path`; return their digests for the manifest."""
    root = private_root()
    listed = digests(root)
    with tarfile.open(path, "w") as tar:
        for name in listed:
            tar.add(root / name, arcname=name, recursive=False)
    return listed


def compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """Every difference between two digest maps, as lines an operator can read (empty: identical)."""
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(_("缺少文件 %(name)s") % {"name": name})
        elif name not in expected:
            problems.append(_("多出清单中没有的文件 %(name)s") % {"name": name})
        elif actual[name]["sha256"] != expected[name]["sha256"]:
            problems.append(_("文件 %(name)s 的 SHA-256 与清单不符") % {"name": name})
    return problems


def extract_verified(archive_path: Path, expected: dict[str, dict], staging: Path) -> None:
    """Unpack the archive into `staging` and check every file against the manifest, or raise."""
    staging.mkdir(parents=True)
    try:
        with tarfile.open(archive_path, "r") as tar:
            tar.extractall(staging, filter="data")  # no absolute paths, links out, devices
    except (tarfile.TarError, OSError) as error:
        raise BackupError(_("文件归档无法解开：%(error)s") % {"error": error}) from error
    problems = compare(expected, digests(staging))
    if problems:
        raise BackupError(
            _("备份中的文件与清单不符，已停止恢复：%(problems)s") % {"problems": _("；").join(problems[:20])}
        )


def swap_in(staging: Path, aside: Path) -> None:
    """Move the current private files to `aside`, then the staged ones into the private root."""
    root = private_root()
    aside.mkdir(parents=True, exist_ok=True)
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if entry.name != TMP_DIR:
            shutil.move(str(entry), str(aside / entry.name))
    for entry in sorted(staging.iterdir()):
        shutil.move(str(entry), str(root / entry.name))
    staging.rmdir()
