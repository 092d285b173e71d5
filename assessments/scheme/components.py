"""The components: each is ONE grouped SQL aggregate over its records for all the orgs of a chunk
(`values("organization_id").annotate(...)`), plus at most one query listing the ids of the records that
cost points (for the explanation). The query count is constant in the number of orgs of a chunk.

Each function returns {org id: {"value": 0–100 or None (not applicable), "detail": {counts, ids}}};
an org with no records gets the component's empty value. RECORDS holds, per component, the targets of
an org's counts: the list of exactly the records a count counted — a URL name and its query
(`target()`), built when a result is read (tree.expand) and turned into a link for its reader
(selectors.explanation_for) — so every number opens down to its records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Avg, Case, Count, DecimalField, F, Q, Sum, Value, When, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber

from partybuild.periods import QUARTER, Period

from . import registry
from .calc import bulletins_value, clamp, ledger_value, ratio_value, reminders_value

IDS_PER_KIND = 20  # ids kept per org and kind in the explanation (the counts are complete)


@dataclass(frozen=True)
class Context:
    year: int
    period: Period
    as_of: date
    organization_ids: tuple[int, ...]
    # Committee-wide figures computed once per run (run_constants), read by every chunk.
    constants: dict = field(default_factory=dict)

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end


def target(url_name: str, **query) -> dict:
    """A list page and its filters (the lists' drill-down parameters: organization, from, to …)."""
    return {"url": url_name, "query": {key: str(value) for key, value in query.items() if value is not None}}


def _drill(ctx: Context, org_id: int, end: date | None = None, **query) -> dict:
    """The drill-down filters of an org's records dated in the period (or up to `end`)."""
    last = end or ctx.end
    return {"organization": org_id, "from": ctx.start.isoformat(), "to": last.isoformat(), **query}


def _ids(rows, *keys: str) -> dict[int, dict[str, list[int]]]:
    """(org, kind, id) rows → {org: {kind: [ids…]}}, capped per kind."""
    out: dict[int, dict[str, list[int]]] = defaultdict(lambda: {key: [] for key in keys})
    for org_id, kind, pk in rows:
        bucket = out[org_id][kind]
        if len(bucket) < IDS_PER_KIND:
            bucket.append(pk)
    return out


def ledger(ctx: Context, params: dict) -> dict[int, dict]:
    """台账: the period's assignments due before `as_of`, by task weight: on time, late, missing, returned."""
    from ledger.models import Assignment
    from ledger.querysets import OUTCOMES, first_submitted_day, outcome_conditions

    last_due = min(ctx.end, ctx.as_of - timedelta(days=1))
    base = Assignment.objects.filter(
        organization_id__any_of=ctx.organization_ids, due_date__gte=ctx.start, due_date__lte=last_due
    ).order_by()
    outcomes = outcome_conditions()
    on_time, late, returned, missing = (outcomes[name] for name in OUTCOMES)
    weight = F("task__weight")
    counts = {
        "due": Count("pk"),
        "due_w": Sum(weight),
        "on_time": Count("pk", filter=on_time),
        "on_time_w": Sum(weight, filter=on_time),
        "late": Count("pk", filter=late),
        "late_w": Sum(weight, filter=late),
        "returned": Count("pk", filter=returned),
        "missing": Count("pk", filter=missing),
    }
    kinds = {"late": late, "returned": returned, "missing": missing}
    grouped = base.alias(first_day=first_submitted_day()).values("organization_id")
    if connection.vendor == "postgresql":
        # The ids of the records that cost points come with the counts (one pass over the records).
        from django.contrib.postgres.aggregates import ArrayAgg

        lists = {f"{k}_ids": ArrayAgg("pk", filter=q, order_by=("due_date", "pk")) for k, q in kinds.items()}
        rows = list(grouped.annotate(**counts, **lists))
        ids = {}
        for row in rows:
            listed = {k: (row.pop(f"{k}_ids") or [])[:IDS_PER_KIND] for k in kinds}
            if any(listed.values()):
                ids[row["organization_id"]] = listed
    else:
        rows = list(grouped.annotate(**counts))
        ids = _ids(_first_ids(base, kinds), *kinds)
    credit = float(params.get("late_credit", 0.6))
    out = {}
    for row in rows:
        org_id = row.pop("organization_id")
        value = ledger_value(
            due_w=float(row["due_w"] or 0),
            on_time_w=float(row["on_time_w"] or 0),
            late_w=float(row["late_w"] or 0),
            late_credit=credit,
        )
        detail = {**row, **{k: float(row[k] or 0) for k in ("due_w", "on_time_w", "late_w")}}
        out[org_id] = {"value": value, "detail": {**detail, "assignment_ids": ids.get(org_id, {})}}
    empty = {"value": None, "detail": {"due": 0, "on_time": 0, "late": 0, "returned": 0, "missing": 0}}
    return {org_id: out.get(org_id, empty) for org_id in ctx.organization_ids}


def _first_ids(assignments, kinds: dict[str, Q]):
    """(org, kind, id) of the first IDS_PER_KIND assignments of each org and kind (by due date), chosen
    in SQL: a year's late and missing rows are tens of thousands a chunk, and the explanation lists
    only the first few (the counts are complete)."""
    from ledger.querysets import first_submitted_day

    kind = Case(*[When(q, then=Value(k)) for k, q in kinds.items()])
    return (
        assignments.alias(first_day=first_submitted_day())
        .filter(kinds["late"] | kinds["returned"] | kinds["missing"])
        .annotate(
            kind=kind,
            nth=Window(
                RowNumber(), partition_by=[F("organization_id"), kind], order_by=[F("due_date"), F("pk")]
            ),
        )
        .filter(nth__lte=IDS_PER_KIND)
        .values_list("organization_id", "kind", "pk")
        .order_by("organization_id", "due_date", "pk")
    )


def ledger_records(ctx: Context, org_id: int) -> dict:
    """The assignment list (ledger:my_assignments) of the org's assignments due in the counted days."""
    from ledger.querysets import OUTCOMES

    last_due = min(ctx.end, ctx.as_of - timedelta(days=1))
    query = _drill(ctx, org_id, end=last_due, year=ctx.year)
    lists = {"due": target("ledger:my_assignments", **query)}
    return lists | {name: target("ledger:my_assignments", **query, outcome=name) for name in OUTCOMES}


def debrief(ctx: Context, params: dict) -> dict[int, dict]:
    """述职评议: the mean of the org's debriefs held in the period (score, else grade converted)."""
    from activities.models import Debrief

    grade_scores = params.get("grade_scores", {"good": 95, "fairly_good": 85, "fair": 70, "poor": 50})
    grade = Coalesce(NullIf(F("subject__result_grade"), Value("")), NullIf(F("recorded_grade"), Value("")))
    from_grade = Case(
        *[When(grade_value=g, then=Value(score)) for g, score in grade_scores.items()],
        default=None,
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )
    score = Coalesce(F("subject__result_score"), F("recorded_score"), from_grade)
    scored = (
        Debrief.objects.filter(
            organization_id__any_of=ctx.organization_ids,
            session__held_on__gte=ctx.start,
            session__held_on__lte=ctx.end,
        )
        .order_by()
        .alias(grade_value=grade)
        .alias(score_value=score)
        .filter(score_value__isnull=False)
    )
    rows = scored.values("organization_id").annotate(n=Count("pk"), mean=Avg("score_value"))
    listed = _ids(scored.values_list("organization_id", Value("debriefs"), "pk").order_by("pk"), "debriefs")
    out = {}
    for row in rows:
        org_id = row["organization_id"]
        value = clamp(float(row["mean"]))
        out[org_id] = {
            "value": value,
            "detail": {
                "debriefs": row["n"],
                "mean_score": round(value, 2),
                "debrief_ids": listed[org_id]["debriefs"],
            },
        }
    empty = {"value": None, "detail": {"debriefs": 0}}
    return {org_id: out.get(org_id, empty) for org_id in ctx.organization_ids}


def debrief_records(ctx: Context, org_id: int) -> dict:
    """The sessions of the period where the org debriefed (staff's list of 述职评议会)."""
    return {"debriefs": target("scoring:session_list", **_drill(ctx, org_id))}


def reminders(ctx: Context, params: dict) -> dict[int, dict]:
    """提醒约谈: talks with the org's secretary in the period and their rectifications not yet closed."""
    from activities.models import ReminderTalk
    from activities.models.reminders import RectificationState

    talks = ReminderTalk.objects.filter(
        organization_id__any_of=ctx.organization_ids, talked_on__gte=ctx.start, talked_on__lte=ctx.end
    ).order_by()
    rows = talks.values("organization_id").annotate(
        talks=Count("pk", distinct=True),
        open_items=Count("rectifications", filter=~Q(rectifications__state=RectificationState.CLOSED)),
    )
    listed = _ids(talks.values_list("organization_id", Value("talks"), "pk").order_by("pk"), "talks")
    keys = ("base", "per_talk", "per_open_rectification")
    kwargs = {k: params[k] for k in keys if k in params}
    out = {}
    for row in rows:
        org_id = row["organization_id"]
        detail = {
            "talks": row["talks"],
            "open_rectifications": row["open_items"],
            "talk_ids": listed[org_id]["talks"],
        }
        out[org_id] = {
            "value": reminders_value(talks=row["talks"], open_items=row["open_items"], **kwargs),
            "detail": detail,
        }
    empty = {
        "value": reminders_value(talks=0, open_items=0, **kwargs),
        "detail": {"talks": 0, "open_rectifications": 0},
    }
    return {org_id: out.get(org_id, empty) for org_id in ctx.organization_ids}


def reminders_records(ctx: Context, org_id: int) -> dict:
    """The talks of the period, and the items of those talks not yet closed (dated by their talk)."""
    query = _drill(ctx, org_id)
    return {
        "talks": target("bulletins:talk_list", **query),
        "open_rectifications": target("bulletins:rectification_list", **query, state="unclosed"),
    }


def bulletins(ctx: Context, params: dict) -> dict[int, dict]:
    """通报: the org's marks (表扬/提醒/批评) in bulletins published in the period."""
    from activities.models import BulletinOrg
    from activities.models.bulletins import BulletinMark, BulletinState

    named = BulletinOrg.objects.filter(
        organization_id__any_of=ctx.organization_ids,
        bulletin__state=BulletinState.PUBLISHED,
        bulletin__issued_on__gte=ctx.start,
        bulletin__issued_on__lte=ctx.end,
    ).order_by()
    marks = {
        "praise": BulletinMark.PRAISE,
        "remind": BulletinMark.REMIND,
        "criticise": BulletinMark.CRITICISE,
    }
    rows = named.values("organization_id").annotate(
        **{name: Count("pk", filter=Q(mark=mark)) for name, mark in marks.items()}
    )
    listed = _ids(
        named.exclude(mark="").values_list("organization_id", "mark", "bulletin_id").order_by("bulletin_id"),
        *marks.values(),
    )
    keys = ("base", "per_praise", "per_remind", "per_criticise")
    kwargs = {k: params[k] for k in keys if k in params}
    out = {}
    for row in rows:
        org_id = row.pop("organization_id")
        ids = listed.get(org_id, {})
        out[org_id] = {
            "value": bulletins_value(**row, **kwargs),
            "detail": {**row, "bulletin_ids": {name: ids.get(mark, []) for name, mark in marks.items()}},
        }
    zero = {"praise": 0, "remind": 0, "criticise": 0}
    empty = {"value": bulletins_value(**zero, **kwargs), "detail": zero}
    return {org_id: out.get(org_id, empty) for org_id in ctx.organization_ids}


def bulletins_records(ctx: Context, org_id: int) -> dict:
    """The published bulletins of the period that give the org each mark."""
    from activities.models.bulletins import BulletinMark, BulletinState

    query = _drill(ctx, org_id, state=BulletinState.PUBLISHED)
    marks = {
        "praise": BulletinMark.PRAISE,
        "remind": BulletinMark.REMIND,
        "criticise": BulletinMark.CRITICISE,
    }
    return {name: target("bulletins:bulletin_list", **query, mark=mark) for name, mark in marks.items()}


def _carrier(key: str):
    def component(ctx: Context, params: dict) -> dict[int, dict]:
        source = registry.resolve(registry.CARRIER_SOURCES[key])
        if source is None:
            return {
                org_id: {"value": 0.0, "detail": {"ratio": 0, "source": "unavailable"}}
                for org_id in ctx.organization_ids
            }
        ratios = source(ctx.year, ctx.start, ctx.end, list(ctx.organization_ids)) or {}
        return {
            org_id: {
                "value": ratio_value(ratios.get(org_id)),
                "detail": {"ratio": round(float(ratios.get(org_id) or 0), 4)},
            }
            for org_id in ctx.organization_ids
        }

    component.__name__ = key
    component.__doc__ = f"{key}: the carrier's compliance ratio in the period (registry.CARRIER_SOURCES)."
    return component


def _carrier_records(key: str):
    def records(ctx: Context, org_id: int) -> dict:
        # The carrier's records of the org in the period, which the ratio is made of.
        listed = registry.CARRIER_LISTS.get(key)
        return {"ratio": target(listed, **_drill(ctx, org_id))} if listed else {}

    return records


def points(ctx: Context, params: dict) -> dict[int, dict]:
    """党员积分: the org's member points index (0–100) from the points area; missing → 0."""
    source = registry.resolve(registry.POINTS_SOURCE)
    best = ctx.constants.get("points_best")
    kwargs = {} if best is None else {"best": best}
    values = source(ctx.year, ctx.period.code, list(ctx.organization_ids), **kwargs) if source else {}
    values = values or {}
    return {
        org_id: {
            "value": clamp(float(values.get(org_id) or 0)),
            "detail": {
                "points_index": float(values.get(org_id) or 0),
                **({} if source else {"source": "unavailable"}),
            },
        }
        for org_id in ctx.organization_ids
    }


def points_records(ctx: Context, org_id: int) -> dict:
    """The org's members ranked by points in the period's last quarter (the ranking is per quarter)."""
    quarter = Period.containing(ctx.end, QUARTER).code
    return {"points_index": target("points:ranking", org=org_id, period=quarter)}


def run_constants(year: int, period: Period) -> dict:
    """What every chunk of a run shares, computed once when the run starts (one aggregate each)."""
    best = registry.resolve(registry.POINTS_BEST_SOURCE)
    return {"points_best": float(best(year, period.code))} if best else {}


COMPONENTS = {
    "ledger": ledger,
    "service_days": _carrier("service_days"),
    "forums": _carrier("forums"),
    "meetings": _carrier("meetings"),
    "debrief": debrief,
    "reminders": reminders,
    "bulletins": bulletins,
    "points": points,
}

RECORDS = {
    "ledger": ledger_records,
    "service_days": _carrier_records("service_days"),
    "forums": _carrier_records("forums"),
    "meetings": _carrier_records("meetings"),
    "debrief": debrief_records,
    "reminders": reminders_records,
    "bulletins": bulletins_records,
    "points": points_records,
}
