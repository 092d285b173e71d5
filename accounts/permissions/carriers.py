"""The carriers and organisational life: posts and feedback, service days, meetings, pairing, forums and
selections, brands, volunteers, trainings, information pieces; entered once."""

from __future__ import annotations

import rules

from .. import authz
from .predicates import (
    deny,
    has_business_access,
    in_business_scope,
    in_staff_scope,
    in_write_scope,
    is_staff,
)


def _forum_in(scope_of):
    """A forum is in scope when any org holding it is (a joint forum belongs to each of its orgs)."""

    def check(user, obj=None) -> bool:
        scope = scope_of(user)
        if obj is None:
            return not scope.is_empty
        if scope.covers(obj.organization):
            return True
        return any(scope.covers(link.organization) for link in obj.org_links.select_related("organization"))

    check.__name__ = f"forum_in_{scope_of.__name__}"
    return rules.predicate(check)


@rules.predicate
def is_committee_wide_training(user, obj=None) -> bool:
    """A training of the whole committee (no org) is read by everyone with business data."""
    return obj is not None and obj.organization_id is None and authz.has_business_access(user)


@rules.predicate
def household_in_write_scope(user, obj=None) -> bool:
    """A household a secretary's org reaches: paired with one of its members, or looked after by it."""
    scope = authz.write_scope(user)
    return not scope.is_empty and (obj is None or obj.reached_by(scope))


@rules.predicate
def writes_for_some_org(user, obj=None) -> bool:
    """Whoever records for some org (a selection has none: the service checks the nominating org)."""
    return not authz.write_scope(user).is_empty


RULES = {
    # 服务监督岗: posts are public plates (business scope reads them); secretaries and staff keep their own
    # orgs' posts; staff print the plates. What the public left (it may carry a contact) is read, answered
    # and closed by the org's secretaries and staff, never the reporting client (counts only).
    "activities.view_servicepost": in_business_scope,
    "activities.add_servicepost": in_write_scope,
    "activities.change_servicepost": in_write_scope,
    "activities.delete_servicepost": deny,
    "activities.print_servicepost": in_staff_scope,
    "activities.view_feedback": in_write_scope,
    "activities.answer_feedback": in_write_scope,
    "activities.delete_feedback": deny,
    # 党员服务日/主题党日: secretaries record their own org's, staff any in their scope; the reporting client
    # reads days and the grid (counts), names of attendees and photos only staff and secretaries.
    "activities.view_serviceday": in_business_scope,
    "activities.add_serviceday": in_write_scope,
    "activities.change_serviceday": in_write_scope,
    "activities.delete_serviceday": in_write_scope,
    "activities.count_serviceday": in_business_scope,
    "activities.view_servicedayattendance": in_write_scope,
    "activities.view_servicedayphoto": in_write_scope,
    # Entered once (ledger.services.fills): an activity fills its org's assignments as a submission would.
    "ledger.view_activityfill": in_business_scope,
    "ledger.add_activityfill": in_write_scope,
    # 三会一课: the org's secretaries record their own meetings (and the orgs below); staff everywhere; the
    # reporting client reads them and the check. 免查 (exemptions) are data staff keep; imports are staff's.
    "activities.view_meeting": in_business_scope,
    "activities.add_meeting": in_write_scope,
    "activities.change_meeting": in_write_scope,
    "activities.delete_meeting": in_write_scope,
    "activities.import_meeting": is_staff,
    "activities.view_meetingattendance": in_business_scope,
    "activities.view_meetingexemption": in_business_scope,
    "activities.add_meetingexemption": in_staff_scope,
    "activities.change_meetingexemption": in_staff_scope,
    "activities.delete_meetingexemption": in_staff_scope,
    # 扶贫结对 (households are personal data): staff everything in their scope; a secretary the pairings and
    # visits of their org's members and the households those are paired with (or their org looks after);
    # the reporting client counts only (count_*: the totals page and the annual account).
    "activities.view_household": household_in_write_scope,
    "activities.add_household": in_write_scope,
    "activities.change_household": household_in_write_scope,
    "activities.delete_household": deny,
    "activities.count_household": in_business_scope,
    "activities.view_pairing": in_write_scope,
    "activities.add_pairing": in_write_scope,
    "activities.change_pairing": in_write_scope,
    "activities.delete_pairing": deny,
    "activities.count_pairing": in_business_scope,
    "activities.view_visit": in_write_scope,
    "activities.add_visit": in_write_scope,
    "activities.change_visit": in_write_scope,
    "activities.delete_visit": deny,
    "activities.view_visitphoto": in_write_scope,
    # 主题讲坛: secretaries register their org's forums (a joint one is read by every org holding it);
    # staff everywhere; the reporting client reads them and the grid. 评选: staff run them; secretaries
    # nominate their org's candidates in the nomination window and read their own; stages are staff's.
    "activities.view_forum": _forum_in(authz.business_scope),
    "activities.add_forum": in_write_scope,
    "activities.change_forum": in_write_scope,
    "activities.delete_forum": deny,
    "activities.view_forumgrid": in_business_scope,
    "activities.view_selection": has_business_access,
    "activities.add_selection": is_staff,
    "activities.change_selection": is_staff,
    "activities.delete_selection": deny,
    "activities.view_candidate": in_business_scope,
    "activities.add_candidate": in_write_scope,
    # The nomination page of a selection: whoever writes for some org (the window and the org are the
    # service's to check).
    "activities.nominate_selection": writes_for_some_org,
    "activities.change_candidate": in_staff_scope,
    "activities.promote_candidate": in_staff_scope,
    "activities.delete_candidate": deny,
    # 一支部一品牌: a secretary applies for their own org's brand and edits it; staff review, recognise and
    # re-check (有进有出); every role with business data reads them in scope (no personnel findings).
    "activities.view_brand": in_business_scope,
    "activities.add_brand": in_write_scope,
    "activities.change_brand": in_write_scope,
    "activities.review_brand": in_staff_scope,
    "activities.delete_brand": deny,
    # 志愿服务队 (总队—支队—分队) with activities and hours; 学习培训; 信息报送: the secretary and staff
    # record them; staff set up teams and record adoption; the reporting client reads them.
    "activities.view_volunteerteam": in_business_scope,
    "activities.add_volunteerteam": in_staff_scope,
    "activities.change_volunteerteam": in_write_scope,
    "activities.delete_volunteerteam": deny,
    "activities.view_volunteeractivity": in_business_scope,
    "activities.add_volunteeractivity": in_write_scope,
    "activities.change_volunteeractivity": in_write_scope,
    # Whoever may correct an activity may take a wrong one back (its hours with it), as with meetings.
    "activities.delete_volunteeractivity": in_write_scope,
    # A committee-wide training (no org) is read by everyone with business data.
    "activities.view_training": in_business_scope | is_committee_wide_training,
    "activities.add_training": in_write_scope,
    "activities.change_training": in_write_scope,
    "activities.delete_training": deny,
    "activities.view_infopiece": in_business_scope,
    "activities.add_infopiece": in_write_scope,
    "activities.change_infopiece": in_write_scope,
    "activities.adopt_infopiece": in_staff_scope,
    "activities.delete_infopiece": deny,
}
