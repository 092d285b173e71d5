"""Checks shared by the ledger services: who may write what, and whether a quarter is closed."""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, User
from partybuild.exceptions import PermissionDeniedError
from partybuild.periods import Period, quarter_of

from ..models import PeriodClosure


def require_committee_staff(user: User, action: str) -> None:
    if not authz.is_committee_staff(user):
        raise PermissionDeniedError(_("只有工委干部可以%(action)s") % {"action": action})


def may_write_for_org(user: User, organization: Organization) -> bool:
    """Committee staff act for the orgs they cover; a secretary only for their own subtree."""
    return authz.may(user, "ledger.add_record", organization)


def require_open_quarter(day: date) -> None:
    """Refuse any change to a record whose assignment falls due in a closed quarter."""
    quarter = quarter_of(day)
    if PeriodClosure.objects.filter(period=quarter.code, is_closed=True).exists():
        raise PermissionDeniedError(
            _("%(quarter)s（%(code)s）已关账，该期间的台账记录只读；如需修改，请联系工委重新打开该季度")
            % {"quarter": quarter.label, "code": quarter.code}
        )


def in_closed_quarter_q() -> Q:
    """Assignments falling due in a closed quarter (the same rule as require_open_quarter), as a Q."""
    codes = PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True)
    ranges = [Q(due_date__gte=p.start, due_date__lte=p.end) for p in map(Period.parse, codes)]
    return reduce(or_, ranges) if ranges else Q(pk__in=[])
