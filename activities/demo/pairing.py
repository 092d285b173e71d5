"""扶贫结对 in the demo year: ~150 households in Qingzhen's villages, a quarter of the members (about 300 of
1,200) paired with them, ~800 visits spread over the year with the money and goods they brought.

Deterministic (its own random seed) and fast: rows are bulk-created, as an import of last year's ledger
would leave them. sec01's branch has visits in the current month, so its home card shows them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ..models import Household, Pairing, Visit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"
GIVEN = (
    "德明",
    "正华",
    "光荣",
    "世才",
    "国富",
    "兴林",
    "永贵",
    "开平",
    "玉兰",
    "秀英",
    "仕学",
    "老三",
    "金花",
    "学文",
)
VILLAGES = (
    "红枫湖镇右二村",
    "红枫湖镇民乐村",
    "站街镇站街村",
    "站街镇广大村",
    "卫城镇卫城村",
    "卫城镇东门村",
    "暗流镇暗流村",
    "麦格乡麦格村",
    "犁倭镇犁倭村",
    "流长乡流长村",
    "王庄乡王庄村",
    "新店镇新店村",
    "百花湖镇百花社区",
    "巢凤街道巢凤社区",
)
CAUSES = ("因病", "因残", "因学", "缺劳力", "缺技术", "缺资金", "因灾", "自身发展动力不足")
WHAT = (
    "宣讲扶贫政策，了解家庭收入情况",
    "帮助联系务工岗位",
    "送去米、油等生活物资",
    "协助办理医疗救助手续",
    "帮助春耕备耕，送去化肥种子",
    "帮助孩子申请教育资助",
    "慰问走访，帮助打扫庭院",
    "协调安装自来水管道",
    "指导发展特色种植",
    "帮助销售农产品",
)


def _money(rng: random.Random, chance: float, low: int, high: int) -> Decimal:
    if rng.random() > chance:
        return Decimal(0)
    return Decimal(rng.randrange(low, high, 50))


def seed_pairing(accounts, *, year: int, today: date) -> str:
    rng = random.Random(2019)
    members = sorted((m for roster in accounts.members.values() for m in roster), key=lambda m: m.pk)
    rng.shuffle(members)
    paired = members[: max(4, len(members) // 4)]
    household_count = max(2, len(paired) // 2)
    villages = VILLAGES
    heads: set[tuple[str, str]] = set()
    while len(heads) < household_count:
        heads.add((rng.choice(SURNAMES) + rng.choice(GIVEN), rng.choice(villages)))
    households = Household.objects.bulk_create(
        Household(
            head_name=head,
            village=village,
            people=rng.choice((1, 2, 3, 3, 4, 4, 5, 6)),
            cause=rng.choice(CAUSES),
        )
        for head, village in sorted(heads)
    )
    last_day = min(date(year, 12, 31), today)
    pairings = []
    for index, member in enumerate(paired):
        household = households[index % len(households)]
        started = date(year - 1, 3, 1) + timedelta(days=rng.randrange(0, 400))
        pairings.append(
            Pairing(
                member=member,
                household=household,
                organization_id=member.organization_id,
                started_on=min(started, last_day),
            )
        )
    pairings = Pairing.objects.bulk_create(pairings)
    # The org that looks after a household: that of its first paired member.
    for household, pairing in zip(households, pairings, strict=False):
        household.organization_id = pairing.organization_id
    Household.objects.bulk_update(households, ["organization"])

    first_org = accounts.orgs.grassroots[0].pk if accounts.orgs.grassroots else None
    visits: dict[tuple, Visit] = {}
    target = max(8, len(paired) * 8 // 3)
    attempts = 0
    while len(visits) < target and attempts < target * 5:
        attempts += 1
        pairing = rng.choice(pairings)
        start = max(pairing.started_on, date(year, 1, 1))
        if start > last_day:
            continue
        on = start + timedelta(days=rng.randrange(0, (last_day - start).days + 1))
        key = (pairing.member_id, pairing.household_id, on)
        if key in visits:
            continue
        visits[key] = _visit(rng, pairing, on)
    # sec01's branch visited this month (its home card).
    for pairing in [p for p in pairings if p.organization_id == first_org][:3]:
        on = max(today.replace(day=1), pairing.started_on)
        if on.year == year and on <= last_day:
            visits.setdefault((pairing.member_id, pairing.household_id, on), _visit(rng, pairing, on))
    Visit.objects.bulk_create(visits.values())
    people = sum(h.people for h in households)
    funds = sum(v.funds for v in visits.values())
    goods = sum(v.goods for v in visits.values())
    return (
        f"{year}年扶贫结对：党员 {len(paired)} 名结对帮扶 {len(households)} 户（{people} 人），"
        f"走访 {len(visits)} 次，投入资金 {funds:,.0f} 元，物资折价 {goods:,.0f} 元。"
    )


def _visit(rng: random.Random, pairing: Pairing, on: date) -> Visit:
    return Visit(
        pairing=pairing,
        member_id=pairing.member_id,
        household_id=pairing.household_id,
        organization_id=pairing.organization_id,
        visited_on=on,
        content=rng.choice(WHAT),
        funds=_money(rng, 0.45, 100, 500),
        goods=_money(rng, 0.5, 50, 300),
    )
