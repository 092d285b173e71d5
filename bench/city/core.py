"""The build: every app's step in order, one transaction each (bench/city/__init__.py says more)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock

from django.db import connection, transaction
from django.utils import timezone

from . import accounts, activities, brands, days, forums, ledger, meetings, pairing, points, posts, scheme
from .context import City, Sizes
from .writer import Writer

Step = Callable[[Writer, City], None]
STEPS: list[tuple[str, Step]] = [
    ("accounts", accounts.build),
    ("ledger", ledger.build),
    ("activities", activities.build),
    ("posts", posts.build),
    ("days", days.build),
    ("meetings", meetings.build),
    ("pairing", pairing.build),
    ("forums", forums.build),
    ("brands", brands.build),
    ("points", points.build),
    ("scheme", scheme.build),
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
