"""The database, not the application, keeps the audit table append-only (SQLite here; PostgreSQL in CI)."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.audit import audit_log
from accounts.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    audit_log("test.event", detail={"n": 1})
    return AuditEvent.objects.get()


def _refused(change) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change()


def test_it_refuses_an_orm_update(event):
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(result="failure"))
    assert AuditEvent.objects.get().result == "success"


def test_it_refuses_saving_an_existing_row(event):
    event.actor_username = "forged"
    _refused(event.save)
    assert AuditEvent.objects.get().actor_username == ""


def test_it_refuses_an_orm_delete(event):
    _refused(lambda: AuditEvent.objects.all().delete())
    _refused(event.delete)
    assert AuditEvent.objects.count() == 1


def test_it_refuses_raw_sql_update_and_delete(event):
    def raw(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    _refused(lambda: raw("UPDATE audit_auditevent SET action = 'x'"))
    _refused(lambda: raw("DELETE FROM audit_auditevent"))
    assert AuditEvent.objects.get().action == "test.event"


def test_it_still_appends(event):
    audit_log("test.event")
    assert AuditEvent.objects.count() == 2
