"""The role × resource × action matrix as rules: every permission the portal, API and admin ask.

Each entry names a Django-style permission (`app.action_model`, plus domain actions such as
`ledger.review_record`) and the predicate that grants it. Object-level predicates take the row
(or None, meaning "some row of this kind"); the org a row belongs to decides whether it is in scope.
`tests/golden/authz_matrix.csv` holds what these answer for every role, and a test keeps them equal.
Anything not listed is refused.
"""

from __future__ import annotations

import rules

from . import authz
from .models import Member, Organization

deny = rules.always_deny


def _org_of(obj) -> Organization | None:
    """The org a row belongs to: the org itself, its `organization`, or its record's org (evidence)."""
    if isinstance(obj, Organization):
        return obj
    org = getattr(obj, "organization", None)
    if org is None and hasattr(obj, "record"):
        org = obj.record.organization
    return org


def _in(scope_of):
    """A predicate: the row's org is inside the user's scope (with no row: the scope is not empty)."""

    def check(user, obj=None) -> bool:
        scope = scope_of(user)
        if obj is None:
            return not scope.is_empty
        return scope.covers(_org_of(obj))

    check.__name__ = f"in_{scope_of.__name__}"
    return rules.predicate(check)


def _roster_scope(user) -> authz.OrgScope:
    """Names and personal details: staff and secretaries; the reporting client reads counts only."""
    return authz.write_scope(user)


in_business_scope = _in(authz.business_scope)
in_staff_scope = _in(authz.staff_scope)
in_write_scope = _in(authz.write_scope)
in_roster_scope = _in(_roster_scope)
in_secretary_scope = _in(authz.secretary_scope)


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


@rules.predicate
def is_own_member_record(user, obj=None) -> bool:
    """A party member reads their own roster entry and nothing else."""
    if not authz.is_party_member(user) or user.member_id is None:
        return False
    return obj is None or (isinstance(obj, Member) and obj.pk == user.member_id)


@rules.predicate
def transfer_in_roster_scope(user, obj=None) -> bool:
    """A transfer is read by whoever keeps the roster at either end, and by the member it moved."""
    scope = _roster_scope(user)
    if obj is None:
        return not scope.is_empty
    return scope.covers(obj.from_organization) or scope.covers(obj.to_organization)


@rules.predicate
def is_own_transfer(user, obj=None) -> bool:
    if not authz.is_party_member(user) or user.member_id is None:
        return False
    return obj is None or obj.member_id == user.member_id


@rules.predicate
def is_own_export(user, obj=None) -> bool:
    """A background export is read and downloaded only by the user who asked for it (not even staff)."""
    return obj is None or obj.requested_by_id == user.pk


@rules.predicate
def has_business_access(user) -> bool:
    return authz.has_business_access(user)


@rules.predicate
def not_about_self(user, obj=None) -> bool:
    """Nobody grants, changes or revokes their own roles (三员分立: no admin raises itself)."""
    return obj is None or getattr(obj, "user_id", None) != user.pk


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


may_manage_users = rules.predicate(authz.may_manage_users)
may_grant_roles = rules.predicate(authz.may_grant_roles)
may_unlock = rules.predicate(authz.may_unlock)
may_read_audit = rules.predicate(authz.may_read_audit)
is_staff = authz.is_committee_staff
reads_logins = authz.is_security_admin | authz.is_audit_admin

MATRIX = {
    # Organizations and people
    "accounts.view_organization": in_business_scope,
    "accounts.add_organization": is_staff,
    "accounts.change_organization": in_staff_scope,
    "accounts.delete_organization": deny,
    "accounts.import_organization": is_staff,
    "accounts.export_organization": is_staff,
    "accounts.view_member": in_roster_scope | is_own_member_record,
    "accounts.add_member": in_roster_scope,
    "accounts.change_member": in_roster_scope,
    "accounts.delete_member": deny,
    "accounts.import_member": is_staff,
    "accounts.export_member": in_roster_scope,
    "accounts.view_roster": in_roster_scope,
    # 组织关系转接: the services ask this of both the member (their current org) and the org they go
    # to, so a secretary transfers only within their own subtree; committee staff between any orgs.
    "accounts.transfer_member": in_roster_scope,
    "accounts.view_membertransfer": transfer_in_roster_scope | is_own_transfer,
    # Renaming is a change (accounts.change_organization); merging, asked of both orgs, is staff's.
    "accounts.merge_organization": in_staff_scope,
    "accounts.view_organizationmerge": is_staff,
    "accounts.view_secretaryterm": in_business_scope,
    "accounts.add_secretaryterm": is_staff,
    "accounts.change_secretaryterm": in_staff_scope,
    "accounts.delete_secretaryterm": deny,
    "accounts.view_unit": has_business_access,
    "accounts.add_unit": is_staff,
    "accounts.change_unit": is_staff,
    "accounts.delete_unit": deny,
    "accounts.view_orggrouprule": is_staff,
    "accounts.add_orggrouprule": is_staff,
    "accounts.change_orggrouprule": is_staff,
    "accounts.delete_orggrouprule": deny,
    # Background exports (我的导出): each user their own; the three admin roles export no business data
    "accounts.view_exportjob": has_business_access & is_own_export,
    "accounts.download_exportjob": has_business_access & is_own_export,
    # Accounts and roles: the system admin keeps accounts, the security admin roles and lockouts
    "accounts.view_user": may_manage_users | may_grant_roles,
    "accounts.add_user": may_manage_users,
    "accounts.change_user": may_manage_users,
    "accounts.delete_user": deny,
    "accounts.view_roleassignment": may_manage_users | may_grant_roles,
    "accounts.add_roleassignment": may_grant_roles & not_about_self,
    "accounts.change_roleassignment": may_grant_roles & not_about_self,
    "accounts.delete_roleassignment": may_grant_roles & not_about_self,
    "identity.reset_otp": rules.predicate(authz.may_reset_second_factor),
    "axes.view_accessattempt": may_unlock | authz.is_audit_admin,
    "axes.delete_accessattempt": may_unlock,
    "axes.view_accesslog": reads_logins,
    "axes.view_accessfailurelog": reads_logins,
    "audit.view_auditevent": may_read_audit,
    "audit.export_auditevent": may_read_audit,
    "admin.view_logentry": may_read_audit,
    # Scheduled jobs are configuration: the system admin's
    **{
        f"django_celery_beat.{action}_{model}": authz.is_system_admin
        for model in (
            "periodictask",
            "crontabschedule",
            "intervalschedule",
            "solarschedule",
            "clockedschedule",
        )
        for action in ("view", "add", "change", "delete")
    },
    # The ledger
    "ledger.view_plan": has_business_access,
    # The plan pages show every org's progress on each task: for those who read every org.
    "ledger.view_plan_progress": rules.predicate(authz.reads_every_org),
    "ledger.add_plan": is_staff,
    "ledger.change_plan": is_staff,
    "ledger.delete_plan": deny,
    "ledger.view_item": has_business_access,
    "ledger.add_item": is_staff,
    "ledger.change_item": is_staff,
    "ledger.delete_item": deny,
    "ledger.view_task": has_business_access,
    "ledger.add_task": is_staff,
    "ledger.change_task": is_staff,
    "ledger.delete_task": deny,
    "ledger.view_assignment": in_business_scope,
    "ledger.view_record": in_business_scope,
    "ledger.add_record": in_write_scope,
    "ledger.change_record": in_write_scope,
    "ledger.review_record": in_staff_scope,
    "ledger.delete_record": deny,
    "ledger.view_attachment": in_business_scope,
    "ledger.view_periodclosure": has_business_access,
    "ledger.close_period": is_staff,
    "ledger.view_ledgerimport": is_staff,
    "ledger.add_ledgerimport": is_staff,
    "ledger.view_summary": has_business_access,
    "ledger.export_ledger": has_business_access,
    "ledger.view_overdue": is_staff,
    "ledger.submit_own_tasks": authz.is_secretary,
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
    # slot:posts (insert this area's rules below this line)
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
    # slot:days (insert this area's rules below this line)
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
    # slot:meetings (insert this area's rules below this line)
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
    # slot:pairing (insert this area's rules below this line)
    # 扶贫结对 (households are personal data): staff everything in their scope; a secretary the pairings and
    # visits of their org's members and the households those are paired with (or their org looks after);
    # the reporting client counts only (count_*: the totals page and the annual account).
    "activities.view_household": rules.predicate(
        lambda user, obj=None: (
            not authz.write_scope(user).is_empty and (obj is None or obj.reached_by(authz.write_scope(user)))
        )
    ),
    "activities.add_household": in_write_scope,
    "activities.change_household": rules.predicate(
        lambda user, obj=None: (
            not authz.write_scope(user).is_empty and (obj is None or obj.reached_by(authz.write_scope(user)))
        )
    ),
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
    # slot:forums (insert this area's rules below this line)
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
    "activities.nominate_selection": rules.predicate(
        lambda user, obj=None: not authz.write_scope(user).is_empty
    ),
    "activities.change_candidate": in_staff_scope,
    "activities.promote_candidate": in_staff_scope,
    "activities.delete_candidate": deny,
    # slot:brands (insert this area's rules below this line)
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
    "activities.delete_volunteeractivity": deny,
    # A committee-wide training (no org) is read by everyone with business data.
    "activities.view_training": in_business_scope
    | rules.predicate(
        lambda user, obj=None: obj is not None and obj.organization_id is None and has_business_access(user),
        name="committee_wide_training",
    ),
    "activities.add_training": in_write_scope,
    "activities.change_training": in_write_scope,
    "activities.delete_training": deny,
    "activities.view_infopiece": in_business_scope,
    "activities.add_infopiece": in_write_scope,
    "activities.change_infopiece": in_write_scope,
    "activities.adopt_infopiece": in_staff_scope,
    "activities.delete_infopiece": deny,
    # slot:points (insert this area's rules below this line)
    # 党员积分: staff keep the schemes and compute; staff and secretaries read and give points in their
    # scope; a party member reads only their own quarters (is_own_transfer: a row whose member_id is the
    # user's member); the reporting client none (names and scores).
    "assessments.view_pointscheme": is_staff | authz.is_secretary,
    "assessments.add_pointscheme": is_staff,
    "assessments.change_pointscheme": is_staff,
    "assessments.delete_pointscheme": deny,
    "assessments.view_memberpoints": in_write_scope | is_own_transfer,
    "assessments.compute_memberpoints": is_staff,
    "assessments.view_pointranking": in_write_scope,
    "assessments.view_manualpoint": in_write_scope | is_own_transfer,
    "assessments.add_manualpoint": in_write_scope,
    "assessments.delete_manualpoint": in_write_scope,
    # slot:scheme (insert this area's rules below this line)
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
    "assessments.view_assessmentresult": in_staff_scope
    | (
        rules.predicate(lambda user, obj=None: obj is None or getattr(obj.run, "state", "") == "published")
        & in_business_scope
    ),
    # 年度总账: every role with business data, each in its scope (the figures are counts, no personnel
    # findings); the admin roles none.
    "assessments.view_annualaccount": has_business_access,
}

for _name, _predicate in MATRIX.items():
    rules.set_perm(_name, _predicate)
