"""bench/city/forums.py writes consistent forums and selections, and the pages bench/pages.py times answer."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import Role, RoleAssignment, User
from activities.models import Candidate, CandidateStage, Forum, ForumOrg, SelectionKind
from bench.city import forums as bench_forums
from bench.city.context import Sizes
from bench.city.core import STEPS, build

TODAY = date(2026, 11, 30)
SIZES = Sizes(orgs=40, members=400, years=1, assignments=200, secretary_logins=10, today=TODAY)

pytestmark = pytest.mark.django_db


def test_the_city_has_forums_each_quarter_and_the_selections_and_the_pages_answer(client):
    steps = [s for s in STEPS if s[0] in ("accounts", "ledger", "forums")]
    build(SIZES, steps=steps)
    assert Forum.objects.filter(held_on__year=2026).exists()
    assert ForumOrg.objects.count() >= Forum.objects.count()
    assert not Forum.objects.filter(held_on__gt=TODAY).exists()
    speakers = Candidate.objects.filter(selection__kind=SelectionKind.FORUM_SPEAKERS)
    assert speakers.filter(stage=CandidateStage.AWARDED).count() == 6
    branch = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first().user
    logins = {"staff": User.objects.get(username="city_staff"), "branch": branch}
    logins["staff_api"], logins["branch_api"] = logins["staff"], branch
    for name, who, path in bench_forums.pages(2026) + bench_forums.api_pages(2026):
        client.force_login(logins[who])
        assert client.get(path).status_code == 200, (name, who, path)
