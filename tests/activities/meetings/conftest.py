"""Fixtures of the 三会一课 tests: a small roster in org A, a helper that records a meeting."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import MeetingType
from activities.services.meetings import meeting_create
from tests.activities.imports.conftest import write_workbook
from tests.factories import MemberFactory


@pytest.fixture
def roster_a(org_a):
    return [MemberFactory(organization=org_a, name=name) for name in ("李明", "王红", "赵强", "孙丽")]


@pytest.fixture
def record():
    """record(org, type, day, **fields): a meeting written by the service with no actor (as an import)."""

    def make(org, meeting_type=MeetingType.GENERAL, held_on=date(2020, 2, 10), **fields):
        fields.setdefault("expected_count", 10)
        fields.setdefault("present_count", 8)
        return meeting_create(
            actor=None, organization=org, meeting_type=meeting_type, held_on=held_on, **fields
        )

    return make


@pytest.fixture
def workbook(tmp_path):
    counter = iter(range(1000))

    def make(headers, rows, **kwargs):
        return write_workbook(tmp_path / f"meetings{next(counter)}.xlsx", headers, rows, **kwargs)

    return make
