"""The one import engine: workbook → rows parsed by the kind → written through services, all or nothing.

1. The upload is checked and read by partybuild.legacy_excel (title rows, merged cells, synonyms,
   spacer/footnote rows, instruction sheets); a missing required column stops it there.
2. Every row is parsed; every problem is collected with its sheet, row and column. Two rows with the
   same natural key are a problem too (the second names the first).
3. Only if nothing is wrong, the rows are written in one transaction through the kind's writer; a
   service refusing a row adds a placed problem and the whole transaction is rolled back.
A dry run does step 3 too and rolls it back, so the preview's new/updated/unchanged counts are the
real ones. One audit event per import (who, which file, how many rows), never one per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_log, suppress_object_events
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportFailed, ImportProblem, PathOrFile, check_upload, read_table

from .cells import ID_NUMBER, ID_NUMBER_NAMES, Context, RowReader
from .registry import NEW, UNCHANGED, UPDATED, RecordKind

# A preview shows this many rows; the counts cover all of them.
PREVIEW_ROWS = 200


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    row: int
    action: str  # NEW / UPDATED / UNCHANGED
    text: str

    @property
    def action_label(self) -> str:
        return {NEW: _("新增"), UPDATED: _("更新"), UNCHANGED: _("未变")}[self.action]


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    kind: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rows: list[PreviewRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged

    def summary(self) -> str:
        return _("新增 %(new)d、更新 %(updated)d、未变 %(unchanged)d") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class _Parsed:
    sheet: str
    row: int
    values: dict
    reader: RowReader


def _synonyms(kind: RecordKind) -> dict[str, list[str]]:
    synonyms = kind.synonyms
    if kind.takes_id_number:
        synonyms[ID_NUMBER] = list(ID_NUMBER_NAMES)
    return synonyms


def _headers(kind: RecordKind) -> dict[str, str]:
    return {**{c.key: c.header for c in kind.columns}, ID_NUMBER: ID_NUMBER_NAMES[0]}


def parse_rows(kind: RecordKind, source: PathOrFile) -> list[_Parsed]:
    """Every row of the workbook parsed by the kind; ImportFailed listing every problem if any."""
    check_upload(source)
    context, headers = Context(), _headers(kind)
    parsed: list[_Parsed] = []
    problems: list[ImportProblem] = []
    seen: dict[tuple, _Parsed] = {}
    for row in read_table(source, header_synonyms=_synonyms(kind), required=kind.required):
        reader = RowReader(row, context, headers)
        values = kind.parse(reader)
        if reader.problems:
            problems.extend(reader.problems)
            continue
        key = kind.key(values)
        if key in seen:
            first = seen[key]
            problems.append(
                row.problem(
                    None,
                    _("与工作表“%(sheet)s”第%(row)s行是同一条记录（%(what)s相同）；请删除重复的一行")
                    % {"sheet": first.sheet, "row": first.row, "what": _key_headers(kind)},
                )
            )
            continue
        item = _Parsed(row.sheet, row.row, values, reader)
        seen[key] = item
        parsed.append(item)
    if problems:
        raise ImportFailed(problems)
    if not parsed:
        raise ImportFailed([ImportProblem(_("文件中没有可导入的数据行；请在表头下方填写数据"))])
    return parsed


def _key_headers(kind: RecordKind) -> str:
    return "、".join(kind.header_of(key) for key in kind.key_columns) or _("唯一标识")


def _refusal(kind: RecordKind, item: _Parsed, exc: Exception) -> list[ImportProblem]:
    """A service's refusal of one row, placed at the column it concerns when it names a field."""
    reader = item.reader
    reader.problems = []
    if isinstance(exc, DomainError):
        reader.problem(kind.field_columns.get(exc.field or ""), exc.message)
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            column = None if name == NON_FIELD_ERRORS else kind.field_columns.get(name)
            for message in messages:
                reader.problem(column, message)
    else:
        for message in getattr(exc, "messages", [str(exc)]):
            reader.problem(None, message)
    return reader.problems


def import_records(
    kind: RecordKind, source: PathOrFile, *, actor: Any = None, dry_run: bool = False
) -> ImportReport:
    """Import the workbook all or nothing (see the module docstring); ImportFailed if anything is wrong."""
    parsed = parse_rows(kind, source)
    if kind.order is not None:
        parsed.sort(key=lambda item: kind.order(item.values))
    report = ImportReport(kind=kind.name, dry_run=dry_run)
    problems: list[ImportProblem] = []
    with transaction.atomic(), suppress_object_events():
        for item in parsed:
            try:
                with transaction.atomic():
                    action = kind.write(item.values, actor)
            except (DomainError, ValidationError) as exc:
                problems.extend(_refusal(kind, item, exc))
                continue
            setattr(report, action, getattr(report, action) + 1)
            if len(report.rows) < PREVIEW_ROWS:
                report.rows.append(PreviewRow(item.sheet, item.row, action, kind.describe(item.values)))
        if problems or dry_run:
            transaction.set_rollback(True)
        else:
            audit_log(
                "import",
                actor=actor,
                target=kind.model,
                rows=report.new + report.updated,
                detail={
                    "kind": kind.name,
                    "file": source_name(source),
                    "new": report.new,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0)))
    report.rows.sort(key=lambda r: (r.sheet, r.row))
    return report


def source_name(source: PathOrFile) -> str:
    return Path(str(getattr(source, "name", None) or source)).name


__all__ = ["NEW", "UNCHANGED", "UPDATED", "ImportReport", "import_records", "parse_rows"]
