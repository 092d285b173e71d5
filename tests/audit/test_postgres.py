"""The same guarantees on PostgreSQL (CI's integration run): triggers, verification, purge, linear chain."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from accounts.audit import audit_log, chain
from accounts.audit.chain import verify
from accounts.audit.context import AuditContext
from accounts.audit.models import AuditEvent
from accounts.audit.writer import snapshot

from .conftest import triggers_off

pytestmark = pytest.mark.integration


def _refused(sql_or_change) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        if callable(sql_or_change):
            sql_or_change()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql_or_change)


def test_it_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_the_triggers_refuse_update_delete_and_truncate(db):
    audit_log("test.event")
    event = AuditEvent.objects.get()
    _refused(lambda: AuditEvent.objects.update(result="failure"))
    event.actor_username = "forged"
    _refused(event.save)
    _refused(lambda: AuditEvent.objects.all().delete())
    _refused("UPDATE audit_auditevent SET action = 'x'")
    _refused("DELETE FROM audit_auditevent")
    _refused("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.get().actor_username == ""


def test_verification_finds_a_changed_and_a_removed_row(db):
    for _n in range(4):
        audit_log("test.event")
    with triggers_off():
        AuditEvent.objects.filter(seq=2).update(action="test.forged")
        AuditEvent.objects.filter(seq=3).delete()
    problems = verify().problems
    assert "第 2 条审计记录内容被修改（哈希不符）" in problems
    assert "第 3 条审计记录缺失（记录被删除）" in problems


def test_the_purge_removes_old_rows_through_the_permit_and_the_chain_still_verifies(db):
    for days_ago in (400, 400, 1):
        fields = snapshot("test.event", context=AuditContext(channel="command"))
        fields["time"] = timezone.now() - timedelta(days=days_ago)
        chain.append(fields)
    call_command("purge_audit", older_than_days=180)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [3, 4]
    assert verify().ok


def test_concurrent_appends_keep_one_linear_chain(transactional_db):
    def append_ten(worker: int) -> None:
        try:
            for n in range(10):
                audit_log("test.concurrent", detail={"worker": worker, "n": n})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append_ten, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 41))
    assert verify().ok
