"""The documented default scheme, built from the seeds (see also the 考核办法 page).

- Three indices (seed 003, Dazhou): 党建绩效指数 50%, 履行党建责任指数 30%, 党员行为积分指数 20% of the
  composite.
- 党建绩效指数: the ledger (seed 000's 一本台账, "平时记帐") 60% — tasks due in the period, weighted by
  the task's 分值权重: on time counts 100%, late 60%, missing or returned 0; service days 15% (every
  branch every month), forums 10% (every org every quarter), 三会一课 15% — each carrier's compliance
  ratio in the period.
- 履行党建责任指数: 述职评议 40% (the debrief's score, or its grade 好 95 / 较好 85 / 一般 70 / 差 50; not
  counted in a period without a debrief, its weight then goes to the other components); 提醒约谈 30%
  (100, less 20 per talk and 10 per rectification still open); 通报 30% (90, plus 5 per 表扬, less 10
  per 提醒 and 20 per 批评), each kept within 0–100.
- 党员行为积分指数: the org's member points index (0–100) 100%.
- Grades on the composite: 优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60, else 差; at most 20% of the orgs of one
  kind are 优秀 (rounded down; the rest of the candidates become 良好, "quota applied"); "履职不到位"
  for the last of three or more peers and for a grade of 差 (seed 003); party building is 15% of a
  department's annual performance score (seed 003).
"""

from __future__ import annotations

from decimal import Decimal

DEFAULT_SCHEME = {
    "name": "机关党建绩效指数考核办法",
    "notes": __doc__.strip(),
    "performance_weight": Decimal(50),
    "responsibility_weight": Decimal(30),
    "conduct_weight": Decimal(20),
    "excellent_from": Decimal(90),
    "good_from": Decimal(80),
    "fair_from": Decimal(60),
    "excellent_quota": Decimal("0.20"),
    "flag_bottom_rank": True,
    "flag_poor_grade": True,
    "party_building_share": Decimal("0.15"),
}

# (index, key, weight within the index, params, description)
DEFAULT_COMPONENTS = [
    (
        "performance",
        "ledger",
        Decimal(60),
        {"late_credit": 0.6},
        "期间内到期任务按分值权重计：按时完成 100%，逾期完成 60%，未完成或被退回 0",
    ),
    ("performance", "service_days", Decimal(15), {}, "每月至少开展一次党员服务日的达标比例"),
    ("performance", "forums", Decimal(10), {}, "每季度至少举办一次主题讲坛的达标比例"),
    ("performance", "meetings", Decimal(15), {}, "三会一课按规定召开的达标比例"),
    (
        "responsibility",
        "debrief",
        Decimal(40),
        {"grade_scores": {"good": 95, "fairly_good": 85, "fair": 70, "poor": 50}},
        "述职评议得分；无得分按等次折算（好 95、较好 85、一般 70、差 50）；"
        "期间内未述职不计，权重分给其他项目",
    ),
    (
        "responsibility",
        "reminders",
        Decimal(30),
        {"base": 100, "per_talk": 20, "per_open_rectification": 10},
        "基础分 100，每被提醒约谈一次扣 20 分，每项未销号整改扣 10 分",
    ),
    (
        "responsibility",
        "bulletins",
        Decimal(30),
        {"base": 90, "per_praise": 5, "per_remind": 10, "per_criticise": 20},
        "基础分 90，通报表扬一次加 5 分，工作提醒一次扣 10 分，通报批评一次扣 20 分（0–100）",
    ),
    ("conduct", "points", Decimal(100), {}, "党组织党员积分指数（0–100）"),
]
