"""seed_demo's 主题讲坛 and selections: forums of most orgs each quarter (some joint, some quarters
missed), the half-year speaker selection 36 → 10 → 6 scored live, and a 双十佳 with its categories."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from accounts.models import User
from activities.models import Candidate, CandidateStage, Forum, SelectionKind, SelectionRound
from activities.selectors.forums import forum_grid
from assessments.annual import annual_account

TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_year_has_forums_each_quarter_and_the_selections():
    out = StringIO()
    call_command("seed_demo", "--year", "2026", "--today", TODAY.isoformat(), "--scale", "small", stdout=out)
    assert "主题讲坛" in out.getvalue()
    forums = Forum.objects.filter(held_on__year=2026)
    assert forums.filter(held_on__gt=TODAY).count() == 0
    assert forums.annotate(n=Count("org_links")).filter(n__gt=1).exists()
    staff = User.objects.get(username="staff")
    grid = forum_grid(staff, 2026)
    assert grid["orgs"] > grid["complete"] > 0  # most orgs every quarter, some missed one
    speakers = Candidate.objects.filter(
        selection__kind=SelectionKind.FORUM_SPEAKERS, selection__name__startswith="2026年上半年"
    )
    assert speakers.count() == 36
    assert speakers.filter(stage__in=[CandidateStage.SELECTED, CandidateStage.AWARDED]).count() == 10
    assert speakers.filter(stage=CandidateStage.AWARDED).count() == 6
    assert SelectionRound.objects.filter(round__state="closed").exists()
    account = annual_account(staff, 2026, today=TODAY)
    assert account["forums"]["held"] == forums.count()
    # 10 windows at full scale; the small demo has fewer grassroots orgs than that
    assert account["selections"]["double_top_ten"]["sections"] == min(10, grid["orgs"])
    assert account["selections"]["double_top_ten"]["stars"] == 10
