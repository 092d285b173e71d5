"""The org tree as years go by: an org renamed, two orgs merged, a member transferred (组织关系转接).

A rename keeps the old name as an alias, so legacy files and old ledgers still find the org. A merge
moves what is still open (members, unfinished work) and leaves what is closed (accepted records, closed
quarters) with the org it belongs to; apps above accounts take part through merge steps they register
(`merge_step_register`), since accounts cannot import them. A transfer moves the member and nothing
they did: records belong to orgs, not to people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partybuild.exceptions import DomainError, PermissionDeniedError

from .. import authz
from ..audit import audit_log
from ..models import (
    Member,
    MemberStatus,
    MemberTransfer,
    Organization,
    OrganizationMerge,
    Role,
    RoleAssignment,
    SecretaryTerm,
)
from .people import organization_update


@dataclass
class MergeResult:
    """What a merge moves (or would move, in a preview): counts by key and sentences people read."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def add(self, other: MergeResult) -> None:
        self.counts.update(other.counts)
        self.lines.extend(other.lines)

    def as_dict(self) -> dict:
        return {"counts": self.counts, "lines": self.lines}


# A merge step: step(source=, target=, on_date=, actor=, apply=) -> MergeResult. With apply=False it
# only counts (the preview); with apply=True it writes, inside the merge's transaction.
MergeStep = Callable[..., MergeResult]
_MERGE_STEPS: list[MergeStep] = []


def merge_step_register(step: MergeStep) -> MergeStep:
    """Let an app above accounts move its own rows when two orgs merge (called from AppConfig.ready)."""
    if step not in _MERGE_STEPS:
        _MERGE_STEPS.append(step)
    return step


# --- rename ---------------------------------------------------------------------------------------


@transaction.atomic
def organization_rename(
    *, actor, organization: Organization, new_name: str, new_short_name: str | None = None
) -> Organization:
    """Give an org a new name (and short name); the old ones become aliases. History keeps the change."""
    new_name = (new_name or "").strip()
    short = organization.short_name if new_short_name is None else new_short_name.strip()
    if not new_name:
        raise DomainError(_("请填写新的党组织全称"), field="name")
    if new_name == organization.name and short == organization.short_name:
        raise DomainError(_("新名称与现名称相同，无需更名"), field="name")
    if Organization.objects.filter(name=new_name).exclude(pk=organization.pk).exists():
        raise DomainError(
            _("已有党组织名为“%(name)s”，请换一个名称；如果是两个组织合为一个，请使用“合并”")
            % {"name": new_name},
            field="name",
        )
    aliases = [alias for alias in organization.aliases or [] if alias not in (new_name, short)]
    for old in (organization.name, organization.short_name):
        if old and old not in (new_name, short) and old not in aliases:
            aliases.append(old)
    return organization_update(
        actor=actor, organization=organization, name=new_name, short_name=short, aliases=aliases
    )


# --- transfer -------------------------------------------------------------------------------------


def _require_transfer(actor, member: Member, to_organization: Organization) -> None:
    if actor is None:
        return
    if not (
        authz.may(actor, "accounts.transfer_member", member)
        and authz.may(actor, "accounts.transfer_member", to_organization)
    ):
        raise PermissionDeniedError(
            _(
                "组织关系转接需要同时管辖转出和转入的党组织：工委干部可以办理；"
                "书记只能在本组织及其下级组织之间办理，转往其他组织请联系工委"
            )
        )


def _check_transfer(member: Member, to_organization: Organization, on_date: date) -> None:
    if member.status != MemberStatus.ACTIVE:
        raise DomainError(
            _("只有在册党员可以办理组织关系转接（该党员状态：%(status)s）")
            % {"status": member.get_status_display()},
            field="member",
        )
    if to_organization.pk == member.organization_id:
        raise DomainError(
            _("该党员已在“%(org)s”，无需转接") % {"org": to_organization.name}, field="to_organization"
        )
    if not to_organization.is_active:
        raise DomainError(
            _("“%(org)s”已撤销，不能转入；请选择现有的党组织") % {"org": to_organization.name},
            field="to_organization",
        )
    if on_date > timezone.localdate():
        raise DomainError(_("转接日期不能晚于今天，请在转接办结后登记"), field="on_date")
    last = member.transfers.order_by("-transferred_on").values_list("transferred_on", flat=True).first()
    if last is not None and on_date < last:
        raise DomainError(
            _("转接日期早于该党员上一次转接的日期（%(last)s），请核对") % {"last": last.isoformat()},
            field="on_date",
        )


def _member_roles_follow(members: list[Member], from_org: Organization, to_org: Organization) -> int:
    """A login's party-member role names the member's org: it follows the member (the system grants it)."""
    from .roles import role_grant, role_revoke

    moved = 0
    held = RoleAssignment.objects.filter(
        role=Role.MEMBER, organization=from_org, user__member__in=[m.pk for m in members]
    ).select_related("user")
    for assignment in held:
        role_revoke(actor=None, assignment=assignment)
        role_grant(
            actor=None,
            user=assignment.user,
            role=Role.MEMBER,
            organization=to_org,
            starts_on=assignment.starts_on,
            ends_on=assignment.ends_on,
        )
        moved += 1
    return moved


@transaction.atomic
def member_transfer(
    *,
    actor,
    member: Member,
    to_organization: Organization,
    on_date: date,
    reason: str = "",
    document_no: str = "",
) -> MemberTransfer:
    """Move a member to another org (组织关系转接) and keep the transfer on file.

    The member's past stays where it happened: ledger records, activities and points belong to the orgs,
    and nothing here re-points them. Their login's party-member role follows them.
    """
    member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_transfer(actor, member, to_organization)
    _check_transfer(member, to_organization, on_date)
    from_org = member.organization
    member.organization = to_organization
    member.full_clean()
    member.save()
    transfer = MemberTransfer(
        member=member,
        from_organization=from_org,
        to_organization=to_organization,
        transferred_on=on_date,
        reason=reason.strip(),
        document_no=document_no.strip(),
        created_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    _member_roles_follow([member], from_org, to_organization)
    return transfer


# --- merge ----------------------------------------------------------------------------------------


def _check_merge(source: Organization, target: Organization, on_date: date) -> None:
    if source.pk == target.pk:
        raise DomainError(_("不能把党组织合并到它自己"), field="target")
    if not source.is_active:
        raise DomainError(_("“%(org)s”已撤销，不能再合并") % {"org": source.name}, field="source")
    if not target.is_active:
        raise DomainError(
            _("“%(org)s”已撤销，不能作为合并后的组织；请选择现有的党组织") % {"org": target.name},
            field="target",
        )
    if target.path.startswith(source.path):
        raise DomainError(
            _("“%(target)s”是“%(source)s”的下级组织，不能把上级合并到下级；请先调整组织隶属关系")
            % {"target": target.name, "source": source.name},
            field="target",
        )
    if on_date > timezone.localdate():
        raise DomainError(_("合并日期不能晚于今天，请在合并生效后办理"), field="on_date")
    late = (
        SecretaryTerm.objects.filter(organization=source, started_on__gt=on_date)
        .order_by("started_on")
        .first()
    )
    if late is not None:
        raise DomainError(
            _(
                "“%(org)s”的书记任职（%(name)s，%(start)s 起）晚于合并日期，"
                "请改用更晚的合并日期或先核对任职记录"
            )
            % {"org": source.name, "name": late.person_name, "start": late.started_on.isoformat()},
            field="on_date",
        )


def _terms_open_on(source: Organization, on_date: date):
    return SecretaryTerm.objects.filter(organization=source).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on_date)
    )


def _target_aliases(source: Organization, target: Organization) -> list[str]:
    aliases = list(target.aliases or [])
    for text in (source.name, source.short_name, *(source.aliases or [])):
        if text and text not in (target.name, target.short_name) and text not in aliases:
            aliases.append(text)
    return aliases


def _children(org: Organization) -> list[Organization]:
    return list(Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).order_by("path"))


def _accounts_part(
    *, actor, source: Organization, target: Organization, on_date: date, merge: OrganizationMerge | None
) -> MergeResult:
    """Members, their logins' member roles, secretary terms, child orgs: counted, and moved when `merge`."""
    members = list(Member.objects.filter(organization=source).order_by("pk"))
    terms = list(_terms_open_on(source, on_date).order_by("started_on"))
    direct_secretaries = list(
        RoleAssignment.objects.filter(role=Role.SECRETARY, organization=source, term__isnull=True)
    )
    children = _children(source)
    result = MergeResult(
        counts={
            "members": len(members),
            "terms_ended": len(terms),
            "secretary_roles_revoked": len(direct_secretaries),
            "children": len(children),
        }
    )
    result.lines.append(
        _("党员 %(count)d 名转入“%(target)s”，每人登记一条组织关系转接")
        % {"count": len(members), "target": target.name}
    )
    if terms:
        names = _("、").join(f"{t.person_name}（{t.get_role_display()}）" for t in terms)
        result.lines.append(
            _("书记任职 %(count)d 项于 %(date)s 终止，随之收回书记权限：%(names)s")
            % {"count": len(terms), "date": on_date.isoformat(), "names": names}
        )
    if direct_secretaries:
        result.lines.append(
            _("直接授予的“%(org)s”书记权限 %(count)d 个收回")
            % {"org": source.name, "count": len(direct_secretaries)}
        )
    if children:
        result.lines.append(
            _("下级党组织 %(count)d 个移到“%(target)s”之下：%(names)s")
            % {"count": len(children), "target": target.name, "names": _("、").join(c.name for c in children)}
        )
    if merge is None:
        return result
    for person in members:
        person.organization = target
    bulk_update_with_history(members, Member, ["organization"], batch_size=500, default_user=actor)
    transfers = [
        MemberTransfer(
            member=person,
            from_organization=source,
            to_organization=target,
            transferred_on=on_date,
            reason=_("党组织合并"),
            merge=merge,
            created_by=actor,
        )
        for person in members
    ]
    bulk_create_with_history(transfers, MemberTransfer, batch_size=500, default_user=actor)
    result.counts["member_roles_moved"] = _member_roles_follow(members, source, target)
    from .people import secretary_term_end
    from .roles import role_revoke

    for term in terms:
        secretary_term_end(actor=actor, term=term, ended_on=on_date)
    for assignment in direct_secretaries:
        role_revoke(actor=None, assignment=assignment)
    for child in children:
        # Fresh each time: the tree code reads the parent's child count from the instance.
        organization_update(actor=actor, organization=child, parent=Organization.objects.get(pk=target.pk))
    return result


def _merge(*, actor, source: Organization, target: Organization, on_date: date, apply: bool):
    if actor is not None and not (
        authz.may(actor, "accounts.merge_organization", source)
        and authz.may(actor, "accounts.merge_organization", target)
    ):
        raise PermissionDeniedError(_("只有管辖这两个党组织的工委干部可以合并党组织"))
    if apply:
        # Two staff merging the same orgs at once: the second waits, then finds the source inactive.
        locked = {
            o.pk: o for o in Organization.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        }
        source, target = locked[source.pk], locked[target.pk]
    _check_merge(source, target, on_date)
    merge = None
    if apply:
        merge = OrganizationMerge(source=source, target=target, merged_on=on_date, merged_by=actor)
        merge.full_clean()
        merge.save()
    result = _accounts_part(actor=actor, source=source, target=target, on_date=on_date, merge=merge)
    for step in _MERGE_STEPS:
        result.add(step(source=source, target=target, on_date=on_date, actor=actor, apply=apply))
    aliases = _target_aliases(source, target)
    added = [alias for alias in aliases if alias not in (target.aliases or [])]
    result.counts["aliases_added"] = len(added)
    result.lines.append(
        _("“%(source)s”撤销，保留其历史记录；名称%(names)s作为“%(target)s”的别名，旧台账和旧文件仍能找到它")
        % {
            "source": source.name,
            "target": target.name,
            "names": _("、").join(f"“{a}”" for a in added) or _("（已是别名）"),
        }
    )
    if merge is None:
        return result
    source.refresh_from_db()
    target.refresh_from_db()
    organization_update(actor=actor, organization=target, aliases=aliases)
    organization_update(actor=actor, organization=source, is_active=False)
    merge.summary = result.as_dict()
    merge.save(update_fields=["summary"])
    audit_log(
        "organization.merge",
        actor=actor,
        target=merge,
        rows=result.counts.get("members", 0) + result.counts.get("assignments_moved", 0),
        detail={"source": source.name, "target": target.name, "date": on_date.isoformat(), **result.counts},
    )
    return result


def organizations_merge_preview(
    *, actor, source: Organization, target: Organization, on_date: date
) -> MergeResult:
    """What `organizations_merge` would move and keep, counted without writing anything."""
    return _merge(actor=actor, source=source, target=target, on_date=on_date, apply=False)


@transaction.atomic
def organizations_merge(
    *, actor, source: Organization, target: Organization, on_date: date
) -> OrganizationMerge:
    """Merge `source` into `target` on `on_date`, in one transaction.

    Moves: members (each with a transfer on file), their logins' member roles, child orgs, and what the
    registered steps move (the ledger: open assignments). Ends the source's secretary terms on the date
    (revoking the secretary role). Keeps with the source: closed history. Then deactivates the source
    and keeps its names as aliases of the target. The returned row's `summary` says what happened.
    """
    _merge(actor=actor, source=source, target=target, on_date=on_date, apply=True)
    return OrganizationMerge.objects.select_related("source", "target").get(source=source)
