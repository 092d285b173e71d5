"""purge_audit: keeps 180 days at least, writes a checkpoint first, removes only old rows; still verifies."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.audit import audit_log, writer
from accounts.audit.chain import CHECKPOINT_ACTION, verify
from accounts.audit.models import PERMIT_TABLE, AuditEvent

from .conftest import events, triggers_off

pytestmark = pytest.mark.django_db


class _Clock:
    def __init__(self, now):
        self._now = now

    def now(self):
        return self._now


@pytest.fixture
def history(monkeypatch):
    """Rows 1–3 a year old, rows 4–5 from last week."""
    now = timezone.now()
    for days_ago, count in ((365, 3), (7, 2)):
        monkeypatch.setattr(writer, "timezone", _Clock(now - timedelta(days=days_ago)))
        for _n in range(count):
            audit_log("test.event", detail={"days_ago": days_ago})
    monkeypatch.undo()
    return now


@pytest.mark.parametrize("days", [0, 30, 179])
def test_it_refuses_a_retention_below_180_days(history, days):
    with pytest.raises(CommandError, match="保留期不能少于 180 天"):
        call_command("purge_audit", older_than_days=days)
    assert AuditEvent.objects.count() == 5


def test_it_refuses_less_than_the_configured_minimum(history, settings):
    settings.AUDIT_RETENTION_MIN_DAYS = 400
    with pytest.raises(CommandError, match="保留期不能少于 400 天"):
        call_command("purge_audit", older_than_days=365)


def test_it_removes_only_rows_older_than_the_retention_and_writes_a_checkpoint_first(history, capsys):
    call_command("purge_audit", older_than_days=180)
    assert "已清理 3 条" in capsys.readouterr().out
    remaining = list(events().values_list("seq", "action"))
    assert remaining == [(4, "test.event"), (5, "test.event"), (6, CHECKPOINT_ACTION)]
    checkpoint = AuditEvent.objects.get(action=CHECKPOINT_ACTION)
    assert checkpoint.rows == 3
    assert checkpoint.detail["through_seq"] == 3
    assert checkpoint.detail["through_hash"] == AuditEvent.objects.get(seq=4).prev_hash
    assert checkpoint.channel == "command"


def test_verification_passes_from_the_checkpoint_after_a_purge(history, capsys):
    call_command("purge_audit", older_than_days=180)
    call_command("verify_audit")
    assert "审计日志校验通过" in capsys.readouterr().out
    audit_log("test.after")
    assert verify().ok


def test_verification_still_catches_a_row_removed_after_the_purge(history):
    call_command("purge_audit", older_than_days=180)
    with triggers_off():
        AuditEvent.objects.filter(seq=4).delete()
    assert not verify().ok


def test_it_leaves_no_permit_behind_so_the_table_is_append_only_again(history):
    call_command("purge_audit", older_than_days=180)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {PERMIT_TABLE}")
        assert cursor.fetchone()[0] == 0
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=4).delete()


def test_it_removes_nothing_when_no_row_is_old_enough(history, capsys):
    call_command("purge_audit", older_than_days=400)
    assert "未删除任何记录" in capsys.readouterr().out
    assert AuditEvent.objects.count() == 5


def test_it_refuses_to_purge_a_chain_that_does_not_verify(history):
    with triggers_off():
        AuditEvent.objects.filter(seq=2).update(actor_username="forged")
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("purge_audit", older_than_days=180)
    assert AuditEvent.objects.count() == 5


def test_the_database_lets_a_permit_delete_only_the_rows_it_covers(history):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {PERMIT_TABLE} (through_seq) VALUES (2)")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(seq=3).delete()
        AuditEvent.objects.filter(seq__lte=2).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {PERMIT_TABLE}")
    assert list(events().values_list("seq", flat=True)) == [3, 4, 5]
