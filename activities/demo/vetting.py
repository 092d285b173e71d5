"""The six systems in the demo year: vettings → approved terms → appointment talks.

Called by `seed_demo` after the accounts and the ledger. Deterministic: the same orgs, people and
dates on every install. The terms the accounts demo made (years ago) had their talk a few weeks after
they began — except sec02's, so sec02's home page shows 谈话待办 (long overdue). In the demo year a
deputy secretary (副书记) is vetted in several branches: most approved and talked to, two approved
recently and waiting for their talk, one waiting more than 30 days (red on 谈话待办), one deferred,
one not approved, one still without a conclusion. Deputies are chosen so no demo login loses its role.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import Member, MemberClass, SecretaryRole, SecretaryTerm

from .. import services
from ..models import VettingConclusion, VettingReason

TEAM = ("工委组织委员王敏、工委办公室李红", "工委副书记陈刚、组织科张丽", "工委组织委员王敏、组织科刘洋")
TALKED_BY = ("工委书记", "工委副书记", "工委书记、工委组织委员")
FINDINGS = {
    "finding_morality": "理想信念坚定，对党忠诚，政治立场坚定，能严守政治纪律和政治规矩。",
    "finding_ability": "熟悉党务工作，组织协调能力较强，能带领支部完成各项任务。",
    "finding_diligence": "工作积极主动，责任心强，按时参加组织生活。",
    "finding_performance": "所在科室工作成效明显，年度考核连续为优秀等次。",
    "finding_integrity": "廉洁自律，群众反映良好，未发现违纪违法问题。",
}
PLAN = "落实“三会一课”，每月开展主题党日，抓好支部标准化规范化建设。"
PLEDGE = "切实履行抓党建第一责任人职责，带头学习、带头履职、带头廉洁自律。"
# (days before today the vetting was approved or concluded, conclusion, talked to after N days or None)
PLAN_OF_YEAR = (  # the small demo has few branches: the cases worth seeing come first
    (45, VettingConclusion.APPROVED, None),  # more than 30 days without a talk: overdue
    (12, VettingConclusion.APPROVED, None),
    (120, VettingConclusion.APPROVED, 9),
    (5, VettingConclusion.APPROVED, None),
    (40, VettingConclusion.DEFERRED, None),
    (230, VettingConclusion.APPROVED, 12),
    (30, VettingConclusion.REJECTED, None),
    (180, VettingConclusion.APPROVED, 20),
    (3, VettingConclusion.PENDING, None),
    (75, VettingConclusion.APPROVED, 25),
)


@dataclass
class SixVettingSummary:
    vettings: int = 0
    terms: int = 0
    talks: int = 0
    due: int = 0

    def line(self, year: int) -> str:
        return (
            f"{year}年六项制度：审批前考察 {self.vettings} 人，批复任职 {self.terms} 人，"
            f"任职谈话 {self.talks} 次，谈话待办 {self.due} 人。"
        )


def _clamp(day: date, year: int, today: date) -> date:
    return min(max(day, date(year, 1, 2)), today)


def seed_six_vetting(*, accounts, year: int, today: date) -> SixVettingSummary:
    summary = SixVettingSummary()
    sec02 = accounts.users.secretaries[1].member_id if len(accounts.users.secretaries) > 1 else None
    for term in SecretaryTerm.objects.filter(ended_on__isnull=True).exclude(member_id=sec02).order_by("pk"):
        services.appointment_talk_create(
            actor=None,
            term=term,
            talked_on=min(term.started_on + timedelta(days=14 + term.pk % 10), today),
            talked_by=TALKED_BY[term.pk % len(TALKED_BY)],
            plan=PLAN,
            pledge=PLEDGE,
        )
        summary.talks += 1
    holders = set(SecretaryTerm.objects.values_list("member_id", flat=True))
    branches = [org for org in accounts.orgs.grassroots if accounts.members.get(org.pk)]
    for index, (org, (days, conclusion, talk_after)) in enumerate(
        zip(branches[2:], PLAN_OF_YEAR, strict=False)
    ):
        candidate = _candidate(accounts.members[org.pk], holders)
        if candidate is None:
            continue
        holders.add(candidate.pk)
        decided = _clamp(today - timedelta(days=days), year, today)
        visited = _clamp(decided - timedelta(days=10), year, today)
        vetting = services.vetting_create(
            actor=None,
            organization=org,
            candidate=candidate,
            proposed_role=SecretaryRole.DEPUTY,
            reason=(VettingReason.VACANCY, VettingReason.ELECTION)[index % 2],
            team_members=TEAM[index % len(TEAM)],
            visited_on=visited,
            interviewed_count=12 + index,
            interviewed_members=8,
            interviewed_public=2 + index % 3,
            interviewed_leaders=1,
            **FINDINGS,
        )
        summary.vettings += 1
        if conclusion == VettingConclusion.PENDING:
            continue
        approved = conclusion == VettingConclusion.APPROVED
        vetting = services.vetting_conclude(
            actor=None,
            vetting=vetting,
            conclusion=conclusion,
            approval_document=f"清直工委〔{decided.year}〕{20 + index}号" if approved else "",
            approved_on=decided if approved else None,
        )
        if not approved:
            continue
        summary.terms += 1
        if talk_after is None or decided + timedelta(days=talk_after) > today:
            summary.due += 1
            continue
        services.appointment_talk_create(
            actor=None,
            term=vetting.term,
            talked_on=decided + timedelta(days=talk_after),
            talked_by=TALKED_BY[index % len(TALKED_BY)],
            plan=PLAN,
            pledge=PLEDGE,
        )
        summary.talks += 1
    return summary


def _candidate(roster: list[Member], holders: set[int]) -> Member | None:
    """A full member without a post: the usual pick for a deputy secretary."""
    return next(
        (
            m
            for m in roster
            if m.pk not in holders and m.member_class == MemberClass.NORMAL and not m.party_post
        ),
        None,
    )
