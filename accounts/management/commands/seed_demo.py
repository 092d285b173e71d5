"""Load the demo year: a Qingzhen-like committee, its orgs, members, logins and a year's ledger."""

from __future__ import annotations

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, SCALES, seed_accounts
from accounts.demo.six_bulletins import seed_six_bulletins
from accounts.models import Organization
from activities.demo.archive import archive_summary
from activities.demo.brands import seed_brands
from activities.demo.days import seed_days
from activities.demo.forums import seed_forums
from activities.demo.meetings import seed_meetings
from activities.demo.pairing import seed_pairing
from activities.demo.posts import seed_posts
from activities.demo.scoring import seed_debriefs
from assessments.demo.points import seed_points
from assessments.demo.scheme import seed_scheme
from partybuild.periods import year_argument

CARRIER_AND_ASSESSMENT_SEEDS = (
    seed_posts,
    seed_days,
    seed_meetings,
    seed_pairing,
    seed_forums,
    seed_brands,
    seed_points,
    seed_scheme,
)


class Command(BaseCommand):
    # The data needs models only; `make run` has just run migrate, which already ran the system checks.
    requires_system_checks: list[str] = []
    help = "载入演示数据（清镇式的机关工委、约40个基层党组织、约1200名党员、各角色账号和一年的台账）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="数据库中已有党组织时什么也不做（make run 用它只载入一次）",
        )
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="full", help="small 用于测试；默认 full"
        )
        parser.add_argument("--year", type=year_argument, default=None, help="台账年度，默认今年")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="把哪一天当作“今天”（YYYY-MM-DD），决定哪些期间已过去；默认今天",
        )

    def handle(self, *args, if_empty: bool, scale: str, year: int | None, today: date | None, **options):
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("数据库中已有党组织数据，跳过演示数据。")
                return
            raise CommandError(
                "数据库中已有党组织数据，演示数据只能载入空库，以免重复。"
                "如需重新载入，请先清空数据库（本地模式：删除 var/db.sqlite3 后执行 migrate），"
                "或加 --if-empty 在已有数据时跳过。"
            )
        if today and today > timezone.localdate():
            # Records are submitted through the services, which refuse completion dates in the future.
            raise CommandError(f"--today {today} 晚于今天，请改为今天或更早的日期")
        today = today or timezone.localdate()
        year = year or today.year
        started = time.monotonic()
        with transaction.atomic():
            accounts = seed_accounts(scale=scale, today=today)
            ledger_summary = self._seed_ledger(accounts, year=year, today=today, scale=scale)
            six = self._seed_six_systems(accounts, year=year, today=today)
            ledger_summary += "\n" + seed_six_bulletins(accounts, year=year, today=today)
            ledger_summary += "\n" + seed_debriefs(accounts, year=year, today=today)
            ledger_summary += "\n" + archive_summary(accounts, year=year, today=today)
            # The carriers, then member points (from the carriers' records), then the assessments
            # (from everything above): order matters.
            for seed in CARRIER_AND_ASSESSMENT_SEEDS:
                ledger_summary += "\n" + seed(accounts, year=year, today=today)
        orgs = accounts.orgs
        members = sum(len(roster) for roster in accounts.members.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已载入（{time.monotonic() - started:.1f} 秒）："
                f"基层党组织 {len(orgs.grassroots)} 个，党员 {members} 名，"
                f"书记账号 sec01–sec{len(orgs.grassroots):02d}。"
            )
        )
        if ledger_summary:
            self.stdout.write(ledger_summary)
        self.stdout.write(six.line(year))
        self.stdout.write(f"所有演示账号的密码：{DEMO_PASSWORD}")
        self.stdout.write(
            "报表客户端 report 获取 REST 令牌（有效期见 PARTYBUILD_API_TOKEN_TTL_HOURS，默认 10 小时）："
        )
        self.stdout.write(
            f"  curl -X POST --data-urlencode username=report --data-urlencode 'password={DEMO_PASSWORD}' "
            "http://127.0.0.1:8000/api/v1/auth/token/"
        )
        self.stdout.write("  然后：curl -H 'Authorization: Token <令牌>' http://127.0.0.1:8000/api/v1/…")

    def _seed_six_systems(self, accounts, *, year: int, today: date):
        from activities.demo.vetting import seed_six_vetting

        return seed_six_vetting(accounts=accounts, year=year, today=today)

    def _seed_ledger(self, accounts, *, year: int, today: date, scale: str) -> str:
        from ledger import demo

        result = demo.seed_ledger(accounts=accounts, year=year, today=today, small=scale == "small")
        return (
            f"{year}年度台账：工作项目 {result.items} 项，具体任务 {result.tasks} 项，"
            f"任务分解 {result.assignments} 条，台账记录 {result.records} 条，"
            f"已关账季度 {'、'.join(result.closed) or '无'}。"
        )
