"""What the organization and member imports share: legacy sheet → tablib Dataset → resource → report.

Both the management commands and the admin go through the same two steps: `legacy_dataset`
normalises whatever the legacy workbook looks like into canonical Chinese headers (plus hidden
`_sheet`/`_row` columns so every error points at the cell), then the resource validates and
writes. `legacy_import` runs it all-or-nothing in one transaction.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats.base_formats import XLSX
from import_export.results import Result, RowResult

from accounts.audit import audit_log, suppress_object_events
from partybuild.legacy_excel import (
    ImportFailed,
    ImportProblem,
    PathOrFile,
    check_upload,
    normalize_text,
    parse_optional_date,
    read_table,
)
from partybuild.spreadsheets import excel_safe

SHEET, ROW = "_sheet", "_row"


def legacy_dataset(
    source: PathOrFile, *, synonyms: dict[str, list[str]], required: set[str]
) -> tablib.Dataset:
    """Read a legacy workbook into a Dataset whose headers are the canonical column names."""
    check_upload(source)
    headers = [*synonyms, SHEET, ROW]
    dataset = tablib.Dataset(headers=headers)
    columns: dict[tuple[str, str], Any] = {}
    for row in read_table(source, header_synonyms=synonyms, required=required):
        dataset.append([row.get(key) for key in synonyms] + [row.sheet, row.row])
        for key, column in row.columns.items():
            columns.setdefault((row.sheet, key), column)
    # Kept on the dataset so errors raised later can name the column letter and header as written.
    dataset.legacy_columns = columns
    return dataset


@dataclass
class ImportReport:
    """What an import did (or would do, for a dry run), and what looked odd but was accepted."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        return _("新增 %(new)d、更新 %(updated)d、未变 %(unchanged)d") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _place(dataset: tablib.Dataset, number: int, key: str | None, message: str) -> ImportProblem:
    row = dict(zip(dataset.headers, dataset[number - 1], strict=False))
    sheet, excel_row = row.get(SHEET), row.get(ROW)
    column = getattr(dataset, "legacy_columns", {}).get((sheet, key)) if key else None
    return ImportProblem(
        message,
        sheet=sheet,
        row=excel_row,
        column=column.letter if column else None,
        header=column.header if column else key,
    )


def result_problems(resource: LegacyResource, dataset: tablib.Dataset, result: Result) -> list[ImportProblem]:
    """Every error of an import_data result, each placed at its sheet, row and column."""
    problems = [
        ImportProblem(_("导入出错：%(error)s") % {"error": error.error}) for error in result.base_errors
    ]
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(_place(dataset, number, None, _("无法保存：%(error)s") % {"error": error.error}))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            key = None if attribute == NON_FIELD_ERRORS else resource.column_for(attribute)
            for message in messages:
                problems.append(_place(dataset, invalid.number, key, message))
    return sorted(problems, key=lambda p: (p.sheet or "", p.row or 0))


def resource_dataset(resource_class: type[LegacyResource], source: PathOrFile) -> tablib.Dataset:
    """The legacy workbook as the Dataset this resource imports (rows in the order it needs)."""
    dataset = legacy_dataset(source, synonyms=resource_class.SYNONYMS, required=resource_class.REQUIRED)
    return resource_class.prepare_dataset(dataset)


def source_name(source: PathOrFile) -> str:
    """The file's own name (no directories) for messages and the audit trail."""
    return Path(str(getattr(source, "name", None) or source)).name


def legacy_import(resource: LegacyResource, source: PathOrFile, *, dry_run: bool = False) -> ImportReport:
    """Validate every row, then write all of them or none; raise ImportFailed listing every problem."""
    dataset = resource_dataset(type(resource), source)
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            use_transactions=True,
            rollback_on_validation_errors=True,
            file_name=source_name(source),
        )
        problems = result_problems(resource, dataset, result)
        if problems:
            raise ImportFailed(problems)
    totals = result.totals
    return ImportReport(
        new=totals[RowResult.IMPORT_TYPE_NEW],
        updated=totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged=totals[RowResult.IMPORT_TYPE_SKIP],
        warnings=list(resource.warnings),
        dry_run=dry_run,
    )


class LegacyXLSX(XLSX):
    """The admin's import format for legacy workbooks: any layout the legacy reader accepts."""

    resource_class: type[LegacyResource]

    def create_dataset(self, in_stream):
        return resource_dataset(self.resource_class, io.BytesIO(in_stream))


# ---------------------------------------------------------------- widgets


class TextWidget(widgets.CharWidget):
    """Half-width, trimmed text; 1001.0 from a number cell becomes "1001"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return normalize_text(value)


class LegacyDateWidget(widgets.Widget):
    """Dates as legacy files write them; a bad or impossible date is an error, never a guess."""

    def clean(self, value, row=None, **kwargs):
        return parse_optional_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class LegacyResource(resources.ModelResource):
    """Common behaviour: Chinese column names, warnings, placed errors, formula-safe export."""

    SYNONYMS: dict[str, list[str]] = {}
    REQUIRED: set[str] = set()

    @classmethod
    def prepare_dataset(cls, dataset: tablib.Dataset) -> tablib.Dataset:
        return dataset

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.warnings: list[ImportProblem] = []

    def column_for(self, attribute: str) -> str | None:
        for resource_field in self.fields.values():
            if resource_field.attribute == attribute:
                return resource_field.column_name
        return self.extra_columns.get(attribute)

    extra_columns: dict[str, str] = {}

    def before_import(self, dataset, **kwargs):
        self.legacy_columns = getattr(dataset, "legacy_columns", {})

    audit_action = "import"

    def import_data(self, dataset, dry_run=False, **kwargs):
        """Audited as ONE event with the row count (who, which file), never one event per row."""
        with suppress_object_events():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
        if not dry_run and not (result.has_errors() or result.has_validation_errors()):
            totals = result.totals
            new, updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
            audit_log(
                self.audit_action,
                actor=kwargs.get("user"),
                target=self._meta.model,
                rows=new + updated,
                detail={
                    "file": kwargs.get("file_name") or "",
                    "new": new,
                    "updated": updated,
                    "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
                },
            )
        return result

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.legacy_warnings = self.warnings  # shown on the admin's preview page

    def warn(self, row: dict, key: str, message: str) -> None:
        column = self.legacy_columns.get((row.get(SHEET), key))
        self.warnings.append(
            ImportProblem(
                message,
                sheet=row.get(SHEET),
                row=row.get(ROW),
                column=column.letter if column else None,
                header=column.header if column else key,
            )
        )

    @staticmethod
    def invalid(column_attribute: str, message: str) -> ValidationError:
        return ValidationError({column_attribute: ValidationError(message, code="invalid")})

    def export_field(self, export_field, instance, **kwargs):
        return excel_safe(super().export_field(export_field, instance, **kwargs))
