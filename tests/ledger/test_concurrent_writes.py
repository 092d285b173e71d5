"""Six secretaries' browsers submitting at the same instant: no 500, ever; one record per assignment.

In local mode this runs against a SQLite *file* (in-memory SQLite shares one cache and locks tables,
which is not what `make run` does): WAL and immediate transactions make writers queue for the lock
instead of failing with "database is locked"; a lock that still times out is a 409 "请稍后重试".
On PostgreSQL (CI's second unit run) the same threads run against the real database.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from ledger.models import Assignment, Record

THREADS = 6


@pytest.fixture(scope="module")
def file_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """Point the default database at a migrated SQLite file for this module (PostgreSQL: unchanged).

    The in-memory test database stays open in its own wrapper (closing it would destroy it) and is
    put back afterwards; threads open their connections from the shared settings, i.e. the file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    memory = connections["default"]
    settings_dict = connections.settings["default"]
    original = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "concurrent.sqlite3")
    connections["default"] = memory.__class__(settings_dict, "default")
    try:
        with django_db_blocker.unblock():
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:
                assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        yield
    finally:
        connections["default"].close()
        connections["default"] = memory
        settings_dict["NAME"] = original


def _at_once(work, count: int = THREADS) -> list:
    """Run work(i) in `count` threads released together; each thread's result, in order."""
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


def _browsers(user, count: int = THREADS) -> list[Client]:
    """One logged-in browser per thread (six sessions of the org's secretary)."""
    browsers = [Client() for _index in range(count)]
    for browser in browsers:
        browser.force_login(user)
    return browsers


def _submit(browser: Client, assignment_id: int, index: int):
    return browser.post(
        f"/ledger/assignments/{assignment_id}/submit/",
        {"content": f"第{index}次提交：开展主题党日活动。", "done_on": "2020-03-05", "participants": "5"},
    )


@pytest.mark.usefixtures("file_database")
def test_six_simultaneous_submissions_of_different_assignments_all_succeed(
    transactional_db, task_monthly, org_a, secretary_a
):
    assignments = list(
        Assignment.objects.filter(task=task_monthly, organization=org_a).order_by("period")[:THREADS]
    )
    browsers = _browsers(secretary_a)
    responses = _at_once(lambda i: _submit(browsers[i], assignments[i].pk, i))
    # Writers queue for the lock (WAL, immediate transactions, 20 s timeout): every one is stored.
    assert [response.status_code for response in responses] == [302] * THREADS
    assert Record.objects.filter(assignment__in=assignments).count() == THREADS


@pytest.mark.usefixtures("file_database")
def test_six_simultaneous_submissions_of_one_assignment_store_exactly_one(
    transactional_db, assignment_a, secretary_a
):
    browsers = _browsers(secretary_a)
    responses = _at_once(lambda i: _submit(browsers[i], assignment_a.pk, i))
    statuses = [response.status_code for response in responses]
    assert all(status < 500 for status in statuses), statuses
    assert Record.objects.filter(assignment=assignment_a).count() == 1
    assert statuses.count(302) == 1
    refused = [r for r in responses if r.status_code != 302]
    assert all("已有记录" in r.content.decode() or "请稍后重试" in r.content.decode() for r in refused)
    assert date(2020, 3, 5) == Record.objects.get(assignment=assignment_a).done_on
