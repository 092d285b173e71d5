"""Admin (django-import-export) uploads: deleted once the import is over, with a record of what they were.

The file waits between preview and confirm in private storage (partybuild.storage.ImportExportTempStorage,
not /tmp). Each request that wrote or read one deletes it at the end unless the preview passed and the
confirm step still needs it; an unconfirmed preview is purged after IMPORT_UPLOAD_MAX_AGE_HOURS. The
audit trail keeps the file's name, size and SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from accounts.audit import audit_log
from partybuild.storage import ImportExportTempStorage, import_export_files


@contextmanager
def uploads_deleted_after(request, model) -> Iterator[dict]:
    """Collect the temporary files this request touches; delete those still listed when it ends.

    The caller removes an entry from the yielded dict to keep that file (a preview that passed).
    """
    files: dict = {}
    token = import_export_files.set(files)
    try:
        yield files
    finally:
        import_export_files.reset(token)
        upload = request.FILES.get("import_file")
        original = upload.name if upload else request.POST.get("original_file_name", "")
        for name, described in files.items():
            ImportExportTempStorage(name=name).remove()
            audit_log(
                "import.upload.delete",
                actor=request.user,
                request=request,
                detail={"model": model._meta.label_lower, "file": original, **described},
            )
