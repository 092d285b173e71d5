"""Member points, the assessment scheme, runs and results, the year-end account."""

from __future__ import annotations

import rules

from .. import authz
from .predicates import (
    deny,
    has_business_access,
    in_business_scope,
    in_staff_scope,
    in_write_scope,
    is_own_member_row,
    is_staff,
)


@rules.predicate
def is_published_result(user, obj=None) -> bool:
    """A result of a published run (with no row: some result may be)."""
    return obj is None or getattr(obj.run, "state", "") == "published"


RULES = {
    # 党员积分: staff keep the schemes and compute; staff and secretaries read and give points in their
    # scope; a party member reads only their own quarters (is_own_member_row: a row whose member_id is the
    # user's member); the reporting client none (names and scores).
    "assessments.view_pointscheme": is_staff | authz.is_secretary,
    "assessments.add_pointscheme": is_staff,
    "assessments.change_pointscheme": is_staff,
    "assessments.delete_pointscheme": deny,
    "assessments.view_memberpoints": in_write_scope | is_own_member_row,
    "assessments.compute_memberpoints": is_staff,
    "assessments.view_pointranking": in_write_scope,
    "assessments.view_manualpoint": in_write_scope | is_own_member_row,
    "assessments.add_manualpoint": in_write_scope,
    "assessments.delete_manualpoint": in_write_scope,
    # 考核办法 and results: the scheme is readable by every business role (secretaries read it as a page);
    # staff edit it, compute, review and publish. A result: staff in their scope (unpublished too); the
    # reporting client and secretaries (their org and below) published ones only.
    "assessments.view_scheme": has_business_access,
    "assessments.add_scheme": is_staff,
    "assessments.change_scheme": is_staff,
    "assessments.delete_scheme": deny,
    "assessments.view_schemecomponent": has_business_access,
    "assessments.add_schemecomponent": is_staff,
    "assessments.change_schemecomponent": is_staff,
    "assessments.delete_schemecomponent": deny,
    "assessments.view_assessmentrun": is_staff,
    "assessments.compute_assessment": is_staff,
    "assessments.publish_assessmentrun": is_staff,
    "assessments.view_assessmentresult": in_staff_scope | (is_published_result & in_business_scope),
    # 年度总账: every role with business data, each in its scope (the figures are counts, no personnel
    # findings); the admin roles none.
    "assessments.view_annualaccount": has_business_access,
}
