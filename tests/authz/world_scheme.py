"""The scheme's rows of the matrix world: the year's scheme, a published run with a result in org A
and one in org B (built straight through the ORM: the computation has tests of its own)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def scheme_rows(org_a, org_b) -> dict[str, dict[str, object]]:
    from assessments.models import AssessmentResult, AssessmentRun, RunState
    from assessments.scheme.services import ensure_default_scheme

    scheme = ensure_default_scheme(2020)
    run = AssessmentRun.objects.create(
        year=2020,
        period="2020-Q2",
        version=1,
        scheme=scheme,
        state=RunState.PUBLISHED,
        as_of=date(2020, 7, 5),
    )
    results = {
        key: AssessmentResult.objects.create(
            run=run,
            organization=org,
            peer_kind=org.kind,
            performance_index=Decimal(80),
            responsibility_index=Decimal(90),
            conduct_index=Decimal(70),
            composite=Decimal(81),
            rank=rank,
            peer_count=2,
            grade="good",
            explanation={"composite": 81, "indices": []},
        )
        for key, org, rank in (("own", org_a, 1), ("other", org_b, 2))
    }
    return {
        "assessments.scheme": {"own": scheme},
        "assessments.schemecomponent": {"own": scheme.components.first()},
        "assessments.assessmentrun": {"own": run},
        "assessments.assessmentresult": results,
    }
