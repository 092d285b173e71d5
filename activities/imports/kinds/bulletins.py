"""bulletin: 期号, 日期, 类型 (通报/工作提醒), 标题, *涉及党组织*, *表扬/提醒/批评*, *正文*
— key: year of 日期, 期号.

A bulletin published before the portal is stored under its own 期号 through
activities.services.bulletin_record_published: published, with no notifications or read receipts.
涉及党组织 names several orgs joined by 、; 表扬/提醒/批评 gives one mark for all of them or one mark per
org in the same order (joined by 、). A row whose (year, 期号) exists updates that bulletin; a second
import of the same file finds every bulletin as it is and changes nothing.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Bulletin, BulletinKind, BulletinMark
from activities.services import bulletin_record_published

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import day, split

KINDS = {"通报": BulletinKind.BULLETIN, "工作提醒": BulletinKind.REMINDER}
MARKS = {"表扬": BulletinMark.PRAISE, "提醒": BulletinMark.REMIND, "批评": BulletinMark.CRITICISE}
_NUMBER = re.compile(r"^(?:第)?\s*(\d{1,4})\s*(?:期)?$")


def _number(r) -> int | None:
    text = r.text("number")
    if not text:
        return None
    match = _NUMBER.match(text.replace(" ", ""))
    if not match or int(match.group(1)) == 0:
        r.problem("number", _("“%(value)s”不是期号；请填写正整数，如 3 或 第3期") % {"value": text})
        return None
    return int(match.group(1))


def _orgs(r) -> list[tuple]:
    """[(org, mark)] from the 涉及党组织 and 表扬/提醒/批评 cells."""
    names = split(r.text("organizations", required=False))
    marks_text = r.text("marks", required=False)
    marks = split(marks_text)
    if marks and not names:
        r.problem("marks", _("填写了表扬/提醒/批评，但“涉及党组织”为空；请填写涉及的党组织"))
        return []
    if len(marks) not in (0, 1, len(names)):
        r.problem(
            "marks",
            _("涉及%(orgs)s个党组织，却有%(marks)s个标记；请只填一个（适用于全部），或按党组织顺序逐个填写")
            % {"orgs": len(names), "marks": len(marks)},
        )
        return []
    codes = []
    for mark in marks:
        if mark.replace(" ", "") not in MARKS:
            r.problem(
                "marks",
                _("“%(value)s”不是可选的标记；请填写：%(options)s")
                % {"value": mark, "options": "、".join(MARKS)},
            )
            return []
        codes.append(MARKS[mark.replace(" ", "")])
    if len(codes) == 1:
        codes = codes * len(names)
    codes = codes or [BulletinMark.NONE] * len(names)
    orgs, seen = [], set()
    for name, code in zip(names, codes, strict=True):
        try:
            org = r.context.names.resolve(name, what=r.headers["organizations"])
        except ValueError as exc:
            r.problem("organizations", str(exc))
            continue
        if org.pk in seen:
            r.problem("organizations", _("党组织“%(org)s”列了两次，请删去一个") % {"org": org.name})
            continue
        seen.add(org.pk)
        orgs.append((org, code))
    return orgs


def parse(r) -> dict:
    issued_on = r.date("issued_on")
    return {
        "number": _number(r),
        "issued_on": issued_on,
        "kind": r.choice("kind", KINDS),
        "title": r.text("title", max_length=200),
        "orgs": _orgs(r),
        "body": r.text("body", required=False),
    }


def key(v: dict) -> tuple:
    return (v["issued_on"].year, v["number"])


def _unchanged(bulletin: Bulletin, v: dict) -> bool:
    same = (
        bulletin.kind == v["kind"]
        and bulletin.issued_on == v["issued_on"]
        and bulletin.title == v["title"]
        and (not v["body"] or bulletin.body == v["body"])
        and bulletin.is_published
    )
    if not same:
        return False
    named = sorted((o.organization_id, o.mark) for o in bulletin.named_orgs.all())
    return named == sorted((org.pk, mark) for org, mark in v["orgs"])


def write(v: dict, actor) -> str:
    existing = Bulletin.objects.filter(year=v["issued_on"].year, number=v["number"]).first()
    if existing is not None and _unchanged(existing, v):
        return UNCHANGED
    _bulletin, created = bulletin_record_published(
        actor=actor,
        number=v["number"],
        kind=v["kind"],
        issued_on=v["issued_on"],
        title=v["title"],
        orgs=v["orgs"],
        body=v["body"],
    )
    return NEW if created else UPDATED


def describe(v: dict) -> str:
    kind = next(label for label, code in KINDS.items() if code == v["kind"])
    orgs = "、".join(org.short_name or org.name for org, _mark in v["orgs"])
    return f"{v['issued_on'].year}年第{v['number']}期 {kind}（{day(v['issued_on'])}）{v['title']}" + (
        f"：{orgs}" if orgs else ""
    )


register(
    RecordKind(
        name="bulletin",
        label=gettext_lazy("通报"),
        model=Bulletin,
        columns=(
            ColumnSpec("number", "期号", ("期数", "编号"), hint=gettext_lazy("该年度的期号，如 3 或 第3期")),
            ColumnSpec("issued_on", "日期", ("通报日期", "印发日期", "发布日期")),
            ColumnSpec("kind", "类型", ("通报类型",), hint=gettext_lazy("通报 或 工作提醒")),
            ColumnSpec("title", "标题", ("通报标题", "题目")),
            ColumnSpec(
                "organizations",
                "涉及党组织",
                ("党组织", "被通报党组织", "涉及单位"),
                required=False,
                hint=gettext_lazy("多个党组织以“、”分隔"),
            ),
            ColumnSpec(
                "marks",
                "表扬/提醒/批评",
                ("表扬提醒批评", "标记", "通报性质"),
                required=False,
                hint=gettext_lazy("表扬、提醒 或 批评；一个适用于全部党组织，或按党组织顺序以“、”分隔"),
            ),
            ColumnSpec("body", "正文", ("内容", "主要内容"), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("issued_on", "number"),
        write=write,
        describe=describe,
        order=lambda v: (v["issued_on"].year, v["number"]),
        permission="activities.add_bulletin",
        field_columns={
            "kind": "kind",
            "issued_on": "issued_on",
            "title": "title",
            "body": "body",
            "orgs": "organizations",
            "number": "number",
        },
        list_url_name="bulletins:bulletin_list",
    )
)
