"""Rows of 一支部一品牌, 志愿服务, 学习培训 and 信息报送 for the matrix world: one in org A, one in org B."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from accounts.models import Member, Organization
from activities.models import TeamTier, TrainingKind, VolunteerTeam
from activities.services import brands as services


def brands_rows(staff, org_a, org_b, year: int) -> dict[str, dict[str, object]]:
    root = Organization.objects.get_parent(org_a)
    corps = VolunteerTeam.objects.create(
        name="权限矩阵志愿服务总队", tier=TeamTier.CORPS, organization=root, founded_on=date(year, 1, 1)
    )
    rows: dict[str, dict[str, object]] = {
        "activities.brand": {},
        "activities.volunteerteam": {},
        "activities.volunteeractivity": {},
        "activities.training": {},
        "activities.infopiece": {},
    }
    for key, org in (("own", org_a), ("other", org_b)):
        brand = services.brand_apply(actor=staff, organization=org, year=year, name=f"{org.short_name}品牌")
        services.brand_review(actor=staff, brand=brand, year=year, status="recognised")
        team = services.volunteer_team_create(
            actor=staff,
            organization=org,
            name=f"{org.short_name}志愿服务支队",
            tier=TeamTier.DETACHMENT,
            parent=corps,
            founded_on=date(year, 1, 1),
        )
        member = Member.objects.filter(organization=org).first()
        if member is None:
            member = Member.objects.create(organization=org, name=f"{org.short_name}志愿者")
        services.volunteer_members_add(actor=staff, team=team, members=[member], joined_on=date(year, 1, 1))
        rows["activities.brand"][key] = brand
        rows["activities.volunteerteam"][key] = team
        rows["activities.volunteeractivity"][key] = services.volunteer_activity_record(
            actor=staff,
            team=team,
            hours={member.pk: Decimal(2)},
            held_on=date(year, 3, 5),
            title="文明交通劝导",
        )
        rows["activities.training"][key] = services.training_record(
            actor=staff,
            organization=org,
            kind=TrainingKind.OTHER,
            title="支部集中学习",
            starts_on=date(year, 4, 1),
        )
        rows["activities.infopiece"][key] = services.info_piece_send(
            actor=staff, organization=org, title="开展主题党日", sent_on=date(year, 5, 1), channel="committee"
        )
    return rows
