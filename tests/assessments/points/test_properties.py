"""Properties of member points for any roster and records hypothesis finds (kept small for CI): a
class's points never use another class's items, and computing again gives the same rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import MemberClass
from assessments.models import MemberPoints, PointItem
from assessments.services import points as services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

roster = st.lists(
    st.tuples(
        st.sampled_from(MemberClass.values),
        st.integers(0, 12),  # meetings
        st.integers(0, 6),  # visits
    ),
    min_size=1,
    max_size=8,
)


def _snapshot():
    return list(
        MemberPoints.objects.order_by("member_id").values_list(
            "member_id", "member_class", "total", "rank", "breakdown"
        )
    )


def _with(members, fake_sources, org):
    made = []
    for member_class, meetings, visits in members:
        m = MemberFactory(organization=org, member_class=member_class)
        fake_sources["fake_meetings"].counts[m.pk] = meetings
        fake_sources["fake_visits"].counts[m.pk] = visits
        made.append(m)
    return made


@EXAMPLES
@given(members=roster, target=st.sampled_from(MemberClass.values), bump=st.integers(1, 9))
def test_a_class_never_uses_another_class_items(schemes, fake_sources, org_a, members, target, bump):
    with transaction.atomic():
        _with(members, fake_sources, org_a)
        services.points_compute(year=2020, quarter=1)
        codes = {cls: {i.code for i in s.items.all()} for cls, s in schemes.items()}
        for _member, member_class, _total, _rank, breakdown in _snapshot():
            assert {line["code"] for line in breakdown} <= codes[member_class]
        before = {row[0]: row[2] for row in _snapshot() if row[1] == target}
        # Change every other class's items: the target class's totals must not move.
        PointItem.objects.exclude(scheme=schemes[target]).update(
            points_per_unit=Decimal(bump), cap_per_quarter=None
        )
        services.points_compute(year=2020, quarter=1)
        after = {row[0]: row[2] for row in _snapshot() if row[1] == target}
        assert before == after
        transaction.set_rollback(True)


@EXAMPLES
@given(members=roster)
def test_computing_again_gives_the_same_rows(schemes, fake_sources, org_a, members):
    with transaction.atomic():
        _with(members, fake_sources, org_a)
        services.points_compute(year=2020, quarter=1)
        first = _snapshot()
        services.points_compute(year=2020, quarter=1)
        assert _snapshot() == first
        assert len(first) == len(members)
        transaction.set_rollback(True)
