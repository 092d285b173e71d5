"""The hash chain: append one event at the end of it, and walk it to find what was changed or removed.

Each row's hash is SHA-256 over the previous row's hash and the row's canonical fields. Appends are
serialized by the chain head row: the first statement of an append is an UPDATE of that row, which
takes its row lock on PostgreSQL and the write lock on SQLite before the head is read.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import GENESIS_HASH, AuditChainHead, AuditEvent

CHECKPOINT_ACTION = "audit.checkpoint"
HEAD_PK = 1


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(event: AuditEvent) -> bytes:
    """The fields the hash covers, in one fixed text form (sorted keys, UTC times, JSON detail)."""
    fields = {
        "seq": event.seq,
        "time": _utc(event.time),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "roles": event.roles,
        "address": event.address,
        "channel": event.channel,
        "action": event.action,
        "object_type_id": event.object_type_id,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "result": event.result,
        "detail": event.detail,
        "rows": event.rows,
        "request_id": event.request_id,
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(event)).hexdigest()


def _lock_head() -> AuditChainHead:
    # A write first, then the read: a reader that upgrades to a writer later can deadlock on SQLite.
    if not AuditChainHead.objects.filter(pk=HEAD_PK).update(seq=F("seq")):
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(pk=HEAD_PK)
        except IntegrityError:  # another process created it first; its row lock now applies
            AuditChainHead.objects.filter(pk=HEAD_PK).update(seq=F("seq"))
    return AuditChainHead.objects.get(pk=HEAD_PK)


def append(fields: dict) -> AuditEvent:
    """Write one event at the end of the chain, in its own (possibly nested) transaction."""
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(seq=head.seq + 1, prev_hash=head.hash, **fields)
        event.hash = event_hash(head.hash, event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=HEAD_PK).update(seq=event.seq, hash=event.hash)
    return event


@dataclass
class Verification:
    """What verify_audit found: the rows it checked, the chain's end and every problem, in Chinese."""

    checked: int
    first_seq: int | None
    head_seq: int
    head_hash: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _start_of(first: AuditEvent | None) -> tuple[int, str, list[str]]:
    """Where the walk starts: the genesis, or the checkpoint a purge wrote for the rows it removed."""
    if first is None or first.seq == 1:
        return 1, GENESIS_HASH, []
    checkpoints = AuditEvent.objects.filter(action=CHECKPOINT_ACTION).order_by("-seq")
    for checkpoint in checkpoints.only("seq", "detail").iterator():
        if checkpoint.detail.get("through_seq") == first.seq - 1:
            return first.seq, checkpoint.detail.get("through_hash", ""), []
    problem = _("%(rows)s已不存在，且没有清理检查点说明它们是按保留期清理的（记录被删除）") % {
        "rows": _rows(1, first.seq - 1)
    }
    return first.seq, first.prev_hash, [problem]


def _rows(first: int, last: int) -> str:
    if first == last:
        return _("第 %(seq)d 条审计记录") % {"seq": first}
    return _("第 %(first)d 至 %(last)d 条审计记录") % {"first": first, "last": last}


def _missing(first: int, last: int) -> str:
    return _("%(rows)s缺失（记录被删除）") % {"rows": _rows(first, last)}


def verify(*, chunk_size: int = 2000) -> Verification:
    """Walk every row in sequence order: a changed row, a removed row or a broken link is a problem."""
    first = AuditEvent.objects.order_by("seq").first()
    expected_seq, expected_prev, problems = _start_of(first)
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        checked += 1
        if event.seq > expected_seq:
            problems.append(_missing(expected_seq, event.seq - 1))
        elif event.prev_hash != expected_prev:
            problems.append(
                _("第 %(seq)d 条审计记录与前一条的链接断开（前一条哈希不符）") % {"seq": event.seq}
            )
        if event_hash(event.prev_hash, event) != event.hash:
            problems.append(_("第 %(seq)d 条审计记录内容被修改（哈希不符）") % {"seq": event.seq})
        expected_seq, expected_prev = event.seq + 1, event.hash
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    if checked and head_seq != expected_seq - 1:
        problems.append(
            _(
                "审计链头记录第 %(head)d 条为最后一条，但表中最后一条是第 %(last)d 条"
                "（末尾记录被删除或链头被改动）"
            )
            % {"head": head_seq, "last": expected_seq - 1}
        )
    elif checked and head_hash != expected_prev:
        problems.append(_("第 %(seq)d 条审计记录与链头哈希不符") % {"seq": head_seq})
    elif not checked and head_seq:
        problems.append(
            _("审计链头记录有 %(head)d 条，但表中没有任何记录（记录被删除）") % {"head": head_seq}
        )
    return Verification(checked, first.seq if first else None, head_seq, head_hash, problems)
