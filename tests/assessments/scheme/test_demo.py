"""seed_demo computes and publishes the demo year's ended quarters and half-year."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from assessments.models import AssessmentResult, AssessmentRun, RunState


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_seed_demo_publishes_the_ended_periods(db):
    out = StringIO()
    call_command(
        "seed_demo",
        "--year",
        "2026",
        "--today",
        date(2026, 11, 23).isoformat(),
        "--scale",
        "small",
        stdout=out,
    )
    runs = AssessmentRun.objects.filter(year=2026)
    assert sorted(runs.values_list("period", flat=True)) == ["2026-H1", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert set(runs.values_list("state", flat=True)) == {RunState.PUBLISHED}
    results = AssessmentResult.objects.filter(run__period="2026-Q3")
    assert results.count() > 0 and not results.filter(rank__isnull=True).exists()
    assert "2026年度考核" in out.getvalue()
