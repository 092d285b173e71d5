"""Demo members and secretary terms, bulk-created with their history rows.

1,200 members one service call at a time would take far too long for `make run`, so the rows are
built in memory and bulk-inserted; ID numbers still go through accounts.services (normalise, mask,
keyed hash), so no full number is ever stored.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from accounts import services
from accounts.models import Member, MemberClass, Organization, PartyStanding, SecretaryRole, SecretaryTerm

from .names import EDUCATION_ELDERLY, EDUCATION_WORKING, ETHNICITIES, POSTS, person_name, weighted
from .orgs import DemoOrgs

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_REGION = "520181"  # Qingzhen's administrative division code


def _id_number(birth: date, serial: int, gender: str) -> str:
    """A well-formed 18-digit number (valid check digit); the serial's parity carries the gender."""
    serial = serial * 2 + (1 if gender == "男" else 0)
    body = f"{_REGION}{birth:%Y%m%d}{serial % 1000:03d}"
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]
    return body + check


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _split(total: int, rosters: list[tuple[Organization, float]], rng: random.Random) -> list[int]:
    """Share `total` members among the rosters by weight, with some noise, summing exactly to total."""
    weights = [w * rng.uniform(0.7, 1.3) for _, w in rosters]
    counts = [max(3, round(total * w / sum(weights))) for w in weights]
    counts[0] += total - sum(counts)
    return counts


def _member(
    org: Organization, rng: random.Random, today: date, serial: int, retired_branch: bool, taken: set[str]
) -> Member:
    gender = "男" if rng.random() < 0.58 else "女"
    ethnicity = weighted(rng, ETHNICITIES)
    roll = rng.random()
    if retired_branch:
        member_class = MemberClass.ELDERLY if roll < 0.85 else MemberClass.NORMAL
    else:
        member_class = (
            MemberClass.NORMAL if roll < 0.84 else MemberClass.ELDERLY if roll < 0.92 else MemberClass.MOBILE
        )
    if member_class == MemberClass.ELDERLY:
        birth = _day(rng, date(1938, 1, 1), date(1963, 12, 31))
        education = weighted(rng, EDUCATION_ELDERLY)
    else:
        birth = _day(rng, date(1966, 1, 1), date(2001, 12, 31))
        education = weighted(rng, EDUCATION_WORKING)
    earliest_join = date(birth.year + 19, birth.month, 1)
    probationary = member_class == MemberClass.NORMAL and rng.random() < 0.035
    if probationary:
        joined = _day(rng, date(today.year - 1, 12, 1), today - timedelta(days=20))
        full_on = None
    else:
        joined = _day(rng, earliest_join, min(date(birth.year + 40, 7, 1), today - timedelta(days=400)))
        full_on = joined + timedelta(days=365)
    # Three sequence digits per birth date: step on until the number is free (it is unique in the table).
    nonce = serial
    while (candidate := _id_number(birth, nonce, gender)) in taken:
        nonce += 1
    taken.add(candidate)
    id_number = services.id_number_normalize(candidate)
    return Member(
        organization=org,
        name=person_name(rng, gender, ethnicity),
        staff_no=f"QZ{serial:05d}",
        gender=gender,
        ethnicity=ethnicity,
        birth_date=birth,
        education=education,
        joined_on=joined,
        full_member_on=full_on,
        standing=PartyStanding.PROBATIONARY if probationary else PartyStanding.FULL,
        member_class=member_class,
        category_label=MemberClass(member_class).label,
        phone=f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
        id_number_masked=services.id_number_mask(id_number),
        id_number_hash=services.id_number_hash(id_number),
    )


def build_people(
    *, orgs: DemoOrgs, total: int, rng: random.Random, today: date
) -> tuple[dict[int, list[Member]], dict[int, Member]]:
    """Create `total` members over the roster orgs and a secretary term for every grassroots org.

    Returns the members grouped by org id and each grassroots org's secretary (a Member). Posts are
    decided before the insert so the first history row of each member already carries them.
    """
    by_org: dict[int, list[Member]] = {}
    serial = 0
    taken: set[str] = set()
    for (org, _), count in zip(orgs.rosters, _split(total, orgs.rosters, rng), strict=True):
        retired = "离退休" in org.short_name
        roster = by_org.setdefault(org.pk, [])
        for _ in range(count):
            serial += 1
            member = _member(org, rng, today, serial, retired, taken)
            # Field rules (choices, lengths) as full_clean checks them; uniqueness holds by construction.
            member.clean_fields(exclude=["organization"])
            roster.append(member)
    appointments = _appoint(orgs, by_org, rng, today)
    members = [m for roster in by_org.values() for m in roster]
    bulk_create_with_history(members, Member, batch_size=500, default_change_reason="演示数据")
    terms = [
        _term(org, person, role, started, document) for org, person, role, started, document in appointments
    ]
    for term in terms:
        term.full_clean(exclude=["organization", "member"])
    bulk_create_with_history(terms, SecretaryTerm, batch_size=500, default_change_reason="演示数据")
    secretaries = {t.organization.pk: t.member for t in terms if t.role == SecretaryRole.SECRETARY}
    return by_org, secretaries


def _appoint(orgs: DemoOrgs, by_org: dict[int, list[Member]], rng: random.Random, today: date) -> list[tuple]:
    """A 书记 for every grassroots org, a 副书记 in the larger branches, committee posts in every branch.

    An organ committee or general branch has no roster of its own, so its secretary comes from the first
    branch under it, as is usual: the committee's secretary also belongs to a branch.
    """
    appointments = []
    used: set[int] = set()
    for org in orgs.grassroots:
        own = org.pk in by_org
        pool = (
            by_org[org.pk]
            if own
            else next(by_org[o.pk] for o, _ in orgs.rosters if o.path.startswith(org.path))
        )
        candidates = [m for m in pool if id(m) not in used and m.member_class == MemberClass.NORMAL]
        started = _day(rng, date(today.year - 4, 1, 1), date(today.year - 1, 6, 30))
        document = f"清直工委〔{started.year}〕{rng.randint(3, 60)}号"
        chief = candidates[0]
        chief.party_post = "书记" if own else f"{org.short_name}书记"
        appointments.append((org, chief, SecretaryRole.SECRETARY, started, document))
        used.add(id(chief))
        if not own:
            continue
        if len(pool) >= 25:
            deputy = candidates[1]
            deputy.party_post = "副书记"
            appointments.append((org, deputy, SecretaryRole.DEPUTY, started, document))
            used.add(id(deputy))
        for person, post in zip(candidates[2:], POSTS, strict=False):
            person.party_post = post
            used.add(id(person))
    return appointments


def _term(org: Organization, member: Member, role: str, started: date, document: str) -> SecretaryTerm:
    return SecretaryTerm(
        organization=org,
        member=member,
        person_name=member.name,
        role=role,
        started_on=started,
        approval_document=document,
    )
