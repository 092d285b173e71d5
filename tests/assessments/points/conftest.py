"""Member points tests: fake record sources (the carriers' functions are not on this branch) and a
scheme per member class."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import MemberClass
from assessments.points import sources
from assessments.services.points import scheme_create


class FakeSource:
    """A registered source answering from a dict (member id → count) the test fills; counts its calls."""

    def __init__(self):
        self.counts: dict[int, Decimal] = {}
        self.calls: list[tuple] = []

    def __call__(self, start, end, organization_ids=None):
        self.calls.append((start, end, organization_ids))
        return dict(self.counts)


@pytest.fixture
def fake_sources():
    made = {key: FakeSource() for key in ("fake_meetings", "fake_visits")}
    for key, function in made.items():
        sources.register(key, key, function)
    yield made
    for key in made:
        sources.unregister(key)


@pytest.fixture
def schemes(fake_sources, committee_staff):
    """2020 schemes: normal members earn 2 a meeting (cap 10) and 5 a visit; the elderly 3 a visit (no
    cap) and nothing for meetings; mobile members 1 a meeting. Each class has a manual item."""
    spec = {
        MemberClass.NORMAL: [
            {
                "code": "meeting",
                "label": "参加组织生活",
                "source": "fake_meetings",
                "points_per_unit": 2,
                "cap_per_quarter": 10,
            },
            {"code": "visit", "label": "走访结对户", "source": "fake_visits", "points_per_unit": 5},
            {
                "code": "good",
                "label": "好人好事",
                "source": "manual",
                "points_per_unit": 1,
                "cap_per_quarter": 5,
            },
        ],
        MemberClass.ELDERLY: [
            {"code": "visit", "label": "关心支部工作", "source": "fake_visits", "points_per_unit": 3},
            {"code": "good", "label": "好人好事", "source": "manual", "points_per_unit": 1},
        ],
        MemberClass.MOBILE: [
            {"code": "meeting", "label": "线上组织生活", "source": "fake_meetings", "points_per_unit": 1},
            {
                "code": "report",
                "label": "定期汇报",
                "source": "manual",
                "points_per_unit": 1,
                "cap_per_quarter": 4,
            },
        ],
    }
    return {
        cls: scheme_create(
            actor=committee_staff, year=2020, member_class=cls, title=f"2020年{cls}积分方案", items=items
        )
        for cls, items in spec.items()
    }
