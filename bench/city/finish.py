"""`python -m bench.city.finish --database-url …` — run the steps a build did not reach on a city that
already holds the earlier ones (a build stopped by a time limit, or a city built before a step existed).

The City the later steps need is read back from the database (orgs, members by org, secretaries'
logins, the clerk), so only the missing steps' rows are written; then ANALYZE. Steps whose rows are
already there are skipped by name: --steps points,scheme (default: every step after brands).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from datetime import datetime
from datetime import time as clock

from bench.city.__main__ import setup_django


def read_city(sizes):
    from django.utils import timezone

    from accounts.models import Member, MemberStatus, Organization, Role, RoleAssignment, User
    from bench.city.context import City, OrgRow

    today = sizes.today or timezone.localdate()
    now = min(timezone.now(), timezone.make_aware(datetime.combine(today, clock(12))))
    city = City(sizes=sizes, today=today, now=now, rng=random.Random(sizes.seed + 1))
    fields = ("pk", "kind", "depth", "path", "unit_id", "is_active", "name")
    city.orgs = [OrgRow(*row) for row in Organization.objects.order_by("pk").values_list(*fields)]
    members = defaultdict(list)
    active = Member.objects.filter(status=MemberStatus.ACTIVE).order_by("pk")
    for pk, org_id in active.values_list("pk", "organization_id").iterator(chunk_size=20000):
        members[org_id].append(pk)
    city.members_by_org = dict(members)
    grants = RoleAssignment.objects.filter(role=Role.SECRETARY, user__username__startswith="city_sec_")
    city.secretary_user_by_org = dict(grants.values_list("organization_id", "user_id"))
    city.clerk_user_id = User.objects.filter(username="city_clerk").values_list("pk", flat=True).first()
    return city


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.city.finish", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--steps", default="points,scheme")
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django(args.database_url)
    from django.db import connection, transaction

    from accounts.models import Member
    from bench.city.context import Sizes
    from bench.city.core import STEPS

    wanted = args.steps.split(",")
    sizes = Sizes(orgs=0, members=Member.objects.count(), years=args.years)
    city = read_city(sizes)
    writer = None
    for name, step in STEPS:
        if name not in wanted:
            continue
        started = time.perf_counter()
        with transaction.atomic():
            step(writer, city)
        print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"analyze: {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
