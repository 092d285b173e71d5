"""The ledger app's data: a plan per year with 60 tasks, who owes each in which period, and the records.

Each year has items of five tasks: a third monthly (owed by 机关党委 and 党总支), five twelfths
quarterly (owed by branches), the rest one-offs (any grassroots org). Two tasks a year are owed
through a group phrase (各基层党组织, 各党组(党委)), as imported ledgers say it; the others name their
orgs. How many orgs each named task covers is scaled so the whole build reaches the assignment target
(Sizes.assignment_target): ~1,000,000 at 20,000 orgs.

Records, as of `today`: most past assignments accepted (on time or late), some waiting for review,
some returned, some never submitted (overdue); this month's mostly not started; quarters that ended
more than a month ago are closed, with the closure history the closures page reads. No other
history rows: no page reads them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.models import GRASSROOTS_KINDS, OrgGroupRule, OrgKind
from ledger.models import (
    Assignment,
    Item,
    PeriodClosure,
    Plan,
    Record,
    RecordState,
    Recurrence,
    Task,
    TaskLevel,
)
from ledger.services.rollup import rollup_rebuild
from partybuild.periods import MONTH, QUARTER, periods_of_year

from .context import City, OrgRow
from .writer import CHUNK, Writer

TZ = ZoneInfo("Asia/Shanghai")
ITEMS = [
    "政治建设", "思想建设", "组织建设", "作风建设", "纪律建设", "制度建设",
    "党风廉政建设", "意识形态工作", "基层组织建设", "党员教育管理", "模范机关创建", "群团工作",
]  # fmt: skip
VERBS = ["开展", "组织", "落实", "推进", "完成", "报送", "召开", "建立", "健全", "督促"]
TOPICS = [
    "主题党日", "理论学习中心组学习", "支部标准化建设", "志愿服务", "党费收缴", "谈心谈话",
    "专题党课", "组织生活会", "三会一课", "党员积分管理", "意识形态分析研判", "廉政风险排查",
]  # fmt: skip
GROUP_TASKS = {0: "各基层党组织", 4: "各党组(党委)"}  # task index within a year -> its group phrase


@dataclass
class TaskSpec:
    pk: int
    item_id: int
    year: int
    recurrence: str
    deadline: date | None
    candidates: list[OrgRow]
    phrase: str | None = None

    def periods(self) -> list[tuple[str, date, date]]:
        """(code, start, due) — the rule of ledger.services.plans.task_periods (a test pins them equal)."""
        if self.recurrence == Recurrence.NONE:
            return [(f"{self.year}-Y", date(self.year, 1, 1), self.deadline or date(self.year, 12, 31))]
        kind = MONTH if self.recurrence == Recurrence.MONTHLY else QUARTER
        return [(p.code, p.start, p.end) for p in periods_of_year(self.year, kind)]


def build(writer: Writer, city: City) -> None:
    years = city.sizes.year_list(city.today)
    specs = []
    for year in years:
        specs += _plan(writer, city, year)
    _cover(city, specs)
    _tasks_orgs(writer, specs)
    _assignments_and_records(writer, city, specs)
    _closures(writer, city, years)
    # The summaries read the rollup table, which the services keep; rows written here fill it in one go.
    rollup_rebuild()


# ----------------------------------------------------------------------------- plans, items, tasks


def _candidates(city: City, recurrence: str, phrase: str | None) -> list[OrgRow]:
    active = [o for o in city.orgs if o.is_active and o.kind in GRASSROOTS_KINDS]
    if phrase is not None:
        rule = OrgGroupRule.objects.get(phrase=phrase)
        return [
            o for o in active if o.kind in rule.kinds and (o.unit_id is not None or not rule.unit_required)
        ]
    if recurrence == Recurrence.MONTHLY:
        return [o for o in active if o.kind in (OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH)]
    if recurrence == Recurrence.QUARTERLY:
        return [o for o in active if o.kind == OrgKind.BRANCH]
    return active


def _plan(writer: Writer, city: City, year: int) -> list[TaskSpec]:
    rng, count = city.rng, city.sizes.tasks_per_year
    (plan_id,) = writer.reserve(Plan, 1)
    writer.insert(
        Plan,
        [{"id": plan_id, "year": year, "title": f"{year}年市直机关党建工作任务台账", "created_at": city.now}],
    )
    item_count = math.ceil(count / 5)
    item_ids = writer.reserve(Item, item_count)
    writer.insert(
        Item,
        [
            {
                "id": pk,
                "plan_id": plan_id,
                "seq": n + 1,
                "title": ITEMS[n % len(ITEMS)] + (f"（{n // len(ITEMS) + 1}）" if n >= len(ITEMS) else ""),
            }
            for n, pk in enumerate(item_ids)
        ],
    )
    task_ids = writer.reserve(Task, count)
    rows, specs = [], []
    for n, pk in enumerate(task_ids):
        slot = n % 12
        recurrence = Recurrence.MONTHLY if slot < 4 else Recurrence.QUARTERLY if slot < 9 else Recurrence.NONE
        level = {Recurrence.MONTHLY: TaskLevel.ORGAN_COMMITTEE, Recurrence.QUARTERLY: TaskLevel.BRANCH}.get(
            recurrence, ""
        )
        phrase = GROUP_TASKS.get(n)
        if phrase == "各党组(党委)":
            recurrence, level = Recurrence.QUARTERLY, TaskLevel.ORGAN_COMMITTEE
        elif phrase:
            recurrence, level = Recurrence.NONE, ""
        deadline = None
        if recurrence == Recurrence.NONE:
            month = rng.randint(3, 12)
            deadline = date(year, month, 28 if month == 2 else 30)
        item_id = item_ids[n // 5]
        title = f"{VERBS[n % len(VERBS)]}{TOPICS[(n // len(VERBS) + n) % len(TOPICS)]}（{n + 1}）"
        rows.append(
            {
                "id": pk,
                "item_id": item_id,
                "seq": n % 5 + 1,
                "title": title,
                "standard": "按要求完成并上传佐证材料",
                "deadline": deadline,
                "deadline_text": {Recurrence.MONTHLY: "每月", Recurrence.QUARTERLY: "每季度"}.get(
                    recurrence, ""
                ),
                "recurrence": recurrence,
                "weight": Decimal(rng.choice(("1.00", "2.00", "3.00", "5.00"))),
                "evidence_expected": "会议记录、照片" if n % 3 == 0 else "",
                "level": level,
                "responsible_text": phrase or "",
                "notes": "",
            }
        )
        specs.append(
            TaskSpec(pk, item_id, year, recurrence, deadline, _candidates(city, recurrence, phrase), phrase)
        )
    writer.insert(Task, rows)
    return specs


def _cover(city: City, specs: list[TaskSpec]) -> None:
    """Sample each named task's orgs so the build reaches the assignment target (group tasks owe all)."""
    fixed = sum(len(s.candidates) * len(s.periods()) for s in specs if s.phrase)
    scalable = sum(len(s.candidates) * len(s.periods()) for s in specs if not s.phrase)
    share = min(1.0, max(0.0, (city.sizes.assignment_target - fixed) / scalable)) if scalable else 0
    for spec in specs:
        if spec.phrase is None and spec.candidates:
            wanted = max(1, round(share * len(spec.candidates)))
            spec.candidates = sorted(city.rng.sample(spec.candidates, wanted), key=lambda o: o.pk)


def _tasks_orgs(writer: Writer, specs: list[TaskSpec]) -> None:
    through_orgs = Task.responsible_orgs.through
    through_groups = Task.responsible_groups.through
    rules = dict(OrgGroupRule.objects.values_list("phrase", "pk"))
    named = [(s.pk, o.pk) for s in specs if s.phrase is None for o in s.candidates]
    ids = iter(writer.reserve(through_orgs, len(named)))
    writer.insert(through_orgs, ({"id": next(ids), "task_id": t, "organization_id": o} for t, o in named))
    grouped = [s for s in specs if s.phrase]
    ids = iter(writer.reserve(through_groups, len(grouped)))
    writer.insert(
        through_groups,
        [{"id": next(ids), "task_id": s.pk, "orggrouprule_id": rules[s.phrase]} for s in grouped],
    )


# ----------------------------------------------------------------------------- assignments and records


def _at(day: date, rng) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=TZ)


def _state(rng, due: date, start: date, today: date, closed: bool) -> str | None:
    """The record state an assignment has as of today (None: no record)."""
    roll = rng.random()
    if due < today:
        if closed:
            return RecordState.ACCEPTED if roll < 0.88 else RecordState.RETURNED if roll < 0.9 else None
        if roll < 0.74:
            return RecordState.ACCEPTED
        if roll < 0.8:
            return RecordState.SUBMITTED
        if roll < 0.84:
            return RecordState.RETURNED
        return None
    if start > today:
        return None
    if roll < 0.12:
        return RecordState.SUBMITTED
    if roll < 0.2:
        return RecordState.ACCEPTED
    return None


def _submitted_on(rng, due: date, start: date, today: date) -> date:
    if due >= today:
        return start + timedelta(days=rng.randint(0, max(0, (today - start).days)))
    if rng.random() < 0.85:  # on time
        return max(start, due - timedelta(days=rng.randint(0, 20)))
    return min(today, due + timedelta(days=rng.randint(1, 30)))


def _closed_quarters(years: list[int], today: date) -> set[str]:
    return {
        p.code for year in years for p in periods_of_year(year, QUARTER) if p.end < today - timedelta(days=30)
    }


def _quarter(due: date) -> str:
    """The quarter a due date falls in: the one whose closing makes the assignment read-only."""
    return f"{due.year}-Q{(due.month - 1) // 3 + 1}"


def _assignments_and_records(writer: Writer, city: City, specs: list[TaskSpec]) -> None:
    rng, today, now = city.rng, city.today, city.now
    closed = _closed_quarters(city.sizes.year_list(today), today)
    staff = city.staff_user_ids[0]
    assignments: list[dict] = []
    records: list[dict] = []

    def flush() -> None:
        ids = iter(writer.reserve(Assignment, len(assignments)))
        for row in assignments:
            row["id"] = next(ids)
        for row in records:
            row["assignment_id"] = row.pop("_assignment")["id"]
        ids = iter(writer.reserve(Record, len(records)))
        for row in records:
            row["id"] = next(ids)
        writer.insert(Assignment, assignments)
        writer.insert(Record, records)
        assignments.clear()
        records.clear()

    for spec in specs:
        periods = spec.periods()
        for org in spec.candidates:
            submitter = city.secretary_user_by_org.get(org.pk, city.clerk_user_id)
            for code, start, due in periods:
                state = _state(rng, due, start, today, _quarter(due) in closed)
                row = {
                    "task_id": spec.pk,
                    "organization_id": org.pk,
                    "period": code,
                    "period_start": start,
                    "due_date": due,
                    "overdue_notified_at": None,
                }
                assignments.append(row)
                if state is not None:
                    records.append(_record(rng, row, state, spec, org, submitter, staff, today, now))
        if len(assignments) >= CHUNK:
            flush()
    flush()


def _record(
    rng, assignment: dict, state: str, spec: TaskSpec, org: OrgRow, submitter, staff, today, now
) -> dict:
    submitted = _at(_submitted_on(rng, assignment["due_date"], assignment["period_start"], today), rng)
    submitted = min(submitted, now - timedelta(minutes=5))
    reviewed = None
    if state in (RecordState.ACCEPTED, RecordState.RETURNED):
        reviewed = min(submitted + timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 8)), now)
    return {
        "_assignment": assignment,
        "content": f"{org.name}已按要求完成本期任务，召开会议1次，形成会议记录。",
        "done_on": submitted.date() - timedelta(days=rng.randint(0, 3)),
        "participants": rng.randint(5, 60),
        "state": state,
        "submitted_by_id": submitter,
        "submitted_at": submitted,
        "first_submitted_at": submitted,
        "review_comment": "佐证材料不完整，请补充会议记录和照片" if state == RecordState.RETURNED else "",
        "reviewed_by_id": staff if reviewed else None,
        "reviewed_at": reviewed,
    }


# ----------------------------------------------------------------------------- closed quarters


def _closures(writer: Writer, city: City, years: list[int]) -> None:
    """Closed quarters and their history (the closures page lists the history of the year)."""
    staff = city.staff_user_ids[0]
    codes = sorted(_closed_quarters(years, city.today))
    ids = writer.reserve(PeriodClosure, len(codes))
    rows, history = [], []
    history_ids = writer.reserve(PeriodClosure.history.model, len(codes))
    for pk, history_id, code in zip(ids, history_ids, codes, strict=True):
        year, quarter = int(code[:4]), int(code[-1])
        end = periods_of_year(year, QUARTER)[quarter - 1].end
        at = datetime.combine(end + timedelta(days=20), time(10), tzinfo=TZ)
        row = {
            "id": pk,
            "period": code,
            "is_closed": True,
            "changed_by_id": staff,
            "changed_at": at,
            "reason": "",
        }
        rows.append(row)
        history.append(
            {
                **row,
                "history_id": history_id,
                "history_date": at,
                "history_type": "+",
                "history_user_id": staff,
                "history_change_reason": None,
            }
        )
    writer.insert(PeriodClosure, rows)
    writer.insert(PeriodClosure.history.model, history)
