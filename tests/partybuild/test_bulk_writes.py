"""The bulk writers of the assessment job write exactly what Django's own bulk methods would."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from assessments.models import AssessmentResult, AssessmentRun
from assessments.scheme.services import ensure_default_scheme
from partybuild.bulk_update import update_columns, upsert_rows
from tests.factories import make_org, make_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    return AssessmentRun.objects.create(
        year=2020,
        period="2020-Q1",
        version=1,
        scheme=ensure_default_scheme(2020, actor=None),
        as_of=date(2020, 4, 5),
    )


def _row(run, org, composite: str, tree: dict) -> dict:
    value = Decimal(composite)
    return {
        "run_id": run.pk,
        "organization_id": org.pk,
        "peer_kind": org.kind,
        "performance_index": value,
        "responsibility_index": value,
        "conduct_index": value,
        "composite": value,
        "explanation": tree,
    }


def test_upsert_inserts_with_defaults_then_updates_only_the_named_fields(run):
    root = make_root()
    a, b = make_org(root, "支部甲"), make_org(root, "支部乙")
    tree = {"components": {"ledger": {"value": 80.5, "detail": {"due": 3, "ids": [1, 2]}}}}
    upsert_rows(
        AssessmentResult,
        [_row(run, a, "80.50", tree), _row(run, b, "61.25", {})],
        unique=["run", "organization"],
        update=["composite", "explanation"],
    )
    stored = {r.organization_id: r for r in AssessmentResult.objects.filter(run=run)}
    assert stored[a.pk].composite == Decimal("80.50") and stored[a.pk].explanation == tree
    assert (stored[a.pk].rank, stored[a.pk].peer_count, stored[a.pk].grade, stored[a.pk].flags) == (
        None,
        0,
        "",
        [],
    )
    # Again, for the same (run, org): the row is updated in place, not doubled; other fields kept.
    changed = _row(run, a, "90.00", {"components": {}}) | {"performance_index": Decimal("1.00")}
    upsert_rows(
        AssessmentResult, [changed], unique=["run", "organization"], update=["composite", "explanation"]
    )
    again = AssessmentResult.objects.get(run=run, organization=a)
    assert AssessmentResult.objects.filter(run=run).count() == 2
    assert (again.pk, again.composite, again.explanation) == (
        stored[a.pk].pk,
        Decimal("90.00"),
        {"components": {}},
    )
    assert again.performance_index == Decimal("80.50")


def test_update_columns_writes_each_rows_own_values(run):
    root = make_root()
    orgs = [make_org(root, f"支部{n}") for n in range(3)]
    upsert_rows(
        AssessmentResult,
        [_row(run, org, "70", {}) for org in orgs],
        unique=["run", "organization"],
        update=["composite"],
    )
    results = list(AssessmentResult.objects.filter(run=run).order_by("organization_id"))
    for n, result in enumerate(results, start=1):
        result.rank, result.grade, result.flags = (
            n,
            "good" if n < 3 else "poor",
            ["duty_unfulfilled"] * (n == 3),
        )
    update_columns(AssessmentResult, results, ["rank", "grade", "flags"])
    assert list(
        AssessmentResult.objects.filter(run=run)
        .order_by("organization_id")
        .values_list("rank", "grade", "flags")
    ) == [
        (1, "good", []),
        (2, "good", []),
        (3, "poor", ["duty_unfulfilled"]),
    ]
