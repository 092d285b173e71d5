"""bench/city builds member points for a small city, and the points pages bench/pages.py measures answer."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role, RoleAssignment, User
from assessments.models import ManualPoint, MemberPoints
from bench.city.context import Sizes
from bench.city.core import build
from bench.city.points import points_api_pages, points_pages

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def test_the_city_has_points_and_the_points_pages_answer(client):
    build(Sizes(orgs=40, members=400, years=1, assignments=500, secretary_logins=10, today=TODAY))
    assert MemberPoints.objects.filter(period="2026-Q3").count() > 300
    assert ManualPoint.objects.exists()
    grant = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first()
    t = {"year": 2026, "branch_org": grant.organization_id}
    logins = {"staff": "city_staff", "staff_api": "city_staff", "branch": grant.user.username}
    logins["branch_api"] = logins["branch"]
    rows = points_pages(t) + points_api_pages(t)
    assert len(rows) >= 8
    for name, who, path in rows:
        client.force_login(User.objects.get(username=logins[who]))
        response = client.get(path)
        assert response.status_code == 200, (name, who, path, response.status_code)
