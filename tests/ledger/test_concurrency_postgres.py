"""Concurrency on PostgreSQL (integration): simultaneous reviews and submissions through the API.

Real transactions and row locks, as in production: the services lock the record or assignment row
(select_for_update), so the second writer waits for the first and then finds the work done.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from ledger.models import Assignment, AssignmentRollup, Record, RecordState
from tests.conftest import api_as

pytestmark = pytest.mark.integration
BASE = "/api/v1/ledger"


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


def test_two_staff_reviewing_one_record_at_once_review_it_once(transactional_db, record_a, committee_staff):
    # Two desks (two sessions) of committee staff: one accepts, the other returns, at the same moment.
    desks = [api_as(committee_staff), api_as(committee_staff)]
    bodies = [{"accept": True}, {"accept": False, "comment": "缺少签到表"}]
    responses = _at_once(
        lambda i: desks[i].post(f"{BASE}/records/{record_a.pk}/review/", bodies[i], format="json"), 2
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 409]
    loser = next(response for response in responses if response.status_code == 409)
    assert "不能重复审核" in loser.json()["detail"]
    record_a.refresh_from_db()
    winner = next(i for i, response in enumerate(responses) if response.status_code == 200)
    assert record_a.state == (RecordState.ACCEPTED if winner == 0 else RecordState.RETURNED)
    # Reviewed once: the history holds one review, not two.
    assert record_a.history.exclude(state=RecordState.SUBMITTED).count() == 1


def test_six_simultaneous_submissions_of_one_assignment_store_one(
    transactional_db, assignment_a, secretary_a
):
    phones = [api_as(secretary_a) for _index in range(6)]
    body = {"assignment": assignment_a.pk, "content": "开展主题党日活动。", "done_on": "2020-03-05"}
    responses = _at_once(lambda i: phones[i].post(f"{BASE}/records/", body, format="json"), 6)
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201, 409, 409, 409, 409, 409]
    assert all("已有记录" in r.json()["detail"] for r in responses if r.status_code == 409)
    assert Record.objects.filter(assignment=assignment_a).count() == 1
    assert Assignment.objects.with_status().get(pk=assignment_a.pk).record_state == RecordState.SUBMITTED
    # The summary table took the one submission once, though six writers raced for it.
    assert sum(AssignmentRollup.objects.values_list("submitted", flat=True)) == 1
