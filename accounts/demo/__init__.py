"""Demo data for `manage.py seed_demo`: a Qingzhen-like committee with its orgs, members and logins.

Deterministic (a fixed random seed), so every fresh install shows the same names and numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from accounts.models import Member

from .moves import build_moves
from .orgs import DemoOrgs, build_orgs
from .people import build_people
from .users import DEMO_PASSWORD, DemoUsers, build_users

__all__ = ["DEMO_PASSWORD", "DemoAccounts", "SCALES", "seed_accounts"]

# Members per scale; the org tree's size follows from accounts.demo.names.UNITS.
SCALES = {"small": 60, "full": 1200}


@dataclass
class DemoAccounts:
    """Everything the accounts part built, handed to the ledger part and the command's summary."""

    orgs: DemoOrgs
    users: DemoUsers
    members: dict[int, list[Member]]


@transaction.atomic
def seed_accounts(*, scale: str, today: date, seed: int = 2026) -> DemoAccounts:
    rng = random.Random(seed)
    orgs = build_orgs(small=scale == "small", rng=rng)
    members, secretaries = build_people(orgs=orgs, total=SCALES[scale], rng=rng, today=today)
    users = build_users(orgs=orgs, secretaries=secretaries, members=members)
    build_moves(orgs=orgs, members=members, today=today)
    return DemoAccounts(orgs=orgs, users=users, members=members)
