"""The home card of the assessments: a secretary's latest published standing and what to do next;
staff the latest run waiting to be published."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import authz
from assessments.models import RunState
from assessments.scheme import selectors

register = template.Library()


@register.inclusion_tag("assessments/scheme/_home_card.html", takes_context=True)
def scheme_home_card(context):
    user = context["request"].user
    result = selectors.latest_published_result(user)
    pending = None
    if authz.may(user, "assessments.view_assessmentrun"):
        pending = selectors.runs_visible_to(user).filter(state=RunState.COMPUTED).first()
    return {
        "result": result,
        "improvements": selectors.improvements(result)[:3] if result else [],
        "flags": selectors.flag_labels(result.flags) if result else [],
        "pending": pending,
    }


# What the explanation's counts are called, and which page a listed record id opens.
DETAIL_LABELS = {
    "due": _("到期任务"),
    "due_w": _("到期任务分值"),
    "on_time": _("按时完成"),
    "on_time_w": _("按时完成分值"),
    "late": _("逾期完成"),
    "late_w": _("逾期完成分值"),
    "returned": _("被退回"),
    "missing": _("未完成"),
    "debriefs": _("述职次数"),
    "mean_score": _("平均得分"),
    "talks": _("提醒约谈"),
    "open_rectifications": _("未销号整改"),
    "praise": _("通报表扬"),
    "remind": _("工作提醒"),
    "criticise": _("通报批评"),
    "ratio": _("达标比例"),
    "points_index": _("积分指数"),
    "source": _("数据来源"),
}
ID_LISTS = {
    "assignment_ids": (
        "ledger:assignment_detail",
        {"late": _("逾期"), "returned": _("被退回"), "missing": _("未完成")},
    ),
    "talk_ids": ("bulletins:talk_detail", None),
    "bulletin_ids": (
        "bulletins:bulletin_detail",
        {"praise": _("表扬"), "remind": _("提醒"), "criticise": _("批评")},
    ),
    "debrief_ids": ("scoring:debrief_report", None),
}


@register.simple_tag
def explanation_rows(detail: dict, records_urls: dict | None = None) -> list[dict]:
    """A component's detail as labelled rows; record ids as links to their pages, and each count with
    records behind it (`records_urls`, selectors.explanation_for) as a link to the list of them."""
    records_urls = records_urls or {}
    rows = []
    for key, value in detail.items():
        if key in ID_LISTS:
            url_name, groups = ID_LISTS[key]
            lists = value.items() if isinstance(value, dict) else [("", value)]
            for group, ids in lists:
                if not ids:
                    continue
                label = _("记录") if groups is None else groups.get(group, group)
                links = [
                    {"id": pk, "url": reverse(url_name, kwargs={"pk": pk}) if url_name else ""} for pk in ids
                ]
                rows.append({"label": label, "links": links})
            continue
        if key == "source" and value == "unavailable":
            value = _("该模块尚未启用，按 0 计")
        url = records_urls.get(key, "") if value else ""  # nothing to list behind a zero
        rows.append({"key": key, "label": DETAIL_LABELS.get(key, key), "value": value, "url": url})
    return rows
