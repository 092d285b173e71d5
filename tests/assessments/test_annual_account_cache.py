"""The year-end account is kept while nothing it counts changes: a dashboard polling it costs one query,
and a record created, changed or deleted shows in the very next answer — for every reader, in their scope."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import MeetingType
from activities.services.meetings import meeting_create, meeting_delete, meeting_update
from assessments.annual import annual_account

pytestmark = pytest.mark.django_db

TODAY = date(2020, 12, 10)


def _meeting(org, day, present=8):
    return meeting_create(
        actor=None,
        organization=org,
        meeting_type=MeetingType.GENERAL,
        held_on=day,
        expected_count=10,
        present_count=present,
    )


def test_asked_again_unchanged_it_answers_from_one_query(committee_staff, org_a, django_assert_num_queries):
    _meeting(org_a, date(2020, 2, 10))
    first = annual_account(committee_staff, 2020, today=TODAY)
    with django_assert_num_queries(1):  # the version of the counted tables
        assert annual_account(committee_staff, 2020, today=TODAY) == first
    assert first["meetings"] == {"held": 1, "attendance": 8}


def test_a_record_created_changed_or_deleted_shows_at_once(committee_staff, org_a):
    first = _meeting(org_a, date(2020, 2, 10))
    assert annual_account(committee_staff, 2020, today=TODAY)["meetings"] == {"held": 1, "attendance": 8}
    second = _meeting(org_a, date(2020, 5, 10), present=6)
    assert annual_account(committee_staff, 2020, today=TODAY)["meetings"] == {"held": 2, "attendance": 14}
    meeting_update(actor=None, meeting=second, present_count=9)
    assert annual_account(committee_staff, 2020, today=TODAY)["meetings"] == {"held": 2, "attendance": 17}
    meeting_delete(actor=committee_staff, meeting=first)
    assert annual_account(committee_staff, 2020, today=TODAY)["meetings"] == {"held": 1, "attendance": 9}


def test_each_reader_keeps_their_own_scope(committee_staff, secretary_b, org_a, org_b):
    _meeting(org_a, date(2020, 2, 10))
    _meeting(org_b, date(2020, 3, 10), present=5)
    assert annual_account(committee_staff, 2020, today=TODAY)["meetings"]["held"] == 2
    assert annual_account(secretary_b, 2020, today=TODAY)["meetings"] == {"held": 1, "attendance": 5}
    assert annual_account(committee_staff, 2021, today=TODAY)["meetings"]["held"] == 0
