"""季度小结 and 年度汇总 from selectors.rollup, and the overdue list a bulletin (通报) is drafted from."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import authz
from accounts.audit import audit_log
from accounts.decorators import permission_required
from accounts.exports.services import export_respond
from accounts.models import Organization
from partybuild.periods import period_label, year_label

from .. import selectors
from ..export_kinds import OVERDUE, overdue_filtered, state_label
from ..forms import GROUPINGS, OverdueFilterForm, SummaryForm
from .common import paginate, query_without_page, xlsx_response, year_param
from .secretary import label_periods

_COLUMNS = [
    ("label", gettext_lazy("名称")),
    ("total", gettext_lazy("应完成")),
    ("accepted", gettext_lazy("已通过")),
    ("submitted", gettext_lazy("待审核")),
    ("returned", gettext_lazy("已退回")),
    ("overdue", gettext_lazy("已逾期")),
    ("not_started", gettext_lazy("未开始")),
    ("on_time", gettext_lazy("按时")),
    ("late", gettext_lazy("逾期提交")),
    ("missing", gettext_lazy("缺报")),
    ("completion_rate", gettext_lazy("完成率(%)")),
]


def _summary_params(request: HttpRequest) -> tuple[SummaryForm, int, str | None, str, int | None]:
    today = timezone.localdate()
    year = year_param(request.GET.get("year"), today)
    data = None
    if request.GET:  # a link that names only the grouping (?by=org) means this year
        data = request.GET.copy()
        data.setdefault("year", str(year))
    form = SummaryForm(data, year=year, initial={"year": year, "by": "item"})
    period, by, under = None, "item", None
    if form.is_valid():
        year = form.cleaned_data["year"]
        period = form.cleaned_data["period"] or None
        by = form.cleaned_data["by"] or "item"
        under = form.cleaned_data["under"] if by == "org" else None
    return form, year, period, by, under


SUMMARY_ORG_PAGE_SIZE = 50


def _drill_path(user, root) -> list:
    """The orgs from the top of the user's scope down to `root`, for the by-org breadcrumb."""
    if root is None:
        return []
    top = selectors.summary_root(user)
    ancestors = [
        org
        for org in Organization.objects.get_ancestors(root)
        if top is not None and org.path.startswith(top.path)
    ]
    return [*ancestors, root]


def totals_of(rows: list[dict]) -> dict:
    totals = {key: sum(row[key] for row in rows) for key, _label in _COLUMNS[1:-1]}
    totals["completion_rate"] = round(totals["accepted"] * 100 / totals["total"], 1) if totals["total"] else 0
    return totals


@permission_required("ledger.view_summary")
def summary(request: HttpRequest) -> HttpResponse:
    form, year, period, by, under = _summary_params(request)
    rows = selectors.rollup(request.user, year=year, period=period, by=by, under=under)
    label = period_label(period) if period else year_label(year)
    by_label = dict(GROUPINGS)[by]
    if request.GET.get("export") == "xlsx":
        audit_log(
            "export.ledger_summary", rows=len(rows), detail={"year": year, "period": period or "", "by": by}
        )
        table = [[row[key] for key, _label in _COLUMNS] for row in rows]
        if rows:  # the page's 合计 row, the same figures
            totals = {**totals_of(rows), "label": _("合计")}
            table.append([totals[key] for key, _label in _COLUMNS])
        return xlsx_response(
            filename=f"台账汇总_{label}_{by_label}.xlsx",
            sheet_title=label,
            header=[str(label) for _key, label in _COLUMNS],
            rows=table,
        )
    totals = totals_of(rows) if rows else None
    page, root = None, None
    if by == "org":  # a few hundred top-level orgs: a page at a time, the chart for that page
        root = selectors.summary_root(request.user, under)
        page = paginate(request, rows, SUMMARY_ORG_PAGE_SIZE)
        rows = page.object_list
    chart = {
        "labels": [str(row["label"]) for row in rows],
        "rates": [float(row["completion_rate"]) for row in rows],
        "title": _("完成率（%）"),
    }
    params = request.GET.copy()
    params.pop("page", None)
    drill = params.copy()
    drill.pop("under", None)
    params["export"] = "xlsx"
    return render(
        request,
        "ledger/summary.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "page": page,
            "query": query_without_page(request),
            "drill_query": drill.urlencode(),
            "drill_path": _drill_path(request.user, root),
            "chart": chart,
            "period_label": label,
            "by": by,
            "by_label": by_label,
            "scope_label": _("全委汇总") if authz.reads_every_org(request.user) else _("本组织及下级组织"),
            "export_query": params.urlencode(),
        },
    )


_NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五: the numbering a bulletin uses for its sections."""
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _NUMERALS[tens]
    return f"{head}十{_NUMERALS[ones] if ones else ''}" if n < 100 else str(n)


# One page of the overdue list; a bulletin drafted from more rows than this would be unreadable anyway.
OVERDUE_PAGE_SIZE = 50
DRAFT_MAX_ROWS = 1000


def overdue_rows(request: HttpRequest, today: date) -> tuple[OverdueFilterForm, object, int | None]:
    return overdue_filtered(request.user, request.GET, today)


def group_by_org(rows, today: date) -> list[dict]:
    """Rows (already ordered by org) in one group per org, each with its days overdue."""
    rows = label_periods(rows)
    groups: dict[int, dict] = {}
    for row in rows:
        row.days_overdue = max((today - row.due_date).days, 0)
        group = groups.setdefault(row.organization_id, {"organization": row.organization, "rows": []})
        group["rows"].append(row)
    return list(groups.values())


def bulletin_draft(groups: list[dict], today: date) -> str:
    """A plain-text 工作提醒 naming each org and its overdue tasks, numbered, to copy and edit."""
    task_count = sum(len(group["rows"]) for group in groups)
    lines = [
        _("关于党建工作任务逾期未完成情况的通报（草稿）"),
        "",
        _("截至%(date)s，共有%(orgs)d个党组织的%(tasks)d项台账任务逾期未完成，现通报如下：")
        % {"date": f"{today.year}年{today.month}月{today.day}日", "orgs": len(groups), "tasks": task_count},
        "",
    ]
    for index, group in enumerate(groups, start=1):
        org = group["organization"]
        lines.append(f"{chinese_number(index)}、{org.name}（{len(group['rows'])}项）")
        for number, row in enumerate(group["rows"], start=1):
            state = state_label(row)
            lines.append(
                _("  %(n)d. %(task)s（%(period)s，截止%(due)s，已逾期%(days)d天，%(state)s）")
                % {
                    "n": number,
                    "task": row.task.title,
                    "period": row.period_label,
                    "due": row.due_date.isoformat(),
                    "days": row.days_overdue,
                    "state": state,
                }
            )
    lines += [
        "",
        _("请以上党组织高度重视，尽快完成相关工作，并在台账系统中提交完成情况和佐证材料。"),
    ]
    return "\n".join(lines)


@permission_required("ledger.view_overdue")
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Overdue assignments, filtered (year, org, item) and paginated; the draft and Excel use the filter."""
    today = timezone.localdate()
    form, rows, count = overdue_rows(request, today)
    if request.GET.get("export") == "xlsx":
        filters = {k: v for k, v in request.GET.items() if v and k != "export"}
        return export_respond(request, OVERDUE, filters)
    page = paginate(request, rows, per_page=OVERDUE_PAGE_SIZE, count=count)
    draft, draft_too_long = "", False
    if request.GET.get("draft") and page.paginator.count:
        draft_too_long = page.paginator.count > DRAFT_MAX_ROWS
        if not draft_too_long:
            draft = bulletin_draft(group_by_org(rows, today), today)
    params = request.GET.copy()
    for key in ("page", "draft", "export"):
        params.pop(key, None)
    filters = params.urlencode()
    return render(
        request,
        "ledger/overdue_list.html",
        {
            "form": form,
            "page": page,
            "groups": group_by_org(page.object_list, today),
            "today": today,
            "total": page.paginator.count,
            "draft": draft,
            "draft_too_long": draft_too_long,
            "draft_max": DRAFT_MAX_ROWS,
            "filters": filters,
            "query": query_without_page(request),
            # The draft becomes a real 通报 (activities) when that app's pages are installed.
            "bulletin_from_overdue_url": _url_or_empty("bulletins:bulletin_from_overdue"),
        },
    )


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""
