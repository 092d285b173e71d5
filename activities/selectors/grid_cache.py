"""The summary line of an org × period grid, kept for a few minutes while the data it counts is unchanged.

The summary counts over every filtered org (20,000 at city size): one aggregate over the year's rows,
the page's slowest query. It is cached under the org query's SQL (scope and filters are in it), the
year and the day, and a version read from indexes in constant time (the newest row and history row of
the counted tables): a day or forum recorded, changed or deleted makes a new version, so the line is
recomputed on the next view; SUMMARY_SECONDS bounds what a write that skips both could leave stale.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from hashlib import sha256

from django.core.cache import cache
from django.db.models import Max, QuerySet

SUMMARY_SECONDS = 300


def newest(*querysets: QuerySet) -> tuple:
    """The largest primary key of each queryset's table (an index lookup each)."""
    return tuple(qs.aggregate(m=Max("pk"))["m"] for qs in querysets)


def cached_summary(
    kind: str, orgs: QuerySet, year: int, today: date, version: tuple, compute: Callable[[], dict]
) -> dict:
    sql, params = orgs.query.sql_with_params()
    raw = repr((kind, sql, params, year, today.isoformat(), version))
    key = f"grid-summary:{kind}:{sha256(raw.encode()).hexdigest()}"
    summary = cache.get(key)
    if summary is None:
        summary = compute()
        cache.set(key, summary, SUMMARY_SECONDS)
    return summary
