"""Computing member points: each class by its own scheme, sources asked once, caps, manual items,
dense ranks with ties, idempotent recomputation, versioned schemes, a source that does not import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import MemberClass, MemberStatus
from assessments.models import ManualPoint, MemberPoints, PointScheme
from assessments.points import sources
from assessments.services import points as services
from partybuild.exceptions import PermissionDeniedError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _totals(period="2020-Q1") -> dict[int, Decimal]:
    return dict(MemberPoints.objects.filter(period=period).values_list("member_id", "total"))


def test_it_scores_each_class_with_its_own_scheme(schemes, fake_sources, org_a):
    normal = MemberFactory(organization=org_a, member_class=MemberClass.NORMAL)
    elderly = MemberFactory(organization=org_a, member_class=MemberClass.ELDERLY)
    mobile = MemberFactory(organization=org_a, member_class=MemberClass.MOBILE)
    for m in (normal, elderly, mobile):
        fake_sources["fake_meetings"].counts[m.pk] = 3
        fake_sources["fake_visits"].counts[m.pk] = 2

    written = services.points_compute(year=2020, quarter=1)

    assert written == 3
    assert _totals() == {normal.pk: Decimal(16), elderly.pk: Decimal(6), mobile.pk: Decimal(3)}
    row = MemberPoints.objects.get(member=elderly)
    assert row.scheme == schemes[MemberClass.ELDERLY]
    assert [line["code"] for line in row.breakdown] == ["visit", "good"]


def test_each_source_is_asked_once_for_the_whole_set(schemes, fake_sources, org_a, org_b):
    for org in (org_a, org_b):
        MemberFactory.create_batch(3, organization=org)
    services.points_compute(year=2020, quarter=2)
    calls = fake_sources["fake_meetings"].calls
    assert len(calls) == 1
    start, end, ids = calls[0]
    assert (start.isoformat(), end.isoformat(), ids) == ("2020-04-01", "2020-06-30", None)


def test_a_cap_holds_an_item_within_its_quarterly_limit(schemes, fake_sources, org_a):
    member = MemberFactory(organization=org_a)
    fake_sources["fake_meetings"].counts[member.pk] = 9  # 18 points, capped at 10
    services.points_compute(year=2020, quarter=1)
    line = next(x for x in MemberPoints.objects.get(member=member).breakdown if x["code"] == "meeting")
    assert (line["units"], line["points"]) == (9.0, 10.0)


def test_manual_points_count_capped_under_their_item_and_otherwise_as_other(
    schemes, fake_sources, org_a, secretary_a
):
    member = MemberFactory(organization=org_a)
    services.manual_point_add(
        actor=secretary_a,
        member=member,
        period="2020-Q1",
        points=Decimal(4),
        reason="帮扶邻里",
        item_code="good",
    )
    services.manual_point_add(
        actor=secretary_a,
        member=member,
        period="2020-Q1",
        points=Decimal(3),
        reason="义务献血",
        item_code="good",
    )
    services.manual_point_add(
        actor=secretary_a, member=member, period="2020-Q1", points=Decimal(-2), reason="无故缺席"
    )
    row = MemberPoints.objects.get(member=member, period="2020-Q1")
    lines = {line["code"]: line["points"] for line in row.breakdown}
    assert lines["good"] == 5.0  # 7 given, capped at 5
    assert lines["other"] == -2.0
    assert row.total == Decimal(3)
    assert ManualPoint.objects.get(reason="无故缺席").given_by == secretary_a


def test_another_orgs_secretary_may_not_give_points(schemes, org_a, secretary_b):
    member = MemberFactory(organization=org_a)
    with pytest.raises(PermissionDeniedError):
        services.manual_point_add(
            actor=secretary_b, member=member, period="2020-Q1", points=Decimal(1), reason="x"
        )
    assert not ManualPoint.objects.exists()


def test_ranks_are_dense_within_each_branch_and_class(schemes, fake_sources, org_a, org_b):
    a1, a2, a3, a4 = (MemberFactory(organization=org_a, name=n) for n in ("甲", "乙", "丙", "丁"))
    old = MemberFactory(organization=org_a, member_class=MemberClass.ELDERLY)
    b1 = MemberFactory(organization=org_b)
    counts = {a1.pk: 1, a2.pk: 3, a3.pk: 3, a4.pk: 0, old.pk: 0, b1.pk: 0}
    fake_sources["fake_meetings"].counts.update(counts)
    services.points_compute(year=2020, quarter=1)
    ranks = dict(MemberPoints.objects.values_list("member_id", "rank"))
    assert ranks[a2.pk] == ranks[a3.pk] == 1
    assert ranks[a1.pk] == 2
    assert ranks[a4.pk] == 3
    assert ranks[old.pk] == 1  # ranked among the elderly only
    assert ranks[b1.pk] == 1  # and org B apart


def test_recomputing_writes_the_same_rows(schemes, fake_sources, org_a):
    members = MemberFactory.create_batch(4, organization=org_a)
    for i, m in enumerate(members):
        fake_sources["fake_visits"].counts[m.pk] = i
    services.points_compute(year=2020, quarter=3)
    first = list(
        MemberPoints.objects.order_by("pk").values("pk", "member", "total", "rank", "breakdown", "scheme")
    )
    services.points_compute(year=2020, quarter=3)
    again = list(
        MemberPoints.objects.order_by("pk").values("pk", "member", "total", "rank", "breakdown", "scheme")
    )
    assert first == again


def test_a_member_who_left_loses_the_quarters_row_on_recompute(schemes, org_a):
    member = MemberFactory(organization=org_a)
    services.points_compute(year=2020, quarter=1)
    member.status = MemberStatus.TRANSFERRED
    member.save()
    services.points_compute(year=2020, quarter=1)
    assert not MemberPoints.objects.filter(member=member).exists()


def test_a_source_that_does_not_import_counts_zero(committee_staff, org_a):
    sources.register("not_built", "尚未建设", "activities.selectors.nowhere.member_nothing")
    try:
        services.scheme_create(
            actor=committee_staff,
            year=2020,
            member_class=MemberClass.NORMAL,
            title="方案",
            items=[{"code": "x", "label": "x", "source": "not_built", "points_per_unit": 2}],
        )
        member = MemberFactory(organization=org_a)
        services.points_compute(year=2020, quarter=1)
        assert MemberPoints.objects.get(member=member).total == 0
        assert not sources.available("not_built")
    finally:
        sources.unregister("not_built")


def test_editing_a_used_scheme_makes_a_new_version(schemes, fake_sources, org_a, committee_staff):
    member = MemberFactory(organization=org_a)
    fake_sources["fake_visits"].counts[member.pk] = 1
    services.points_compute(year=2020, quarter=1)
    used = schemes[MemberClass.NORMAL]

    item = services.point_item_save(
        actor=committee_staff, scheme=used, code="visit", points_per_unit=Decimal(8)
    )

    assert item.scheme.version == 2 and item.scheme.year == 2020
    assert used.items.get(code="visit").points_per_unit == 5  # the computed version is unchanged
    assert MemberPoints.objects.get(member=member).scheme == used
    # an unused version is edited in place
    again = services.point_item_save(actor=committee_staff, scheme=item.scheme, code="visit", label="走访")
    assert again.scheme == item.scheme
    services.points_compute(year=2020, quarter=2)
    assert MemberPoints.objects.get(member=member, period="2020-Q2").total == 8


def test_a_new_year_starts_from_last_years_schemes(schemes, org_a):
    MemberFactory(organization=org_a)
    services.points_compute(year=2021, quarter=1)
    copied = PointScheme.objects.get(year=2021, member_class=MemberClass.NORMAL)
    assert copied.version == 1
    assert sorted(copied.items.values_list("code", flat=True)) == ["good", "meeting", "visit"]


def test_only_staff_change_schemes(schemes, secretary_a):
    with pytest.raises(PermissionDeniedError):
        services.point_item_save(
            actor=secretary_a, scheme=schemes[MemberClass.NORMAL], code="visit", label="x"
        )


def test_the_command_and_the_task_compute_a_quarter(schemes, fake_sources, org_a):
    from django.core.management import call_command

    from assessments.points.tasks import compute_points_task

    member = MemberFactory(organization=org_a)
    fake_sources["fake_visits"].counts[member.pk] = 1
    call_command("compute_points", "--year", "2020", "--quarter", "1")
    assert MemberPoints.objects.get(member=member, period="2020-Q1").total == 5
    assert compute_points_task.delay(2020, 2).get() == 1
