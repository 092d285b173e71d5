"""The expected-vs-held check: 党员大会 and 党课 each quarter, 支委会 each month, 免查 kept as data."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import OrgKind
from activities.models import MeetingExemption, MeetingType
from activities.selectors.meetings import (
    DUE,
    EXEMPT,
    FUTURE,
    HELD,
    MISSING,
    meeting_check,
    meetings_due,
)
from activities.services.meetings import exemption_create
from tests.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = date(2020, 8, 15)


def _statuses(row, meeting_type):
    return [cell.status for cell in row.cells[meeting_type]]


def test_it_asks_for_a_general_meeting_each_quarter(org_a, record):
    record(org_a, MeetingType.GENERAL, date(2020, 2, 10))
    record(org_a, MeetingType.GENERAL, date(2020, 3, 20))  # two in Q1 count once for the rule
    (row,) = meeting_check([org_a], 2020, today=TODAY)
    assert _statuses(row, MeetingType.GENERAL) == [HELD, MISSING, DUE, FUTURE]
    assert row.cells[MeetingType.GENERAL][0].count == 2
    assert row.missing(MeetingType.GENERAL) == 1


def test_it_asks_for_a_party_lecture_each_quarter_apart_from_the_general_meeting(org_a, record):
    record(org_a, MeetingType.GENERAL, date(2020, 5, 10))
    record(org_a, MeetingType.LECTURE, date(2020, 1, 10))
    (row,) = meeting_check([org_a], 2020, today=TODAY)
    assert _statuses(row, MeetingType.LECTURE) == [HELD, MISSING, DUE, FUTURE]
    assert _statuses(row, MeetingType.GENERAL) == [MISSING, HELD, DUE, FUTURE]


def test_it_asks_for_a_committee_meeting_each_month(org_a, record):
    for month in (1, 2, 4, 8):
        record(org_a, MeetingType.COMMITTEE, date(2020, month, 5))
    record(org_a, MeetingType.GROUP, date(2020, 3, 5))  # a group meeting is no committee meeting
    (row,) = meeting_check([org_a], 2020, today=TODAY)
    statuses = _statuses(row, MeetingType.COMMITTEE)
    assert statuses[:8] == [HELD, HELD, MISSING, HELD, MISSING, MISSING, MISSING, HELD]
    assert statuses[8:] == [FUTURE] * 4
    assert row.missing(MeetingType.COMMITTEE) == 4


def test_a_month_under_way_without_a_committee_meeting_is_due_not_missing(org_a):
    (row,) = meeting_check([org_a], 2020, types=(MeetingType.COMMITTEE,), today=TODAY)
    assert row.cells[MeetingType.COMMITTEE][7].status == DUE


def test_an_exempted_org_shows_exempt_and_is_not_missing(org_a, org_b, committee_staff):
    exemption_create(
        actor=committee_staff,
        organization=org_a,
        meeting_type="",
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 6, 30),
        reason="换届调整",
    )
    rows = meeting_check([org_a, org_b], 2020, today=TODAY)
    by_org = {row.organization.pk: row for row in rows}
    a, b = by_org[org_a.pk], by_org[org_b.pk]
    assert _statuses(a, MeetingType.GENERAL)[:2] == [EXEMPT, EXEMPT]
    assert _statuses(a, MeetingType.COMMITTEE)[:7] == [EXEMPT] * 6 + [MISSING]
    assert a.cells[MeetingType.GENERAL][0].reason == "换届调整"
    assert a.missing(MeetingType.GENERAL) == 0
    assert b.missing(MeetingType.GENERAL) == 2


def test_an_exemption_of_one_type_leaves_the_others_checked(org_a, committee_staff):
    exemption_create(
        actor=committee_staff,
        organization=org_a,
        meeting_type=MeetingType.LECTURE,
        starts_on=date(2020, 4, 1),
        ends_on=date(2020, 4, 30),
        reason="集中轮训",
    )
    (row,) = meeting_check([org_a], 2020, today=TODAY)
    assert _statuses(row, MeetingType.LECTURE)[:2] == [MISSING, EXEMPT]  # touching Q2 exempts it
    assert _statuses(row, MeetingType.GENERAL)[:2] == [MISSING, MISSING]


def test_a_held_meeting_shows_held_even_in_an_exempted_period(org_a, record, committee_staff):
    exemption_create(
        actor=committee_staff,
        organization=org_a,
        meeting_type="",
        starts_on=date(2020, 1, 1),
        ends_on=date(2020, 12, 31),
        reason="撤并",
    )
    record(org_a, MeetingType.GENERAL, date(2020, 2, 10))
    (row,) = meeting_check([org_a], 2020, today=TODAY)
    assert _statuses(row, MeetingType.GENERAL) == [HELD, EXEMPT, EXEMPT, EXEMPT]


def test_exemptions_are_kept_by_staff_only(org_a, secretary_a):
    from partybuild.exceptions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        exemption_create(
            actor=secretary_a,
            organization=org_a,
            meeting_type="",
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 3, 31),
            reason="自行免查",
        )
    assert not MeetingExemption.objects.exists()


def test_an_exemption_ending_before_it_starts_is_refused(org_a, committee_staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        exemption_create(
            actor=committee_staff,
            organization=org_a,
            meeting_type="",
            starts_on=date(2020, 3, 1),
            ends_on=date(2020, 1, 1),
            reason="x",
        )
    assert "结束日期不能早于开始日期" in str(error.value)


def test_the_grid_takes_the_same_queries_for_two_orgs_or_twelve(
    root_org, record, django_assert_max_num_queries
):
    orgs = [make_org(root_org, f"中共测试第{i}支部委员会", kind=OrgKind.BRANCH) for i in range(12)]
    for org in orgs:
        record(org, MeetingType.GENERAL, date(2020, 2, 3))
        record(org, MeetingType.COMMITTEE, date(2020, 5, 3))
    with django_assert_max_num_queries(2):
        meeting_check(orgs[:2], 2020, today=TODAY)
    with django_assert_max_num_queries(2):
        rows = meeting_check(orgs, 2020, today=TODAY)
    assert all(row.cells[MeetingType.GENERAL][0].status == HELD for row in rows)


def test_a_secretary_sees_what_is_due_this_quarter(org_a, secretary_a, record):
    record(org_a, MeetingType.GENERAL, date(2020, 7, 3))
    items = {item.meeting_type: item for item in meetings_due(secretary_a, today=TODAY)}
    assert items[MeetingType.GENERAL].status == HELD
    assert items[MeetingType.LECTURE].status == DUE
    assert items[MeetingType.COMMITTEE].status == DUE
    assert items[MeetingType.COMMITTEE].period.label == "2020年8月"
    assert items[MeetingType.LECTURE].period.label == "2020年第3季度"
