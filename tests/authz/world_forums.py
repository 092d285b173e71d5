"""The authorization world's 主题讲坛 and selection rows: a forum of each org (org A's jointly with a
third org), a selection open for nominations with a candidate of each org, and a scoring round of it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Role
from tests.factories import make_org, make_root


def forums_rows(staff, users, org_a, org_b) -> dict[str, dict[str, object]]:
    from activities.models import RaterKind, ScoringCriterion, ScoringTemplate
    from activities.services import forums as forum_services
    from activities.services import selections as selection_services

    third = make_org(make_root(), "中共清镇市教育局支部委员会（讲坛）", short_name="市教育局讲坛支部")
    forums = {
        key: forum_services.forum_create(
            actor=staff,
            organization=org,
            co_organizations=co,
            held_on=date(2020, 4, 20),
            topic=f"我是党员·{key}",
            attendance=25,
            speaker_names="讲者",
        )
        for key, org, co in (("own", org_a, [third]), ("other", org_b, []))
    }
    today = timezone.localdate()
    selection = selection_services.selection_create(
        actor=staff,
        year=2020,
        name="2020年上半年“我是党员”主题讲坛主讲人评选",
        nominate_from=today - timedelta(days=1),
        nominate_until=today + timedelta(days=30),
    )
    candidates = {
        key: selection_services.candidate_nominate(
            actor=users[Role.SECRETARY] if key == "own" else staff,
            selection=selection,
            organization=org,
            name=name,
        )
        for key, org, name in (("own", org_a, "王讲"), ("other", org_b, "赵讲"))
    }
    template = ScoringTemplate.objects.create(name="权限矩阵评选评分表")
    ScoringCriterion.objects.create(template=template, name="讲述效果", weight=100, max_points=10)
    link = selection_services.selection_round_open(
        actor=staff, selection=selection, template=template, rater_kind=RaterKind.SEATS
    )
    return {
        "activities.forum": forums,
        "activities.selection": {"own": selection},
        "activities.candidate": candidates,
        "activities.selectionround": {"own": link},
    }
