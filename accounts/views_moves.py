"""Pages for the org tree as years go by: rename, merge (preview, then confirm), a member's detail and
their transfer (组织关系转接). Each asks accounts.authz about the row, then calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError

from . import authz, services
from .decorators import permission_required
from .forms_moves import (
    MemberTransferForm,
    MergeConfirmForm,
    OrganizationMergeForm,
    OrganizationRenameForm,
    org_candidates,
)
from .models import Member, MemberStatus, Organization
from .selectors import members_visible_to, organizations_visible_to
from .selectors_moves import transfers_visible_to


def _allowed_on(request: HttpRequest, permission: str, obj) -> None:
    if not authz.may(request.user, permission, obj):
        raise PermissionDenied(authz.refusal(permission))


def _form_error(form, error: DomainError) -> None:
    fields = {"to_organization": "to_organization", "target": "target", "on_date": "on_date", "name": "name"}
    form.add_error(fields.get(error.field or ""), error.message)


def _picker(allowed: QuerySet[Organization], request: HttpRequest, chosen: Organization | None) -> dict:
    q = request.GET.get("q", "").strip()[:60]
    candidates = org_candidates(allowed, q)
    if chosen is not None and chosen not in candidates:
        candidates.insert(0, chosen)
    return {"q": q, "candidates": candidates, "chosen_id": chosen.pk if chosen else None}


@permission_required("accounts.change_organization")
def organization_rename(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    _allowed_on(request, "accounts.change_organization", org)
    form = OrganizationRenameForm(
        request.POST or None, initial={"name": org.name, "short_name": org.short_name}
    )
    if request.method == "POST" and form.is_valid():
        old = org.name
        try:
            services.organization_rename(
                actor=request.user,
                organization=org,
                new_name=form.cleaned_data["name"],
                new_short_name=form.cleaned_data["short_name"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("已更名；原名称“%(old)s”保留为别名，旧台账和旧文件仍能找到本组织") % {"old": old}
            )
            return redirect("organization_detail", pk=org.pk)
    return render(request, "accounts/moves/organization_rename.html", {"org": org, "form": form})


def _merge_targets(request: HttpRequest, source: Organization) -> QuerySet[Organization]:
    """Active orgs the staff member acts for, outside the source's own subtree."""
    return (
        organizations_visible_to(request.user)
        .filter(authz.staff_scope(request.user).q(""), is_active=True)
        .exclude(path__startswith=source.path)
    )


def _merge_preview(request, source, form, confirm_form) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        preview = services.organizations_merge_preview(
            actor=request.user, source=source, target=data["target"], on_date=data["on_date"]
        )
    except DomainError as error:
        _form_error(form, error)
        return None
    context = {"org": source, "target": data["target"], "on_date": data["on_date"], "preview": preview}
    context["form"] = confirm_form
    return render(request, "accounts/moves/organization_merge_preview.html", context)


@permission_required("accounts.merge_organization")
def organization_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the org to merge into and a date → see what will move and stay → confirm."""
    source = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    _allowed_on(request, "accounts.merge_organization", source)
    allowed = _merge_targets(request, source)
    step = request.POST.get("step")
    form = OrganizationMergeForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and step == "confirm":
        confirm = MergeConfirmForm(request.POST, allowed=allowed)
        if confirm.is_valid():
            data = confirm.cleaned_data
            try:
                merge = services.organizations_merge(
                    actor=request.user, source=source, target=data["target"], on_date=data["on_date"]
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("“%(source)s”已并入“%(target)s”；办理结果见本页“合并记录”")
                    % {"source": merge.source.name, "target": merge.target.name},
                )
                return redirect("organization_detail", pk=merge.target_id)
        elif form.is_valid():
            response = _merge_preview(request, source, form, confirm)
            if response is not None:
                return response
    elif request.method == "POST" and form.is_valid():
        confirm = MergeConfirmForm(initial=form.cleaned_data, allowed=allowed)
        response = _merge_preview(request, source, form, confirm)
        if response is not None:
            return response
    chosen = getattr(form, "cleaned_data", {}).get("target")
    context = {"org": source, "form": form, **_picker(allowed, request, chosen)}
    return render(request, "accounts/moves/organization_merge.html", context)


@permission_required("accounts.view_member")
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(members_visible_to(request.user), pk=pk)
    _allowed_on(request, "accounts.view_member", member)
    transfers = transfers_visible_to(request.user).filter(member=member).order_by("-transferred_on", "-pk")
    if not authz.may(request.user, "accounts.view_membertransfer"):
        transfers = transfers.none()
    context = {
        "member": member,
        "transfers": list(transfers),
        "terms": list(member.terms.select_related("organization").order_by("-started_on")),
        "can_transfer": member.status == MemberStatus.ACTIVE
        and authz.may(request.user, "accounts.transfer_member", member),
    }
    return render(request, "accounts/moves/member_detail.html", context)


def _transfer_targets(request: HttpRequest, member: Member) -> QuerySet[Organization]:
    """Active orgs the user keeps the roster of (where a transfer may go), except the member's own."""
    return (
        organizations_visible_to(request.user)
        .filter(authz.write_scope(request.user).q(""), is_active=True)
        .exclude(pk=member.organization_id)
    )


@permission_required("accounts.transfer_member")
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(members_visible_to(request.user), pk=pk)
    _allowed_on(request, "accounts.transfer_member", member)
    allowed = _transfer_targets(request, member)
    form = MemberTransferForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_transfer(
                actor=request.user,
                member=member,
                to_organization=data["to_organization"],
                on_date=data["on_date"],
                reason=data["reason"],
                document_no=data["document_no"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s的组织关系已转入“%(org)s”；其在原组织的记录仍留在原组织")
                % {"name": member.name, "org": data["to_organization"].name},
            )
            return redirect("member_detail", pk=member.pk)
    chosen = getattr(form, "cleaned_data", {}).get("to_organization")
    context = {"member": member, "form": form, **_picker(allowed, request, chosen)}
    return render(request, "accounts/moves/member_transfer.html", context)
