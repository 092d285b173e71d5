"""Where the carrier components read their compliance: dotted paths looked up lazily.

Each source is a set-based function of the carrier's selectors module with the signature

    fn(year: int, start: date, end: date, organization_ids: list[int]) -> dict[int, float]

returning org id → compliance ratio in 0..1 over the period [start, end] (e.g. months of the period
with a service day / months of the period; an org missing from the dict counts 0). One grouped query
over the carrier's records for all the given orgs. A path that does not import yet (the carrier is
not built) counts zero for everybody, and says so in the explanation. Tests replace entries of
CARRIER_SOURCES (or POINTS_SOURCE) with fakes.

Member points: `assessments.selectors.points.org_points_index(year, period, organization_ids, best=None)`
→ {org id: 0–100}; missing → 0. `best` (the committee's best org average, from POINTS_BEST_SOURCE) is
computed once per run so that no chunk scans the whole committee's points.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

CARRIER_SOURCES: dict[str, str] = {
    "service_days": "assessments.scheme.sources.service_day_months",
    "forums": "assessments.scheme.sources.forum_quarters",
    "meetings": "assessments.scheme.sources.meeting_compliance",
}
POINTS_SOURCE = "assessments.selectors.points.org_points_index"
# The committee's best average, once per run (POINTS_SOURCE takes it as `best=`).
POINTS_BEST_SOURCE = "assessments.selectors.points.best_org_points_average"

# The list page of each carrier's records (a URL name): an explanation's ratio links to the org's
# records of the period there (?organization=&from=&to=, the lists' drill-down filters).
CARRIER_LISTS: dict[str, str] = {
    "service_days": "days:service_day_list",
    "forums": "forums:forum_list",
    "meetings": "meetings:meeting_list",
}


def resolve(path: str | Callable) -> Callable | None:
    """The function at `path` (or `path` itself when it is callable); None when it does not import."""
    if callable(path):
        return path
    module_name, _dot, name = path.rpartition(".")
    try:
        return getattr(import_module(module_name), name)
    except (ImportError, AttributeError):
        return None
