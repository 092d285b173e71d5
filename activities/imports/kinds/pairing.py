"""扶贫结对 imports (CONTRACT.md), one workbook per kind:

- household: 户主, 村(社区), 家庭人口, *致贫原因*, *联系党组织* — key: 户主, 村(社区).
- pairing: 党组织, 党员, 户主, 村(社区), *结对时间* — key: 党员, 户主. The member is found by name in the
  org or below it (*身份证号* decides between namesakes); the household must exist (import households
  first). The pairing belongs to the member's org; a blank 结对时间 is today for a new pairing and leaves
  a recorded one as it is.
- visit: 走访日期, 党员, 户主, *走访内容*, *投入资金(元)*, *物资折价(元)* — key: 走访日期, 党员, 户主. The
  member and the household are found through their pairing (optional *村(社区)*, *党组织* and *身份证号*
  decide when names repeat); the visit's date must fall within the pairing.

A re-import finds every key and changes nothing; a changed cell updates the record.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import Household, Pairing, Visit
from activities.services.pairing import (
    household_create,
    household_update,
    pairing_create,
    pairing_update,
    visit_create,
    visit_update,
)
from partybuild.legacy_excel import normalize_text

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day

MONEY_MAX = Decimal("9999999999.99")

HEAD = ColumnSpec("head", "户主", ("户主姓名", "帮扶对象", "贫困户"))
VILLAGE = ColumnSpec("village", "村(社区)", ("村（社区）", "村", "社区", "所在村", "村居"))


def _village(text: str) -> str:
    return text.replace(" ", "")


def _households(r) -> dict[tuple[str, str], Household]:
    return r.context.cached(
        "households",
        lambda: {(name_key(h.head_name), _village(h.village)): h for h in Household.objects.all()},
    )


def _optional_org(r, key: str):
    if not normalize_text(r.row.get(key)):
        return None
    return r.organization(key)


# --------------------------------------------------------------------------- household


def parse_household(r) -> dict:
    head = r.text("head", max_length=50)
    village = r.text("village", max_length=100)
    before = len(r.problems)
    people = r.integer("people")
    if people == 0 and len(r.problems) == before:
        r.problem("people", _("家庭人口至少为1人"))
    if people > 99:
        r.problem("people", _("家庭人口“%(n)s”过大；请核对") % {"n": people})
    return {
        "head_name": head,
        "village": village,
        "people": people,
        "cause": r.text("cause", required=False, max_length=200),
        "organization": _optional_org(r, "organization"),
    }


def household_key(v: dict) -> tuple:
    return (name_key(v["head_name"]), _village(v["village"]))


def write_household(v: dict, actor) -> str:
    household = Household.objects.filter(head_name=v["head_name"], village=v["village"]).first()
    fields = {"people": v["people"], "cause": v["cause"]}
    if v["organization"] is not None:
        fields["organization"] = v["organization"]
    if household is None:
        household_create(actor=actor, head_name=v["head_name"], village=v["village"], **fields)
        return NEW
    if changes := changed(household, fields):
        household_update(actor=actor, household=household, **changes)
        return UPDATED
    return UNCHANGED


def describe_household(v: dict) -> str:
    return _("%(head)s（%(village)s），%(n)s人") % {
        "head": v["head_name"],
        "village": v["village"],
        "n": v["people"],
    }


register(
    RecordKind(
        name="household",
        label=gettext_lazy("帮扶户"),
        model=Household,
        columns=(
            HEAD,
            VILLAGE,
            ColumnSpec("people", "家庭人口", ("人口", "家庭人数", "户人口数")),
            ColumnSpec("cause", "致贫原因", ("贫困原因", "主要致贫原因"), required=False),
            ColumnSpec(
                "organization",
                "联系党组织",
                ("帮扶党组织", "党组织"),
                required=False,
                hint=gettext_lazy("可不填；书记导入时填本党组织"),
            ),
        ),
        parse=parse_household,
        key=household_key,
        key_columns=("head", "village"),
        write=write_household,
        describe=describe_household,
        permission="activities.add_household",
        field_columns={
            "head_name": "head",
            "village": "village",
            "people": "people",
            "cause": "cause",
            "organization": "organization",
        },
        list_url_name="pairing:household_list",
    )
)


# --------------------------------------------------------------------------- pairing


def _household_named(r, head: str, village: str) -> Household | None:
    if not head or not village:
        return None
    household = _households(r).get((name_key(head), _village(village)))
    if household is None:
        r.problem(
            "head",
            _("找不到户主为“%(head)s”、村(社区)为“%(village)s”的帮扶户；请核对，或先导入帮扶户")
            % {"head": head, "village": village},
        )
    return household


def parse_pairing(r) -> dict:
    org = r.organization("organization")
    _name, member = r.member("member", org)
    head = r.text("head", max_length=50)
    village = r.text("village", max_length=100)
    household = _household_named(r, head, village)
    return {
        "organization": org,
        "member": member,
        "household": household,
        "started_on": r.date("started_on", required=False),
    }


def pairing_key(v: dict) -> tuple:
    return (v["member"].pk, v["household"].pk)


def write_pairing(v: dict, actor) -> str:
    pairings = Pairing.objects.filter(member=v["member"], household=v["household"])
    # The open pairing, else the latest ended one (a re-import of an old file finds it).
    pairing = pairings.filter(ended_on__isnull=True).first() or pairings.order_by("-started_on").first()
    if pairing is None:
        pairing_create(actor=actor, member=v["member"], household=v["household"], started_on=v["started_on"])
        return NEW
    if v["started_on"] and pairing.started_on != v["started_on"]:
        pairing_update(actor=actor, pairing=pairing, started_on=v["started_on"])
        return UPDATED
    return UNCHANGED


def describe_pairing(v: dict) -> str:
    since = _("，%(d)s起") % {"d": day(v["started_on"])} if v["started_on"] else ""
    return f"{v['member'].name}（{v['member'].organization}）→ {v['household']}{since}"


register(
    RecordKind(
        name="pairing",
        label=gettext_lazy("结对帮扶"),
        model=Pairing,
        columns=(
            ORGANIZATION,
            ColumnSpec("member", "党员", ("党员姓名", "结对党员", "帮扶责任人", "姓名")),
            HEAD,
            VILLAGE,
            ColumnSpec(
                "started_on",
                "结对时间",
                ("结对日期", "开始时间"),
                required=False,
                hint=gettext_lazy("不填则为导入当天"),
            ),
        ),
        parse=parse_pairing,
        key=pairing_key,
        key_columns=("member", "head"),
        write=write_pairing,
        describe=describe_pairing,
        takes_id_number=True,
        order=lambda v: (v["started_on"] is None, v["started_on"] or 0),
        permission="activities.add_pairing",
        field_columns={
            "member": "member",
            "household": "head",
            "organization": "organization",
            "started_on": "started_on",
            "ended_on": "started_on",
        },
        list_url_name="pairing:pairing_list",
    )
)


# --------------------------------------------------------------------------- visit


def _money(r, key: str) -> Decimal:
    text = r.text(key, required=False).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return Decimal(0)
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        amount = Decimal(-1)
    if not Decimal(0) <= amount <= MONEY_MAX:
        r.problem(key, _("“%(value)s”不是金额；请填写不小于0的数（元），如 500 或 120.5") % {"value": text})
        return Decimal(0)
    return amount


def _pairings(r) -> list[Pairing]:
    return r.context.cached(
        "pairings",
        lambda: list(Pairing.objects.select_related("member", "household", "organization")),
    )


def _visit_pairing(r, name: str, head: str, visited_on) -> Pairing | None:
    """The pairing of the member `name` with the household headed by `head` (narrowed by the optional
    村(社区), 党组织 and 身份证号 cells), in force on the visit's date when several are."""
    if not name or not head:
        return None
    village = _village(r.text("village", required=False))
    org = _optional_org(r, "organization")
    digest = r.id_number_digest()
    households = [
        h
        for (h_name, h_village), h in _households(r).items()
        if h_name == name_key(head) and (not village or h_village == village)
    ]
    if not households:
        where = _("（%(v)s）") % {"v": village} if village else ""
        r.problem(
            "head",
            _("找不到户主为“%(head)s”%(where)s的帮扶户；请核对户主姓名，或先导入帮扶户")
            % {"head": head, "where": where},
        )
        return None
    ids = {h.pk for h in households}
    found = [
        p
        for p in _pairings(r)
        if p.household_id in ids
        and name_key(p.member.name) == name_key(name)
        and (org is None or p.organization.path.startswith(org.path))
        and (digest is None or p.member.id_number_hash == digest)
    ]
    if not found:
        r.problem(
            "member",
            _("找不到与户主“%(head)s”结对的党员“%(name)s”；请核对党员姓名，或先导入结对")
            % {"head": head, "name": name},
        )
        return None
    if len({(p.member_id, p.household_id) for p in found}) > 1:
        r.problem(
            "member",
            _("与户主“%(head)s”结对的党员中有%(n)s组“%(name)s”；请填写“村(社区)”“党组织”或“身份证号”加以区分")
            % {"head": head, "n": len(found), "name": name},
        )
        return None
    if visited_on is None:
        return found[0]
    in_force = [
        p for p in found if p.started_on <= visited_on and (p.ended_on is None or p.ended_on >= visited_on)
    ]
    if not in_force:
        r.problem(
            "visited_on",
            _("走访日期（%(d)s）不在%(name)s与%(head)s的结对期间内（%(since)s起）；请核对走访日期")
            % {"d": day(visited_on), "name": name, "head": head, "since": day(found[0].started_on)},
        )
        return None
    return in_force[0]


def parse_visit(r) -> dict:
    visited_on = r.date("visited_on")
    name = r.text("member", max_length=50)
    head = r.text("head", max_length=50)
    pairing = _visit_pairing(r, name, head, visited_on)
    return {
        "visited_on": visited_on,
        "pairing": pairing,
        "content": r.text("content", required=False),
        "funds": _money(r, "funds"),
        "goods": _money(r, "goods"),
    }


def visit_key(v: dict) -> tuple:
    return (v["visited_on"], v["pairing"].member_id, v["pairing"].household_id)


def write_visit(v: dict, actor) -> str:
    pairing = v["pairing"]
    fields = {"content": v["content"], "funds": v["funds"], "goods": v["goods"]}
    visit = Visit.objects.filter(
        member_id=pairing.member_id, household_id=pairing.household_id, visited_on=v["visited_on"]
    ).first()
    if visit is None:
        visit_create(actor=actor, pairing=pairing, visited_on=v["visited_on"], **fields)
        return NEW
    if changes := changed(visit, fields):
        visit_update(actor=actor, visit=visit, **changes)
        return UPDATED
    return UNCHANGED


def describe_visit(v: dict) -> str:
    p = v["pairing"]
    return _("%(d)s %(member)s走访%(head)s，资金%(funds)s元，物资%(goods)s元") % {
        "d": day(v["visited_on"]),
        "member": p.member.name,
        "head": p.household.head_name,
        "funds": v["funds"],
        "goods": v["goods"],
    }


register(
    RecordKind(
        name="visit",
        label=gettext_lazy("走访记录"),
        model=Visit,
        columns=(
            ColumnSpec("visited_on", "走访日期", ("走访时间", "日期")),
            ColumnSpec("member", "党员", ("党员姓名", "走访党员", "帮扶责任人", "姓名")),
            HEAD,
            ColumnSpec("content", "走访内容", ("帮扶内容", "帮扶措施", "主要内容"), required=False),
            ColumnSpec("funds", "投入资金(元)", ("投入资金（元）", "投入资金", "帮扶资金"), required=False),
            ColumnSpec("goods", "物资折价(元)", ("物资折价（元）", "物资折价", "物资价值"), required=False),
            ColumnSpec("village", VILLAGE.header, VILLAGE.synonyms, required=False),
            ColumnSpec(
                "organization",
                ORGANIZATION.header,
                ORGANIZATION.synonyms,
                required=False,
                hint=ORGANIZATION.hint,
            ),
        ),
        parse=parse_visit,
        key=visit_key,
        key_columns=("visited_on", "member", "head"),
        write=write_visit,
        describe=describe_visit,
        takes_id_number=True,
        order=lambda v: v["visited_on"],
        permission="activities.add_visit",
        field_columns={
            "visited_on": "visited_on",
            "pairing": "member",
            "member": "member",
            "household": "head",
            "content": "content",
            "funds": "funds",
            "goods": "goods",
        },
        list_url_name="pairing:visit_list",
    )
)
