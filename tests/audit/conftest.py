"""The audit admin, a browser logged in as them, and a way to tamper with the table as an attacker would."""

from contextlib import contextmanager

import pytest
from django.db import connection

from accounts.audit.models import AuditEvent
from accounts.models import Role
from tests.conftest import browser_as
from tests.factories import UserFactory
from tests.ledger.conftest import (  # noqa: F401 - the ledger's fixtures, for the export tests
    ledger_item,
    ledger_item_2,
    ledger_plan,
    task_monthly,
    task_quarterly,
)


@pytest.fixture
def audit_admin(db):
    return UserFactory(username="auditor", role=Role.AUDIT_ADMIN, is_staff=True)


@pytest.fixture
def audit_client(audit_admin):
    return browser_as(audit_admin)


@contextmanager
def triggers_off():
    """Disable the append-only triggers, as someone with direct database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            try:
                yield
            finally:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
        )
        triggers = cursor.fetchall()
        assert triggers, "the append-only triggers should exist"
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in triggers:
                cursor.execute(sql)


def events(action: str | None = None):
    queryset = AuditEvent.objects.order_by("seq")
    return queryset.filter(action=action) if action else queryset


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (where success events inside a transaction are written) at once."""

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
