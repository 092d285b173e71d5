"""The build: every app's step in order, one transaction each (bench/city/__init__.py says more)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock

from django.db import connection, transaction
from django.utils import timezone

from . import accounts, activities, ledger
from .context import City, Sizes
from .writer import Writer

Step = Callable[[Writer, City], None]
STEPS: list[tuple[str, Step]] = [
    ("accounts", accounts.build),
    ("ledger", ledger.build),
    ("activities", activities.build),
    # slot:posts
    ("posts", __import__("bench.city.posts", fromlist=["build"]).build),
    # slot:days
    ("days", __import__("bench.city.days", fromlist=["build"]).build),
    # slot:meetings
    ("meetings", __import__("bench.city.meetings", fromlist=["build"]).build),
    # slot:pairing
    ("pairing", __import__("bench.city.pairing", fromlist=["build"]).build),
    # slot:forums
    ("forums", __import__("bench.city.forums", fromlist=["build"]).build),
    # slot:brands
    ("brands", __import__("bench.city.brands", fromlist=["build"]).build),
    # slot:points
    ("points", __import__("bench.city.points", fromlist=["build"]).build),
    # slot:scheme
    ("scheme", lambda writer, city: __import__("bench.city.scheme", fromlist=["build"]).build(writer, city)),
]


def build(sizes: Sizes, *, steps: list[tuple[str, Step]] | None = None, log=None) -> tuple[City, Writer]:
    """Write a city into the default database (which should hold no orgs yet). One transaction per step."""
    today = sizes.today or timezone.localdate()
    now = min(timezone.now(), timezone.make_aware(datetime.combine(today, clock(12))))
    city = City(sizes=sizes, today=today, now=now, rng=random.Random(sizes.seed))
    writer = Writer()
    for name, step in steps or STEPS:
        started = time.perf_counter()
        with transaction.atomic():
            step(writer, city)
        city.timings[name] = time.perf_counter() - started
        if log:
            log(f"{name}: {city.timings[name]:.1f} s")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        city.timings["analyze"] = time.perf_counter() - started
    return city, writer
