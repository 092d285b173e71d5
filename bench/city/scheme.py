"""Bench city, assessments: compute and publish every ended quarter of the city's years (the default
scheme, in-process, chunks of 200 orgs), and the page rows of the runs, dashboard and REST summaries."""

from __future__ import annotations

from partybuild.periods import QUARTER, periods_of_year

# Above this many members only this year's quarters are computed (~5 min a quarter at 20,000 orgs).
COMPUTE_EARLIER_YEARS_UP_TO = 100_000


def build(writer, city) -> None:
    from assessments.models import AssessmentRun, RunState
    from assessments.scheme import compute, services

    for year in city.sizes.year_list(city.today):
        if year != city.today.year and city.sizes.members > COMPUTE_EARLIER_YEARS_UP_TO:
            continue
        for period in periods_of_year(year, QUARTER):
            if period.end >= city.today:
                continue
            if AssessmentRun.objects.filter(period=period.code, state=RunState.PUBLISHED).exists():
                continue
            run = services.assessment_run_start(actor=None, year=year, period=period.code, as_of=city.today)
            compute.compute_run_inline(run)
            services.assessment_run_publish(actor=None, run=run)


def scheme_pages(y: int) -> list[tuple[str, str, str]]:
    """Portal rows (staff): runs, the latest run's ranking, the dashboard, a result's explain page."""
    from assessments.models import AssessmentRun

    run = AssessmentRun.objects.order_by("-year", "-period", "-version").first()
    if run is None:
        return []
    result = run.results.order_by("rank", "pk").first()
    rows = [
        ("scheme:run_list", "staff", "/assessments/runs/"),
        ("scheme:run_detail", "staff", f"/assessments/runs/{run.pk}/"),
        ("scheme:dashboard", "staff", f"/assessments/dashboard/?year={run.year}"),
        ("scheme:scheme", "branch", f"/assessments/scheme/?year={run.year}"),
        ("scheme:my_results", "branch", "/assessments/results/"),
    ]
    if result is not None:
        rows.append(("scheme:result_detail", "staff", f"/assessments/results/{result.pk}/"))
    return rows


def scheme_api_pages(y: int) -> list[tuple[str, str, str]]:
    from assessments.models import AssessmentResult

    result = AssessmentResult.objects.order_by("-run__year", "-run__period", "rank", "pk").first()
    rows = [
        ("assessments schemes", "staff_api", f"/api/v1/assessments/schemes/?year={y}"),
        ("assessments summaries", "staff_api", f"/api/v1/assessments/summaries/?year={y}"),
        ("assessments summaries", "branch_api", f"/api/v1/assessments/summaries/?year={y}"),
    ]
    if result is not None:
        rows.append(
            (
                "assessments summary explain",
                "staff_api",
                f"/api/v1/assessments/summaries/{result.pk}/explain/",
            )
        )
    return rows
