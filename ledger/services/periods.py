"""Closing a quarter makes its records read-only; reopening needs a reason and stays in history."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from partybuild.exceptions import DomainError
from partybuild.periods import QUARTER, Period

from ..models import PeriodClosure
from ._common import require_committee_staff


def _quarter(code: str) -> Period:
    try:
        period = Period.parse(code or "")
    except ValueError as exc:
        raise DomainError(str(exc), field="period") from exc
    if period.kind != QUARTER:
        raise DomainError(
            _("只能按季度关账，“%(code)s”不是季度代码（示例：2020-Q1）") % {"code": code}, field="period"
        )
    return period


@transaction.atomic
def period_close(*, period: str, user: User) -> PeriodClosure:
    require_committee_staff(user, _("关账"))
    quarter = _quarter(period)
    closure = PeriodClosure.objects.select_for_update().filter(period=quarter.code).first()
    if closure and closure.is_closed:
        raise DomainError(_("%(quarter)s已经关账") % {"quarter": quarter.label}, field="period")
    closure = closure or PeriodClosure(period=quarter.code)
    closure.is_closed = True
    closure.changed_by = user
    closure.changed_at = timezone.now()
    closure.reason = ""
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def period_reopen(*, period: str, user: User, reason: str) -> PeriodClosure:
    require_committee_staff(user, _("重新打开已关账的季度"))
    quarter = _quarter(period)
    if not (reason or "").strip():
        raise DomainError(_("重新打开已关账的季度必须填写原因"), field="reason")
    closure = PeriodClosure.objects.select_for_update().filter(period=quarter.code, is_closed=True).first()
    if closure is None:
        raise DomainError(_("%(quarter)s尚未关账，无需重新打开") % {"quarter": quarter.label}, field="period")
    closure.is_closed = False
    closure.changed_by = user
    closure.changed_at = timezone.now()
    closure.reason = reason.strip()
    closure.full_clean()
    closure.save()
    return closure
