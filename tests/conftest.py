"""The people of the domain as named fixtures: committee staff, two secretaries of two orgs, …"""

import importlib
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client, TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.audit.models import PERMIT_TABLE
from accounts.identity.otp import otp_required
from accounts.models import OrgKind, Role
from tests.factories import MemberFactory, UnitFactory, UserFactory, make_org, make_root

WIPE_ALL = 9223372036854775807  # the largest bigint: the permit covers every audit row


def pytest_configure(config):
    # Production hashes with PBKDF2 at a million rounds: about half a second per user a test creates or
    # logs in. What tests check (a password is stored hashed, history, policy) does not depend on it.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def _audit_wipe_permit(aliases):
    """The audit table refuses DELETE (and TRUNCATE) unless a purge permit exists; `flush` needs one."""
    for alias in aliases:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"INSERT INTO {PERMIT_TABLE} (through_seq) VALUES (%s)", [WIPE_ALL])
    try:
        yield
    finally:
        for alias in aliases:
            with connections[alias].cursor() as cursor:
                cursor.execute(f"DELETE FROM {PERMIT_TABLE}")


_default_group_rules = importlib.import_module("accounts.migrations.0002_default_group_rules")


def _restore_group_rules():
    """The migration's rows as the migration wrote them: no signals, so no history or audit rows."""
    from accounts.models import OrgGroupRule

    OrgGroupRule.objects.bulk_create(
        [
            OrgGroupRule(phrase=phrase, kinds=kinds, unit_required=unit_required, description=description)
            for phrase, kinds, unit_required, description in _default_group_rules.RULES
        ],
        ignore_conflicts=True,
    )


_scoring_migration = importlib.import_module("activities.migrations.0002_scoring_and_debriefs")


def _restore_default_scoring_template():
    """The migration's score sheet, as it wrote it (bulk_create: no history or audit rows)."""
    from activities.models import ScoringCriterion, ScoringTemplate

    if ScoringTemplate.objects.exists():
        return
    [template] = ScoringTemplate.objects.bulk_create(
        [
            ScoringTemplate(
                name="党组织书记抓党建述职评议表", description="每项按 0–10 分打分，按权重折算为百分制。"
            )
        ]
    )
    ScoringCriterion.objects.bulk_create(
        ScoringCriterion(
            template=template, seq=seq, name=name, description=description, weight=weight, max_points=10
        )
        for seq, (name, description, weight) in enumerate(_scoring_migration.DEFAULT_CRITERIA, start=1)
    )


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_may_flush_the_audit_trail():
    """A transactional test (live server, PostgreSQL integration) ends with `flush`, as a wipe would."""
    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        with _audit_wipe_permit(self._databases_names(include_mirrors=False)):
            original(self)
        # The flush takes the data migrations' rows with it (the 各基层党支部 group phrases): put them
        # back, so a later test in the same worker sees the database a migrated install has.
        _restore_group_rules()
        _restore_default_scoring_template()

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


_force_login = Client.force_login


def _force_login_with_second_factor(self, user, backend=None):
    """force_login skips the login form; for TOTP users it skips the code step too.

    tests/accounts/identity/ log in through the real forms to test both steps.
    """
    _force_login(self, user, backend)
    if otp_required(user):
        device, _new = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    monkeypatch.setattr(Client, "force_login", _force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters live in the cache: one test's token requests must not throttle the next test's.
    cache.clear()


@pytest.fixture
def root_org(db):
    return make_root()


@pytest.fixture
def org_a(root_org):
    return make_org(
        root_org, "中共清镇市税务局支部委员会", short_name="市税务局党支部", unit=UnitFactory(name="市税务局")
    )


@pytest.fixture
def org_b(root_org):
    return make_org(
        root_org, "中共清镇市财政局支部委员会", short_name="市财政局党支部", unit=UnitFactory(name="市财政局")
    )


@pytest.fixture
def organ_committee(root_org):
    """An organ party committee with a branch under it."""
    return make_org(
        root_org, "中共清镇市委办机关委员会", kind=OrgKind.ORGAN_COMMITTEE, short_name="市委办机关党委"
    )


@pytest.fixture
def committee_staff(db):
    return UserFactory(username="staff", role=Role.COMMITTEE_STAFF, is_staff=True)


@pytest.fixture
def secretary_a(org_a):
    return UserFactory(username="sec_a", role=Role.SECRETARY, organization=org_a)


@pytest.fixture
def secretary_b(org_b):
    return UserFactory(username="sec_b", role=Role.SECRETARY, organization=org_b)


@pytest.fixture
def member(org_a):
    person = MemberFactory(organization=org_a, name="张三")
    return UserFactory(username="member_a", role=Role.MEMBER, organization=org_a, member=person)


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role=Role.REVIEWER)


@pytest.fixture
def reporting_client(db):
    return UserFactory(username="report", role=Role.REPORTING)


@pytest.fixture
def api_client():
    return APIClient()


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def staff_api(committee_staff):
    return api_as(committee_staff)


@pytest.fixture
def secretary_a_api(secretary_a):
    return api_as(secretary_a)


@pytest.fixture
def secretary_b_api(secretary_b):
    return api_as(secretary_b)


def browser_as(user) -> Client:
    """A logged-in browser (session auth) for the portal pages."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(committee_staff):
    return browser_as(committee_staff)


@pytest.fixture
def sec_a_client(secretary_a):
    return browser_as(secretary_a)


@pytest.fixture
def sec_b_client(secretary_b):
    return browser_as(secretary_b)


@pytest.fixture
def reporting_browser(reporting_client):
    return browser_as(reporting_client)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Evidence and uploads go to a throw-away private root, never the project's var/private."""
    from partybuild.storage import ensure_private_dirs

    root = tmp_path / "private"
    settings.PARTYBUILD_PRIVATE_ROOT = root
    settings.FILE_UPLOAD_TEMP_DIR = str(root / "tmp" / "uploads")
    ensure_private_dirs()
    return root
