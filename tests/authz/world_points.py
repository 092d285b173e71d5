"""Member points rows of the authz world: a scheme with one item, and for org A's member (the world's
party member), another org A member and an org B member, each a manual point and a quarter's points."""

from __future__ import annotations

from decimal import Decimal

from accounts.models import MemberClass
from assessments.models import MemberPoints
from assessments.services import points as services
from tests.factories import MemberFactory


def points_rows(staff, person, org_b) -> dict[str, dict[str, object]]:
    scheme = services.scheme_create(
        actor=staff,
        year=2020,
        member_class=MemberClass.NORMAL,
        title="2020年正常参加活动党员积分方案",
        items=[{"code": "good", "label": "好人好事", "source": "manual", "points_per_unit": 1}],
    )
    people = {
        "own": person,
        "other": MemberFactory(organization=org_b),
        "peer": MemberFactory(organization=person.organization),
    }
    manual = {
        key: services.manual_point_add(
            actor=staff,
            member=member,
            period="2020-Q2",
            points=Decimal(2),
            reason="志愿服务",
            item_code="good",
        )
        for key, member in people.items()
    }
    points = {
        key: MemberPoints.objects.get(member=member, period="2020-Q2") for key, member in people.items()
    }
    return {
        "assessments.pointscheme": {"own": scheme},
        "assessments.pointitem": {"own": scheme.items.get()},
        "assessments.manualpoint": manual,
        "assessments.memberpoints": points,
    }
