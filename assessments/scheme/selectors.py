"""Reads of schemes, runs and results, each scoped to the user (accounts.authz)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Max, QuerySet
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from partybuild.periods import period_label

from ..models import AssessmentResult, AssessmentRun, IndexKey, RunState, Scheme
from . import heat
from .calc import FLAG_LABELS
from .services import spec_of
from .tree import components_of, expand


def schemes_visible_to(user) -> QuerySet[Scheme]:
    if not authz.has_business_access(user):
        return Scheme.objects.none()
    return Scheme.objects.prefetch_related("components")


def runs_visible_to(user) -> QuerySet[AssessmentRun]:
    """Runs (computing, computed, published) are committee staff's."""
    if not authz.may(user, "assessments.view_assessmentrun"):
        return AssessmentRun.objects.none()
    return AssessmentRun.objects.select_related("scheme", "created_by", "published_by")


def results_visible_to(user) -> QuerySet[AssessmentResult]:
    """Staff: every result of the orgs they act for; the reporting client and secretaries (their org and
    the orgs below): published results only."""
    base = AssessmentResult.objects.select_related("run", "organization")
    staff = authz.staff_scope(user)
    if not staff.is_empty:
        return base.filter(staff.q())
    scope = authz.business_scope(user)
    if scope.is_empty:
        return base.none()
    return base.filter(scope.q(), run__state=RunState.PUBLISHED)


def fingerprint(results: QuerySet[AssessmentResult]) -> tuple[str, datetime]:
    """ETag and Last-Modified of a set of results: the latest update of their runs and their count
    (results change only with their run: computing, recomputing, publishing)."""
    row = results.order_by().aggregate(
        last=Max("run__updated_at"), n=Count("pk"), runs=Count("run", distinct=True)
    )
    last = row["last"] or datetime(2000, 1, 1, tzinfo=timezone.get_current_timezone())
    raw = f"{last.isoformat()}|{row['n']}|{row['runs']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32], last


def run_progress(run: AssessmentRun) -> dict:
    """What the progress bar polls: chunks done of the total, and the state."""
    done = run.chunks.filter(done_at__isnull=False).count()
    total = run.chunks_total or 0
    percent = (
        100
        if run.state in (RunState.COMPUTED, RunState.PUBLISHED)
        else int(100 * done / total)
        if total
        else 0
    )
    return {
        "id": run.pk,
        "state": run.state,
        "state_label": str(run.get_state_display()),
        "chunks_done": done,
        "chunks_total": total,
        "percent": percent,
        "error": run.error,
        "finished": run.state != RunState.COMPUTING,
    }


def previous_version(run: AssessmentRun) -> AssessmentRun | None:
    return (
        AssessmentRun.objects.filter(year=run.year, period=run.period, version__lt=run.version)
        .order_by("-version")
        .first()
    )


_DIFF_FIELDS = ("performance_index", "responsibility_index", "conduct_index", "composite", "rank", "grade")


def run_diff(old: AssessmentRun, new: AssessmentRun) -> list[dict]:
    """Per org, what changed between two versions of a period (two queries)."""
    fields = ("organization_id", "organization__name", *_DIFF_FIELDS)
    before = {row["organization_id"]: row for row in old.results.values(*fields)}
    rows = []
    for row in new.results.order_by("peer_kind", "rank", "organization__path").values(*fields):
        was = before.pop(row["organization_id"], None)
        changes = {
            f: {"old": was[f] if was else None, "new": row[f]}
            for f in _DIFF_FIELDS
            if was is None or was[f] != row[f]
        }
        if changes:
            rows.append(
                {
                    "organization_id": row["organization_id"],
                    "name": row["organization__name"],
                    "changes": changes,
                }
            )
    for org_id, was in before.items():
        rows.append(
            {
                "organization_id": org_id,
                "name": was["organization__name"],
                "changes": {f: {"old": was[f], "new": None} for f in _DIFF_FIELDS},
            }
        )
    return rows


def explanation_for(user, result: AssessmentResult) -> dict:
    """The result's explanation as its reader sees it (the page and the API): each component's link
    targets (`records`, a URL name and query per count, stored when computed) become `records_urls`,
    {count key: relative URL} of the lists showing exactly the records counted — only the lists the
    reader may open (their page's permission), each scoped to the reader as always. A result computed
    before the links existed gets none. The standing (rank, peers, grade, quota, flags) is the
    combination step's, from the result's columns."""
    run = result.run
    tree = expand(spec_of(run.scheme), result, run)
    tree.update(
        rank=result.rank,
        peer_count=result.peer_count,
        grade=result.grade,
        quota_applied=result.quota_applied,
        flags=flag_labels(result.flags),
    )
    paths: dict[str, str] = {}
    for index in tree.get("indices", []):
        for component in index.get("components", []):
            urls = {}
            for key, target in (component.pop("records", None) or {}).items():
                name = target.get("url", "")
                if name not in paths:
                    paths[name] = _list_path(user, name)
                if paths[name]:
                    # Keys in a fixed order: PostgreSQL's jsonb does not keep the order they were stored in.
                    query = urlencode(sorted((target.get("query") or {}).items()))
                    urls[key] = f"{paths[name]}?{query}" if query else paths[name]
            component["records_urls"] = urls
    return tree


def _list_path(user, url_name: str) -> str:
    """The path of a list page when it exists and the user may open it; else ""."""
    try:
        path = reverse(url_name)
    except NoReverseMatch:  # the list's app is not installed
        return ""
    try:
        view = resolve("/" + path.removeprefix(get_script_prefix())).func
    except Resolver404:
        return path
    permission = getattr(view, "authz_permission", None)
    return path if permission is None or authz.may(user, permission) else ""


def improvements(result: AssessmentResult) -> list[str]:
    """What the org can do to improve, read from its explanation (the components that cost points)."""
    hints: list[str] = []
    components = components_of(result.explanation or {})

    def detail(key: str) -> dict:
        return components.get(key, {}).get("detail", {})

    ledger = detail("ledger")
    if ledger.get("missing") or ledger.get("returned"):
        hints.append(
            _("台账有 %(missing)s 项任务未完成、%(returned)s 项被退回：尽快补报、按审核意见修改后重新提交")
            % {"missing": ledger.get("missing", 0), "returned": ledger.get("returned", 0)}
        )
    if ledger.get("late"):
        hints.append(_("%(late)s 项任务逾期提交：按完成时限报送台账") % {"late": ledger["late"]})
    carriers = {
        "service_days": _("每月至少开展一次党员服务日"),
        "forums": _("每季度至少举办一次主题讲坛"),
        "meetings": _("按规定召开三会一课"),
    }
    for key, hint in carriers.items():
        if key in components and (components[key].get("value") or 0) < 100:
            hints.append(hint)
    reminders = detail("reminders")
    if reminders.get("open_rectifications"):
        hints.append(
            _("还有 %(n)s 项整改事项未销号：按期整改并报告") % {"n": reminders["open_rectifications"]}
        )
    bulletins = detail("bulletins")
    if bulletins.get("criticise") or bulletins.get("remind"):
        hints.append(_("本期被通报提醒或批评：对照通报逐项落实"))
    if "points" in components and (components["points"].get("value") or 0) < 60:
        hints.append(_("党员积分偏低：组织党员参加服务日、讲坛、结对帮扶等活动"))
    if not hints and result.flags:
        hints.append(_("对照考核办法逐项查找差距"))
    return hints


def flag_labels(flags: list[str]) -> list[str]:
    return [str(FLAG_LABELS.get(flag, flag)) for flag in flags]


def latest_published_result(user) -> AssessmentResult | None:
    """The secretary's home card: their own org's latest published result."""
    org_ids = authz.secretary_org_ids(user)
    if not org_ids:
        return None
    return (
        results_visible_to(user)
        .filter(organization_id__in=org_ids)
        .order_by("-run__published_at", "-run__version")
        .first()
    )


def latest_runs(year: int, *, published_only: bool = False) -> dict[str, AssessmentRun]:
    """The latest computed (or published) run of each period of a year: {period code: run}."""
    states = [RunState.PUBLISHED] if published_only else [RunState.COMPUTED, RunState.PUBLISHED]
    runs = AssessmentRun.objects.filter(year=year, state__in=states).order_by("period", "-version")
    latest: dict[str, AssessmentRun] = {}
    for run in runs:
        latest.setdefault(run.period, run)
    return latest


RANKING_BARS = 30  # the chart's bars: the top of the level shown (the run's page lists every org)


def dashboard(
    year: int, period: str | None = None, *, user=None, under=None, heat_page: int | str = 1
) -> dict:
    """The staff dashboard's data: ranking of one period's run, its grade split, the trend of the
    average indices over the year's periods, org × quarter composites (four grouped queries) and, for
    `user`, the ledger's completion by item in the period (ledger.selectors.rollup). Each bar and cell
    carries where it drills down to: an org's result (which opens to its records), an item's
    assignments in the period."""
    from django.db.models import Avg

    runs = latest_runs(year)
    if not runs:
        return {"year": year, "periods": [], "run": None}
    code = period if period in runs else sorted(runs, key=_period_order)[-1]
    run = runs[code]
    scoped = run.results.filter(organization__path__startswith=under.path) if under else run.results
    ranking = list(
        scoped.order_by("-composite", "organization__path").values(
            "pk", "organization__name", "composite", "rank", "grade", "peer_kind"
        )[:RANKING_BARS]
    )
    grades = dict(run.results.order_by().values_list("grade").annotate(n=Count("pk")))
    trend = {
        row["run__period"]: row
        for row in AssessmentResult.objects.filter(run__in=runs.values())
        .order_by()
        .values("run__period")
        .annotate(
            composite=Avg("composite"),
            performance=Avg("performance_index"),
            responsibility=Avg("responsibility_index"),
            conduct=Avg("conduct_index"),
        )
    }
    quarters = {p: runs[p] for p in runs if "-Q" in p}
    heat_map = heat.heat(year, code, quarters, under, heat_page)
    ordered = sorted(trend, key=_period_order)
    return {
        "year": year,
        "periods": sorted(runs, key=_period_order),
        "period": code,
        "run": run,
        "heat_page": heat_map["page"],
        "under": under,
        "trail": heat.trail(under),
        "chart": {
            "ranking": {
                "names": [r["organization__name"] for r in ranking],
                "values": [float(r["composite"]) for r in ranking],
                "ids": [r["pk"] for r in ranking],
                "urls": [_result_url(r["pk"]) for r in ranking],
            },
            "grades": [{"name": str(_grade_label(g)), "value": n} for g, n in sorted(grades.items())],
            "trend": {
                "periods": ordered,
                # What the chart shows: the periods as people read them, the lines' names translated.
                "period_labels": [period_label(p) for p in ordered],
                "names": {"composite": _("综合得分"), **{key: str(label) for key, label in IndexKey.choices}},
                "series": {
                    key: [round(float(trend[p][key] or 0), 2) for p in ordered]
                    for key in ("composite", "performance", "responsibility", "conduct")
                },
            },
            "heat": {key: heat_map[key] for key in ("quarters", "quarter_labels", "orgs", "cells", "urls")},
            "items": _items(user, run) if user is not None else {"names": [], "rates": [], "urls": []},
        },
    }


def _result_url(pk: int) -> str:
    return reverse("scheme:result_detail", kwargs={"pk": pk})


def _items(user, run: AssessmentRun) -> dict:
    """The ledger's completion rate by item for the run's period (the summary tables, in the user's
    scope), each bar opening the item's assignments due in the period."""
    from ledger.selectors import rollup
    from partybuild.periods import YEAR, Period

    span = Period.parse(run.period)
    rows = rollup(user, year=run.year, period=None if span.kind == YEAR else run.period, by="item")
    path = _list_path(user, "ledger:my_assignments")
    query = {"year": run.year, "from": span.start.isoformat(), "to": span.end.isoformat()}
    return {
        "names": [str(row["label"]) for row in rows],
        "rates": [float(row["completion_rate"]) for row in rows],
        "totals": [row["total"] for row in rows],
        "urls": [f"{path}?{urlencode({**query, 'item': row['key']})}" if path else "" for row in rows],
    }


def _period_order(code: str) -> tuple:
    kind = code.split("-")[1]
    return (int(code[:4]), {"Q": 0, "H": 1, "Y": 2}[kind[0]], kind)


def _grade_label(grade: str) -> str:
    from ..models import Grade

    return Grade(grade).label if grade in Grade.values else grade
