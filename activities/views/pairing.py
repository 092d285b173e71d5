"""扶贫结对 pages: households (cards on a phone), a household's pairings and visits, the pairings and
visits lists, the visit form (a secretary records a visit of their org's member on a phone), and the
year's totals per org (one query for the table, Excel download). Thin: forms check, services write,
selectors read (already scoped)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from ledger.filetypes import INLINE_TYPES
from ledger.services import EvidenceIntegrityError, attachment_open_verified
from ledger.views.common import paginate, query_without_page, xlsx_response, year_param
from partybuild.exceptions import DomainError

from ..forms.pairing import (
    CAUSES,
    HouseholdFilterForm,
    HouseholdForm,
    PairingEndForm,
    PairingFilterForm,
    PairingForm,
    VisitFilterForm,
    VisitForm,
)
from ..forms.vetting import member_named
from ..models import Household, VisitPhoto
from ..selectors import pairing as selectors
from ..services import pairing as services
from .common import show_error

# --------------------------------------------------------------------------- households


@permission_required("activities.view_household")
def household_list(request: HttpRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.households_filtered(
        request.user,
        q=(filters.get("q") or "").strip(),
        village=(filters.get("village") or "").strip(),
        active_only=filters.get("active") == "1",
    )
    return render(
        request,
        "activities/pairing/household_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_add": authz.may(request.user, "activities.add_household"),
        },
    )


def _household(request: HttpRequest, pk: int) -> Household:
    return get_object_or_404(selectors.households_visible_to(request.user), pk=pk)


@permission_required("activities.view_household")
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    pairings = (
        selectors.pairings_visible_to(request.user)
        .filter(household=household)
        .order_by("ended_on", "-started_on", "pk")
    )
    visits = (
        selectors.visits_visible_to(request.user)
        .filter(household=household)
        .prefetch_related("photos")
        .order_by("-visited_on", "-pk")
    )
    return render(
        request,
        "activities/pairing/household_detail.html",
        {
            "household": household,
            "pairings": pairings,
            "visits": visits[:50],
            "visits_total": household.visit_count,
            "today": timezone.localdate(),
            "may_change": authz.may(request.user, "activities.change_household", household),
            "may_pair": authz.may(request.user, "activities.add_pairing"),
            "may_visit": authz.may(request.user, "activities.add_visit"),
            "end_form": PairingEndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


def _household_form(request: HttpRequest, household: Household | None) -> HttpResponse:
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if household is None:
                household = services.household_create(actor=request.user, **form.service_fields())
            else:
                household = services.household_update(
                    actor=request.user, household=household, **form.service_fields()
                )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("帮扶户信息已保存"))
            return redirect("pairing:household_detail", household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/pairing/household_form.html",
        {"form": form, "household": household, "causes": CAUSES},
        status=status,
    )


@permission_required("activities.add_household")
def household_create(request: HttpRequest) -> HttpResponse:
    return _household_form(request, None)


@permission_required("activities.change_household")
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    if not authz.may(request.user, "activities.change_household", household):
        raise Http404
    return _household_form(request, household)


# --------------------------------------------------------------------------- pairings


@permission_required("activities.view_pairing")
def pairing_list(request: HttpRequest) -> HttpResponse:
    form = PairingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.pairings_filtered(
        request.user,
        q=(filters.get("q") or "").strip(),
        state=filters.get("state") or "",
        year=filters.get("year"),
    )
    return render(
        request,
        "activities/pairing/pairing_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "may_add": authz.may(request.user, "activities.add_pairing"),
        },
    )


@permission_required("activities.add_pairing")
def pairing_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair a member (named in an org of the user's) with household `pk`."""
    household = _household(request, pk)
    initial = {"started_on": timezone.localdate()}
    orgs = authz.secretary_org_ids(request.user)
    if len(orgs) == 1:
        initial["organization"] = next(iter(orgs))
    form = PairingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_named(data["organization"], data["member_name"], data["id_number"])
            services.pairing_create(
                actor=request.user, member=member, household=household, started_on=data["started_on"]
            )
        except DomainError as error:
            if error.field == "candidate_name":
                error.field = "member_name"
            show_error(form, error)
        except ValidationError as error:
            show_error(form, error)
        else:
            messages.success(request, _("结对已登记"))
            return redirect("pairing:household_detail", household.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/pairing/pairing_form.html",
        {"form": form, "household": household},
        status=status,
    )


@require_POST
@permission_required("activities.change_pairing")
def pairing_end(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_object_or_404(selectors.pairings_visible_to(request.user), pk=pk)
    form = PairingEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写结束时间"))
    else:
        try:
            services.pairing_end(actor=request.user, pairing=pairing, ended_on=form.cleaned_data["ended_on"])
        except (DomainError, ValidationError) as error:
            messages.error(request, getattr(error, "message", None) or "；".join(error.messages))
        else:
            messages.success(request, _("结对已结束"))
    return redirect("pairing:household_detail", pairing.household_id)


# --------------------------------------------------------------------------- visits


@permission_required("activities.view_visit")
def visit_list(request: HttpRequest) -> HttpResponse:
    form = VisitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.visits_filtered(
        request.user,
        q=(filters.get("q") or "").strip(),
        year=filters.get("year"),
        month=filters.get("month"),
    )
    return render(
        request,
        "activities/pairing/visit_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "query": query_without_page(request),
            "may_add": authz.may(request.user, "activities.add_visit"),
        },
    )


def _visit_choices(request: HttpRequest):
    """The pairings a visit may be recorded for: the secretary's (a short list), or the one named by
    ?pairing= (staff come from a household or the pairings list: the whole city is no select box)."""
    pairings = selectors.pairings_to_visit(request.user)
    preset = request.GET.get("pairing") or request.POST.get("pairing")
    if preset and str(preset).isdigit() and len(str(preset)) <= 18:
        return pairings.filter(pk=int(preset)), int(preset)
    if authz.is_committee_staff(request.user):
        return pairings.none(), None
    return pairings, None


@permission_required("activities.add_visit")
def visit_create(request: HttpRequest) -> HttpResponse:
    pairings, preset = _visit_choices(request)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        pairings=pairings,
        initial={"visited_on": timezone.localdate(), "pairing": preset},
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_create(
                actor=request.user,
                pairing=form.cleaned_data["pairing"],
                files=form.cleaned_data["files"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("走访已登记"))
            if request.POST.get("another"):
                return redirect("pairing:visit_create")
            return redirect("pairing:household_detail", visit.household_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/pairing/visit_form.html",
        {"form": form, "no_choices": not preset and not pairings.exists()},
        status=status,
    )


@permission_required("activities.view_visitphoto")
def visit_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream one photo after checking the user may see its visit and that its SHA-256 holds."""
    photo = get_object_or_404(
        VisitPhoto.objects.filter(visit__in=selectors.visits_visible_to(request.user).values("pk")), pk=pk
    )
    try:
        handle = attachment_open_verified(attachment=photo, user=request.user)
    except FileNotFoundError as error:
        raise Http404(_("文件不存在，可能已被删除")) from error
    except EvidenceIntegrityError as error:
        return render(
            request,
            "ledger/attachment_refused.html",
            {"attachment": photo, "message": error.message},
            status=409,
        )
    inline = photo.content_type in INLINE_TYPES and not request.GET.get("download")
    response = FileResponse(
        handle, as_attachment=not inline, filename=photo.original_name, content_type=photo.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- totals


def _yuan(value) -> str:
    return f"{value:,.2f}"


@permission_required("activities.count_pairing")
def pairing_totals(request: HttpRequest) -> HttpResponse:
    """The year's figures per org (one query for the table) and for the whole scope; Excel download."""
    year = year_param(request.GET.get("year"), timezone.localdate())
    scope = authz.business_scope(request.user)
    if request.GET.get("export") == "xlsx":
        rows = selectors.pairing_totals_by_org(scope, year)
        return xlsx_response(
            filename=f"扶贫结对汇总_{year}.xlsx",
            sheet_title=_("%(year)s年扶贫结对") % {"year": year},
            header=[
                _("党组织"),
                _("结对党员"),
                _("帮扶户"),
                _("帮扶人口"),
                _("走访次数"),
                _("投入资金(元)"),
                _("物资折价(元)"),
            ],
            rows=(
                [o.name, o.t_members, o.t_households, o.t_people, o.t_visits, o.t_funds, o.t_goods]
                for o in rows
            ),
        )
    start, end = selectors.year_bounds(year)
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    # The page of orgs first (a cheap list), then the figures of those orgs only: the database never
    # computes a skipped page's figures.
    page = paginate(request, selectors.totals_orgs(scope), 50)
    page.object_list = list(
        selectors.pairing_totals_by_org(scope, year, [org.pk for org in page.object_list]).order_by("path")
    )
    return render(
        request,
        "activities/pairing/totals.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "page": page,
            "query": query_without_page(request),
            "totals": selectors.pairing_totals(scope, start, end),
            "export_query": params.urlencode(),
        },
    )
