"""The demo org tree: the committee, its two offices, and the units' party organizations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from accounts import services
from accounts.models import Organization, OrgKind

from .names import OFFICES, ROOT_NAME, ROOT_SHORT, UNITS, UnitSpec, org_names


@dataclass
class DemoOrgs:
    """What the tree builder made, in the order secretaries are numbered (sec01 first)."""

    root: Organization
    offices: list[Organization]
    grassroots: list[Organization] = field(default_factory=list)
    # Leaf orgs that hold members, with their relative size.
    rosters: list[tuple[Organization, float]] = field(default_factory=list)


def _founded(rng: random.Random) -> date:
    return date(rng.randint(1984, 2019), rng.randint(1, 12), 1)


def _add(parent: Organization, spec: UnitSpec, kind: str, rng: random.Random, code: str, branch: str = ""):
    name, short = org_names(spec.short, kind, branch)
    unit = services.unit_get_or_create(name=spec.unit)
    if not unit.short_name:
        unit.short_name, unit.nature = spec.short, spec.nature
        unit.full_clean()
        unit.save()
    return services.organization_create(
        actor=None,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short,
        # Legacy ledgers name a unit's top org by the unit alone (市税务局), a sub-branch by 科室+支部.
        aliases=[f"{spec.short}{branch}支部" if branch else spec.short],
        unit=unit,
        code=code,
        founded_on=_founded(rng),
        phone=f"0851-8255{rng.randint(1000, 9999)}",
    )


def build_orgs(*, small: bool, rng: random.Random) -> DemoOrgs:
    """Create the tree through accounts.services; a few dozen rows, so one service call each is fine."""
    root = services.organization_create(
        actor=None, name=ROOT_NAME, kind=OrgKind.COMMITTEE, short_name=ROOT_SHORT
    )
    offices = [
        services.organization_create(
            actor=None, name=name, kind=OrgKind.COMMITTEE_OFFICE, parent=root, short_name=short
        )
        for name, short in OFFICES
    ]
    result = DemoOrgs(root=root, offices=offices)
    seq = 0
    for spec in UNITS:
        if small and not spec.small:
            continue
        seq += 1
        top = _add(root, spec, spec.kind, rng, code=f"{seq:02d}")
        result.grassroots.append(top)
        branches = spec.branches[: spec.small_branches] if small else spec.branches
        if not branches:
            result.rosters.append((top, spec.weight))
            continue
        for index, branch in enumerate(branches, start=1):
            child = _add(top, spec, OrgKind.BRANCH, rng, code=f"{seq:02d}{index:02d}", branch=branch)
            result.grassroots.append(child)
            result.rosters.append((child, spec.weight * 0.8))
    return result
