"""seed_demo's brands, volunteers, trainings and information pieces (the small scale)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from activities.models import (
    Brand,
    BrandStatus,
    BrandYear,
    InfoPiece,
    TeamTier,
    Training,
    VolunteerActivity,
    VolunteerHours,
    VolunteerTeam,
)

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_has_brands_entering_and_exiting_and_a_three_tier_corps():
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--year", "2026", "--today", "2026-11-23", stdout=out)
    assert "一支部一品牌" in out.getvalue()
    assert Brand.objects.count() == 15
    this_year = dict(
        (status, BrandYear.objects.filter(year=2026, status=status).count()) for status in BrandStatus.values
    )
    assert this_year == {"submitted": 2, "recognised": 8, "exited": 2}
    assert BrandYear.objects.filter(year=2025, status=BrandStatus.RECOGNISED).count() == 9
    assert set(VolunteerTeam.objects.values_list("tier", flat=True)) == set(TeamTier.values)
    assert VolunteerActivity.objects.count() == 60
    assert VolunteerHours.objects.filter(activity__held_on__year=2026).count() >= 180
    assert Training.objects.count() == 20 and InfoPiece.objects.count() == 80
    assert 0 < InfoPiece.objects.filter(adopted=True).count() < 80
