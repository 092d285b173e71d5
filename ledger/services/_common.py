"""Checks shared by the ledger services: who may write what; closed quarters, archived years."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Organization, User
from partybuild.exceptions import PermissionDeniedError
from partybuild.periods import quarter_of

from ..models import Plan, PlanState
from ..querysets import is_in_closed_quarter


def require_committee_staff(user: User, action: str) -> None:
    if not authz.is_committee_staff(user):
        raise PermissionDeniedError(_("只有工委干部可以%(action)s") % {"action": action})


def may_write_for_org(user: User, organization: Organization) -> bool:
    """Committee staff act for the orgs they cover; a secretary only for their own subtree."""
    return authz.may(user, "ledger.add_record", organization)


def require_open_quarter(day: date) -> None:
    """Refuse any change to a record whose assignment falls due in a closed quarter."""
    if is_in_closed_quarter(day):
        quarter = quarter_of(day)
        raise PermissionDeniedError(
            _("%(quarter)s已关账，该期间的台账记录只读；如需修改，请联系工委重新打开该季度")
            % {"quarter": quarter.label}
        )


def require_open_year(plan: Plan) -> None:
    """Refuse any change to a record of an archived year: it is history until staff unarchive it."""
    if plan.state == PlanState.ARCHIVED:
        raise PermissionDeniedError(
            _("%(year)s年度台账已归档，其记录只读；如需修改，请联系工委取消归档") % {"year": plan.year}
        )
