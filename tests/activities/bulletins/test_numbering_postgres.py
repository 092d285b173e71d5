"""Bulletin numbering on PostgreSQL (integration): staff publishing at the same moment get consecutive
numbers — no gap, no duplicate — because the year's counter row is locked while a number is taken."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from activities.models import Bulletin
from tests.conftest import api_as

from .conftest import make_bulletin

pytestmark = pytest.mark.integration
BASE = "/api/v1/activities/bulletins"


def _at_once(work, count: int) -> list:
    """Run work(i) in `count` threads released together; each thread's response, in order."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_it_runs_on_postgresql(transactional_db):
    assert connection.vendor == "postgresql"


def test_six_staff_publishing_at_once_get_numbers_one_to_six(transactional_db, committee_staff, org_a):
    drafts = [make_bulletin(committee_staff, [org_a], title=f"通报{i}") for i in range(6)]
    desks = [api_as(committee_staff) for _draft in drafts]
    responses = _at_once(lambda i: desks[i].post(f"{BASE}/{drafts[i].pk}/publish/"), 6)
    assert [r.status_code for r in responses] == [200] * 6
    numbers = sorted(Bulletin.objects.filter(year=2026).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_two_staff_publishing_one_draft_at_once_publish_it_once(transactional_db, committee_staff, org_a):
    draft = make_bulletin(committee_staff, [org_a])
    desks = [api_as(committee_staff), api_as(committee_staff)]
    responses = _at_once(lambda i: desks[i].post(f"{BASE}/{draft.pk}/publish/"), 2)
    assert sorted(r.status_code for r in responses) == [200, 400]
    assert Bulletin.objects.get(pk=draft.pk).number == 1
    # The next one follows on: the refused publication took no number.
    second = make_bulletin(committee_staff, [org_a], title="第二期")
    assert desks[0].post(f"{BASE}/{second.pk}/publish/").json()["number"] == 2
