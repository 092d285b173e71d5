"""Shared set-ups of the live-scoring tests: a small template, a debrief session, reviewers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.models import Role
from activities import services
from activities.models import DebriefKind, ScoringCriterion, ScoringTemplate
from tests.factories import UserFactory


def make_template(name: str = "测试评分表") -> ScoringTemplate:
    """Two criteria: 工作实绩 (weight 60, 0–10) and 作风建设 (weight 40, 0–5); totals 0–100."""
    template = ScoringTemplate.objects.create(
        name=name, good_from=Decimal(90), fairly_good_from=Decimal(80), fair_from=Decimal(60)
    )
    ScoringCriterion.objects.create(template=template, seq=1, name="工作实绩", weight=60, max_points=10)
    ScoringCriterion.objects.create(template=template, seq=2, name="作风建设", weight=40, max_points=5)
    return template


def points(round, first: int, second: int) -> dict:
    a, b = round.criteria
    return {str(a["id"]): first, str(b["id"]): second}


def make_session(staff, *, kind=DebriefKind.TO_COMMITTEE, template=None, held_on=date(2019, 12, 20)):
    return services.debrief_session_create(
        actor=staff,
        year=held_on.year,
        held_on=held_on,
        kind=kind,
        title=f"{held_on.year}年度党组织书记抓党建述职评议会",
        template=template or make_template(),
    )


def make_reviewers(count: int, prefix: str = "rev") -> list:
    return [
        UserFactory(username=f"{prefix}{i}", role=Role.REVIEWER, display_name=f"评委{i}")
        for i in range(count)
    ]
