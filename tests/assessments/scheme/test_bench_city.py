"""The bench city's scheme step computes and publishes the ended quarters, and the pages bench/pages.py
measures for it answer 200 on that city."""

from datetime import date

import pytest

from accounts.models import Role, RoleAssignment, User
from assessments.models import AssessmentRun, RunState
from bench.city.context import Sizes
from bench.city.core import build
from bench.city.scheme import scheme_api_pages, scheme_pages

TODAY = date(2026, 11, 30)


@pytest.mark.django_db
def test_the_city_publishes_the_ended_quarters_and_the_pages_answer(client):
    build(Sizes(orgs=40, members=300, years=1, assignments=600, secretary_logins=10, today=TODAY))
    runs = AssessmentRun.objects.filter(year=2026)
    assert sorted(runs.values_list("period", flat=True)) == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert set(runs.values_list("state", flat=True)) == {RunState.PUBLISHED}
    branch = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first().user
    logins = {"staff": "city_staff", "staff_api": "city_staff", "branch": branch, "branch_api": branch}
    for name, who, path in [*scheme_pages(2026), *scheme_api_pages(2026)]:
        user = logins[who]
        client.force_login(user if isinstance(user, User) else User.objects.get(username=user))
        assert client.get(path).status_code == 200, (name, who, path)
