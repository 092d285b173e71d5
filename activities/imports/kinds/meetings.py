"""meeting (三会一课): 党组织, 会议类型, 实际时间, *计划时间*, *地点*, *主持人*, *记录人*, 应到人数, 实到人数,
*请假人数*, *参加人员*, *会议议题*, *会议内容*, *会议决议* — key: 党组织, 会议类型, 实际时间.

Counts are the file's. 参加人员 (names joined by 、) are matched to the org's roster (the org and the
orgs below it) and recorded as present; a name not on the roster is an error naming it (people from
outside go into 列席人员 in the portal). A time written after the date (`2019/2/3  14:30`) is kept.
A re-import updates the meeting and replaces its named attendees; the same file changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import Meeting, MeetingAttendanceStatus, MeetingType
from activities.services.meetings import meeting_create, meeting_update
from partybuild.legacy_excel import normalize_text

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day, split

TYPES = {str(label): code for code, label in MeetingType.choices}
TYPE_SYNONYMS = {
    "党员大会": MeetingType.GENERAL,
    "支部委员会": MeetingType.COMMITTEE,
    "支委会议": MeetingType.COMMITTEE,
}
_CLOCK = re.compile(r"(\d{1,2})\s*[:：]\s*(\d{2})")


def _time(r, key: str) -> time | None:
    value = r.row.get(key)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0) if value.time() != time(0) else None
    text = normalize_text(value) if isinstance(value, str) else ""
    match = _CLOCK.search(text.split(" ", 1)[1] if " " in text.strip() else "")
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    return None


def _meeting_type(r) -> str:
    text = r.text("meeting_type")
    if not text:
        return ""
    compact = text.replace(" ", "")
    if compact in TYPES:
        return TYPES[compact]
    if compact in TYPE_SYNONYMS:
        return TYPE_SYNONYMS[compact]
    if "主题党日" in compact:
        r.problem(
            "meeting_type",
            _("主题党日是党员服务日活动，请用“主题党日”导入类型（service_day）导入，不作为三会一课"),
        )
        return ""
    r.problem(
        "meeting_type",
        _("“%(value)s”不是会议类型；请填写：%(options)s") % {"value": text, "options": "、".join(TYPES)},
    )
    return ""


def _attendees(r, org) -> list:
    names = split(r.text("attendees", required=False))
    if not names or org is None:
        return []
    roster = r.context.members_under(org)
    found, unknown = [], []
    for name in dict.fromkeys(names):
        same = [m for m in roster if name_key(m.name) == name_key(name)]
        if len(same) == 1:
            found.append(same[0])
        elif not same:
            unknown.append(name)
        else:
            r.problem(
                "attendees",
                _("“%(org)s”及其下级组织有%(n)s名党员叫“%(name)s”（%(where)s）；请在党员名册中区分后再导入")
                % {
                    "org": org.name,
                    "n": len(same),
                    "name": name,
                    "where": "、".join(m.organization.name for m in same),
                },
            )
    if unknown:
        r.problem(
            "attendees",
            _("参加人员“%(names)s”不在“%(org)s”及其下级组织的党员名册中；请核对姓名，或先在党员名册中登记")
            % {"names": "、".join(unknown), "org": org.name},
        )
    return found


def parse(r) -> dict:
    org = r.organization("organization")
    held_on = r.date("held_on")
    values = {
        "organization": org,
        "meeting_type": _meeting_type(r),
        "held_on": held_on,
        "held_time": _time(r, "held_on"),
        "planned_on": r.date("planned_on", required=False),
        "planned_time": _time(r, "planned_on"),
        "place": r.text("place", required=False, max_length=200),
        "host": r.text("host", required=False, max_length=50),
        "recorder": r.text("recorder", required=False, max_length=50),
        "expected_count": r.integer("expected_count"),
        "present_count": r.integer("present_count"),
        "leave_count": r.integer("leave_count", required=False),
        "agenda": r.text("agenda", required=False),
        "content": r.text("content", required=False),
        "resolutions": r.text("resolutions", required=False),
    }
    if values["present_count"] + values["leave_count"] > values["expected_count"]:
        r.problem("present_count", _("实到人数与请假人数之和超过应到人数；请核对"))
    attendees = _attendees(r, org)
    if len(attendees) > values["present_count"]:
        r.problem(
            "attendees",
            _("参加人员列了%(n)s人，多于实到人数（%(p)s）；请核对")
            % {"n": len(attendees), "p": values["present_count"]},
        )
    values["attendees"] = attendees
    return values


def key(v: dict) -> tuple:
    return (v["organization"].pk, v["meeting_type"], v["held_on"])


_FIELDS = (
    "held_time",
    "planned_on",
    "planned_time",
    "place",
    "host",
    "recorder",
    "expected_count",
    "present_count",
    "leave_count",
    "agenda",
    "content",
    "resolutions",
)


def write(v: dict, actor) -> str:
    fields = {k: v[k] for k in _FIELDS}
    attendance = [(member, MeetingAttendanceStatus.PRESENT) for member in v["attendees"]]
    meeting = Meeting.objects.filter(
        organization=v["organization"], meeting_type=v["meeting_type"], held_on=v["held_on"]
    ).first()
    if meeting is None:
        meeting_create(
            actor=actor,
            organization=v["organization"],
            meeting_type=v["meeting_type"],
            held_on=v["held_on"],
            attendance=attendance or None,
            derive_counts=False,
            **fields,
        )
        return NEW
    changes = changed(meeting, fields)
    present = set(
        meeting.attendance.filter(status=MeetingAttendanceStatus.PRESENT).values_list("member_id", flat=True)
    )
    same_people = {m.pk for m in v["attendees"]} == present or not v["attendees"]
    if not changes and same_people:
        return UNCHANGED
    meeting_update(
        actor=actor,
        meeting=meeting,
        attendance=None if same_people else attendance,
        derive_counts=False,
        **changes,
    )
    return UPDATED


def describe(v: dict) -> str:
    kind = MeetingType(v["meeting_type"]).label
    named = _("，参加人员%(n)s人") % {"n": len(v["attendees"])} if v["attendees"] else ""
    return (
        f"{day(v['held_on'])} {v['organization'].name} {kind}"
        f"（应到{v['expected_count']}人，实到{v['present_count']}人）{named}"
    )


register(
    RecordKind(
        name="meeting",
        label=gettext_lazy("三会一课"),
        model=Meeting,
        columns=(
            ORGANIZATION,
            ColumnSpec(
                "meeting_type",
                "会议类型",
                ("类型", "会议类别"),
                hint=gettext_lazy("支部党员大会、支委会、党小组会 或 党课"),
            ),
            ColumnSpec("held_on", "实际时间", ("实际会议时间", "会议时间", "召开时间", "日期")),
            ColumnSpec("planned_on", "计划时间", ("计划会议时间",), required=False),
            ColumnSpec("place", "地点", ("会议地点",), required=False),
            ColumnSpec("host", "主持人", (), required=False),
            ColumnSpec("recorder", "记录人", (), required=False),
            ColumnSpec("expected_count", "应到人数", ("应到",)),
            ColumnSpec("present_count", "实到人数", ("实到",)),
            ColumnSpec("leave_count", "请假人数", ("请假",), required=False),
            ColumnSpec(
                "attendees",
                "参加人员",
                ("参会人员", "出席人员"),
                required=False,
                hint=gettext_lazy("本支部名册中的姓名，多人以“、”分隔"),
            ),
            ColumnSpec("agenda", "会议议题", ("议题",), required=False),
            ColumnSpec("content", "会议内容", ("内容",), required=False),
            ColumnSpec("resolutions", "会议决议", ("决议",), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "meeting_type", "held_on"),
        write=write,
        describe=describe,
        order=lambda v: v["held_on"],
        permission="activities.import_meeting",
        field_columns={
            "organization": "organization",
            "meeting_type": "meeting_type",
            "held_on": "held_on",
            "planned_on": "planned_on",
            "expected_count": "expected_count",
            "present_count": "present_count",
            "leave_count": "leave_count",
            "attendance": "attendees",
        },
        list_url_name="meetings:meeting_list",
    )
)
