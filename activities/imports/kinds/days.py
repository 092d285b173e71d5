"""service_day (主题党日 too): 日期, 党组织, *联系村(社区)*, 主题, 应到人数, 实到人数, *请假人数*, *参加人员*,
*主要内容* — key: 党组织, 日期, 主题.

主题 is one of 学习教育/民主议事/志愿服务/文体活动/自选; any other text is kept as 自选 with the text as its
自选主题 (“自选：垃圾分类” too). The counts are kept as written; *参加人员* (names joined by 、) links the
attendees, as present, to the org's roster (member points count them): a name not on it is a problem at
that column, and more names than 实到人数 too. A re-import updates the day (its counts, its named
attendees); a second import of the same file changes nothing.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import AttendanceStatus, ServiceDay, ServiceDayTheme
from activities.services.days import roster_of, service_day_create, service_day_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day, split

THEMES = {str(label): code for code, label in ServiceDayTheme.choices}
_CUSTOM_PREFIX = re.compile(r"^自选\s*[:：（(]?\s*(?P<text>.*?)\s*[)）]?$")


def _theme(r) -> tuple[str, str]:
    text = r.text("theme", max_length=100)
    if not text:
        return "", ""
    compact = text.replace(" ", "")
    if compact in THEMES and THEMES[compact] != ServiceDayTheme.CUSTOM:
        return THEMES[compact], ""
    match = _CUSTOM_PREFIX.match(compact)
    custom = (match["text"] if match else text) or _("自选活动")
    return ServiceDayTheme.CUSTOM, custom[:100]


def _attendees(r, org, present: int) -> list[int]:
    names = split(r.text("attendees", required=False))
    if not names or org is None:
        return []
    roster = r.context.cached(("service_day_roster", org.pk), lambda: list(roster_of(org)))
    by_name: dict[str, list] = {}
    for member in roster:
        by_name.setdefault(name_key(member.name), []).append(member)
    ids, unknown, ambiguous = [], [], []
    for name in names:
        same = by_name.get(name_key(name), [])
        if len(same) == 1:
            ids.append(same[0].pk)
        elif same:
            ambiguous.append(name)
        else:
            unknown.append(name)
    if unknown:
        r.problem(
            "attendees",
            _("“%(org)s”的在册党员中找不到：%(names)s；请核对姓名，或先在党员名册中登记")
            % {"org": org.name, "names": "、".join(unknown)},
        )
    if ambiguous:
        r.problem(
            "attendees",
            _("“%(org)s”有多名党员叫：%(names)s；请在门户中逐一勾选")
            % {"org": org.name, "names": "、".join(ambiguous)},
        )
    if len(set(ids)) != len(ids):
        r.problem("attendees", _("参加人员中有重复的姓名"))
    if len(names) > present:
        r.problem(
            "attendees",
            _("列出了%(n)s名参加人员，多于实到人数%(p)s；请核对") % {"n": len(names), "p": present},
        )
    return ids


def parse(r) -> dict:
    org = r.organization("organization")
    held_on = r.date("held_on")
    theme, theme_text = _theme(r)
    expected = r.integer("expected")
    present = r.integer("present")
    on_leave = r.integer("on_leave", required=False)
    if present > expected:
        r.problem(
            "present", _("实到人数（%(p)s）多于应到人数（%(e)s）；请核对") % {"p": present, "e": expected}
        )
    elif present + on_leave > expected:
        r.problem("on_leave", _("实到与请假人数之和多于应到人数（%(e)s）；请核对") % {"e": expected})
    return {
        "organization": org,
        "held_on": held_on,
        "theme": theme,
        "theme_text": theme_text,
        "place": r.text("place", required=False, max_length=120),
        "content": r.text("content", required=False),
        "expected": expected,
        "present": present,
        "on_leave": on_leave,
        "attendees": _attendees(r, org, present),
    }


def key(v: dict) -> tuple:
    return (v["organization"].pk, v["held_on"], v["theme"])


_FIELDS = ("place", "theme_text", "content", "expected", "present", "on_leave")


def write(v: dict, actor) -> str:
    fields = {k: v[k] for k in _FIELDS}
    attendance = {pk: AttendanceStatus.PRESENT for pk in v["attendees"]}
    found = ServiceDay.objects.filter(
        organization=v["organization"], held_on=v["held_on"], theme=v["theme"]
    ).first()
    if found is None:
        service_day_create(
            actor=actor,
            organization=v["organization"],
            held_on=v["held_on"],
            theme=v["theme"],
            attendance=attendance,
            derive_counts=False,
            **fields,
        )
        return NEW
    recorded = dict(found.attendance.values_list("member_id", "status"))
    changes = changed(found, fields)
    if not changes and recorded == attendance:
        return UNCHANGED
    service_day_update(actor=actor, service_day=found, attendance=attendance, derive_counts=False, **fields)
    return UPDATED


def describe(v: dict) -> str:
    label = dict(ServiceDayTheme.choices)[v["theme"]]
    theme = f"{label}：{v['theme_text']}" if v["theme_text"] else str(label)
    names = _("，参加人员%(n)s名") % {"n": len(v["attendees"])} if v["attendees"] else ""
    return (
        f"{day(v['held_on'])} {v['organization'].name} {theme}"
        f"（应到{v['expected']}，实到{v['present']}，请假{v['on_leave']}{names}）"
    )


register(
    RecordKind(
        name="service_day",
        label=gettext_lazy("党员服务日"),
        model=ServiceDay,
        columns=(
            ColumnSpec("held_on", "日期", ("活动日期", "开展日期", "时间")),
            ORGANIZATION,
            ColumnSpec(
                "place",
                "联系村(社区)",
                ("联系村（社区）", "联系村", "联系社区", "活动地点", "地点"),
                required=False,
            ),
            ColumnSpec(
                "theme",
                "主题",
                ("活动主题", "主题类型"),
                hint=gettext_lazy(
                    "学习教育、民主议事、志愿服务、文体活动 或 自选（自选可写成“自选：具体主题”）"
                ),
            ),
            ColumnSpec("expected", "应到人数", ("应到",)),
            ColumnSpec("present", "实到人数", ("实到", "参加人数")),
            ColumnSpec("on_leave", "请假人数", ("请假",), required=False),
            ColumnSpec(
                "attendees",
                "参加人员",
                ("参会人员", "出席人员"),
                required=False,
                hint=gettext_lazy("姓名以“、”分隔，须为本组织在册党员"),
            ),
            ColumnSpec("content", "主要内容", ("活动内容", "内容"), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "held_on", "theme"),
        write=write,
        describe=describe,
        order=lambda v: v["held_on"],
        permission="activities.add_serviceday",
        field_columns={
            "organization": "organization",
            "held_on": "held_on",
            "theme": "theme",
            "theme_text": "theme",
            "place": "place",
            "content": "content",
            "expected": "expected",
            "present": "present",
            "on_leave": "on_leave",
            "attendance": "attendees",
        },
        list_url_name="days:service_day_list",
    )
)
