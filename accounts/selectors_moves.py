"""Reads of transfers and merges, scoped to the user like every roster read."""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import Q, QuerySet

from . import authz
from .models import MemberTransfer, Organization, OrganizationMerge, User


def transfers_visible_to(user: User) -> QuerySet[MemberTransfer]:
    """Transfers into or out of the orgs whose roster the user keeps; a party member sees their own."""
    transfers = MemberTransfer.objects.select_related(
        "member", "from_organization", "to_organization", "created_by"
    )
    scope = authz.write_scope(user)
    if not scope.is_empty:
        return transfers.filter(scope.q("from_organization") | scope.q("to_organization"))
    if authz.is_party_member(user) and user.member_id:
        return transfers.filter(member_id=user.member_id)
    return transfers.none()


def transfers_of_organization(user: User, org: Organization) -> QuerySet[MemberTransfer]:
    return transfers_visible_to(user).filter(Q(from_organization=org) | Q(to_organization=org))


def with_latest_transfer_on_page(page: Page) -> Page:
    """The page's members, each with the date and source org of their latest transfer in (one query).

    Read for the page's rows only: a correlated subquery on the whole list would run for every row a
    deep page skips.
    """
    members = list(page.object_list)
    latest: dict[int, MemberTransfer] = {}
    transfers = (
        MemberTransfer.objects.filter(member__in=members)
        .select_related("from_organization")
        .order_by("-transferred_on", "-pk")
    )
    for transfer in transfers:
        latest.setdefault(transfer.member_id, transfer)
    for member in members:
        transfer = latest.get(member.pk)
        member.transferred_on = transfer.transferred_on if transfer else None
        member.transferred_from = transfer.from_organization.name if transfer else None
    page.object_list = members
    return page


def merge_successor_ids() -> dict[int, int]:
    """Each merged org's id → the id of the active org its work went to (following merges of merges)."""
    step = dict(OrganizationMerge.objects.values_list("source_id", "target_id"))
    if not step:
        return {}
    active = set(
        Organization.objects.filter(pk__in=step.values(), is_active=True).values_list("pk", flat=True)
    )
    result = {}
    for source_id, target_id in step.items():
        seen = {source_id}
        while target_id not in active and target_id in step and target_id not in seen:
            seen.add(target_id)
            target_id = step[target_id]
        if target_id in active:
            result[source_id] = target_id
    return result


def merges_of(org: Organization) -> dict[str, object]:
    """The merge that ended this org (if any) and the orgs merged into it."""
    merges = OrganizationMerge.objects.select_related("source", "target", "merged_by")
    return {
        "merged_into": merges.filter(source=org).first(),
        "merged_from": list(merges.filter(target=org).order_by("-merged_on", "-pk")),
    }


TRANSFERS_SHOWN = 10


def organization_moves_context(user: User, org: Organization) -> dict[str, object]:
    """What an org's page shows of moves: its merges, its latest transfers, what the user may do."""
    transfers = list(
        transfers_of_organization(user, org).order_by("-transferred_on", "-pk")[: TRANSFERS_SHOWN + 1]
    )
    return {
        **merges_of(org),
        "transfers": transfers[:TRANSFERS_SHOWN],
        "transfers_more": len(transfers) > TRANSFERS_SHOWN,
        "can_rename": authz.may(user, "accounts.change_organization", org),
        "can_merge": org.is_active and authz.may(user, "accounts.merge_organization", org),
    }
