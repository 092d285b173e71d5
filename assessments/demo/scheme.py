"""Demo: the year's default scheme, and every quarter (and the half-year) that has ended, computed
and published, so the run pages, the secretaries' home cards and the REST summaries have data."""

from __future__ import annotations

from datetime import date

from partybuild.periods import HALF, QUARTER, periods_of_year


def seed_scheme(accounts, *, year: int, today: date) -> str:
    from assessments.models import AssessmentRun, RunState
    from assessments.scheme import compute, services

    services.ensure_default_scheme(year)
    staff = accounts.users.staff
    ended = [p for kind in (QUARTER, HALF) for p in periods_of_year(year, kind) if p.end < today]
    published = 0
    for period in ended:
        if AssessmentRun.objects.filter(period=period.code, state=RunState.PUBLISHED).exists():
            continue
        run = services.assessment_run_start(actor=staff, year=year, period=period.code, as_of=today)
        compute.compute_run_inline(run)
        services.assessment_run_publish(actor=staff, run=run)
        published += 1
    labels = "、".join(str(p.label) for p in ended) or "无"
    return f"{year}年度考核：默认考核办法，已计算并发布 {published} 个期间（{labels}）"
