"""Assessment benchmark: `compute_assessments` for a year against a hand-written raw SQL floor.

    DATABASE_URL=postgres://…/…bench… python bench/assessments.py --year 2025 [--chunk-size 200] [--repeat 3]

Runs on a database the city bench built (bench/city: 2,000 orgs, 60,000 members, 3 years). Times
(a) the whole computation of `--year`'s period (default the year: 2025-Y) in this process — every
chunk's grouped queries, the stored results with their explanation trees, ranking, quota and flags —
and (b) the floor: ONE raw SQL statement aggregating the same records per org (assignments by task
weight and state, talks with open rectifications, bulletin marks, debrief scores, months with a service
day, quarters with a forum, the 三会一课 cells held and the exemptions, the member points average and the
best) and fetching the rows. Prints the medians and their ratio (target: within 3× of the floor) and
the query count per chunk (constant in the orgs per chunk). Each timed computation is a new
unpublished run computed in place, so the database keeps one run per period. Never run by the tests.

1 worker against 2: start `celery -A partybuild worker -c 1` (then `-c 2`) with REDIS_URL set and run
with `--celery`; on two shared cores the database's CPU is the limit, so expect well under 2×.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLOOR_SQL = """
WITH ledger AS (
    SELECT a.organization_id AS org,
           SUM(t.weight) AS due_w,
           SUM(t.weight) FILTER (WHERE r.state IN ('submitted', 'accepted')
                 AND (r.first_submitted_at AT TIME ZONE %(tz)s)::date <= a.due_date) AS on_time_w,
           SUM(t.weight) FILTER (WHERE r.state IN ('submitted', 'accepted')
                 AND (r.first_submitted_at AT TIME ZONE %(tz)s)::date > a.due_date) AS late_w,
           COUNT(*) FILTER (WHERE r.id IS NULL) AS missing,
           COUNT(*) FILTER (WHERE r.state = 'returned') AS returned
      FROM ledger_assignment a
      JOIN ledger_task t ON t.id = a.task_id
      LEFT JOIN ledger_record r ON r.assignment_id = a.id
     WHERE a.due_date BETWEEN %(start)s AND %(last_due)s
     GROUP BY a.organization_id
), talks AS (
    SELECT k.organization_id AS org, COUNT(DISTINCT k.id) AS talks,
           COUNT(x.id) FILTER (WHERE x.state <> 'closed') AS open_items
      FROM activities_remindertalk k LEFT JOIN activities_rectification x ON x.talk_id = k.id
     WHERE k.talked_on BETWEEN %(start)s AND %(end)s
     GROUP BY k.organization_id
), marks AS (
    SELECT o.organization_id AS org,
           COUNT(*) FILTER (WHERE o.mark = 'praise') AS praise,
           COUNT(*) FILTER (WHERE o.mark = 'remind') AS remind,
           COUNT(*) FILTER (WHERE o.mark = 'criticise') AS criticise
      FROM activities_bulletinorg o JOIN activities_bulletin b ON b.id = o.bulletin_id
     WHERE b.state = 'published' AND b.issued_on BETWEEN %(start)s AND %(end)s
     GROUP BY o.organization_id
), days AS (
    SELECT organization_id AS org, COUNT(DISTINCT date_trunc('month', held_on)) AS months
      FROM activities_serviceday WHERE held_on BETWEEN %(start)s AND %(end)s
     GROUP BY organization_id
), forums AS (
    SELECT l.organization_id AS org, COUNT(DISTINCT date_trunc('quarter', f.held_on)) AS quarters
      FROM activities_forumorg l JOIN activities_forum f ON f.id = l.forum_id
     WHERE f.held_on BETWEEN %(start)s AND %(end)s
     GROUP BY l.organization_id
), meetings AS (
    SELECT m.organization_id AS org,
           COUNT(DISTINCT (m.meeting_type, date_trunc('quarter', m.held_on)))
                 FILTER (WHERE m.meeting_type IN ('general', 'lecture')) AS quarter_cells,
           COUNT(DISTINCT date_trunc('month', m.held_on))
                 FILTER (WHERE m.meeting_type = 'committee') AS month_cells
      FROM activities_meeting m
     WHERE m.held_on BETWEEN %(start)s AND %(end)s
     GROUP BY m.organization_id
), exempt AS (
    SELECT organization_id AS org, COUNT(*) AS exemptions
      FROM activities_meetingexemption WHERE starts_on <= %(end)s AND ends_on >= %(start)s
     GROUP BY organization_id
), points AS (
    SELECT organization_id AS org, AVG(total) AS average, MAX(AVG(total)) OVER () AS best
      FROM assessments_memberpoints WHERE period = ANY(%(quarters)s)
     GROUP BY organization_id
), debriefs AS (
    SELECT d.organization_id AS org, AVG(COALESCE(s.result_score, d.recorded_score)) AS score
      FROM activities_debrief d JOIN activities_debriefsession e ON e.id = d.session_id
      LEFT JOIN activities_scoringsubject s ON s.id = d.subject_id
     WHERE e.held_on BETWEEN %(start)s AND %(end)s
     GROUP BY d.organization_id
)
SELECT g.id, g.kind, ledger.*, talks.*, marks.*, debriefs.*, days.*, forums.*, meetings.*, exempt.*, points.*
  FROM accounts_organization g
  LEFT JOIN ledger ON ledger.org = g.id
  LEFT JOIN talks ON talks.org = g.id
  LEFT JOIN marks ON marks.org = g.id
  LEFT JOIN debriefs ON debriefs.org = g.id
  LEFT JOIN days ON days.org = g.id
  LEFT JOIN forums ON forums.org = g.id
  LEFT JOIN meetings ON meetings.org = g.id
  LEFT JOIN exempt ON exempt.org = g.id
  LEFT JOIN points ON points.org = g.id
 WHERE g.kind IN ('organ_committee', 'general_branch', 'branch') AND g.is_active
"""


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()


def _floor(period, as_of) -> float:
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection

    params = {
        "start": period.start,
        "end": period.end,
        "last_due": min(period.end, as_of - timedelta(days=1)),
        "tz": settings.TIME_ZONE,
        "quarters": [
            f"{period.year}-Q{q}" for q in range((period.first_month + 2) // 3, period.last_month // 3 + 1)
        ],
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, params)
        cursor.fetchall()
    return time.perf_counter() - started


def _compute(year: int, code: str, chunk_size: int, celery: bool) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import AssessmentRun, RunState
    from assessments.scheme import compute, services

    started = time.perf_counter()
    run = services.assessment_run_start(actor=None, year=year, period=code, chunk_size=chunk_size)
    if celery:
        from assessments.tasks import dispatch_assessment_run

        dispatch_assessment_run.delay(run.pk)
        while AssessmentRun.objects.filter(pk=run.pk, state=RunState.COMPUTING).exists():
            time.sleep(0.02)  # the run is done within 20 ms of its end
        return time.perf_counter() - started, 0
    indexes = list(run.chunks.order_by("index").values_list("index", flat=True))
    with CaptureQueriesContext(connection) as queries:
        compute.compute_chunk(run.pk, indexes[0])
    per_chunk = len(queries)
    for index in indexes[1:]:
        compute.compute_chunk(run.pk, index)
    compute.finalize_run(run.pk)
    return time.perf_counter() - started, per_chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--period", default="")
    parser.add_argument("--chunk-size", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--celery", action="store_true", help="send the chunks to running workers")
    args = parser.parse_args()
    _django()
    from django.utils import timezone

    from assessments.scheme.services import parse_period

    period = parse_period(args.year, args.period or None)
    floors, computes, per_chunk = [], [], 0
    for _ in range(args.repeat):
        floors.append(_floor(period, timezone.localdate()))
        seconds, per_chunk = _compute(args.year, period.code, args.chunk_size, args.celery)
        computes.append(seconds)
    floor, full = statistics.median(floors), statistics.median(computes)
    print(
        f"period {period.code}: floor (one raw SQL) {floor:.3f} s, "
        f"compute {full:.3f} s, ratio {full / floor:.2f}×"
    )
    if per_chunk:
        print(f"queries per chunk of {args.chunk_size} orgs: {per_chunk}")


if __name__ == "__main__":
    main()
