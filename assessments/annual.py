"""The year-end account (年度总账, CONTRACT.md `reports/annual/{year}/`): the committee's year in figures.

Every key of CONTRACT.md's layout is present; each app contributes the blocks of its own records as
queries over them (ledger.selectors.ledger_year_account, activities.selectors.annual), so the figures
are right the moment the records are. Blocks whose records do not exist yet stay 0. Scoped: a
secretary gets their org and the orgs below it, staff and reporting clients the whole committee.

The committee's account reads the whole year (0.45 s of SQL at 20,000 orgs), and dashboards poll it:
an account is kept per reader and day while the version of the counted tables is unchanged
(partybuild.versions: any record created, changed or deleted makes a new one, read in one query), at
most ACCOUNT_SECONDS against writes that leave no trace there.
"""

from __future__ import annotations

from datetime import date
from hashlib import sha256

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import authz
from activities.selectors.annual import six_systems_account
from activities.selectors.brands import brands_account
from activities.selectors.days import service_days_account
from activities.selectors.forums import forums_account
from activities.selectors.meetings import meetings_account
from activities.selectors.pairing import pairing_account
from activities.selectors.posts import posts_account
from activities.selectors.selections import selections_account
from activities.selectors.volunteers import volunteers_account
from ledger.selectors import ledger_year_account
from partybuild.versions import app_tables, tables_version

ACCOUNT_SECONDS = 300


def empty_account(year: int) -> dict:
    """CONTRACT.md's layout with every figure 0."""
    return {
        "year": year,
        "ledger": {"items": 0, "tasks": 0, "assignments": 0, "on_time": 0, "late": 0, "missing": 0},
        "vetting": {"units": 0, "candidates": 0, "people_interviewed": 0, "approved": 0},
        "appointment_talks": 0,
        "bulletins": 0,
        "reminder_talks": {"talks": 0, "rectifications": 0, "closed": 0},
        "letters": 0,
        "debriefs": {"secretaries": 0, "sessions": 0},
        "archives": 0,
        "service_posts": {"posts": 0, "model_posts": 0},
        "feedback": {"praise": 0, "complaints": 0},
        "service_days": {"held": 0, "attendance": 0, "orgs_every_month": 0},
        "forums": {"held": 0, "attendance": 0, "committee": {"nominated": 0, "selected": 0, "awarded": 0}},
        "pairing": {
            "orgs": 0,
            "members": 0,
            "households": 0,
            "people": 0,
            "visits": 0,
            "funds_yuan": 0,
            "goods_yuan": 0,
        },
        "selections": {"double_top_ten": {"sections": 0, "stars": 0}},
        "brands": {"submitted": 0, "recognised": 0, "exited": 0},
        "volunteers": {"teams": 0, "activities": 0},
        "meetings": {"held": 0, "attendance": 0},
    }


def annual_account(user, year: int, *, today: date | None = None) -> dict:
    """The account of `year` in the user's business scope (all zeros for a user without one), from the
    cache while nothing it counts has changed (see the module's docstring)."""
    scope = authz.business_scope(user)
    if scope.is_empty:
        return empty_account(year)
    today = today or timezone.localdate()
    version = tables_version(app_tables(("ledger", "activities"), extra=("accounts.Organization",)))
    raw = repr((user.pk, scope.everything, scope.paths, year, today.isoformat(), version))
    key = f"annual-account:{sha256(raw.encode()).hexdigest()}"
    account = cache.get(key)
    if account is None:
        account = _account(user, scope, year, today)
        cache.set(key, account, ACCOUNT_SECONDS)
    return account


def _account(user, scope: authz.OrgScope, year: int, today: date) -> dict:
    account = empty_account(year)
    account["ledger"] = ledger_year_account(user, year, today=today)
    # Blocks keyed by their selector (service_posts and feedback, meetings, brands, volunteers) …
    for block in (
        six_systems_account(scope, year),
        posts_account(scope, year),
        meetings_account(scope, year),
        brands_account(scope, year),
        volunteers_account(scope, year),
    ):
        account.update(block)
    # … and single blocks.
    account["service_days"] = service_days_account(scope, year)
    account["pairing"] = pairing_account(scope, year)
    account["forums"] = forums_account(scope, year)
    account["selections"] = selections_account(scope, year)
    return account


# What each figure is called on the page and in the Excel file: (block, label, [(key path, label)]).
SECTIONS = [
    (
        "ledger",
        _("台账"),
        [
            (("ledger", "items"), _("大项工作")),
            (("ledger", "tasks"), _("具体任务")),
            (("ledger", "assignments"), _("全年应完成任务")),
            (("ledger", "on_time"), _("按时完成")),
            (("ledger", "late"), _("逾期完成")),
            (("ledger", "missing"), _("未完成")),
        ],
    ),
    (
        "vetting",
        _("审批前考察"),
        [
            (("vetting", "units"), _("涉及单位")),
            (("vetting", "candidates"), _("考察人选")),
            (("vetting", "people_interviewed"), _("个别谈话人数")),
            (("vetting", "approved"), _("同意任职")),
        ],
    ),
    ("appointment_talks", _("任职谈话"), [(("appointment_talks",), _("谈话人次"))]),
    ("bulletins", _("通报与工作提醒"), [(("bulletins",), _("印发期数"))]),
    (
        "reminder_talks",
        _("提醒约谈"),
        [
            (("reminder_talks", "talks"), _("约谈人次")),
            (("reminder_talks", "rectifications"), _("整改事项")),
            (("reminder_talks", "closed"), _("已销号")),
        ],
    ),
    ("letters", _("函告"), [(("letters",), _("函告份数"))]),
    (
        "debriefs",
        _("述职评议"),
        [(("debriefs", "secretaries"), _("述职书记")), (("debriefs", "sessions"), _("述职评议会"))],
    ),
    ("archives", _("实绩档案"), [(("archives",), _("建立档案"))]),
    (
        "service_posts",
        _("服务监督岗"),
        [(("service_posts", "posts"), _("设岗")), (("service_posts", "model_posts"), _("示范岗"))],
    ),
    (
        "feedback",
        _("群众评价"),
        [(("feedback", "praise"), _("表扬")), (("feedback", "complaints"), _("投诉"))],
    ),
    (
        "service_days",
        _("党员服务日"),
        [
            (("service_days", "held"), _("开展次数")),
            (("service_days", "attendance"), _("参加人次")),
            (("service_days", "orgs_every_month"), _("每月开展的党组织")),
        ],
    ),
    (
        "forums",
        _("主题讲坛"),
        [
            (("forums", "held"), _("举办次数")),
            (("forums", "attendance"), _("参加人次")),
            (("forums", "committee", "nominated"), _("工委讲坛推荐")),
            (("forums", "committee", "selected"), _("工委讲坛入选")),
            (("forums", "committee", "awarded"), _("工委讲坛表彰")),
        ],
    ),
    (
        "pairing",
        _("扶贫结对帮扶"),
        [
            (("pairing", "orgs"), _("参与党组织")),
            (("pairing", "members"), _("结对党员")),
            (("pairing", "households"), _("结对户")),
            (("pairing", "people"), _("帮扶人口")),
            (("pairing", "visits"), _("走访次数")),
            (("pairing", "funds_yuan"), _("投入资金（元）")),
            (("pairing", "goods_yuan"), _("物资折价（元）")),
        ],
    ),
    (
        "selections",
        _("双十佳评选"),
        [
            (("selections", "double_top_ten", "sections"), _("十佳科室窗口")),
            (("selections", "double_top_ten", "stars"), _("十佳个人标兵")),
        ],
    ),
    (
        "brands",
        _("支部品牌"),
        [
            (("brands", "submitted"), _("申报")),
            (("brands", "recognised"), _("认定")),
            (("brands", "exited"), _("退出")),
        ],
    ),
    (
        "volunteers",
        _("志愿服务"),
        [(("volunteers", "teams"), _("服务队")), (("volunteers", "activities"), _("服务活动"))],
    ),
    (
        "meetings",
        _("三会一课"),
        [(("meetings", "held"), _("召开次数")), (("meetings", "attendance"), _("参加人次"))],
    ),
]


def figure(account: dict, path: tuple[str, ...]):
    value = account
    for key in path:
        value = value[key]
    return value


def account_sections(account: dict) -> list[dict]:
    """The account as the page and the Excel file show it: a card per block with its labelled figures."""
    return [
        {
            "key": key,
            "label": label,
            "figures": [{"label": name, "value": figure(account, path)} for path, name in rows],
        }
        for key, label, rows in SECTIONS
    ]
