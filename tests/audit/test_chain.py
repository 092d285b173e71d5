"""The hash chain: each row links to the one before; verify_audit names a changed, removed or unlinked row."""

import hashlib
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accounts.audit import audit_log
from accounts.audit.chain import canonical, verify
from accounts.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

from .conftest import events, triggers_off

pytestmark = pytest.mark.django_db


def _three():
    for n in range(3):
        audit_log("test.event", detail={"n": n, "名称": "测试"})
    return list(events())


def test_it_links_each_row_to_the_previous_rows_hash():
    first, second, third = _three()
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    expected = hashlib.sha256(second.hash.encode() + b"\n" + canonical(third)).hexdigest()
    assert third.hash == expected
    assert AuditChainHead.objects.get().seq == 3


def test_it_verifies_an_untouched_chain(capsys):
    _three()
    assert verify().ok
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "审计日志校验通过" in out and "共 3 条记录" in out


def test_it_reports_a_changed_row_by_its_number(capsys):
    _three()
    with triggers_off():
        AuditEvent.objects.filter(seq=2).update(actor_username="someone-else")
    with pytest.raises(CommandError, match="审计日志校验未通过"):
        call_command("verify_audit")
    assert "第 2 条审计记录内容被修改" in capsys.readouterr().err


def test_it_reports_a_removed_row_by_its_number(capsys):
    _three()
    with triggers_off():
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "第 2 条审计记录缺失" in capsys.readouterr().err


def test_it_reports_removed_rows_at_the_end_against_the_chain_head():
    _three()
    with triggers_off():
        AuditEvent.objects.filter(seq=3).delete()
    problems = verify().problems
    assert any("末尾记录被删除" in problem for problem in problems)


def test_it_reports_removed_rows_at_the_start_without_a_checkpoint():
    _three()
    with triggers_off():
        AuditEvent.objects.filter(seq=1).delete()
    assert any("第 1 条审计记录已不存在" in problem for problem in verify().problems)


def test_it_reports_a_row_rehashed_by_the_attacker_as_a_broken_link():
    first, second, _third = _three()
    second.actor_username = "forged"
    forged_hash = hashlib.sha256(second.prev_hash.encode() + b"\n" + canonical(second)).hexdigest()
    with triggers_off():
        AuditEvent.objects.filter(seq=2).update(actor_username="forged", hash=forged_hash)
    assert verify().problems == ["第 3 条审计记录与前一条的链接断开（前一条哈希不符）"]


def test_it_stores_detail_so_that_the_hash_survives_the_round_trip():
    audit_log("test.event", detail={"when": date(2026, 1, 2), "nested": {"b": 1, "a": [1]}})
    event = AuditEvent.objects.get()
    assert (event.detail["when"], event.detail["nested"]) == ("2026-01-02", {"b": 1, "a": [1]})
    assert "os_user" in event.detail  # a command: who ran it on the server
    assert verify().ok


def test_it_refuses_an_unknown_result():
    with pytest.raises(ValueError):
        audit_log("test.event", result="ok")
