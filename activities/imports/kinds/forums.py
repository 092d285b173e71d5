"""forum: 日期, 党组织 (several when joint, joined by 、), 主讲人, 题目, 参加人数, *参加人员*
— key: 日期, 主讲人, 题目.

The first org of 党组织 hosts; the others co-host a joint forum. 主讲人 names one or several speakers
(、): a name found once on the orgs' rolls is linked to that member; a guest speaker stays a name.
参加人员 (optional) must all be on the rolls (the 身份证号 column tells apart two people of one name).
参加人数 is the count as written. A re-import finds each forum by its key and changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import Forum
from activities.services.forums import forum_create, forum_update, join_names

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, day, split


def _orgs(r) -> list:
    text = r.text("organization")
    orgs = []
    for name in split(text.replace("，", "、").replace(",", "、")):
        try:
            org = r.context.names.resolve(name, what=r.headers.get("organization", "党组织"))
        except ValueError as exc:
            r.problem("organization", str(exc))
            continue
        if org.pk not in {o.pk for o in orgs}:
            orgs.append(org)
    return orgs


def _roll(r, orgs) -> list:
    people = []
    for org in orgs:
        people.extend(m for m in r.context.members_under(org) if m not in people)
    return people


def _speakers(r, orgs) -> tuple[str, list]:
    names = split(r.text("speakers", max_length=200).replace("，", "、"))
    roll = _roll(r, orgs)
    members = []
    for name in names:
        same = [m for m in roll if name_key(m.name) == name_key(name)]
        if len(same) == 1:
            members.append(same[0])
    return join_names(names), members


def _attendees(r, orgs) -> list:
    text = r.text("attendees", required=False)
    if not text:
        return []
    roll = _roll(r, orgs)
    found, unknown = [], []
    for name in split(text.replace("，", "、")):
        same = [m for m in roll if name_key(m.name) == name_key(name)]
        if len(same) == 1:
            found.append(same[0])
        else:
            unknown.append(name)
    if unknown:
        r.problem(
            "attendees",
            _("在举办党组织的党员名册中找不到（或有重名）：%(names)s；请核对姓名")
            % {"names": "、".join(unknown)},
        )
    return found


def parse(r) -> dict:
    orgs = _orgs(r)
    names, speakers = _speakers(r, orgs)
    return {
        "held_on": r.date("held_on"),
        "orgs": orgs,
        "speaker_names": names,
        "speakers": speakers,
        "topic": r.text("topic", max_length=200),
        "attendance": r.integer("attendance"),
        "attendees": _attendees(r, orgs),
    }


def key(v: dict) -> tuple:
    return (v["held_on"], v["speaker_names"], name_key(v["topic"]))


def write(v: dict, actor) -> str:
    forum = Forum.objects.filter(
        held_on=v["held_on"], speaker_names=v["speaker_names"], topic=v["topic"]
    ).first()
    host, others = v["orgs"][0], v["orgs"][1:]
    if forum is None:
        forum_create(
            actor=actor,
            organization=host,
            co_organizations=others,
            held_on=v["held_on"],
            topic=v["topic"],
            speakers=v["speakers"],
            speaker_names=v["speaker_names"],
            attendance=v["attendance"],
            attendees=v["attendees"],
        )
        return NEW
    same_orgs = {o.pk for o in v["orgs"]} == set(forum.org_links.values_list("organization_id", flat=True))
    same_attendees = not v["attendees"] or {m.pk for m in v["attendees"]} == set(
        forum.attendees.values_list("pk", flat=True)
    )
    if forum.attendance == v["attendance"] and same_orgs and same_attendees:
        return UNCHANGED
    forum_update(
        actor=actor,
        forum=forum,
        attendance=v["attendance"],
        co_organizations=others if not same_orgs else None,
        attendees=v["attendees"] if not same_attendees else None,
    )
    return UPDATED


def describe(v: dict) -> str:
    orgs = "、".join(o.name for o in v["orgs"])
    return f"{day(v['held_on'])} {orgs} {v['speaker_names']}《{v['topic']}》{v['attendance']}人"


register(
    RecordKind(
        name="forum",
        label=gettext_lazy("主题讲坛"),
        model=Forum,
        columns=(
            ColumnSpec("held_on", "日期", ("讲坛日期", "举办日期", "时间")),
            ColumnSpec(
                ORGANIZATION.key,
                ORGANIZATION.header,
                ("举办党组织", *ORGANIZATION.synonyms),
                hint=gettext_lazy("联合举办时填写多个，以“、”分隔，第一个为主办"),
            ),
            ColumnSpec("speakers", "主讲人", ("主讲", "宣讲人"), hint=gettext_lazy("多人以“、”分隔")),
            ColumnSpec("topic", "题目", ("讲坛题目", "主题", "宣讲题目")),
            ColumnSpec("attendance", "参加人数", ("人数", "参加人次")),
            ColumnSpec(
                "attendees", "参加人员", ("参会人员",), required=False, hint=gettext_lazy("以“、”分隔")
            ),
        ),
        parse=parse,
        key=key,
        key_columns=("held_on", "speakers", "topic"),
        write=write,
        describe=describe,
        takes_id_number=False,
        order=lambda v: v["held_on"],
        permission="activities.add_forum",
        field_columns={
            "held_on": "held_on",
            "organization": "organization",
            "topic": "topic",
            "speaker_names": "speakers",
            "speakers": "speakers",
            "attendance": "attendance",
            "attendees": "attendees",
        },
        list_url_name="forums:forum_list",
    )
)
