"""The ledger import as a service: read → check every row → preview or write, all or nothing.

`ledger_import_file` is what the command and the bench call on a path. The LedgerImport functions
are the staff page's two steps (preview, then confirm), run in-process for small files and by the
Celery task for large ones. Progress goes to the Django cache, outside the import's transaction,
so the page can show it while the transaction is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log, suppress_object_events
from accounts.models import User
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportFailed, PathOrFile
from partybuild.periods import parse_year

from ..models import ImportStatus, LedgerImport, Plan, Recurrence, Task
from .materialize import assignments_materialize
from .reader import MAX_PROBLEMS, ParsedLedger, problem_line, read_ledger
from .responsible import ResponsibleResolver
from .uploads import (
    import_upload_discard,
    import_upload_expired_message,
    import_upload_store,
    import_uploads_purge,
)
from .writer import ExistingState, Progress, ledger_write

PREVIEW_TASKS = 300
PROGRESS_TTL = 60 * 60
_RECURRENCE_LABELS = dict(Recurrence.choices)


@dataclass
class ImportResult:
    """What an import found (preview) and, unless a dry run, what it wrote (counts)."""

    preview: dict
    counts: dict = field(default_factory=dict)
    dry_run: bool = True
    plan_id: int | None = None
    task_ids: list[int] = field(default_factory=list)


def _year(value) -> int:
    try:
        return parse_year(value)
    except ValueError as error:
        raise DomainError(str(error), field="year") from None


def failure_lines(error: ImportFailed) -> list[str]:
    return [problem_line(p) for p in error.problems[:MAX_PROBLEMS]]


def build_preview(parsed: ParsedLedger, *, year: int, limit: int = PREVIEW_TASKS) -> dict:
    """Items and tasks as they will be created, marking what already exists. JSON-ready."""
    existing = ExistingState.load(year)
    items: dict[str, dict] = {}
    new_tasks = shown = 0
    for task in parsed.tasks:
        item = items.setdefault(
            task.item_title,
            {
                "title": task.item_title,
                "seq": task.item_seq,
                "exists": task.item_title in existing.items,
                "tasks": [],
            },
        )
        exists = (task.item_title, task.title) in existing.tasks
        new_tasks += not exists
        if shown < limit:
            shown += 1
            item["tasks"].append(
                {
                    "row": task.row,
                    "sheet": task.sheet,
                    "title": task.title,
                    "deadline": task.deadline.isoformat() if task.deadline else None,
                    "deadline_text": task.deadline_text,
                    "recurrence": task.recurrence,
                    "recurrence_label": str(_RECURRENCE_LABELS[task.recurrence]),
                    "orgs": list(task.org_labels),
                    "groups": list(task.group_labels),
                    "exists": exists,
                }
            )
    return {
        "year": year,
        "plan_exists": existing.plan is not None,
        "rows": parsed.rows_read,
        "items": list(items.values()),
        "item_count": len(items),
        "items_new": sum(not i["exists"] for i in items.values()),
        "task_count": len(parsed.tasks),
        "tasks_new": new_tasks,
        "shown_tasks": min(len(parsed.tasks), limit),
    }


def ledger_import_file(
    *,
    source: PathOrFile,
    year: int,
    user: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
    queue_assignments: bool = True,
    file_name: str | None = None,
) -> ImportResult:
    """Import one workbook. Any problem raises ImportFailed listing all of them; nothing is written.

    The new tasks' assignments are not part of the import: with `queue_assignments` they are queued
    to be written after it commits; otherwise the caller runs assignments_materialize itself.
    A real import (not a dry run) is one audit event, success or failure, with the file's row count.
    """
    name = file_name or Path(str(getattr(source, "name", None) or source)).name
    year = _year(year)
    report = progress or (lambda phase, done, total: None)
    resolver = ResponsibleResolver.load()
    parsed = read_ledger(source, year=year, resolver=resolver, on_row=lambda n: report("读取文件", n, 0))
    if parsed.problems:
        if not dry_run:
            audit_log(
                "import.ledger",
                actor=user,
                target=Plan,
                result="failure",
                detail={"file": name, "year": year, "problems": len(parsed.problems)},
            )
        raise ImportFailed(parsed.problems)
    preview = build_preview(parsed, year=year)
    if dry_run:
        return ImportResult(preview=preview)
    with suppress_object_events():
        written = ledger_write(parsed=parsed, year=year, by=user, progress=progress)
    audit_log(
        "import.ledger",
        actor=user,
        target=Plan,
        rows=preview["rows"],
        detail={"file": name, "year": year, **written.counts},
    )
    if queue_assignments:
        assignments_queue(plan_id=written.plan_id, task_ids=written.task_ids, user=user)
    return ImportResult(
        preview=preview,
        counts=written.counts,
        dry_run=False,
        plan_id=written.plan_id,
        task_ids=written.task_ids,
    )


def assignments_queue(
    *, plan_id: int, task_ids: list[int], user: User | None, import_id: int | None = None
) -> None:
    """Queue the assignments of the new tasks for when the import's transaction commits."""
    if not task_ids:
        return
    from .tasks import assignments_materialize_task

    user_id = user.pk if user else None
    transaction.on_commit(
        lambda: assignments_materialize_task.delay(
            plan_id=plan_id, task_ids=list(task_ids), user_id=user_id, import_id=import_id
        )
    )


def assignments_finish(
    *, plan_id: int, task_ids: list[int], user_id: int | None, import_id: int | None
) -> int:
    """Write the queued assignments and record their count on the import (if from the staff page)."""
    user = User.objects.filter(pk=user_id).first() if user_id else None
    # Only tasks of that plan: the ids come through the broker.
    ids: list[int] = []
    for start in range(0, len(task_ids), 10_000):
        chunk = task_ids[start : start + 10_000]
        ids += Task.objects.filter(item__plan_id=plan_id, pk__in=chunk).values_list("pk", flat=True)
    created = assignments_materialize(task_ids=ids, user=user)
    if import_id is not None:
        with transaction.atomic():
            ledger_import = LedgerImport.objects.select_for_update().filter(pk=import_id).first()
            if ledger_import is not None:
                summary = dict(ledger_import.summary or {})
                counts = summary.get("counts", {})
                # A repeated run (the staff page's button) adds to what the first one created.
                total = (counts.get("assignments_created") or 0) + created
                summary["counts"] = {**counts, "assignments_created": total}
                ledger_import.summary = summary
                ledger_import.save(update_fields=["summary"])
    return created


# ------------------------------------------------------------- the staff page's background job


def progress_key(import_id: int) -> str:
    return f"ledger-import-progress:{import_id}"


def progress_get(import_id: int) -> dict:
    return cache.get(progress_key(import_id)) or {"phase": "", "done": 0, "total": 0, "percent": 0}


def _progress_writer(import_id: int, total_rows: int) -> Progress:
    # Reading is ~40% of the work, writing ~60%: one bar that only moves forward.
    def write(phase: str, done: int, total: int) -> None:
        if phase == "读取文件":
            percent = 40 * done / total_rows if total_rows else 0
        else:
            percent = 40 + 60 * done / total if total else 40
        cache.set(
            progress_key(import_id),
            {
                "phase": phase,
                "done": done,
                "total": total or total_rows,
                "percent": round(min(percent, 99), 1),
            },
            PROGRESS_TTL,
        )

    return write


def _finish(ledger_import: LedgerImport, status: str, *, summary=None, errors=None) -> None:
    ledger_import.status = status
    ledger_import.finished_at = timezone.now()
    if summary is not None:
        ledger_import.summary = summary
    ledger_import.errors = errors or []
    ledger_import.save(update_fields=["status", "finished_at", "summary", "errors"])
    cache.set(
        progress_key(ledger_import.pk),
        {"phase": str(ImportStatus(status).label), "done": 1, "total": 1, "percent": 100, "finished": True},
        PROGRESS_TTL,
    )


def ledger_import_process(*, ledger_import: LedgerImport) -> LedgerImport:
    """Run the stage the import is at: the preview (dry_run) or the confirmed write."""
    LedgerImport.objects.filter(pk=ledger_import.pk).update(status=ImportStatus.RUNNING)
    ledger_import.status = ImportStatus.RUNNING
    write_progress = _progress_writer(ledger_import.pk, ledger_import.total_rows)
    write_progress("读取文件", 0, 0)
    try:
        if not ledger_import.file:
            raise FileNotFoundError(ledger_import.original_name)
        with ledger_import.file.open("rb") as handle:
            result = ledger_import_file(
                source=handle,
                year=ledger_import.year,
                user=ledger_import.uploaded_by,
                dry_run=ledger_import.dry_run,
                progress=write_progress,
                queue_assignments=False,
                file_name=ledger_import.original_name,
            )
    except ImportFailed as error:
        _finish(ledger_import, ImportStatus.FAILED, errors=failure_lines(error))
    except DomainError as error:
        _finish(ledger_import, ImportStatus.FAILED, errors=[error.message])
    except FileNotFoundError:  # purged while the job waited in the queue
        _finish(ledger_import, ImportStatus.FAILED, errors=[import_upload_expired_message()])
    else:
        counts = dict(result.counts)
        if not result.dry_run:
            # None until the follow-up step has written them: the page says they are being generated.
            counts["assignments_created"] = None if result.task_ids else 0
        summary = {**result.preview, "counts": counts}
        ledger_import.total_rows = result.preview["rows"]
        ledger_import.save(update_fields=["total_rows"])
        _finish(ledger_import, ImportStatus.SUCCEEDED, summary=summary)
        if not result.dry_run:
            assignments_queue(
                plan_id=result.plan_id,
                task_ids=result.task_ids,
                user=ledger_import.uploaded_by,
                import_id=ledger_import.pk,
            )
    finally:
        # Finished, either way: only a successful preview still needs its file (for the confirm step).
        if not (ledger_import.dry_run and ledger_import.status == ImportStatus.SUCCEEDED):
            import_upload_discard(ledger_import)
    return ledger_import


def needs_background(ledger_import: LedgerImport) -> bool:
    from django.conf import settings

    return ledger_import.total_rows > getattr(settings, "LEDGER_IMPORT_SYNC_MAX_ROWS", 2000)


def ledger_import_dispatch(*, ledger_import: LedgerImport) -> bool:
    """Process now (small files) or queue the Celery task (large ones). True when queued."""
    if not needs_background(ledger_import):
        ledger_import_process(ledger_import=ledger_import)
        return False
    from .tasks import ledger_import_task

    transaction.on_commit(lambda: ledger_import_task.delay(ledger_import.pk))
    return True


def ledger_import_confirm(*, ledger_import: LedgerImport, user: User) -> bool:
    """Turn a successful preview into the real import. True when it was queued in the background."""
    if not authz.may(user, "ledger.add_ledgerimport"):
        from partybuild.exceptions import PermissionDeniedError

        raise PermissionDeniedError(_("只有工委干部可以导入台账"))
    updated = (
        LedgerImport.objects.filter(pk=ledger_import.pk, dry_run=True, status=ImportStatus.SUCCEEDED)
        .exclude(file="")
        .update(dry_run=False, status=ImportStatus.PENDING, finished_at=None)
    )
    if not updated and ledger_import.dry_run and ledger_import.file_deleted_at:
        raise DomainError(import_upload_expired_message())
    if not updated:
        raise DomainError(_("这次导入不能确认：预览未成功，或已经确认过；请重新上传文件"))
    ledger_import.refresh_from_db()
    return ledger_import_dispatch(ledger_import=ledger_import)


def estimate_rows(source: PathOrFile) -> int:
    """Rows in the workbook as its sheets declare them; decides in-process vs background."""
    from partybuild.legacy_excel import count_rows

    return count_rows(source)


@transaction.atomic
def ledger_import_start(*, file, year: int, user: User) -> tuple[LedgerImport, bool]:
    """Store the upload and build its preview (in the background when large). Nothing is imported yet.

    Returns the LedgerImport and whether it was queued. A file that is not a usable .xlsx is refused
    at once with ImportFailed, before anything is stored.
    """
    from partybuild.exceptions import PermissionDeniedError
    from partybuild.legacy_excel import check_upload

    if not authz.may(user, "ledger.add_ledgerimport"):
        raise PermissionDeniedError(_("只有工委干部可以导入台账"))
    year = _year(year)
    check_upload(file)
    import_uploads_purge()
    ledger_import = LedgerImport(
        original_name=PurePath(str(getattr(file, "name", "") or "ledger.xlsx")).name[:200],
        year=year,
        dry_run=True,
        uploaded_by=user,
        total_rows=estimate_rows(file),
    )
    import_upload_store(ledger_import, file)
    ledger_import.full_clean()
    ledger_import.save()
    return ledger_import, ledger_import_dispatch(ledger_import=ledger_import)
