"""The role × resource × action matrix: what accounts/permissions/ answers, pinned in a golden file.

tests/golden/authz_matrix.csv has one row per permission and one column per role. A cell says what
that role may do: `all` (every org's rows), `own` (rows of its own org and the orgs below), `self`
(only the member's own entry), `yes` (a permission without rows, granted), `none`. Changing who may do
what means changing that file in the same commit, where a reviewer sees it; a permission missing from
it (a new resource) fails here. Regenerate after a deliberate change with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from accounts import authz
from accounts.permissions import MATRIX
from tests.authz.world import ROLES, build_world

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "authz_matrix.csv"

pytestmark = pytest.mark.django_db


def _kind(permission: str) -> str:
    app_label, _dot, codename = permission.partition(".")
    return f"{app_label}.{codename.partition('_')[2]}"


def _cell(user, permission: str, rows: dict | None) -> str:
    general = authz.may(user, permission)
    if rows is None or "other" not in rows:
        target = None if rows is None else rows["own"]
        return "yes" if (authz.may(user, permission, target) if target else general) else "none"
    own, other = authz.may(user, permission, rows["own"]), authz.may(user, permission, rows["other"])
    if own and other:
        return "all"
    if own:
        peer = rows.get("peer")
        return "self" if peer is not None and not authz.may(user, permission, peer) else "own"
    return "none" if not general else "some"


def _computed() -> list[list[str]]:
    world = build_world()
    table = []
    for permission in sorted(MATRIX):
        rows = world.rows.get(_kind(permission))
        table.append([permission, *(_cell(world.users[role], permission, rows) for role in ROLES)])
    return table


def test_the_permission_matrix_is_the_golden_file():
    header = ["permission", *ROLES]
    computed = _computed()
    if os.environ.get("UPDATE_GOLDEN"):
        with GOLDEN.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows([header, *computed])
    with GOLDEN.open(encoding="utf-8") as handle:
        golden = list(csv.reader(handle))
    assert golden[0] == header
    expected = {row[0]: row[1:] for row in golden[1:]}
    actual = {row[0]: row[1:] for row in computed}
    missing = sorted(set(actual) - set(expected))
    assert not missing, f"permissions not in {GOLDEN.name}: {missing}"
    assert sorted(set(expected) - set(actual)) == [], "the golden file names permissions nobody registers"
    differences = {
        f"{permission} / {role}": f"golden {want}, actual {got}"
        for permission in actual
        for role, want, got in zip(ROLES, expected[permission], actual[permission], strict=True)
        if want != got
    }
    assert differences == {}


def test_the_three_admin_roles_hold_no_business_data():
    business = [p for p in MATRIX if p.split(".")[0] in ("ledger", "activities", "assessments")]
    business += [
        p for p in MATRIX if p.split(".")[1].endswith(("member", "organization", "secretaryterm", "roster"))
    ]
    world = build_world()
    for role in ("sysadmin", "secadmin", "auditadmin"):
        granted = [p for p in business if authz.may(world.users[role], p)]
        assert granted == [], f"{role} may {granted}"
