"""Legacy record imports of the six systems and the carriers: one engine, one small spec per kind.

`python manage.py import_records KIND FILE [--dry-run]`, the portal's 下载模板 → 上传 → 预览 → 确认
pages, and tests all call `import_records(get_kind(name), file, actor=..., dry_run=...)`.
"""

from .engine import ImportReport, import_records, parse_rows
from .registry import ColumnSpec, RecordKind, UnknownKind, all_kinds, get_kind, register

__all__ = [
    "ColumnSpec",
    "ImportReport",
    "RecordKind",
    "UnknownKind",
    "all_kinds",
    "get_kind",
    "import_records",
    "parse_rows",
    "register",
]
