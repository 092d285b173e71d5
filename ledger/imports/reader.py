"""Turn a legacy ledger workbook into checked rows: items, tasks, deadlines and responsible orgs.

Reading is shared with the other imports (partybuild.legacy_excel: title rows, header synonyms,
merged cells, footnotes, instruction sheets). This module adds what is specific to the ledger and
collects *every* problem, so one upload shows the user all there is to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from partybuild.legacy_excel import (
    ImportFailed,
    ImportProblem,
    LegacyRow,
    PathOrFile,
    check_upload,
    normalize_text,
    read_table,
)

from ..models import Item, Task, TaskLevel
from .deadlines import Deadline, parse_deadline
from .responsible import Responsible, ResponsibleResolver

HEADER_SYNONYMS: dict[str, list[str]] = {
    "seq": ["序号", "编号"],
    "item": ["工作项目", "重点工作", "大项工作", "工作内容"],
    "task": ["具体任务", "工作任务", "任务内容", "工作措施"],
    "responsible": ["责任单位", "牵头单位", "责任部门", "责任主体"],
    "deadline": ["完成时限", "时间节点", "完成时间", "时限要求"],
    "progress": ["完成情况", "进展情况"],
    "standard": ["完成效果", "完成标准", "工作标准"],
    "evidence": ["佐证材料", "佐证材料要求", "佐证资料", "佐证要求"],
    "weight": ["分值", "权重", "分值权重", "考核分值"],
    "level": ["责任层级", "层级"],
    "notes": ["备注"],
}
REQUIRED = {"item", "task", "responsible", "deadline"}
MAX_PROBLEMS = 500
_ITEM_MAX = Item._meta.get_field("title").max_length
_TASK_MAX = Task._meta.get_field("title").max_length
_TEXT_MAX = Task._meta.get_field("deadline_text").max_length
_RESP_MAX = Task._meta.get_field("responsible_text").max_length
_EVIDENCE_MAX = Task._meta.get_field("evidence_expected").max_length
_WEIGHT_DEFAULT = Decimal(Task._meta.get_field("weight").get_default())
_WEIGHT_MAX = Decimal("9999.99")  # max_digits=6, decimal_places=2
_WEIGHT_RE = re.compile(r"^(\d{1,4}(?:\.\d{1,2})?)分?$")
# 责任层级 as ledgers write it (seed 002: 党组牵头、机关党委负责、支部落实), by the first word found.
_LEVEL_WORDS = (
    ("党组", TaskLevel.PARTY_GROUP),
    ("牵头", TaskLevel.PARTY_GROUP),
    ("机关党委", TaskLevel.ORGAN_COMMITTEE),
    ("负责", TaskLevel.ORGAN_COMMITTEE),
    ("支部", TaskLevel.BRANCH),
    ("落实", TaskLevel.BRANCH),
)


@dataclass
class ParsedTask:
    """One task row, checked and resolved, ready to write."""

    sheet: str
    row: int
    item_title: str
    item_seq: int
    title: str
    seq: int
    deadline: Any
    deadline_text: str
    recurrence: str
    responsible_text: str
    org_ids: tuple[int, ...]
    group_ids: tuple[int, ...]
    org_labels: tuple[str, ...]
    group_labels: tuple[str, ...]
    standard: str = ""
    notes: str = ""
    weight: Decimal = _WEIGHT_DEFAULT
    level: str = TaskLevel.UNSPECIFIED
    evidence_expected: str = ""
    # Set by staff afterwards (the task form, admin or API); a legacy ledger file does not name it.
    activity_kind: str = ""


@dataclass
class ParsedLedger:
    """Everything read from one workbook: the task rows in file order and every problem found."""

    tasks: list[ParsedTask] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def item_titles(self) -> list[str]:
        return list(dict.fromkeys(task.item_title for task in self.tasks))


def problem_line(problem: ImportProblem) -> str:
    """`工作表“X”第N行 列名: 问题` — the place first, so a long list reads like a to-do list."""
    if not problem.sheet:
        return problem.message
    place = _("工作表“%(sheet)s”") % {"sheet": problem.sheet}
    if problem.row:
        place += _("第%(row)s行") % {"row": problem.row}
    if problem.header or problem.column:
        place += " " + (problem.header or _("%(column)s列") % {"column": problem.column})
    return f"{place}: {problem.message}"


def _text(value: Any) -> str:
    return normalize_text(value) if value is not None else ""


def _weight(value: Any) -> Decimal:
    """分值: a number ≥ 0 with at most two decimals (5, 2.5, "5分"); empty is the model's default."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _WEIGHT_DEFAULT
    text = "" if isinstance(value, bool) else _text(f"{value:.2f}" if isinstance(value, float) else value)
    match = _WEIGHT_RE.match(text.replace(" ", ""))
    if not match or Decimal(match[1]) > _WEIGHT_MAX:
        raise ValueError(
            _("分值“%(value)s”不正确；请填写不小于0的数字，最多两位小数，如 5 或 2.5") % {"value": value}
        )
    return Decimal(match[1])


def _level(value: Any) -> str:
    """责任层级: 党组 / 机关党委 / 支部, or the phrases ledgers use for them; empty is unspecified."""
    text = _text(value).replace(" ", "")
    if not text:
        return TaskLevel.UNSPECIFIED
    for word, level in _LEVEL_WORDS:
        if word in text:
            return level
    raise ValueError(
        _("责任层级“%(value)s”无法识别；请填写：党组（牵头）、机关党委（负责）或支部（落实），也可留空")
        % {"value": value}
    )


def _seq(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


class _Memo:
    """Deadlines and responsible units answered once per distinct cell text, errors included.

    A ledger repeats a few dozen deadline texts and a few hundred unit texts over thousands of rows.
    """

    def __init__(self, resolver: ResponsibleResolver, year: int):
        self.resolver = resolver
        self.year = year
        self.deadlines: dict[tuple[type, Any], Deadline | ValueError] = {}
        self.responsible: dict[str, Responsible | ValueError] = {}
        self.texts: dict[str, str] = {}

    def text(self, value: Any) -> str:
        """_text(), once per distinct string: merged item titles, units and notes repeat down the sheet."""
        if not isinstance(value, str):
            return _text(value)
        found = self.texts.get(value)
        if found is None:
            found = self.texts[value] = normalize_text(value)
        return found

    def deadline(self, value: Any) -> Deadline:
        key = (type(value), value)  # 1, 1.0 and True are equal as keys; their types are not
        found = self.deadlines.get(key)
        if found is None:
            try:
                found = parse_deadline(value, year=self.year)
            except ValueError as exc:
                found = exc
            self.deadlines[key] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))  # a fresh one: re-raising the same object grows its traceback
        return found

    def resolve(self, text: str) -> Responsible:
        found = self.responsible.get(text)
        if found is None:
            try:
                found = self.resolver.resolve(text)
            except ValueError as exc:
                found = exc
            self.responsible[text] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))  # a fresh one: re-raising the same object grows its traceback
        return found


def read_ledger(
    source: PathOrFile,
    *,
    year: int,
    resolver: ResponsibleResolver | None = None,
    on_row: Callable[[int], None] | None = None,
) -> ParsedLedger:
    """Read and check every row; problems are collected, not raised (except unreadable files).

    Raises ImportFailed only when the file itself cannot be read as a ledger (type, size, header).
    """
    check_upload(source)
    memo = _Memo(resolver or ResponsibleResolver.load(), year)
    parsed = ParsedLedger()
    seen: dict[tuple[str, str], int] = {}
    items_seq: dict[str, int] = {}
    last_item: dict[str, str] = {}
    per_item: dict[str, int] = {}
    rows = read_table(source, header_synonyms=HEADER_SYNONYMS, required=REQUIRED)
    for row in rows:
        parsed.rows_read += 1
        if on_row is not None and parsed.rows_read % 500 == 0:
            on_row(parsed.rows_read)
        task = _read_row(row, memo, parsed.problems, last_item, items_seq)
        if task is None:
            continue
        key = (task.item_title, task.title)
        if key in seen:
            parsed.problems.append(
                row.problem(
                    "task",
                    _("任务“%(title)s”与第%(row)s行重复（同一工作项目下任务名称不能相同）；请删除或改名")
                    % {"title": task.title, "row": seen[key]},
                )
            )
            continue
        seen[key] = row.row
        per_item[task.item_title] = task.seq = per_item.get(task.item_title, 0) + 1
        parsed.tasks.append(task)
    if not parsed.rows_read:
        raise ImportFailed([ImportProblem(_("文件中有表头但没有任何任务行；请在表头下方填写任务后再导入"))])
    return parsed


def _read_row(
    row: LegacyRow,
    memo: _Memo,
    problems: list[ImportProblem],
    last_item: dict[str, str],
    items_seq: dict[str, int],
) -> ParsedTask | None:
    before = len(problems)
    item_title = memo.text(row.get("item")) or last_item.get(row.sheet, "")
    title = memo.text(row.get("task"))
    if not item_title:
        problems.append(
            row.problem("item", _("工作项目为空；请填写该任务所属的工作项目（或与上一行合并单元格）"))
        )
    elif len(item_title) > _ITEM_MAX:
        problems.append(row.problem("item", _("工作项目超过%(max)s个字；请精简") % {"max": _ITEM_MAX}))
    if not title:
        problems.append(row.problem("task", _("具体任务为空；请填写任务内容，或删除这一行")))
    elif len(title) > _TASK_MAX:
        problems.append(
            row.problem(
                "task",
                _("具体任务超过%(max)s个字；请精简，把细节移到“完成效果”或“备注”") % {"max": _TASK_MAX},
            )
        )
    raw_deadline = row.get("deadline")
    deadline = None
    try:
        deadline = memo.deadline(raw_deadline)
        if len(deadline.text) > _TEXT_MAX:
            problems.append(
                row.problem("deadline", _("完成时限超过%(max)s个字；请只写日期或周期") % {"max": _TEXT_MAX})
            )
    except ValueError as exc:
        problems.append(row.problem("deadline", str(exc)))
    responsible_text = memo.text(row.get("responsible"))
    responsible = None
    try:
        responsible = memo.resolve(responsible_text)
        if len(responsible_text) > _RESP_MAX:
            problems.append(
                row.problem("responsible", _("责任单位超过%(max)s个字；请精简") % {"max": _RESP_MAX})
            )
    except ValueError as exc:
        problems.append(row.problem("responsible", str(exc)))
    extra = _extra_fields(row, memo, problems)
    if item_title:
        last_item[row.sheet] = item_title
        items_seq.setdefault(item_title, _seq(row.get("seq")) or len(items_seq) + 1)
    if len(problems) > before or deadline is None or responsible is None:
        return None
    return ParsedTask(
        sheet=row.sheet,
        row=row.row,
        item_title=item_title,
        item_seq=items_seq[item_title],
        title=title,
        seq=0,
        deadline=deadline.deadline,
        deadline_text=deadline.text,
        recurrence=deadline.recurrence,
        responsible_text=responsible_text,
        org_ids=responsible.org_ids,
        group_ids=responsible.group_ids,
        org_labels=responsible.org_labels,
        group_labels=responsible.group_labels,
        notes=memo.text(row.get("notes")),
        **extra,
    )


def _extra_fields(row: LegacyRow, memo: _Memo, problems: list[ImportProblem]) -> dict:
    """完成效果, 佐证材料, 分值 and 责任层级: optional columns, each checked like the others."""
    evidence = memo.text(row.get("evidence"))
    if len(evidence) > _EVIDENCE_MAX:
        problems.append(
            row.problem("evidence", _("佐证材料超过%(max)s个字；请精简") % {"max": _EVIDENCE_MAX})
        )
    # Files that have no 完成效果 column have long written their expected result under 佐证材料.
    standard = memo.text(row.get("standard")) if "standard" in row.columns else evidence
    fields = {"standard": standard, "evidence_expected": evidence}
    for key, parse in (("weight", _weight), ("level", _level)):
        try:
            fields[key] = parse(row.get(key))
        except ValueError as exc:
            problems.append(row.problem(key, str(exc)))
    return fields
