"""Summary-table benchmark: rebuilding AssignmentRollup vs the raw grouped scan it replaces.

    DATABASE_URL=postgres://…/…bench… python bench/rollup.py [--orgs 500] [--tasks 60] [--repeat 3]

Generates a year of assignments (orgs × tasks × periods; 500 × 60 = 142,500 by default), gives about
two thirds of those already due a record (accepted, submitted or returned, some late), then times
`rollup_rebuild()` (TRUNCATE + one INSERT … SELECT) against running and fetching the same grouped scan
(`raw_grouped_scan_seconds`), each `--repeat` times, and prints the medians and their ratio (target:
the rebuild within 2× of the scan). It also times one summary as the page reads it (from the table).
The database name must contain "bench": the ledger tables are emptied first. Never run by the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()


def _generate(orgs: int, tasks: int, seed: int = 7) -> int:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Organization, OrgKind, Role, RoleAssignment, User
    from ledger.imports.materialize import assignments_materialize
    from ledger.models import Assignment, Item, Plan, Record, Recurrence, Task

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        tables = [
            t for t in connection.introspection.table_names() if t.startswith(("ledger_", "historicalledger"))
        ]
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    root = Organization.objects.filter(depth=1).first() or Organization.objects.add_root(
        create_kwargs={"name": "基准测试工委", "kind": OrgKind.COMMITTEE}
    )
    have = Organization.objects.filter(name__startswith="基准支部").count()
    if have < orgs:
        Organization.objects.bulk_create(
            Organization(
                name=f"基准支部{i}", kind=OrgKind.BRANCH, path=f"{root.path}Z{i:03d}", depth=2, numchild=0
            )
            for i in range(have, orgs)
        )
    branch_ids = list(Organization.objects.filter(name__startswith="基准支部").values_list("pk", flat=True))[
        :orgs
    ]
    user, _ = User.objects.get_or_create(username="bench_rollup")
    RoleAssignment.objects.get_or_create(user=user, role=Role.COMMITTEE_STAFF, organization=None)
    rng = random.Random(seed)
    with transaction.atomic():
        plan = Plan.objects.create(year=2021, title="基准台账")
        items = Item.objects.bulk_create(Item(plan=plan, seq=i, title=f"项目{i}") for i in range(8))
        created = Task.objects.bulk_create(
            Task(
                item=items[i % 8],
                seq=i,
                title=f"任务{i}",
                recurrence=Recurrence.MONTHLY if i % 3 == 0 else Recurrence.NONE,
                deadline=None if i % 3 == 0 else date(2021, 1 + i % 12, 28),
            )
            for i in range(tasks)
        )
        through = Task.responsible_orgs.through
        through.objects.bulk_create(
            through(task_id=t.pk, organization_id=o) for t in created for o in branch_ids
        )
    assignments_materialize(task_ids=[t.pk for t in created], user=user)
    today = date(2021, 9, 15)
    due = list(Assignment.objects.filter(due_date__lt=today).values_list("pk", "due_date"))
    records = []
    for pk, due_date in due:
        roll = rng.random()
        if roll < 0.3:
            continue
        state = "accepted" if roll < 0.8 else "submitted" if roll < 0.92 else "returned"
        day = (
            due_date - timedelta(days=rng.randint(0, 10))
            if rng.random() < 0.85
            else due_date + timedelta(days=5)
        )
        moment = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=10))
        records.append(
            Record(
                assignment_id=pk,
                content="已完成",
                done_on=day,
                state=state,
                submitted_by=user,
                submitted_at=moment,
                first_submitted_at=moment,
            )
        )
    Record.objects.bulk_create(records, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Assignment.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=500)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="time the data a previous run generated")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL", "")
    if database and "bench" not in database.rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL 的数据库名必须包含 bench（基准测试会清空台账表）")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    _django()
    from django.db import connection

    from accounts.models import User
    from ledger import selectors
    from ledger.models import Assignment, AssignmentRollup, Record
    from ledger.services.rollup import raw_grouped_scan_seconds, rollup_rebuild

    started = time.perf_counter()
    count = Assignment.objects.count() if args.reuse else _generate(args.orgs, args.tasks)
    print(
        f"database: {connection.vendor}; {count} assignments, {Record.objects.count()} records "
        f"(generated in {time.perf_counter() - started:.1f} s); cores: {os.cpu_count()}"
    )
    rebuilds, scans = [], []
    for _ in range(args.repeat):
        rows, seconds = rollup_rebuild()
        rebuilds.append(seconds)
        _scan_rows, scan = raw_grouped_scan_seconds()
        scans.append(scan)
    staff = User.objects.get(username="bench_rollup")
    today = date(2021, 9, 15)
    reads = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        selectors.rollup(staff, year=2021, by="org", today=today)
        reads.append(time.perf_counter() - t)
    rebuild, scan = statistics.median(rebuilds), statistics.median(scans)
    print(f"rollup rows: {AssignmentRollup.objects.count()} ({count / max(rows, 1):.1f} assignments per row)")
    every = ", ".join(f"{s:.3f}" for s in rebuilds)
    print(f"rebuild_rollup (empty + INSERT … SELECT): median {rebuild:.3f} s  [{every}]")
    every = ", ".join(f"{s:.3f}" for s in scans)
    print(f"raw grouped scan (run + fetch):         median {scan:.3f} s  [{every}]")
    print(
        f"rebuild / scan: {rebuild / scan:.2f}x (target <= 2x: {'met' if rebuild <= 2 * scan else 'NOT met'})"
    )
    print(f"one summary (by org, whole year) read from the table: median {statistics.median(reads):.3f} s")


if __name__ == "__main__":
    main()
