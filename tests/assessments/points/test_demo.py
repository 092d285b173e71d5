"""The demo year carries member points: a scheme per class, manual items, the finished quarters computed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import MemberClass, User
from assessments.models import ManualPoint, MemberPoints, PointScheme

pytestmark = pytest.mark.django_db


def test_the_demo_has_schemes_manual_items_and_computed_quarters():
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--year", "2026", "--today", "2026-11-23", stdout=out)
    assert "党员积分" in out.getvalue()
    assert set(PointScheme.objects.values_list("member_class", flat=True)) == set(MemberClass.values)
    assert ManualPoint.objects.exists()
    assert set(MemberPoints.objects.values_list("period", flat=True)) == {"2026-Q1", "2026-Q2", "2026-Q3"}
    member = User.objects.get(username="member01")
    assert MemberPoints.objects.filter(member_id=member.member_id).count() == 3
