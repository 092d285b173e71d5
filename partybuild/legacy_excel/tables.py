"""Finding the table in each sheet and yielding its rows under canonical keys."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .problems import ImportFailed, ImportProblem, _fail
from .text import _BRACKETED, normalize_header, normalize_text
from .upload import UNREADABLE_ERRORS, PathOrFile, unreadable

HEADER_SEARCH_ROWS = 10
INSTRUCTION_SHEETS = {
    "说明",
    "填表说明",
    "填写说明",
    "使用说明",
    "注意事项",
    "instructions",
    "readme",
    "help",
}
FOOTNOTE_PREFIXES = ("注", "备注:", "说明", "*")
# A row holding nothing but a note to whoever fills the template in ("注意：1、红色字段为必填字段…"),
# wherever it sits in the row: templates number their rows, and merged notes fill every column.
NOTE_PREFIXES = ("注意", "注:", "注：", "说明", "填表说明", "填写说明", "填报说明", "备注:", "*", "※", "★")


@dataclass(frozen=True)
class Column:
    """Where a canonical key was found: column letter, header as written, and the header's row."""

    letter: str
    header: str
    row: int | None = None


@dataclass
class LegacyRow:
    """One data row: canonical values plus where they came from. Reads like a dict."""

    sheet: str
    row: int
    values: dict[str, Any]
    columns: dict[str, Column] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def problem(self, key: str | None, message: str) -> ImportProblem:
        """An ImportProblem at this row, in the column of `key` (or the whole row if None)."""
        column = self.columns.get(key) if key else None
        return ImportProblem(
            message,
            sheet=self.sheet,
            row=self.row,
            column=column.letter if column else None,
            header=column.header if column else None,
        )


def is_instruction_sheet(title: str) -> bool:
    name = normalize_header(title)
    return name in INSTRUCTION_SHEETS or name.endswith("说明")


def _match_header(cell: Any, lookup: dict[str, str]) -> str | None:
    if cell is None or isinstance(cell, int | float | datetime | date):
        return None
    text = normalize_header(cell)
    if text in lookup:
        return lookup[text]
    # "出生日期(年月日)" or "入党时间【必填】": the note in brackets is not part of the name.
    bare = _BRACKETED.sub("", text)
    return lookup.get(bare)


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range, read from the sheet XML.

    read_only worksheets do not expose merges; scanning the raw XML in chunks keeps memory flat
    for 10,000-row sheets and costs one pass of a regex over the bytes.
    """
    if hasattr(ws, "merged_cells"):
        return [(r.min_col, r.min_row, r.max_col, r.max_row) for r in ws.merged_cells.ranges]
    pattern = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    with ws.parent._archive.open(ws._worksheet_path) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            last_end = 0
            for match in pattern.finditer(data):
                found.append(range_boundaries(match.group(1).decode()))
                last_end = match.end()
            tail = data[max(last_end, len(data) - 200) :]
    return found


class _MergeFiller:
    """Copies each merged range's top-left value into every cell of the range, row by row."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]):
        self.by_start: dict[int, list[tuple[int, int, int, int]]] = {}
        for rng in ranges:
            self.by_start.setdefault(rng[1], []).append(rng)
        self.active: list[tuple[tuple[int, int, int, int], Any]] = []

    def fill(self, row_number: int, cells: list[Any]) -> None:
        if not self.by_start and not self.active:
            return
        for rng in self.by_start.pop(row_number, ()):
            value = cells[rng[0] - 1] if rng[0] - 1 < len(cells) else None
            self.active.append((rng, value))
        self.active = [(rng, v) for rng, v in self.active if rng[3] >= row_number]
        for (min_col, _min_row, max_col, _max_row), value in self.active:
            if len(cells) < max_col:
                cells.extend([None] * (max_col - len(cells)))
            for col in range(min_col - 1, max_col):
                cells[col] = value


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\u3000", " ").strip()
        return value or None
    return value


def _is_footnote(cells: list[Any]) -> bool:
    first = next((c for c in cells if c is not None and str(c).strip() != ""), None)
    if not isinstance(first, str):
        return False
    text = normalize_text(first).replace(" ", "")
    return text.startswith(FOOTNOTE_PREFIXES) or text.startswith("备注:")


def _is_note(cells: list[Any]) -> bool:
    """A row whose only text is a note: every real row of every import has at least two texts."""
    texts = {c for c in cells if isinstance(c, str) and c.strip()}
    if len(texts) != 1:
        return False
    return normalize_text(next(iter(texts))).replace(" ", "").startswith(NOTE_PREFIXES)


def _open_workbook(source: PathOrFile):
    # A file object, not a path: openpyxl refuses paths whose extension is not .xlsx (temp uploads).
    handle = open(source, "rb") if isinstance(source, str | os.PathLike) else source  # noqa: SIM115
    if handle is source:
        source.seek(0)
    try:
        return handle, load_workbook(handle, read_only=True, data_only=True)
    except UNREADABLE_ERRORS:
        if handle is not source:
            handle.close()
        raise unreadable(source) from None


def count_rows(source: PathOrFile) -> int:
    """Rows in the workbook as its sheets declare them (cheap: no cell is read)."""
    handle, wb = _open_workbook(source)
    try:
        return sum(ws.max_row or 0 for ws in wb.worksheets)
    except UNREADABLE_ERRORS:
        raise unreadable(source) from None
    finally:
        wb.close()
        if handle is not source:
            handle.close()
        else:
            source.seek(0)


def read_table(
    source: PathOrFile,
    *,
    header_synonyms: dict[str, list[str]],
    required: set[str],
    skip_sheet: Callable[[str], bool] | None = None,
) -> Iterator[LegacyRow]:
    """Yield the data rows of every table-like sheet, keyed by canonical names.

    `header_synonyms` maps canonical key → accepted header texts. A sheet is a table when one of
    its first rows has at least two recognised headers; other sheets and instruction sheets are
    skipped. A table lacking a `required` column stops the import with a message naming it.
    """
    lookup: dict[str, str] = {}
    for key, names in header_synonyms.items():
        for name in names:
            lookup.setdefault(normalize_header(name), key)
    handle, wb = _open_workbook(source)
    try:
        found_table = False
        for ws in wb.worksheets:
            if is_instruction_sheet(ws.title) or (skip_sheet and skip_sheet(ws.title)):
                continue
            rows = _read_sheet(ws, lookup, header_synonyms, required)
            first = _next_row(rows, source)
            if first is None:
                continue
            found_table = True
            if isinstance(first, LegacyRow):
                yield first
            while (row := _next_row(rows, source)) is not None:
                yield row
        if not found_table:
            expected = _("、").join(names[0] for key, names in header_synonyms.items() if key in required)
            raise _fail(
                _(
                    "在各工作表前%(rows)d行中都没有找到表头；表头行应包含这些列：%(expected)s。"
                    "请检查是否选错了文件，或把表头改成模板中的列名"
                )
                % {"rows": HEADER_SEARCH_ROWS, "expected": expected}
            )
    finally:
        wb.close()
        if handle is not source:
            handle.close()


def _next_row(rows: Iterator, source: PathOrFile):
    """The sheet's next row; a part that turns out damaged while streaming is refused like a bad file."""
    try:
        return next(rows, None)
    except UNREADABLE_ERRORS:
        raise unreadable(source) from None


class _HeaderFound:
    """Marker yielded first by _read_sheet so the caller knows the sheet is a table even if empty."""


def _read_sheet(ws, lookup, header_synonyms, required) -> Iterator[LegacyRow | _HeaderFound]:
    filler = _MergeFiller(_merged_ranges(ws))
    mapping: dict[int, str] | None = None
    columns: dict[str, Column] = {}
    header_cells: list[str] = []
    probe = 0
    for row_number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(raw)
        # Judged before filling: a row holding only the tail of a merged range is still a spacer.
        blank = all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
        filler.fill(row_number, cells)
        if mapping is None:
            if row_number > HEADER_SEARCH_ROWS:
                return
            matched = {i: _match_header(c, lookup) for i, c in enumerate(cells)}
            matched = {i: key for i, key in matched.items() if key}
            if len(set(matched.values())) < 2:
                continue
            mapping = {}
            for index, key in matched.items():
                if key in columns:
                    continue  # a second column with the same meaning: the first one wins
                mapping[index] = key
                columns[key] = Column(get_column_letter(index + 1), normalize_text(cells[index]), row_number)
            header_cells = [normalize_header(c) for c in cells]
            # One cell that must match before the whole row is normalised and compared: data rows
            # fail here, so the repeated-header check costs one call per row instead of one per cell.
            probe = next((i for i, text in enumerate(header_cells) if text), 0)
            missing = sorted(required - set(columns), key=list(header_synonyms).index)
            if missing:
                raise ImportFailed(
                    [
                        ImportProblem(
                            _("缺少必需的列“%(header)s”（可用的列名：%(names)s）；请在表头行补上这一列")
                            % {
                                "header": header_synonyms[key][0],
                                "names": _("、").join(header_synonyms[key]),
                            },
                            sheet=ws.title,
                            row=row_number,
                        )
                        for key in missing
                    ]
                )
            yield _HeaderFound()
            continue
        if blank or _is_footnote(cells) or _is_note(cells):
            continue
        if (
            len(cells) >= len(header_cells)
            and normalize_header(cells[probe]) == header_cells[probe]
            and [normalize_header(c) for c in cells[: len(header_cells)]] == header_cells
        ):
            continue  # header repeated for printing
        values = {key: _clean(cells[i]) if i < len(cells) else None for i, key in mapping.items()}
        if all(v is None for v in values.values()):
            continue
        yield LegacyRow(sheet=ws.title, row=row_number, values=values, columns=columns)
