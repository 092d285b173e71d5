"""`python -m bench.city` — build a city-scale database (see bench/city/__init__.py).

    python -m bench.city                                   # quick: 400 orgs, SQLite var/bench/city.sqlite3
    python -m bench.city --full --database-url postgres://postgres@127.0.0.1:55492/partybuild_city --reset

The database's name must contain "bench" or "city": --reset drops it, and the build assumes it is
the only writer. Logins (password City#2026bench, demo accounts, no TOTP): city_staff and
city_dash1..5 (committee staff), city_report (reporting), city_sec_00001… (secretaries).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = ROOT / "var" / "bench" / "city.sqlite3"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from bench.city.context import FULL, Sizes

    defaults = Sizes()
    parser = argparse.ArgumentParser(prog="python -m bench.city", description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=defaults.orgs, help="orgs in the tree (full: 20000)")
    parser.add_argument("--members", type=int, default=defaults.members, help="members (full: 340000)")
    parser.add_argument(
        "--years", type=int, default=defaults.years, help="years of ledger, this one included"
    )
    parser.add_argument(
        "--assignments", type=int, default=0, help="assignments over all years (0: 50 per org)"
    )
    parser.add_argument("--tasks", type=int, default=defaults.tasks_per_year, help="tasks per year's plan")
    parser.add_argument("--logins", type=int, default=defaults.secretary_logins, help="secretary logins")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="the day the data is as of")
    parser.add_argument("--full", action="store_true", help=f"the full size: {FULL}")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    )
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args(argv)
    if args.full:
        args.orgs, args.members, args.years = FULL["orgs"], FULL["members"], FULL["years"]
        args.logins = max(args.logins, 1000)
    return args


def _database_name(url: str) -> str:
    parts = urlsplit(url)
    return Path(parts.path).name if parts.scheme.startswith("sqlite") else parts.path.lstrip("/")


def _reset(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg2

    name = parts.path.lstrip("/")
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def setup_django(url: str) -> None:
    """Point the settings at `url`. The keys are the bench's own: these databases hold made-up people."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-city-only-secret-key-not-for-any-real-deployment")
    os.environ.setdefault("PARTYBUILD_ID_HASH_KEY", "bench-city-only-id-hash-key-not-for-real-data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    name = _database_name(args.database_url)
    if "bench" not in name and "city" not in name:
        print(f"refused: database {name!r} — its name must contain 'bench' or 'city'", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if (
        args.reset
        or args.database_url.startswith("sqlite")
        and not Path(urlsplit(args.database_url).path).exists()
    ):
        _reset(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    from accounts.models import Organization
    from bench.city.context import Sizes
    from bench.city.core import build

    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    print(f"migrate: {migrated - started:.1f} s", flush=True)
    if Organization.objects.exists():
        print("refused: the database already holds orgs; use --reset for a fresh city", file=sys.stderr)
        return 2
    sizes = Sizes(
        orgs=args.orgs,
        members=args.members,
        years=args.years,
        assignments=args.assignments,
        tasks_per_year=args.tasks,
        secretary_logins=args.logins,
        seed=args.seed,
        today=args.today,
    )
    city, writer = build(sizes, log=lambda line: print(line, flush=True))
    total = time.perf_counter() - started
    print(f"built {name} as of {city.today} in {total:.1f} s (build {total - (migrated - started):.1f} s):")
    for label, count in writer.counts.items():
        print(f"  {label:<40} {count:>10,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
