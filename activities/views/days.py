"""Portal pages of 党员服务日 / 主题党日: list (cards on a phone), detail, the phone-first form (attendance
picked from the roster, photos), the org × month compliance grid (paged, filtered) with its Excel file, photo
downloads.
Thin: forms check, services write, selectors read (already scoped)."""

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
from accounts.exports.services import export_respond
from accounts.models import Organization
from accounts.selectors import organizations_visible_to
from ledger.filetypes import INLINE_TYPES
from ledger.services import EvidenceIntegrityError, attachment_open_verified
from ledger.views.common import DrillDown, paginate, query_without_page
from ledger.views.fills import redirect_after_save
from partybuild.exceptions import DomainError

from ..export_kinds import SERVICE_DAY_GRID
from ..forms.days import GridFilterForm, ServiceDayFilter, ServiceDayForm
from ..models import ServiceDay, ServiceDayPhoto
from ..selectors import days as selectors
from ..services import days as services
from .common import show_error


def _day(request: HttpRequest, pk: int) -> ServiceDay:
    return get_object_or_404(selectors.service_days_visible_to(request.user), pk=pk)


def _writable_orgs(user):
    """The orgs whose service days the user may record: active, in their write scope."""
    return (
        organizations_visible_to(user).filter(authz.write_scope(user).q(""), is_active=True).order_by("path")
    )


@permission_required("activities.view_serviceday")
def service_day_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.service_days_visible_to(request.user)
    filters = ServiceDayFilter(request.GET or None, queryset=rows)
    rows = filters.qs if filters.is_bound and filters.is_valid() else rows
    drill = DrillDown.of(request)  # an assessment's 党员服务日 ratio: the org's days in the dates
    rows = drill.apply(rows, day="held_on")
    page = paginate(request, rows.order_by("-held_on", "-pk"))
    return render(
        request,
        "activities/days/service_day_list.html",
        {
            "page": page,
            "filters": filters,
            "drill": drill.context(request, day_label=_("活动日期")),
            "query": query_without_page(request),
            "may_add": authz.may(request.user, "activities.add_serviceday"),
        },
    )


@permission_required("activities.view_serviceday")
def service_day_detail(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    names = authz.may(request.user, "activities.view_servicedayattendance", day)
    may_change = authz.may(request.user, "activities.change_serviceday", day)
    may_photos = authz.may(request.user, "activities.view_servicedayphoto", day)
    return render(
        request,
        "activities/days/service_day_detail.html",
        {
            "day": day,
            "attendance": selectors.service_day_attendance(day) if names else None,
            "photos": list(day.photos.all()) if may_photos else [],
            "may_change": may_change,
            "may_delete": authz.may(request.user, "activities.delete_serviceday", day),
        },
    )


def _chosen_org(request: HttpRequest) -> tuple[Organization | None, list]:
    orgs = list(_writable_orgs(request.user)[:2000])
    wanted = request.POST.get("organization") or request.GET.get("org") or ""
    if wanted.isdigit():
        return next((o for o in orgs if o.pk == int(wanted)), None), orgs
    own = selectors.secretary_org_ids(request.user)
    if own and any(o.pk == own[0] for o in orgs):
        return next(o for o in orgs if o.pk == own[0]), orgs
    return (orgs[0] if len(orgs) == 1 else None), orgs


@permission_required("activities.add_serviceday")
def service_day_create(request: HttpRequest) -> HttpResponse:
    org, orgs = _chosen_org(request)
    if org is None:
        # Staff (or a secretary of several orgs) first choose whose day it is: the roster depends on it.
        return render(request, "activities/days/service_day_choose_org.html", {"orgs": orgs})
    roster = services.roster_of(org)
    form = ServiceDayForm(
        request.POST or None, request.FILES or None, roster=roster, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.service_day_create(
                actor=request.user,
                organization=org,
                held_on=data["held_on"],
                theme=data["theme"],
                theme_text=data["theme_text"],
                place=data["place"],
                content=data["content"],
                attendance=form.attendance(),
                photos=data["photos"],
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            return redirect_after_save(request, day, _("党员服务日已保存"))
    return render(
        request,
        "activities/days/service_day_form.html",
        {"form": form, "org": org, "orgs": orgs, "day": None},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("activities.change_serviceday")
def service_day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    if not authz.may(request.user, "activities.change_serviceday", day):
        raise Http404
    recorded = dict(day.attendance.values_list("member_id", "status"))
    # A day imported with head counts only keeps its counts; one with names is edited name by name.
    counts_only = not recorded and day.expected > 0
    roster = [] if counts_only else list(services.roster_of(day.organization))
    on_roster = {m.pk for m in roster}
    roster += [a.member for a in day.attendance.select_related("member") if a.member_id not in on_roster]
    initial = {k: getattr(day, k) for k in ("held_on", "place", "theme", "theme_text", "content")}
    form = ServiceDayForm(
        request.POST or None, request.FILES or None, roster=roster, attendance=recorded, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        keep_counts = counts_only or not roster
        try:
            day = services.service_day_update(
                actor=request.user,
                service_day=day,
                held_on=data["held_on"],
                theme=data["theme"],
                theme_text=data["theme_text"],
                place=data["place"],
                content=data["content"],
                attendance=None if keep_counts else form.attendance(),
                photos=data["photos"],
                remove_photo_ids=[int(i) for i in request.POST.getlist("remove_photo") if i.isdigit()],
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            return redirect_after_save(request, day, _("党员服务日已保存"))
    return render(
        request,
        "activities/days/service_day_form.html",
        {
            "form": form,
            "org": day.organization,
            "orgs": [],
            "day": day,
            "photos": list(day.photos.all()),
            "counts_only": counts_only,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("activities.delete_serviceday")
def service_day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    day = _day(request, pk)
    if not authz.may(request.user, "activities.delete_serviceday", day):
        raise Http404
    try:
        services.service_day_delete(actor=request.user, service_day=day)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("days:service_day_detail", day.pk)
    messages.success(request, _("党员服务日已删除，它填报的台账任务已撤回"))
    return redirect("days:service_day_list")


GRID_PAGE = 50


@permission_required("activities.count_serviceday")
def service_day_grid(request: HttpRequest) -> HttpResponse:
    """Org × month for a year, 50 orgs a page: how many service days each org held; months already over
    with none highlighted. The summary and the pager's count are one aggregate over the filtered orgs;
    the Excel file holds every filtered org (a background job when large)."""
    today = timezone.localdate()
    form = GridFilterForm(request.GET or None)
    values = form.values(today)
    year = values["year"]
    if request.GET.get("format") == "xlsx":
        filters = {k: v for k, v in request.GET.items() if v and k not in ("format", "page")}
        filters["year"] = str(year)
        return export_respond(request, SERVICE_DAY_GRID, filters)
    orgs = selectors.grid_filtered(
        request.user, year, q=values["q"], kind=values["kind"], missing=values["missing"], today=today
    )
    summary = selectors.grid_summary(
        selectors.grid_filtered(request.user, year, q=values["q"], kind=values["kind"], today=today),
        year,
        today,
    )
    count = summary["missed"] if values["missing"] else summary["orgs"]
    page = paginate(request, orgs, GRID_PAGE, count=count)
    query = query_without_page(request)
    return render(
        request,
        "activities/days/service_day_grid.html",
        {
            "form": form,
            "year": year,
            "grid": selectors.service_day_grid(request.user, year, page.object_list, today=today),
            "page": page,
            "query": query,
            "summary": summary,
            "filtered": bool(values["q"] or values["kind"] or values["missing"]),
            "months": range(1, 13),
        },
    )


@permission_required("activities.view_servicedayphoto")
def service_day_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream one photo after checking the user may see its day and that its SHA-256 holds."""
    photo = get_object_or_404(
        ServiceDayPhoto.objects.select_related("service_day__organization").filter(
            service_day__in=selectors.service_days_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    if not authz.may(request.user, "activities.view_servicedayphoto", photo):
        raise Http404
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
