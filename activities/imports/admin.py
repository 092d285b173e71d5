"""The record kinds in the admin, through django-import-export's screens and the one import engine.

django-import-export gives the admin its 导入 button, upload form, preview and confirm steps and the
upload's temporary storage; the rows are read and written by activities.imports.engine exactly as the
command and the portal's pages do (same reader, same errors, all or nothing). So the "format" hands the
workbook through untouched (after checking it reads, so a bad file is refused on the upload form), and
the "resource" runs the engine and reports in import-export's Result: a preview row per record with
新增/更新/未变, or each problem as an invalid row naming its sheet, row and column.
"""

from __future__ import annotations

import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from import_export.formats.base_formats import XLSX
from import_export.results import Result, RowResult

from accounts import authz
from accounts.admin.people import LegacyImportMixin
from partybuild.legacy_excel import ImportFailed

from .engine import import_records, parse_rows
from .registry import NEW, UNCHANGED, UPDATED, RecordKind, get_kind

_IMPORT_TYPES = {
    NEW: RowResult.IMPORT_TYPE_NEW,
    UPDATED: RowResult.IMPORT_TYPE_UPDATE,
    UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
}


class _Workbook(tablib.Dataset):
    """One line per record the engine parsed (so an empty file is caught), plus the bytes it reads."""

    workbook: bytes = b""


class RecordKindXLSX(XLSX):
    kind: RecordKind

    def create_dataset(self, in_stream):
        # Raises ImportFailed with every misread cell; LegacyImportMixin puts them on the upload form.
        parsed = parse_rows(self.kind, io.BytesIO(in_stream))
        dataset = _Workbook(headers=[_("工作表"), _("行")])
        for item in parsed:
            dataset.append([item.sheet, item.row])
        dataset.workbook = bytes(in_stream)
        return dataset


class RecordKindResource(resources.Resource):
    kind: RecordKind

    @classmethod
    def get_display_name(cls):
        return cls.kind.label

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        result = Result()
        result.diff_headers = [_("工作表"), _("行"), _("内容")]
        source = io.BytesIO(dataset.workbook)
        source.name = kwargs.get("file_name") or ""
        try:
            report = import_records(self.kind, source, actor=kwargs.get("user"), dry_run=dry_run)
        except ImportFailed as failed:
            for problem in failed.problems:
                error = ValidationError({problem.header or _("整行"): [str(problem)]})
                values = {_("工作表"): problem.sheet or "", _("行"): problem.row or ""}
                result.append_invalid_row(problem.row or 0, values, error)
            return result
        for row in report.rows:
            row_result = RowResult()
            row_result.import_type = _IMPORT_TYPES[row.action]
            row_result.diff = [row.sheet, row.row, row.text]
            result.append_row_result(row_result)
        # Every row counts, not just the previewed ones.
        result.totals[RowResult.IMPORT_TYPE_NEW] = report.new
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = report.updated
        result.totals[RowResult.IMPORT_TYPE_SKIP] = report.unchanged
        result.total_rows = report.total
        return result


class RecordImportAdminMixin(LegacyImportMixin):
    """Put on a ModelAdmin with `record_kind = "<kind name>"` (activities.imports.registry)."""

    record_kind: str
    import_template_name = "admin/activities/record_import.html"

    def _kind(self) -> RecordKind:
        return get_kind(self.record_kind)

    def has_import_permission(self, request) -> bool:
        return authz.may(request.user, self._kind().permission)

    def get_import_formats(self):
        return [type("RecordKindXLSX", (RecordKindXLSX,), {"kind": self._kind()})]

    def get_import_resource_classes(self, request):
        kind = self._kind()
        fields = {
            f"column_{number}": resources.Field(column_name=column.header)
            for number, column in enumerate(kind.columns)
        }
        return [type("RecordKindResource", (RecordKindResource,), {"kind": kind, **fields})]

    def generate_log_entries(self, result, request):
        # The engine wrote the import's one audit event; there are no per-row instances to log.
        return None

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["record_kind"] = self._kind()
        return context
