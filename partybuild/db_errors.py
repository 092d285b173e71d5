"""Database errors that are the user's input or a busy moment, not a bug: told apart here, once.

A lock that outlasted the timeout (SQLite "database is locked") or a PostgreSQL serialization
failure, deadlock or lock timeout means another writer held the same rows: the request did nothing
and can simply be sent again, so it is answered 409 "请稍后重试". A number the database cannot hold
(OverflowError on SQLite, "out of range" on PostgreSQL) that slipped past validation is a 400.
"""

from __future__ import annotations

from django.db import DataError, OperationalError
from django.utils.translation import gettext_lazy as _

# PostgreSQL SQLSTATEs: serialization_failure, deadlock_detected, lock_not_available.
_PG_RETRYABLE = {"40001", "40P01", "55P03"}
# numeric_value_out_of_range, invalid_datetime_format… only the numeric ones are input errors here.
_PG_OUT_OF_RANGE = {"22003"}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")

RETRY_MESSAGE = _("其他用户正在修改同一数据，本次操作未保存；请稍后重试。")
OUT_OF_RANGE_MESSAGE = _("请求中的数字超出了允许的范围（id 应为不超过 19 位的正整数），请检查后重试。")


def _pgcode(exc: BaseException) -> str | None:
    return getattr(exc, "pgcode", None) or getattr(exc.__cause__, "pgcode", None)


def is_retryable_conflict(exc: BaseException) -> bool:
    """Another transaction held the rows: nothing was written and the same request may succeed later."""
    if not isinstance(exc, OperationalError):
        return False
    if _pgcode(exc) in _PG_RETRYABLE:
        return True
    message = str(exc).lower()
    return any(text in message for text in _SQLITE_BUSY)


def is_out_of_range(exc: BaseException) -> bool:
    """A number too large for the database column, caught by the database instead of by validation."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DataError) and _pgcode(exc) in _PG_OUT_OF_RANGE
