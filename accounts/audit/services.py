"""Removing old audit rows: the only delete the database lets through, and only for rows past retention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError

from . import chain
from .context import context_of
from .models import PERMIT_TABLE, AuditEvent
from .writer import snapshot

ABSOLUTE_MIN_RETENTION_DAYS = 180


def retention_min_days() -> int:
    return max(ABSOLUTE_MIN_RETENTION_DAYS, getattr(settings, "AUDIT_RETENTION_MIN_DAYS", 0))


@dataclass
class PurgeResult:
    removed: int
    through_seq: int | None


def _permit(through_seq: int | None) -> None:
    with connection.cursor() as cursor:
        if through_seq is None:
            cursor.execute(f"DELETE FROM {PERMIT_TABLE}")
        else:
            cursor.execute(f"INSERT INTO {PERMIT_TABLE} (through_seq) VALUES (%s)", [through_seq])


def audit_purge(*, older_than_days: int) -> PurgeResult:
    """Delete the rows older than `older_than_days` (at least the retention), after a chain checkpoint.

    Refuses a shorter retention and a chain that does not verify (the rows to delete could be the
    evidence). The checkpoint is an audit event of its own: which row was the last one removed and its
    hash, so `verify_audit` starts from it afterwards.
    """
    minimum = retention_min_days()
    if older_than_days < minimum:
        raise DomainError(
            _("保留期不能少于 %(minimum)d 天（填写的是 %(days)d 天）；审计日志至少保留六个月")
            % {"minimum": minimum, "days": older_than_days},
            field="older_than_days",
        )
    verification = chain.verify()
    if not verification.ok:
        raise DomainError(
            _(
                "审计日志校验未通过（%(problem)s 等 %(count)d 处问题），不能清理；"
                "请先运行 verify_audit 查明原因"
            )
            % {"problem": verification.problems[0], "count": len(verification.problems)}
        )
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        chain._lock_head()  # no event is appended while the purge decides and deletes
        recent = AuditEvent.objects.filter(time__gte=cutoff).order_by("seq")
        kept = recent.values_list("seq", flat=True).first()
        old = AuditEvent.objects.all() if kept is None else AuditEvent.objects.filter(seq__lt=kept)
        last = old.order_by("-seq").only("seq", "hash").first()
        if last is None:
            return PurgeResult(removed=0, through_seq=None)
        count = old.count()
        fields = snapshot(
            chain.CHECKPOINT_ACTION,
            context=context_of(None),
            rows=count,
            detail={
                "through_seq": last.seq,
                "through_hash": last.hash,
                "cutoff": cutoff,
                "older_than_days": older_than_days,
            },
        )
        chain.append(fields)
        _permit(last.seq)
        AuditEvent.objects.filter(seq__lte=last.seq).delete()
        _permit(None)
    return PurgeResult(removed=count, through_seq=last.seq)
