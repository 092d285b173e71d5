"""六项制度: vetting, talks, bulletins, reminder talks, live scoring and debriefs, archives."""

from __future__ import annotations

import rules

from .. import authz
from .predicates import (
    deny,
    in_business_scope,
    in_secretary_scope,
    in_staff_scope,
    in_write_scope,
    is_staff,
)


@rules.predicate
def may_read_bulletin(user, obj=None) -> bool:
    """通报与通知: staff read every one (drafts too); the reporting client and secretaries published ones
    sent to all orgs or naming an org in their scope (secretaries: their own org and the orgs below)."""
    scope = authz.business_scope(user)
    if obj is None:
        return not scope.is_empty
    if authz.is_committee_staff(user):
        return True
    if not obj.is_published or scope.is_empty:
        return False
    if scope.everything or obj.to_all:
        return True
    return any(scope.covers(named.organization) for named in obj.named_orgs.select_related("organization"))


def _round_of(obj):
    """The scoring round a row belongs to: the round itself, a debrief session's, a score's, a debrief's."""
    if obj is None or type(obj).__name__ == "ScoringRound":
        return obj
    if hasattr(obj, "session"):
        obj = obj.session
    return getattr(obj, "round", None)


@rules.predicate
def is_invited_to_round(user, obj=None) -> bool:
    """An invited reviewer of the row's scoring round; with no row: whoever may be invited to score
    (评议人 and committee staff)."""
    if obj is None:
        return authz.is_reviewer(user) or authz.is_committee_staff(user)
    round = _round_of(obj)
    return round is not None and round.is_invited(user)


@rules.predicate
def is_own_score(user, obj=None) -> bool:
    """A reviewer reads their own scores (with no row: they may have some)."""
    if obj is None:
        return authz.is_reviewer(user)
    return obj.reviewer_id is not None and obj.reviewer.user_id == user.pk


@rules.predicate
def reads_published_results(user, obj=None) -> bool:
    """The reporting client reads scoring results once the round is closed (never before)."""
    if not authz.is_reporting(user):
        return False
    if obj is None:
        return True
    round = _round_of(obj)
    return round is not None and round.is_closed


@rules.predicate
def is_own_term(user, obj=None) -> bool:
    """A secretary's own term of office (their 实绩档案): the person they are, not their org's others."""
    if not authz.is_secretary(user) or not getattr(user, "member_id", None):
        return False
    return obj is None or getattr(obj, "member_id", None) == user.member_id


RULES = {
    # 六项制度. Vetting findings (德能勤绩廉) are the committee's personnel work: staff only, never the
    # reporting client nor the secretaries. Appointment talks: staff, and the secretaries of the org.
    "activities.view_vetting": in_staff_scope,
    "activities.add_vetting": in_staff_scope,
    "activities.change_vetting": in_staff_scope,
    "activities.delete_vetting": deny,
    "activities.view_appointmenttalk": in_write_scope,
    "activities.add_appointmenttalk": in_staff_scope,
    "activities.change_appointmenttalk": in_staff_scope,
    "activities.delete_appointmenttalk": deny,
    # 通报/工作提醒/通知公告: written and published by staff; read by staff, the reporting client (published
    # ones) and the secretaries of the orgs they name. Who has read one (receipts) is staff's.
    "activities.view_bulletin": may_read_bulletin,
    "activities.add_bulletin": is_staff,
    "activities.change_bulletin": is_staff,
    "activities.publish_bulletin": is_staff,
    "activities.delete_bulletin": deny,
    "activities.view_bulletinreceipt": is_staff,
    # 提醒约谈 (its reasons are personnel findings): staff and the org's secretaries, never the reporting
    # client, which reads counts only. Items: the secretary reports them done, staff close them (销号).
    "activities.view_remindertalk": in_write_scope,
    "activities.add_remindertalk": in_staff_scope,
    "activities.change_remindertalk": in_staff_scope,
    "activities.delete_remindertalk": deny,
    "activities.count_remindertalk": in_business_scope,
    "activities.view_rectification": in_write_scope,
    "activities.add_rectification": in_staff_scope,
    "activities.report_rectification": in_secretary_scope,
    "activities.close_rectification": in_staff_scope,
    "activities.delete_rectification": deny,
    "activities.view_rectificationevidence": in_write_scope,
    "activities.view_letter": in_write_scope,
    "activities.add_letter": in_staff_scope,
    "activities.change_letter": in_staff_scope,
    "activities.delete_letter": deny,
    # 现场评分 (述职评议, later the selections): staff organise; invited reviewers score and read their own
    # scores; the reporting client reads results once a round is closed.
    "activities.view_scoringtemplate": is_staff,
    "activities.add_scoringtemplate": is_staff,
    "activities.change_scoringtemplate": is_staff,
    "activities.delete_scoringtemplate": deny,
    "activities.view_scoringround": is_staff | is_invited_to_round,
    "activities.add_scoringround": is_staff,
    "activities.change_scoringround": is_staff,
    "activities.close_scoringround": is_staff,
    "activities.delete_scoringround": deny,
    "activities.score_scoringround": is_invited_to_round,
    "activities.view_score": is_staff | is_own_score | reads_published_results,
    "activities.add_score": is_invited_to_round,
    "activities.delete_score": deny,
    "activities.view_debriefsession": is_staff | is_invited_to_round | reads_published_results,
    "activities.add_debriefsession": is_staff,
    "activities.change_debriefsession": is_staff,
    "activities.delete_debriefsession": deny,
    # A debrief: staff, and the secretaries of its org (their own archive); results only for reporting.
    "activities.view_debrief": in_write_scope | reads_published_results,
    "activities.view_debriefreport": in_write_scope,
    "activities.add_debrief": in_staff_scope,
    "activities.change_debrief": in_staff_scope,
    "activities.delete_debrief": deny,
    # 实绩档案 (one per secretary term, assembled live): staff in their scope; the secretary their own and
    # nobody else's; the reporting client counts and published results (no findings, no talk reasons:
    # those follow view_vetting and view_remindertalk inside the archive).
    "activities.view_archive": in_staff_scope | is_own_term | (authz.is_reporting & in_business_scope),
    "activities.export_archive": in_staff_scope | is_own_term,
    "activities.list_archive": is_staff,
}
