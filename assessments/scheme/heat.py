"""The dashboard's org × quarter heat map, one level of the tree at a time.

A committee of 20,000 orgs cannot be one chart: each row is a child of the level shown (the
committee's top level first) with the average composite of its whole subtree in each quarter, 50
rows a page. A cell opens the level below (that child's own children), or for an org without
children its result, and from there its records. Two grouped queries whatever the size.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.db.models.functions import Substr
from django.urls import reverse

from accounts.models import Organization
from partybuild.periods import period_label

from ..models import AssessmentResult, AssessmentRun

HEAT_ROWS = 50


def level_of(under_id: str | None) -> Organization | None:
    """The org whose children are the rows; None: the committee's top level (the root's children when
    there is one root, else the roots)."""
    if under_id and str(under_id).isdigit():
        return Organization.objects.filter(pk=int(under_id)).first()
    roots = list(Organization.objects.get_root_nodes()[:2])
    return roots[0] if len(roots) == 1 else None


def heat(
    year: int, period: str, quarter_runs: dict[str, AssessmentRun], under: Organization | None, page_number
) -> dict:
    quarters = sorted(quarter_runs)
    depth, path = (under.depth, under.path) if under else (0, "")
    children = Organization.objects.filter(depth=depth + 1, path__startswith=path).order_by("path")
    page = Paginator(children.only("pk", "name", "path", "numchild"), HEAT_ROWS).get_page(page_number)
    rows = list(page.object_list)
    width = len(path) + Organization.steplen
    results = AssessmentResult.objects.filter(run__in=list(quarter_runs.values()))
    averages = {
        (row["prefix"], row["run__period"]): row["avg"]
        for row in results.filter(organization__path__startswith=path, organization__depth__gt=depth)
        .annotate(prefix=Substr("organization__path", 1, width))
        .filter(prefix__in=[org.path for org in rows])
        .order_by()
        .values("prefix", "run__period")
        .annotate(avg=Avg("composite"), n=Count("pk"))
    }
    leaves = [org.pk for org in rows if not org.numchild]
    own = {
        (org_id, code): pk
        for pk, org_id, code in results.filter(organization_id__in=leaves).values_list(
            "pk", "organization_id", "run__period"
        )
    }
    dashboard = reverse("scheme:dashboard")
    cells, urls = [], []
    for y, org in enumerate(rows):
        below = f"{dashboard}?{urlencode({'year': year, 'period': period, 'under': org.pk})}"
        for x, code in enumerate(quarters):
            value = averages.get((org.path, code))
            if value is None:
                continue
            cells.append([x, y, round(float(value), 2)])
            pk = own.get((org.pk, code))
            urls.append(below if org.numchild else (reverse("scheme:result_detail", args=[pk]) if pk else ""))
    return {
        "quarters": quarters,
        "quarter_labels": [period_label(code) for code in quarters],  # 2026年第3季度, as people read it
        "orgs": [org.name for org in rows],
        "cells": cells,
        "urls": urls,
        "page": page,
    }


def trail(under: Organization | None) -> list[Organization]:
    """The levels above and including `under`, for the breadcrumb (one query)."""
    if under is None:
        return []
    return [*Organization.objects.get_ancestors(under), under]
