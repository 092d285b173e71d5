"""Every URL and API operation, walked as every role, against the matrix.

tests/golden/routes.csv names, for each page and API operation, the permission that governs it
(`public`: anyone; `login`: anyone logged in) and the row it acts on. For each role the test asks
accounts.authz what the answer should be, makes the request, and checks the response agrees: allowed
means served (2xx, a redirect, or a 400 for the empty form it was sent), refused means 403 or 404.
A named route missing from the file fails the coverage test, so a new page is not done until it is
in the matrix. Each request runs in a savepoint that is rolled back, so roles do not affect each other.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from accounts import authz
from accounts.models import ExportJob, ExportState, Notification, User
from ledger.models import ImportStatus, LedgerImport, PeriodClosure
from tests.authz.world import PNG, ROLES, World, build_world

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "routes.csv"
# One more file per area under golden/routes/ (same columns), so areas built side by side do not collide.
GOLDEN_FILES = [GOLDEN, *sorted((GOLDEN.parent / "routes").glob("*.csv"))]
ROUTES = [row for path in GOLDEN_FILES for row in csv.DictReader(path.open(encoding="utf-8"))]
ALLOWED = {200, 201, 204, 301, 302, 400}
REFUSED = {403, 404}


def _named_routes(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _named_routes(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_route_is_in_the_golden_file():
    declared = {row["route"] for row in ROUTES}
    missing = sorted(set(_named_routes(get_resolver().url_patterns)) - declared)
    assert missing == [], f"routes not in {GOLDEN.name}: {missing}"


def _evidence_in_this_tests_private_root(world: World) -> None:
    """The world was built once; each test has its own private root: put the evidence file back."""
    for kind in (
        "ledger.attachment",
        "activities.rectificationevidence",
        "activities.servicedayphoto",
        "activities.visitphoto",
    ):
        attachment = world.rows[kind]["own"]
        path = Path(settings.PARTYBUILD_PRIVATE_ROOT, attachment.file.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PNG)


def _export_job(user) -> ExportJob:
    """A finished background export of the requesting user (each user may read only their own)."""
    name = "exports/2020/01/route-test.xlsx"
    path = Path(settings.PARTYBUILD_PRIVATE_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK")
    return ExportJob.objects.create(
        requested_by=user, kind="members", state=ExportState.DONE, file=name, filename="党员名册.xlsx"
    )


def _targets(world: World, user) -> dict[str, object]:
    staff = world.users["staff"]
    _evidence_in_this_tests_private_root(world)
    return {
        **{kind.split(".")[1]: rows["own"] for kind, rows in world.rows.items()},
        "notification": Notification.objects.create(user=user, title="提醒", url="/"),
        "import": LedgerImport.objects.create(
            original_name="台账.xlsx",
            file="ledger/imports/x.xlsx",
            year=2020,
            uploaded_by=staff,
            dry_run=False,
            status=ImportStatus.SUCCEEDED,
        ),
        "closure": PeriodClosure.objects.create(
            period="2020-Q4", changed_by=staff, changed_at="2020-12-31T00:00Z"
        ),
        "quarter": "2020-Q2",
        "year": "2020",
        "secretaryterm": world.rows["activities.appointmenttalk"]["own"].term,
        "record_kind": "vetting",
        "exportjob": _export_job(user),
    }


def _url(name: str, target) -> str:
    if target is None:
        return reverse(name)
    value = (
        target
        if isinstance(target, str)
        else target.period
        if isinstance(target, PeriodClosure)
        else target.pk
    )
    for key in ("pk", "plan_pk", "item_pk", "code", "period", "year"):
        try:
            return reverse(name, kwargs={key: value})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


def _request(route: dict, user, url: str):
    is_api = url.startswith("/api/")
    client = APIClient() if is_api else Client()
    if user is not None:
        client.force_login(user) if not is_api else client.force_authenticate(user)
    method = route["method"].lower()
    if is_api and method in ("post", "patch"):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url)


def _expected(route: dict, user, target) -> bool:
    rule = route["permission"]
    if rule == "public":
        return True
    if user is None:
        return False
    if rule == "login":
        return True
    obj = (
        target if hasattr(target, "_meta") and not isinstance(target, (Notification, LedgerImport)) else None
    )
    return authz.may(user, rule, obj)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for every route: built once, in a transaction rolled back after the module's tests
    (each test, and each request in it, runs in a savepoint inside it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[f"{r['route']} {r['method']}" for r in ROUTES])
def test_each_role_gets_what_the_matrix_says(world, route):
    failures = []
    for role in (*ROLES, None):
        # A fresh object: rows cached on the world's users (security state) may belong to a rolled-back test.
        user = User.objects.get(pk=world.users[role].pk) if role else None
        with transaction.atomic():
            target = (
                _targets(world, user or world.users["staff"]).get(route["object"])
                if route["object"]
                else None
            )
            url = _url(route["route"], target)
            response = _request(route, user, url)
            transaction.set_rollback(True)
        allowed = _expected(route, user, target)
        status = response.status_code
        # A redirect to the login, password-change or second-factor page is a gate, not the page served
        # (the gate's own pages send an enrolled user from one step to the next: that is the page).
        gates = ("/login/", "/account/password/", "/account/otp/")
        location = response.get("Location", "")
        login_redirect = route["permission"] != "public" and status == 302 and location.startswith(gates)
        next_step = route["route"].startswith("identity:") and location.startswith("/account/otp/")
        if allowed and (status not in ALLOWED or (login_redirect and not next_step)):
            failures.append(f"{role or 'anonymous'}: expected to be served, got {status}")
        if not allowed and not (status in REFUSED or (user is None and (login_redirect or status == 401))):
            failures.append(f"{role or 'anonymous'}: expected a refusal, got {status}")
    assert failures == [], f"{route['route']} {route['method']} {url}: {failures}"
