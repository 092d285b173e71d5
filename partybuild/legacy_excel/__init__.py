"""Reading legacy Excel workbooks (历史台账/花名册) the way people actually fill them in.

Shared by every import (organizations, members, the ledger). It knows nothing about models:
`check_upload` refuses files that are not a safe .xlsx before any XML is parsed, `read_table`
finds the header row under title rows, maps header synonyms to canonical keys, fills merged
cells, skips spacer/footnote rows and instruction sheets, and yields rows that remember their
sheet, row number and column so every error can point at the cell to fix. `parse_date` reads the
many ways a date is written and refuses impossible dates instead of guessing.
"""

from .dates import DAY, MONTH, parse_date, parse_date_with_precision, parse_optional_date
from .problems import ImportFailed, ImportProblem
from .tables import (
    HEADER_SEARCH_ROWS,
    INSTRUCTION_SHEETS,
    Column,
    LegacyRow,
    count_rows,
    is_instruction_sheet,
    read_table,
)
from .text import normalize_header, normalize_text
from .upload import UNREADABLE_ERRORS, PathOrFile, check_upload, unreadable

__all__ = [
    "DAY",
    "HEADER_SEARCH_ROWS",
    "INSTRUCTION_SHEETS",
    "MONTH",
    "Column",
    "ImportFailed",
    "ImportProblem",
    "LegacyRow",
    "PathOrFile",
    "UNREADABLE_ERRORS",
    "check_upload",
    "count_rows",
    "is_instruction_sheet",
    "normalize_header",
    "normalize_text",
    "parse_date",
    "parse_date_with_precision",
    "parse_optional_date",
    "read_table",
    "unreadable",
]
