"""The accounts app's data: units, the org tree, members, secretary terms, logins and their roles.

The tree is the shape of a big city's organ committee (工委): the committee and its offices, then one
top org per government unit — a lone 党支部 for a small unit, a 党总支 with a few branches, or a 机关党委
with 党总支 and branches below it. Members sit on branches' rolls in the three classes; every grassroots
org has a current secretary term (some a past one too); a sample of secretaries can log in, their
secretary role coming from their term as it does in the product.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from accounts.demo.names import (
    EDUCATION_ELDERLY,
    EDUCATION_WORKING,
    ETHNICITIES,
    POSTS,
    person_name,
    weighted,
)
from accounts.identity.services import demo_accounts_mark
from accounts.models import (
    Member,
    MemberClass,
    MemberStatus,
    Organization,
    OrgGroupRule,
    OrgKind,
    PartyStanding,
    Role,
    RoleAssignment,
    SecretaryRole,
    SecretaryTerm,
    Unit,
    User,
)

from .context import PASSWORD, City, OrgRow
from .writer import Writer

CITY = "宁波"
DISTRICTS = [
    "市",
    "海曙区",
    "江北区",
    "北仑区",
    "镇海区",
    "鄞州区",
    "奉化区",
    "余姚市",
    "慈溪市",
    "宁海县",
    "象山县",
]
DOMAINS = [
    "发展和改革局", "教育局", "科学技术局", "经济和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化广电旅游局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "大数据发展管理局", "综合行政执法局", "税务局", "档案馆",
    "机关事务管理局", "信访局", "林业局", "体育局", "人民防空办公室", "供销合作社", "总工会", "团委",
    "妇女联合会", "科学技术协会", "社会科学界联合会", "红十字会",
]  # fmt: skip
# (class, share): Tongliao's three classes of members.
CLASSES = ((MemberClass.NORMAL, 0.85), (MemberClass.ELDERLY, 0.1), (MemberClass.MOBILE, 0.05))
STAFF_LOGINS = ["city_staff"] + [f"city_dash{n}" for n in range(1, 6)]


def build(writer: Writer, city: City) -> None:
    _group_rules()
    units = _units(writer, city)
    _tree(writer, city, units)
    terms = _members_and_terms(writer, city)
    city.terms = terms
    _logins(writer, city, terms)


def _group_rules() -> None:
    """The fixed phrases a data migration adds; a flushed database may have lost them."""
    if OrgGroupRule.objects.exists():
        return
    from importlib import import_module

    rules = import_module("accounts.migrations.0002_default_group_rules").RULES
    OrgGroupRule.objects.bulk_create(
        OrgGroupRule(phrase=p, kinds=k, unit_required=u, description=d) for p, k, u, d in rules
    )


# ----------------------------------------------------------------------------- units and the tree


def _unit_name(n: int) -> tuple[str, str]:
    """Unit n's full and short name: 宁波市教育局 / 市教育局, 宁波市海曙区教育局 / 海曙区教育局 …"""
    district = DISTRICTS[n % len(DISTRICTS)]
    domain = DOMAINS[(n // len(DISTRICTS)) % len(DOMAINS)]
    round_ = n // (len(DISTRICTS) * len(DOMAINS))
    short = f"{district}{domain}" + (f"第{round_ + 1}分局" if round_ else "")
    return (f"{CITY}{short}" if district == "市" else f"{CITY}市{short}"), short


def _unit_sizes(city: City, grassroots: int) -> list[int]:
    """How many orgs each unit's party organization has: mostly a few, some dozens, summing exactly."""
    count = max(1, round(grassroots / 40))
    rng = city.rng
    weights = [rng.choice((0.03, 0.1, 0.3, 1, 1, 1.5, 2, 3)) * rng.uniform(0.7, 1.3) for _ in range(count)]
    scale = grassroots / sum(weights)
    sizes = [max(1, round(w * scale)) for w in weights]
    # Put the rounding difference on the biggest units, one org at a time.
    order = sorted(range(count), key=lambda i: -sizes[i])
    k = 0
    while (diff := grassroots - sum(sizes)) != 0:
        i = order[k % count]
        if diff > 0 or sizes[i] > 1:
            sizes[i] += 1 if diff > 0 else -1
        k += 1
    return sizes


def _units(writer: Writer, city: City) -> list[tuple[int, str, int]]:
    """(unit id, short name, how many orgs its party organization has) for each unit."""
    grassroots = max(1, city.sizes.orgs - 3)  # the committee and its two offices
    sizes = _unit_sizes(city, grassroots)
    ids = writer.reserve(Unit, len(sizes))
    rows, units = [], []
    for n, (pk, size) in enumerate(zip(ids, sizes, strict=True)):
        full, short = _unit_name(n)
        rows.append({"id": pk, "name": full, "short_name": short, "nature": "行政机关"})
        units.append((pk, short, size))
    writer.insert(Unit, rows)
    return units


class _Tree:
    """Collects org rows with materialized paths (treebeard's MP layout: depth, path, numchild)."""

    def __init__(self, writer: Writer, city: City):
        self.writer, self.city = writer, city
        self.rows: list[dict] = []
        self.children: dict[str, int] = {}

    def add(self, parent: dict | None, *, name: str, short: str, kind: str, unit_id: int | None) -> dict:
        parent_path = parent["path"] if parent else None
        if parent is None:
            position = self._next_root()
            depth = 1
        else:
            position = self.children.get(parent_path, 0) + 1
            self.children[parent_path] = position
            parent["numchild"] += 1
            depth = parent["depth"] + 1
        row = {
            "path": Organization._get_path(parent_path, depth, position),
            "depth": depth,
            "numchild": 0,
            "name": name,
            "short_name": short,
            "kind": kind,
            "unit_id": unit_id,
            "code": "",
            "aliases": [],
            "is_active": self.city.rng.random() > 0.01 if kind == OrgKind.BRANCH else True,
        }
        self.rows.append(row)
        return row

    @staticmethod
    def _next_root() -> int:
        last = Organization.objects.get_last_root_node()
        return 1 if last is None else Organization._str2int(last.path) + 1


def _tree(writer: Writer, city: City, units: list[tuple[int, str, int]]) -> None:
    tree = _Tree(writer, city)
    root = tree.add(
        None,
        name=f"中共{CITY}市直属机关工作委员会",
        short="市直机关工委",
        kind=OrgKind.COMMITTEE,
        unit_id=None,
    )
    tree.add(
        root,
        name=f"中共{CITY}市直属机关工作委员会办公室",
        short="工委办公室",
        kind=OrgKind.COMMITTEE_OFFICE,
        unit_id=None,
    )
    tree.add(
        root,
        name=f"中共{CITY}市直属机关工作委员会组织科",
        short="工委组织科",
        kind=OrgKind.COMMITTEE_OFFICE,
        unit_id=None,
    )
    for unit_id, short, size in units:
        _unit_orgs(tree, root, unit_id, short, size)
    ids = writer.reserve(Organization, len(tree.rows))
    for pk, row in zip(ids, tree.rows, strict=True):
        row["id"] = pk
    writer.insert(Organization, tree.rows)
    city.orgs = [
        OrgRow(r["id"], r["kind"], r["depth"], r["path"], r["unit_id"], r["is_active"], r["short_name"])
        for r in tree.rows
    ]


def _unit_orgs(tree: _Tree, root: dict, unit_id: int, short: str, size: int) -> None:
    """A unit's orgs: 1 → a branch; up to 6 → a general branch and its branches; more → an organ committee."""

    def names(kind: str, label: str = "") -> dict:
        full = {
            OrgKind.BRANCH: "支部委员会",
            OrgKind.GENERAL_BRANCH: "总支部委员会",
            OrgKind.ORGAN_COMMITTEE: "机关委员会",
        }
        brief = {
            OrgKind.BRANCH: "党支部",
            OrgKind.GENERAL_BRANCH: "党总支",
            OrgKind.ORGAN_COMMITTEE: "机关党委",
        }
        return {
            "name": f"中共{CITY}{short}{label}{full[kind]}",
            "short": f"{short}{label}{brief[kind]}",
            "kind": kind,
        }

    if size == 1:
        tree.add(root, unit_id=unit_id, **names(OrgKind.BRANCH))
        return
    if size <= 6:
        top = tree.add(root, unit_id=unit_id, **names(OrgKind.GENERAL_BRANCH))
        for i in range(1, size):
            tree.add(top, unit_id=unit_id, **names(OrgKind.BRANCH, f"第{i}"))
        return
    top = tree.add(root, unit_id=unit_id, **names(OrgKind.ORGAN_COMMITTEE))
    general = (size - 1) // 10
    left = size - 1 - general
    per_general = min(6, left // (general + 1)) if general else 0
    for g in range(1, general + 1):
        branch_parent = tree.add(top, unit_id=unit_id, **names(OrgKind.GENERAL_BRANCH, f"第{g}"))
        for i in range(1, per_general + 1):
            tree.add(branch_parent, unit_id=unit_id, **names(OrgKind.BRANCH, f"第{g}总支第{i}"))
        left -= per_general
    for i in range(1, left + 1):
        tree.add(top, unit_id=unit_id, **names(OrgKind.BRANCH, f"第{i}"))


# ----------------------------------------------------------------------------- members and terms


def _member(rng, pk: int, org_id: int, today: date) -> dict:
    member_class = weighted(rng, CLASSES)
    gender = "男" if rng.random() < 0.55 else "女"
    ethnicity = weighted(rng, ETHNICITIES)
    elderly = member_class == MemberClass.ELDERLY
    age = rng.randint(68, 90) if elderly else rng.randint(24, 59)
    birth = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    joined = date(
        min(today.year - 1, birth.year + rng.randint(19, 40)), rng.randint(1, 12), rng.randint(1, 28)
    )
    probationary = not elderly and rng.random() < 0.03
    roll = rng.random()
    status = (
        MemberStatus.ACTIVE
        if roll < 0.95
        else MemberStatus.TRANSFERRED
        if roll < 0.98
        else MemberStatus.DECEASED
        if elderly
        else MemberStatus.LEFT
    )
    return {
        "id": pk,
        "organization_id": org_id,
        "name": person_name(rng, gender, ethnicity),
        "staff_no": f"NB{pk:07d}",
        "gender": gender,
        "ethnicity": ethnicity,
        "birth_date": birth,
        "education": weighted(rng, EDUCATION_ELDERLY if elderly else EDUCATION_WORKING),
        "joined_on": joined,
        "full_member_on": None if probationary else joined + timedelta(days=365),
        "standing": PartyStanding.PROBATIONARY if probationary else PartyStanding.FULL,
        "member_class": member_class,
        "category_label": "",
        "status": status,
        "phone": f"13{rng.randint(100000000, 999999999)}",
        "party_post": rng.choice(POSTS) if rng.random() < 0.04 else "",
        "id_number_masked": f"3302**********{rng.randint(1000, 9999)}",
        "id_number_hash": None,
    }


def _members_and_terms(writer: Writer, city: City) -> dict[int, dict]:
    """Members on the branches' rolls (and on any grassroots org with no branch below); one current term
    per grassroots org, its secretary a member of the org or of a branch below it. Returns the terms."""
    rng, today = city.rng, city.today
    parents = _parent_paths(city)
    rolls = [o for o in city.grassroots if o.kind == OrgKind.BRANCH or o.path not in parents]
    counts = _spread(rng, city.sizes.members, len(rolls))
    ids = iter(writer.reserve(Member, sum(counts)))
    rows = []
    for org, count in zip(rolls, counts, strict=True):
        for _ in range(count):
            row = _member(rng, next(ids), org.pk, today)
            rows.append(row)
            if row["status"] == MemberStatus.ACTIVE:
                city.members_by_org.setdefault(org.pk, []).append(row["id"])
    writer.insert(Member, rows)
    names = {row["id"]: row["name"] for row in rows}
    return _terms(writer, city, names)


def _spread(rng, total: int, parts: int) -> list[int]:
    """`total` split over `parts` unevenly (0.4–1.8× the mean), summing exactly to `total`."""
    weights = [rng.uniform(0.4, 1.8) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(parts), total - sum(counts)):
        counts[i] += 1
    return counts


def _parent_paths(city: City) -> set[str]:
    return {o.path[: -Organization.steplen] for o in city.orgs}


def _terms(writer: Writer, city: City, names: dict[int, str]) -> dict[int, dict]:
    rng, today = city.rng, city.today
    by_path = {o.path: o.pk for o in city.orgs}
    current: dict[int, dict] = {}
    rows = []
    # The member pool of an org is its own roll, else the first branch below it that has one.
    pool_of: dict[int, list[int]] = {}
    for org in sorted(city.grassroots, key=lambda o: -o.depth):
        own = city.members_by_org.get(org.pk)
        if own:
            pool_of[org.pk] = own
        parent = by_path.get(org.path[: -Organization.steplen])
        if parent is not None and parent not in pool_of and pool_of.get(org.pk):
            pool_of[parent] = pool_of[org.pk]
    taken: set[int] = set()
    for org in city.grassroots:
        pool = pool_of.get(org.pk)
        if not pool:
            continue
        started = today - timedelta(days=rng.randint(60, 5 * 365))
        if rng.random() < 0.3:
            before = rng.choice(pool)
            rows.append(
                {
                    "organization_id": org.pk,
                    "member_id": before,
                    "person_name": names[before],
                    "role": SecretaryRole.SECRETARY,
                    "started_on": started - timedelta(days=3 * 365),
                    "ended_on": started - timedelta(days=1),
                    "approval_document": f"甬直机工〔{started.year - 3}〕{rng.randint(1, 300)}号",
                }
            )
        # One person is secretary of one org (the login links to the person): skip ones already taken.
        member_id = next((m for m in pool if m not in taken), None)
        if member_id is None:
            continue
        taken.add(member_id)
        row = {
            "organization_id": org.pk,
            "member_id": member_id,
            "person_name": names[member_id],
            "role": SecretaryRole.SECRETARY,
            "started_on": started,
            "ended_on": None,
            "approval_document": f"甬直机工〔{started.year}〕{rng.randint(1, 300)}号",
        }
        rows.append(row)
        current[org.pk] = row
    for pk, row in zip(writer.reserve(SecretaryTerm, len(rows)), rows, strict=True):
        row["id"] = pk
    writer.insert(SecretaryTerm, rows)
    return current


# ----------------------------------------------------------------------------- logins


def _secretary_sample(city: City, terms: dict[int, dict]) -> list[OrgRow]:
    """Orgs whose secretary can log in: a tenth upper-level orgs (big subtrees), the rest branches."""
    rng = city.rng
    wanted = min(city.sizes.secretary_logins, len(terms))
    upper = [o for o in city.grassroots if o.kind != OrgKind.BRANCH and o.pk in terms and o.is_active]
    branches = [o for o in city.grassroots if o.kind == OrgKind.BRANCH and o.pk in terms and o.is_active]
    take_upper = min(len(upper), max(1, wanted // 10))
    chosen = rng.sample(upper, take_upper) + rng.sample(branches, min(len(branches), wanted - take_upper))
    return sorted(chosen, key=lambda o: o.pk)


def _logins(writer: Writer, city: City, terms: dict[int, dict]) -> None:
    password = make_password(PASSWORD)  # hashed once: PBKDF2 per login would take minutes
    now = city.now
    sample = _secretary_sample(city, terms)
    logins: list[tuple[str, str, str | None, int | None, int | None]] = [
        ("city_staff", "工委组织科（压测）", Role.COMMITTEE_STAFF, None, None),
        *[(f"city_dash{n}", f"大屏{n}（压测）", Role.COMMITTEE_STAFF, None, None) for n in range(1, 6)],
        ("city_report", "报表系统（压测）", Role.REPORTING, None, None),
        ("city_clerk", "台账录入员（压测）", None, None, None),
    ]
    for n, org in enumerate(sample, start=1):
        term = terms[org.pk]
        logins.append(
            (
                f"city_sec_{n:05d}",
                f"{term['person_name']}（{org.name}书记）",
                Role.SECRETARY,
                org.pk,
                term["member_id"],
            )
        )
    ids = writer.reserve(User, len(logins))
    users, grants = [], []
    for pk, (username, display, role, org_id, member_id) in zip(ids, logins, strict=True):
        users.append(
            {
                "id": pk,
                "username": username,
                "password": password,
                "display_name": display,
                "member_id": member_id,
                "is_staff": role == Role.COMMITTEE_STAFF,
                "is_active": True,
                "is_superuser": False,
                "date_joined": now,
                "last_login": None,
            }
        )
        if role is None:
            city.clerk_user_id = pk
            continue
        term = terms.get(org_id) if role == Role.SECRETARY else None
        grants.append(
            {
                "user_id": pk,
                "role": role,
                "organization_id": org_id,
                "term_id": term["id"] if term else None,
                "starts_on": term["started_on"] if term else None,
                "granted_at": now,
            }
        )
        if role == Role.SECRETARY:
            city.secretary_user_by_org[org_id] = pk
        elif role == Role.COMMITTEE_STAFF:
            city.staff_user_ids.append(pk)
    writer.insert(User, users)
    writer.insert(RoleAssignment, grants)
    # Created only by the bench, so they are demo accounts: staff and dashboards log in without TOTP.
    demo_accounts_mark(User.objects.filter(pk__in=list(ids)).only("pk"))
