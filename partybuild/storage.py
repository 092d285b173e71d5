"""Private files: evidence and uploads in transit, kept where no web server serves them.

Everything lives under PARTYBUILD_PRIVATE_ROOT (default var/private), never under MEDIA_ROOT or STATIC_ROOT.
Files have no URL: a view checks permissions and streams them. Layout:

    evidence/YYYY/MM/<uuid>.<ext>        evidence of ledger records (ledger.Attachment)
    imports/YYYY/MM/<uuid>.xlsx          a legacy ledger awaiting confirmation (ledger.LedgerImport)
    exports/YYYY/MM/<uuid>.xlsx          a finished background export (accounts.ExportJob), for its requester
    tmp/exports/<uuid>.xlsx              a background export being written (moved to exports/ when complete)
    tmp/uploads/                         Django's temporary files of large uploads (FILE_UPLOAD_TEMP_DIR)
    tmp/import-export/<uuid>             an admin import between preview and confirm
    tmp/…                                staging of a restore; never backed up
"""

from __future__ import annotations

import hashlib
import os
import time
from contextvars import ContextVar
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from import_export.tmp_storages import BaseStorage

TMP_DIR = "tmp"
IMPORT_EXPORT_DIR = f"{TMP_DIR}/import-export"
CHUNK = 1024 * 1024


@deconstructible(path="partybuild.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage under PARTYBUILD_PRIVATE_ROOT with no URL: files only leave through views."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o640)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PARTYBUILD_PRIVATE_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PARTYBUILD_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(f"Private file {name!r} has no URL; serve it through a permission-checked view.")


def private_storage() -> FileSystemStorage:
    """The storage of FileFields holding private files (a callable, so migrations keep no path)."""
    return storages["private"]


def private_root() -> Path:
    return Path(settings.PARTYBUILD_PRIVATE_ROOT)


def ensure_private_dirs() -> None:
    """Create the private root and its temporary folders (at start-up and before uploads)."""
    for folder in (private_root(), Path(settings.FILE_UPLOAD_TEMP_DIR), private_root() / IMPORT_EXPORT_DIR):
        folder.mkdir(parents=True, exist_ok=True, mode=0o750)


def size_text(size: int) -> str:
    """Bytes as people read them: 0.8 KB, 12.5 MB, 2 GB."""
    unit, scale = next(((u, s) for u, s in (("GB", 1024**3), ("MB", 1024**2)) if size >= s), ("KB", 1024))
    return f"{size / scale:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def sha256_of(handle, *, chunk: int = CHUNK) -> tuple[str, int]:
    """SHA-256 hex digest and size of a readable file, read from the start; the position is restored."""
    digest = hashlib.sha256()
    size = 0
    if hasattr(handle, "seek"):
        handle.seek(0)
    for block in iter(lambda: handle.read(chunk), b""):
        digest.update(block)
        size += len(block)
    if hasattr(handle, "seek"):
        handle.seek(0)
    return digest.hexdigest(), size


def purge_stale(folder: str, *, max_age_seconds: int, keep: set[str] = frozenset()) -> list[str]:
    """Delete files in a private folder older than max_age_seconds, except the names in `keep`
    (relative to the private root); returns the names deleted."""
    root = private_root() / folder
    if not root.is_dir():
        return []
    cutoff = time.time() - max_age_seconds
    removed = []
    for path in root.rglob("*"):
        name = path.relative_to(private_root()).as_posix()
        if path.is_file() and name not in keep and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(name)
    return removed


# The files an admin import request wrote or read (name → size and SHA-256), so it can delete them at the end.
import_export_files: ContextVar[dict | None] = ContextVar("import_export_files", default=None)


class ImportExportTempStorage(BaseStorage):
    """django-import-export's file between preview and confirm, in private storage (not /tmp, not MEDIA).

    Names are random hex; a name from the confirm form that is anything else is refused, so the form
    cannot be used to read another file.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.storage = private_storage()

    def _path(self) -> str:
        if not (self.name and len(self.name) == 32 and all(c in "0123456789abcdef" for c in self.name)):
            raise SuspiciousFileOperation("import file name is not one this storage issued")
        return f"{IMPORT_EXPORT_DIR}/{self.name}"

    def _note(self, payload: bytes) -> None:
        seen = import_export_files.get()
        if seen is not None:
            seen[self.name] = {"size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}

    def save(self, data):
        self.name = self.name or uuid4().hex
        payload = data.encode(self.encoding or "utf-8") if isinstance(data, str) else data
        self.storage.save(self._path(), ContentFile(payload))
        self._note(payload)

    def read(self):
        with self.storage.open(self._path(), "rb") as handle:
            data = handle.read()
        self._note(data)
        return data if "b" in (self.read_mode or "") else data.decode(self.encoding or "utf-8")

    def remove(self):
        self.storage.delete(self._path())  # a missing file is not an error: deleting twice is fine


def private_root_problems() -> list[str]:
    """Why the private root would be reachable from the web: inside MEDIA_ROOT or STATIC_ROOT."""
    root = os.path.realpath(private_root())
    problems = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        served = getattr(settings, name, None)
        if not served:
            continue
        served = os.path.realpath(served)
        if root == served or root.startswith(served + os.sep):
            problems.append(name)
    return problems
