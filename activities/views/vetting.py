"""审批前考察 pages: the staff list (year, org or candidate, conclusion), the form, the conclusion step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from ledger.views.common import paginate, query_without_page
from partybuild.exceptions import DomainError

from .. import services
from ..forms.vetting import ConcludeForm, VettingFilterForm, VettingForm, member_named
from ..models import VettingConclusion
from ..selectors import vetting as selectors
from .common import show_error


@permission_required("activities.view_vetting")
def vetting_list(request: HttpRequest) -> HttpResponse:
    form = VettingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.vettings_filtered(
        request.user,
        year=filters.get("year"),
        q=(filters.get("q") or "").strip(),
        conclusion=filters.get("conclusion") or "",
    )
    page = paginate(request, rows)
    return render(
        request,
        "activities/vetting_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@permission_required("activities.view_vetting")
def vetting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vetting = get_object_or_404(selectors.vettings_visible_to(request.user), pk=pk)
    return render(request, "activities/vetting_detail.html", {"vetting": vetting})


def _save(request, form: VettingForm, vetting=None):
    try:
        if vetting is None:
            org = form.cleaned_data["organization"]
            candidate = member_named(org, form.cleaned_data["candidate_name"], form.cleaned_data["id_number"])
            return services.vetting_create(
                actor=request.user, organization=org, candidate=candidate, **form.service_fields()
            )
        fields = form.service_fields()
        if not vetting.term_id:
            fields["organization"] = form.cleaned_data["organization"]
            fields["candidate"] = member_named(
                fields["organization"], form.cleaned_data["candidate_name"], form.cleaned_data["id_number"]
            )
        else:
            fields.pop("proposed_role", None)
        return services.vetting_update(actor=request.user, vetting=vetting, **fields)
    except (DomainError, ValidationError) as error:
        show_error(form, error)
        return None


@permission_required("activities.add_vetting")
def vetting_create(request: HttpRequest) -> HttpResponse:
    form = VettingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (vetting := _save(request, form)):
        messages.success(request, _("考察已登记；考察结束后请作出考察结论"))
        return redirect("activities:vetting_detail", pk=vetting.pk)
    return render(request, "activities/vetting_form.html", {"form": form})


@permission_required("activities.change_vetting")
def vetting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vetting = get_object_or_404(selectors.vettings_visible_to(request.user), pk=pk)
    initial = {
        "organization": vetting.organization_id,
        "candidate_name": vetting.candidate.name,
        "proposed_role": vetting.proposed_role,
        "reason": vetting.reason,
        "visited_on": vetting.visited_on,
        "team_members": vetting.team_members,
        **{
            name: getattr(vetting, name)
            for name in VettingForm.base_fields
            if name.startswith(("interviewed_", "finding_"))
        },
    }
    form = VettingForm(request.POST or None, user=request.user, initial=initial, fixed=bool(vetting.term_id))
    if request.method == "POST" and form.is_valid() and _save(request, form, vetting):
        messages.success(request, _("考察记录已保存"))
        return redirect("activities:vetting_detail", pk=vetting.pk)
    return render(request, "activities/vetting_form.html", {"form": form, "vetting": vetting})


@permission_required("activities.change_vetting")
def vetting_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusion step: 同意 makes the term and ends the predecessor's, so it asks for confirmation."""
    vetting = get_object_or_404(selectors.vettings_visible_to(request.user), pk=pk)
    if vetting.term_id:
        messages.info(request, _("该考察已批复并生成任职，结论不能再改变"))
        return redirect("activities:vetting_detail", pk=vetting.pk)
    form = ConcludeForm(request.POST or None, initial={"conclusion": VettingConclusion.APPROVED})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("conclusion", "approval_document", "approved_on")}
        try:
            vetting = services.vetting_conclude(actor=request.user, vetting=vetting, **data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            if vetting.term_id:
                messages.success(request, _("已批复：%(term)s，谈话待办已生成") % {"term": vetting.term})
            else:
                messages.success(request, _("考察结论已保存"))
            return redirect("activities:vetting_detail", pk=vetting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/vetting_conclude.html", {"form": form, "vetting": vetting}, status=status
    )
