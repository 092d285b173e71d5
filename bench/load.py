"""The city load: secretaries submitting records while dashboards poll the summaries (bench/locustfile.py).

    python -m bench.load --database-url postgres://postgres@127.0.0.1:55492/partybuild_city \\
        [--secretaries 200] [--dashboards 5] [--run-time 60] [--workers 4]

Starts gunicorn (production settings) on 127.0.0.1, runs locust headless against it (bounded: at most
500 users and 15 minutes, 127.0.0.1 only), then prints per-request p50/p95/max and errors, the CPU
seconds of locust beside gunicorn's and PostgreSQL's (locust shares the cores), and checks every
accepted submission was stored exactly once. Results also go to bench/out/load-<time>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.city.__main__ import setup_django  # noqa: E402
from bench.server import bench_env, require_local, serve  # noqa: E402

TARGET_MS = 300
MAX_USERS = 500
MAX_SECONDS = 900


def logins(secretaries: int, dashboards: int) -> dict[str, str]:
    """Secretaries whose org has open assignments (the busiest first), the staff dashboards' logins."""
    from django.db.models import Count, Q

    from accounts.models import Role, RoleAssignment
    from ledger.models import Plan

    year = Plan.objects.order_by("-year").values_list("year", flat=True).first()
    rows = (
        RoleAssignment.objects.filter(role=Role.SECRETARY, user__username__startswith="city_sec_")
        .annotate(
            open=Count(
                "organization__assignments",
                filter=Q(organization__assignments__record__isnull=True),
            )
        )
        .filter(open__gt=0)
        .order_by("-open", "pk")
        .values_list("user__username", flat=True)
    )
    names = list(dict.fromkeys(rows))[:secretaries]
    if not names:
        raise SystemExit("no secretary with open assignments: build the city first (python -m bench.city)")
    return {
        "BENCH_LOAD_SECRETARIES": ",".join(names),
        "BENCH_LOAD_DASHBOARDS": ",".join(
            ["city_staff", *(f"city_dash{n}" for n in range(1, 6))][:dashboards]
        ),
        "BENCH_LOAD_DASHBOARD_COUNT": str(dashboards),
        "BENCH_LOAD_YEAR": str(year),
    }


def stored_records() -> tuple[int, int]:
    """Records in the database, and assignments holding more than one record (should be 0)."""
    from django.db.models import Count

    from ledger.models import Record

    total = Record.objects.count()
    doubled = (
        Record.objects.values("assignment_id").annotate(n=Count("pk")).filter(n__gt=1).order_by().count()
    )
    return total, doubled


def cpu_seconds(pids: list[int]) -> float:
    import psutil

    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def postgres_pids() -> list[int]:
    import psutil

    return [p.pid for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("postgres")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--secretaries", type=int, default=200)
    parser.add_argument("--dashboards", type=int, default=5)
    parser.add_argument("--run-time", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args(argv)
    users = args.secretaries + args.dashboards
    if not 1 <= users <= MAX_USERS or not 1 <= args.run_time <= MAX_SECONDS:
        parser.error(f"at most {MAX_USERS} users and {MAX_SECONDS} seconds")
    setup_django(args.database_url)
    env_logins = logins(args.secretaries, args.dashboards)
    before, _ = stored_records()
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    prefix = out / f"load-{stamp}"
    with serve(args.database_url, workers=args.workers, port=args.port) as server:
        require_local(server.url)
        env = {**bench_env(args.database_url), **env_logins}
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--host",
            server.url,
            "--users",
            str(users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.run_time}s",
            "--stop-timeout",
            "20",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        watched = server.pids + postgres_pids()
        server_cpu0, started = cpu_seconds(watched), time.monotonic()
        locust = subprocess.Popen(command, cwd=ROOT, env=env)
        import psutil

        locust_proc = psutil.Process(locust.pid)
        locust_cpu = 0.0
        while locust.poll() is None:
            try:
                times = locust_proc.cpu_times()
                locust_cpu = times.user + times.system
            except psutil.Error:
                pass
            time.sleep(1)
        wall = time.monotonic() - started
        server_cpu = cpu_seconds(watched) - server_cpu0
    after, doubled = stored_records()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats_file:
        stats = list(csv.DictReader(stats_file))
    accepted = next((int(r["Request Count"]) for r in stats if r["Name"] == "accepted submission"), 0)
    summary = {
        "args": vars(args),
        "wall_seconds": round(wall, 1),
        "cpu_seconds": {"locust": round(locust_cpu, 1), "gunicorn+postgres": round(server_cpu, 1)},
        "locust_cpu_share": round(locust_cpu / max(locust_cpu + server_cpu, 0.001), 3),
        "accepted_submissions": accepted,
        "records_stored": after - before,
        "assignments_with_two_records": doubled,
        "requests": stats,
    }
    Path(f"{prefix}.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(summary))
    return 0 if accepted == after - before and doubled == 0 else 1


def report(summary: dict) -> str:
    lines = [
        "| request | count | errors | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in summary["requests"]:
        if row["Type"] == "COUNT":
            continue
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {float(row['Max Response Time']):.0f} |"
        )
    cpu = summary["cpu_seconds"]
    lines += [
        "",
        f"wall {summary['wall_seconds']} s; CPU: locust {cpu['locust']} s, gunicorn+PostgreSQL "
        f"{cpu['gunicorn+postgres']} s (locust's share {summary['locust_cpu_share']:.0%})",
        f"accepted submissions {summary['accepted_submissions']}, records stored "
        f"{summary['records_stored']}, assignments with two records "
        f"{summary['assignments_with_two_records']}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
