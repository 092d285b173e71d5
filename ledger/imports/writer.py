"""Write a checked ledger in bulk, with history rows, in one transaction.

A 10,000-row file becomes a handful of multi-row INSERTs per table instead of one statement per
object: items, tasks, the two M2M tables and their history, then every (task, org, period)
assignment. Rows that already exist (items by (plan, title), tasks by (item, title)) are left as
they are, so importing the same file twice creates nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import OrgGroupRule, User
from accounts.selectors import organizations_for_phrase

from ..models import Assignment, Item, Plan, RecordState, Task
from ..services import task_periods
from .reader import ParsedLedger

BATCH = 1000
Progress = Callable[[str, int, int], None]


@dataclass
class ExistingState:
    """What the database already holds for the year, looked up in three queries."""

    plan: Plan | None
    items: dict[str, Item]
    tasks: set[tuple[str, str]]

    @classmethod
    def load(cls, year: int) -> ExistingState:
        plan = Plan.objects.filter(year=year).first()
        if plan is None:
            return cls(None, {}, set())
        items = {item.title: item for item in Item.objects.filter(plan=plan)}
        tasks = set(Task.objects.filter(item__plan=plan).values_list("item__title", "title"))
        return cls(plan, items, tasks)


def default_plan_title(year: int) -> str:
    return f"{year}年机关党建工作台账"


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


@transaction.atomic
def ledger_write(
    *, parsed: ParsedLedger, year: int, by: User | None, progress: Progress | None = None
) -> dict[str, int]:
    """Create what the parsed ledger adds for `year`; return counts of what was created and kept."""
    progress = progress or _no_progress
    existing = ExistingState.load(year)
    now = timezone.now()
    plan = existing.plan
    if plan is None:
        plan = Plan(year=year, title=default_plan_title(year))
        plan._history_user = by
        plan.full_clean()
        plan.save()

    items = dict(existing.items)
    new_items = []
    for task in parsed.tasks:
        if task.item_title not in items:
            items[task.item_title] = Item(plan=plan, title=task.item_title, seq=task.item_seq)
            new_items.append(items[task.item_title])
    if new_items:
        bulk_create_with_history(new_items, Item, batch_size=BATCH, default_user=by, default_date=now)
    for item in items.values():
        item.plan = plan  # so task_periods() reads the year without a query

    todo = [t for t in parsed.tasks if (t.item_title, t.title) not in existing.tasks]
    tasks = [
        Task(
            item=items[t.item_title],
            seq=t.seq,
            title=t.title,
            standard=t.standard,
            deadline=t.deadline,
            deadline_text=t.deadline_text,
            recurrence=t.recurrence,
            responsible_text=t.responsible_text,
            notes=t.notes,
        )
        for t in todo
    ]
    progress("写入任务", 0, len(tasks))
    Task.objects.bulk_create(tasks, batch_size=BATCH)
    task_ids = [task.pk for task in tasks]
    _copy_to_history(Task, task_ids, by=by, now=now, key="id")
    _write_m2m(todo, tasks, task_ids, now=now)
    progress("写入任务", len(tasks), len(tasks))

    created = _write_assignments(todo, tasks, by=by, now=now, progress=progress)
    return {
        "rows": parsed.rows_read,
        "items_created": len(new_items),
        "items_existing": len(parsed.item_titles) - len(new_items),
        "tasks_created": len(tasks),
        "tasks_existing": len(parsed.tasks) - len(tasks),
        "assignments_created": created,
    }


def _write_m2m(todo, tasks: list[Task], task_ids: list[int], *, now) -> None:
    """The responsible orgs and groups of each new task, and the same rows in the task's history."""
    quote = connection.ops.quote_name
    historical_task = quote(Task.history.model._meta.db_table)
    for attr, ids_of, fk in (
        ("responsible_orgs", lambda t: t.org_ids, "organization_id"),
        ("responsible_groups", lambda t: t.group_ids, "orggrouprule_id"),
    ):
        through = getattr(Task, attr).through
        rows = [(task.pk, pk) for parsed, task in zip(todo, tasks, strict=True) for pk in ids_of(parsed)]
        _insert_rows(through, ["task_id", fk], rows)
        # Each history row copies its through row (id included) and points at the task's "+" row.
        sql = (
            f"INSERT INTO {quote(getattr(Task.history.model, attr).model._meta.db_table)} "
            f"(id, task_id, {fk}, history_id) "
            f"SELECT t.id, t.task_id, t.{fk}, h.history_id FROM {quote(through._meta.db_table)} t "
            f"JOIN {historical_task} h ON h.id = t.task_id AND h.history_type = '+' AND h.history_date = %s "
            "WHERE t.task_id IN "
        )
        with connection.cursor() as cursor:
            for start in range(0, len(task_ids), BATCH):
                chunk = task_ids[start : start + BATCH]
                cursor.execute(sql + "(" + ", ".join(["%s"] * len(chunk)) + ")", [now, *chunk])


def _group_members(group_ids: set[int]) -> dict[int, list[int]]:
    """Org ids each group phrase stands for: one query per phrase used (a handful), not per task."""
    rules = OrgGroupRule.objects.filter(pk__in=group_ids)
    return {rule.pk: list(organizations_for_phrase(rule).values_list("pk", flat=True)) for rule in rules}


def _insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Multi-row INSERT without building model instances: assignments are ~90% of all rows written."""
    if not rows:
        return
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, 30_000 // len(columns) // 10)  # well under SQLite's 32,766 parameters
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)), [v for row in chunk for v in row])


def _copy_to_history(model, task_ids: list[int], *, by, now, key: str = "task_id") -> None:
    """history rows ("+") for every row of `model` of these tasks, copied in SQL (INSERT … SELECT)."""
    history = model.history.model
    quote = connection.ops.quote_name
    targets, sources, params = [], [], []
    for field in history._meta.concrete_fields:
        column = field.column
        if column == "history_id":
            continue
        targets.append(quote(column))
        if column == "history_date":
            sources.append("%s")
            params.append(now)
        elif column == "history_user_id":
            sources.append("%s")
            params.append(by.pk if by else None)
        elif column == "history_type":
            sources.append("'+'")
        elif column == "history_change_reason":
            sources.append("NULL")
        else:
            sources.append(quote(column))
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} WHERE {quote(key)} IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(task_ids), BATCH):
            chunk = task_ids[start : start + BATCH]
            cursor.execute(sql + "(" + ", ".join(["%s"] * len(chunk)) + ")", [*params, *chunk])


def _write_assignments(todo, tasks: list[Task], *, by, now, progress: Progress) -> int:
    """Every (task, org, period) the new tasks owe, then their history rows, all set-based."""
    members = _group_members({gid for t in todo for gid in t.group_ids})
    rows: list[tuple] = []
    for index, (parsed, task) in enumerate(zip(todo, tasks, strict=True), start=1):
        org_ids = dict.fromkeys(parsed.org_ids)
        for gid in parsed.group_ids:
            org_ids.update(dict.fromkeys(members.get(gid, ())))
        periods: list[tuple[str, date, date]] = task_periods(task)
        rows.extend(
            (task.pk, org_id, code, start, due, RecordState.NONE)
            for org_id in org_ids
            for code, start, due in periods
        )
        if index % 2000 == 0:
            progress("生成任务分解", index, len(tasks) * 2)
    _insert_rows(
        Assignment, ["task_id", "organization_id", "period", "period_start", "due_date", "record_state"], rows
    )
    progress("写入历史记录", len(tasks) * 3 // 2, len(tasks) * 2)
    _copy_to_history(Assignment, [t.pk for t in tasks], by=by, now=now)
    progress("写入历史记录", len(tasks) * 2, len(tasks) * 2)
    return len(rows)
