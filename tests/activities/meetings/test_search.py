"""三会一课 search at size: the count of matches stops past SEARCH_MAX_ROWS, the list then shows the newest
matches and says so; a caseless (Chinese) term and a Latin one in any case both find their meetings."""

from __future__ import annotations

from datetime import date

import pytest

from activities.models import MeetingType
from activities.views import meetings as views

pytestmark = pytest.mark.django_db


def test_a_search_with_more_matches_than_the_cap_lists_the_newest_and_says_so(
    staff_client, org_a, record, monkeypatch
):
    for month in range(1, 6):
        record(org_a, MeetingType.COMMITTEE, date(2020, month, 3), agenda="学习党章")
    record(org_a, MeetingType.GENERAL, date(2020, 6, 3), agenda="专题党课")
    monkeypatch.setattr(views, "SEARCH_MAX_ROWS", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = staff_client.get("/activities/meetings/", {"q": "党章"}).content.decode()
    assert "data-search-capped" in first and "超过 3 条" in first
    assert first.count("data-meeting=") == 2 and "第 1 / 2 页，共 3 条" in first
    last = staff_client.get("/activities/meetings/", {"q": "党章", "page": 2}).content.decode()
    assert last.count("data-meeting=") == 1 and "2020年3月3日" in last  # the third newest, not the oldest

    monkeypatch.setattr(views, "SEARCH_MAX_ROWS", 5)
    exact = staff_client.get("/activities/meetings/", {"q": "党章"}).content.decode()
    assert "data-search-capped" not in exact and exact.count("data-meeting=") == 5


def test_a_caseless_term_and_a_latin_term_in_any_case_both_match(staff_client, org_a, record):
    record(org_a, MeetingType.GENERAL, date(2020, 2, 3), agenda="学习党章", host="Zhang Wei")
    record(org_a, MeetingType.LECTURE, date(2020, 3, 3), agenda="专题党课")
    assert (
        staff_client.get("/activities/meetings/", {"q": "党章"}).content.decode().count("data-meeting=") == 1
    )
    assert (
        staff_client.get("/activities/meetings/", {"q": "zhang"}).content.decode().count("data-meeting=") == 1
    )
