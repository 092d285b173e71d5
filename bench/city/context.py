"""What one build is asked for (Sizes) and what each step leaves for the steps after it (City)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime

# The full size of issue 7 ("Ningbo's system"): 20,000 orgs, 340,000 members, ~1,000,000 assignments.
FULL = {"orgs": 20_000, "members": 340_000, "years": 3}
# Assignments per org over all years when --assignments is not given: 1,000,000 at 20,000 orgs.
ASSIGNMENTS_PER_ORG = 50
# Every bench login has this password (and is a demo account: no TOTP, no forced change).
PASSWORD = "City#2026bench"


@dataclass(frozen=True)
class Sizes:
    """How big a city to build. The defaults make a quick run (seconds on SQLite)."""

    orgs: int = 400
    members: int = 6_000
    years: int = 2
    assignments: int = 0  # 0: ASSIGNMENTS_PER_ORG × orgs
    tasks_per_year: int = 60
    secretary_logins: int = 250  # secretaries who can log in (role assignments from their terms)
    seed: int = 2026
    today: date | None = None  # the day the data is "as of" (records, overdue); default: today

    @property
    def assignment_target(self) -> int:
        return self.assignments or ASSIGNMENTS_PER_ORG * self.orgs

    def year_list(self, today: date) -> list[int]:
        """The last `years` years, the current one included (it is in progress on `today`)."""
        return list(range(today.year - self.years + 1, today.year + 1))


@dataclass
class OrgRow:
    """An org as the later steps need it, without a query: id, kind, depth, path, unit, active."""

    pk: int
    kind: str
    depth: int
    path: str
    unit_id: int | None
    is_active: bool = True
    name: str = ""


@dataclass
class City:
    """Shared state of one build: what accounts made, for the ledger (and, later, activities …) to use."""

    sizes: Sizes
    today: date
    now: datetime  # aware; rows "created" now carry it
    rng: random.Random
    orgs: list[OrgRow] = field(default_factory=list)
    # org id -> member ids on its roll (active ones only)
    members_by_org: dict[int, list[int]] = field(default_factory=dict)
    # org id -> the user id of its secretary's login (only the sampled orgs have one)
    secretary_user_by_org: dict[int, int] = field(default_factory=dict)
    # org id -> its current secretary's term (the row written: id, member_id, person_name, started_on, …)
    terms: dict[int, dict] = field(default_factory=dict)
    staff_user_ids: list[int] = field(default_factory=list)
    # a login that stands for secretaries without their own (records of orgs without a sampled login)
    clerk_user_id: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def grassroots(self) -> list[OrgRow]:
        from accounts.models import GRASSROOTS_KINDS

        return [o for o in self.orgs if o.kind in GRASSROOTS_KINDS]

    def of_kind(self, *kinds: str) -> list[OrgRow]:
        return [o for o in self.orgs if o.kind in kinds]
