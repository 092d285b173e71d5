"""What an export is: how many rows the filters give, and how to write them to a workbook.

The inline download and the background job both call `write`, so a file is the same either way.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date
from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from partybuild.spreadsheets import excel_safe

# Rows read from the database at a time; the job's progress moves once per chunk.
CHUNK_ROWS = 2000

Progress = Callable[[int], None]


class ExportKind(ABC):
    """One kind of export. Subclasses set the class attributes and implement filename, count and write."""

    key: str = ""
    label: Any = ""
    permission: str = ""
    audit_action: str = ""
    audit_target: Any = None

    @abstractmethod
    def filename(self, filters: dict, today: date) -> str: ...

    @abstractmethod
    def count(self, user, filters: dict, today: date) -> int:
        """How many rows the export will read (decides inline or background)."""
        ...

    @abstractmethod
    def write(self, user, filters: dict, today: date, handle: IO[bytes], progress: Progress) -> int:
        """Write the workbook to `handle`, calling progress(rows read) as it goes; returns the rows
        the audit trail records."""
        ...

    def audit_detail(self, filters: dict) -> dict:
        return {"filters": filters}


class TableExport(ExportKind):
    """One sheet: a header row, then one row per object of a queryset, streamed (openpyxl write-only)."""

    sheet_title: Any = ""
    # (header, getter) pairs: the only definition of the file's columns.
    columns: Sequence[tuple[Any, Callable[[Any], Any]]] = ()

    @abstractmethod
    def rows(self, user, filters: dict, today: date) -> QuerySet: ...

    def prepare(self, obj, today: date) -> None:
        """Attach what the getters need and the database does not give (a period's label)."""

    def count(self, user, filters: dict, today: date) -> int:
        return self.rows(user, filters, today).count()

    def write(self, user, filters: dict, today: date, handle: IO[bytes], progress: Progress) -> int:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(str(self.sheet_title)[:31])
        header = []
        for title, _getter in self.columns:
            cell = WriteOnlyCell(sheet, value=excel_safe(str(title)))
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        done = 0
        try:
            for obj in self.rows(user, filters, today).iterator(chunk_size=CHUNK_ROWS):
                self.prepare(obj, today)
                sheet.append([excel_safe(getter(obj)) for _title, getter in self.columns])
                done += 1
                if done % CHUNK_ROWS == 0:
                    progress(done)
        except BaseException:
            _discard(sheet)
            raise
        workbook.save(handle)
        progress(done)
        return done


def _discard(sheet) -> None:
    """openpyxl streams a write-only sheet through a temporary file holding the rows so far: a failed
    export deletes it now rather than when the worker process exits."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    for stream in (getattr(sheet, "_rows", None), writer.xf):
        with suppress(Exception):
            stream.close()
    with suppress(Exception):
        writer.cleanup()


_KINDS: dict[str, ExportKind] = {}


def export_kind_register(kind: ExportKind) -> ExportKind:
    """Called by each app (at import of its kinds module, from AppConfig.ready)."""
    _KINDS[kind.key] = kind
    return kind


def export_kind(key: str) -> ExportKind:
    return _KINDS[key]


def export_kind_label(key: str) -> str:
    kind = _KINDS.get(key)
    return str(kind.label) if kind else key
