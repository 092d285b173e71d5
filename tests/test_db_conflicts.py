"""A lock held by another writer is a 409 "请稍后重试" on pages and the API; a number too large for the
database is a 400. Never a 500 (partybuild.db_errors, the API exception handler, the middleware)."""

from __future__ import annotations

import pytest
from django.db import DataError, OperationalError

from partybuild.api.exceptions import exception_handler
from partybuild.db_errors import is_out_of_range, is_retryable_conflict


class _PgError(Exception):
    def __init__(self, pgcode: str):
        super().__init__(f"pgcode {pgcode}")
        self.pgcode = pgcode


def _wrapped(django_class, pgcode: str):
    """A Django database error caused by a psycopg error with this SQLSTATE, as Django raises it."""
    error = django_class("could not serialize access")
    error.__cause__ = _PgError(pgcode)
    return error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database is locked"),
        OperationalError("database table is locked"),
        _wrapped(OperationalError, "40001"),  # serialization_failure
        _wrapped(OperationalError, "40P01"),  # deadlock_detected
        _wrapped(OperationalError, "55P03"),  # lock_not_available
    ],
)
def test_it_answers_a_lock_conflict_in_the_api_with_409_and_a_retry_message(error):
    assert is_retryable_conflict(error)
    response = exception_handler(error, {})
    assert response.status_code == 409
    assert "请稍后重试" in response.data["detail"]


@pytest.mark.parametrize("error", [OperationalError("no such table: x"), _wrapped(OperationalError, "08006")])
def test_it_leaves_other_database_failures_alone(error):
    assert not is_retryable_conflict(error)
    assert exception_handler(error, {}) is None


@pytest.mark.parametrize(
    "error",
    [OverflowError("Python int too large to convert to SQLite INTEGER"), _wrapped(DataError, "22003")],
)
def test_it_answers_a_number_the_database_cannot_hold_with_400(error):
    assert is_out_of_range(error)
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert "超出" in response.data["detail"]


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


def test_it_shows_a_page_whose_write_met_a_lock_as_409_in_the_site_layout(sec_a_client, monkeypatch):
    monkeypatch.setattr("ledger.selectors.assignments_due_for_secretary", _locked)
    response = sec_a_client.get("/ledger/my/")
    assert response.status_code == 409
    html = response.content.decode()
    assert "请稍后重试" in html and "机关党建台账" in html


def test_it_answers_an_api_request_that_met_a_lock_with_json_409(secretary_a_api, monkeypatch):
    monkeypatch.setattr("ledger.selectors.assignments_visible_to", _locked)
    response = secretary_a_api.get("/api/v1/ledger/assignments/")
    assert response.status_code == 409
    assert "请稍后重试" in response.json()["detail"]
