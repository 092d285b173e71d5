"""Write a checked ledger in bulk, with history rows, in one transaction.

A 10,000-row file writes ~35,000 rows (items, tasks, the two M2M tables) and a history row for
each; the ~8 assignments per task follow after commit (materialize.py). One way for both databases:
multi-row `INSERT … RETURNING` (PostgreSQL, and SQLite since 3.35) gives back every row as stored,
and its history row is that row plus who and when — so nothing depends on the order rows come
back in, on reserved ids or on timestamps. It is raw SQL rather than `bulk_create_with_history`
because the ORM builds a model instance and prepares each value one by one: ~7× this writer's time,
which would break the import's speed target (docs/benchmarks.md). Rows that already exist (items by
(plan, title), tasks by (item, title)) are left as they are, so importing the same file twice
creates nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User

from ..editable import TASK_FIELDS
from ..models import Item, Plan, Task
from ..services import plan_state_for_import
from .reader import ParsedLedger, ParsedTask

Progress = Callable[[str, int, int], None]
_PARAMS_PER_STATEMENT = 3000  # rows × columns in one INSERT: well under either database's limit


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


@dataclass
class WriteResult:
    """Counts of what was created and kept, and the new tasks whose assignments are still to write."""

    counts: dict[str, int]
    plan_id: int
    task_ids: list[int]


@transaction.atomic
def ledger_write(
    *, parsed: ParsedLedger, year: int, by: User | None, progress: Progress | None = None
) -> WriteResult:
    """Create what the parsed ledger adds for `year`, except assignments (assignments_materialize)."""
    progress = progress or _no_progress
    existing = ExistingState.load(year)
    plan = existing.plan
    if plan is None:
        plan = Plan(year=year, title=default_plan_title(year), state=plan_state_for_import(year))
        plan._history_user = by
        plan.full_clean()
        plan.save()
    history = _History(user_id=by.pk if by else None)

    item_ids = {title: item.pk for title, item in existing.items.items()}
    new_items: dict[str, int] = {}
    for task in parsed.tasks:
        if task.item_title not in item_ids and task.item_title not in new_items:
            new_items[task.item_title] = task.item_seq
    columns = {"plan_id": plan.pk, "seq": list(new_items.values()), "title": list(new_items)}
    created_items = history.create(Item, columns, key=("plan_id", "title"))
    item_ids.update(zip(new_items, created_items, strict=True))

    todo = [t for t in parsed.tasks if (t.item_title, t.title) not in existing.tasks]
    progress("写入任务", 0, len(todo))
    columns = {"item_id": [item_ids[t.item_title] for t in todo]}
    columns.update((name, [getattr(t, name) for t in todo]) for name in TASK_FIELDS)
    task_ids = history.create(Task, columns, key=("item_id", "title"))
    _write_responsible(todo, task_ids, history)
    progress("写入任务", len(todo), len(todo))

    counts = {
        "rows": parsed.rows_read,
        "items_created": len(created_items),
        "items_existing": len(parsed.item_titles) - len(created_items),
        "tasks_created": len(task_ids),
        "tasks_existing": len(parsed.tasks) - len(task_ids),
    }
    return WriteResult(counts=counts, plan_id=plan.pk, task_ids=task_ids)


def _write_responsible(todo: list[ParsedTask], task_ids: list[int], history: _History) -> None:
    """The responsible orgs and groups of each new task, and the same rows in the task's history
    (each a copy of its through row, id included, pointing at the task's "+" history row)."""
    for attr, ids_of, fk in (
        ("responsible_orgs", lambda t: t.org_ids, "organization_id"),
        ("responsible_groups", lambda t: t.group_ids, "orggrouprule_id"),
    ):
        pairs = [(task_id, pk) for t, task_id in zip(todo, task_ids, strict=True) for pk in ids_of(t)]
        if not pairs:
            continue
        through = getattr(Task, attr).through
        links = _insert(through, _Rows(("task_id", fk), pairs), returning=("id", "task_id", fk))
        history_of = history.ids[Task]
        rows = [(pk, task_id, other, history_of[task_id]) for pk, task_id, other in links]
        _insert(getattr(Task.history.model, attr).model, _Rows(("id", "task_id", fk, "history_id"), rows))


@dataclass
class _Rows:
    """Rows for one table: the column names, and one tuple of values per row."""

    names: tuple[str, ...]
    values: list[tuple]

    @classmethod
    def of(cls, model, columns: dict[str, Sequence | object]) -> _Rows:
        """From values given column by column (one value stands for every row); every other column
        at the model's default, so a field added later is never silently missing."""
        count = max((len(v) for v in columns.values() if isinstance(v, list | tuple)), default=0)
        names, values = [], []
        for field in model._meta.concrete_fields:
            given = columns.get(field.column, _DEFAULT)
            if given is _DEFAULT:
                if field.primary_key:
                    continue
                given = field.get_db_prep_save(field.get_default(), connection)
            names.append(field.column)
            values.append(given if isinstance(given, list | tuple) else [given] * count)
        return cls(tuple(names), list(zip(*values, strict=True)))


_DEFAULT = object()


@dataclass
class _History:
    """Writes rows and their "+" history rows, one timestamp and user for the whole import."""

    user_id: int | None

    def __post_init__(self) -> None:
        self.date = connection.ops.adapt_datetimefield_value(timezone.now())
        self.ids: dict[type, dict[int, int]] = {}  # model → {row id: history_id}

    def create(self, model, columns: dict[str, Sequence | object], key: Sequence[str]) -> list[int]:
        """Insert the rows (given column by column) and a history row for each — the same values
        with the new id, who and when — and return the new ids in the rows' order. `key` is a
        unique constraint's columns: ids come back with it, whatever order RETURNING gives."""
        rows = _Rows.of(model, columns)
        returned = _insert(model, rows, returning=("id", *key))
        id_of = {tuple(found[1:]): found[0] for found in returned}
        key_at = [rows.names.index(column) for column in key]
        ids = [id_of[tuple(row[i] for i in key_at)] for row in rows.values]
        stamp = (self.date, self.user_id, "+", None)
        history = _Rows(
            ("id", *rows.names, "history_date", "history_user_id", "history_type", "history_change_reason"),
            [(pk, *row, *stamp) for pk, row in zip(ids, rows.values, strict=True)],
        )
        self.ids[model] = dict(_insert(model.history.model, history, returning=("id", "history_id")))
        return ids


def _insert(model, rows: _Rows, *, returning: Sequence[str] = ()) -> list[tuple]:
    """Multi-row INSERTs into `model`'s table: no model instances, the same SQL on both databases.
    With `returning`, those columns of every row written (PostgreSQL, and SQLite since 3.35), in
    no promised order."""
    if not rows.values:
        return []
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in rows.names)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(rows.names)) + ")"
    tail = " RETURNING " + ", ".join(quote(c) for c in returning) if returning else ""
    per_statement = max(1, _PARAMS_PER_STATEMENT // len(rows.names))
    stored: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows.values), per_statement):
            chunk = rows.values[start : start + per_statement]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, list(chain.from_iterable(chunk)))
            if returning:
                stored.extend(cursor.fetchall())
    return stored
