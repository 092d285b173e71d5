"""三会一课 pages: the list (cards on a phone), a meeting, the form with attendance picked from the
roster, the quarterly check (org × quarter, or month for 支委会) with its Excel file, and 免查."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from accounts.models import Organization
from ledger.views.common import (
    PAGE_SIZE,
    DrillDown,
    paginate,
    query_without_page,
    xlsx_response,
    year_param,
)
from ledger.views.fills import redirect_after_save
from partybuild.exceptions import DomainError

from ..forms.meetings import CheckForm, ExemptionForm, MeetingFilterSet, MeetingForm, OrgPickForm
from ..models.meetings import Meeting, MeetingType
from ..selectors import meetings as selectors
from ..services import meetings as services
from .common import show_error

CHECK_PAGE = 50
SEARCH_MAX_ROWS = 1000
STATUS_LABELS = {
    selectors.HELD: gettext_lazy("已开"),
    selectors.EXEMPT: gettext_lazy("免查"),
    selectors.MISSING: gettext_lazy("未开"),
    selectors.DUE: gettext_lazy("待开"),
    selectors.FUTURE: "",
}


def _status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


@permission_required("activities.view_meeting")
def meeting_list(request: HttpRequest) -> HttpResponse:
    filters = MeetingFilterSet(request.GET, queryset=selectors.meetings_visible_to(request.user))
    for name in list(filters.form.fields):
        if name in ("organization", "organization_exact"):
            del filters.form.fields[name]
    rows = filters.qs if filters.is_valid() else filters.queryset.none()
    drill = DrillDown.of(request)  # an assessment's 三会一课 ratio: the org's meetings in the dates
    rows = drill.apply(rows, day="held_on", organization="organization_id").order_by("-held_on", "-pk")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename=_("三会一课.xlsx"),
            sheet_title=_("三会一课"),
            header=[
                _("党组织"),
                _("会议类型"),
                _("实际时间"),
                _("地点"),
                _("主持人"),
                _("记录人"),
                _("应到人数"),
                _("实到人数"),
                _("请假人数"),
                _("会议议题"),
            ],
            rows=(
                [
                    m.organization.name,
                    m.get_meeting_type_display(),
                    m.held_on,
                    m.place,
                    m.host,
                    m.recorder,
                    m.expected_count,
                    m.present_count,
                    m.leave_count,
                    m.agenda,
                ]
                for m in rows.iterator(chunk_size=500)
            ),
        )
    page, capped = _search_page(request, rows) if filters.form.cleaned_data.get("q") else (None, False)
    if page is None:
        page = paginate(request, rows)
    return render(
        request,
        "activities/meetings/meeting_list.html",
        {
            "filters": filters,
            "page": page,
            "drill": drill.context(request, day_label=_("召开日期")),
            "capped": SEARCH_MAX_ROWS if capped else 0,
            "query": query_without_page(request),
            "may_add": authz.may(request.user, "activities.add_meeting"),
            "may_import": authz.may(request.user, "activities.import_meeting"),
        },
    )


def _search_page(request: HttpRequest, rows) -> tuple[Page | None, bool]:
    """A text search must read every row of the year to count its matches (no index serves a
    substring of Chinese text): the count stops at SEARCH_MAX_ROWS + 1. Past that the list shows the
    first SEARCH_MAX_ROWS matches, newest first, and says so; below it, the usual pager with that count."""
    if request.GET.get("page", "1") == "1":
        # The first page first: a term that few meetings hold fills less than a page, and the page's
        # rows are then the whole count (one reading of the year's rows instead of two).
        first = list(rows[: PAGE_SIZE + 1])
        if len(first) <= PAGE_SIZE:
            return Paginator(first, PAGE_SIZE).get_page(1), False
    found = rows.order_by()[: SEARCH_MAX_ROWS + 1].count()
    if found <= SEARCH_MAX_ROWS:
        return paginate(request, rows, count=found), False
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = SEARCH_MAX_ROWS  # the cached_property's value: pages read by offset from the top
    return paginator.get_page(request.GET.get("page")), True


@permission_required("activities.view_meeting")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = selectors.meeting_with_attendance(request.user, pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    attendance = list(meeting.attendance.all())
    return render(
        request,
        "activities/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "may_change": authz.may(request.user, "activities.change_meeting", meeting),
            "may_delete": authz.may(request.user, "activities.delete_meeting", meeting),
        },
    )


def _writable_orgs(user):
    return Organization.objects.filter(authz.write_scope(user).q(""), is_active=True).order_by("path")


def _form_page(request: HttpRequest, org: Organization, meeting: Meeting | None) -> HttpResponse:
    roster = services.roster_of(org)
    statuses = {}
    initial = {"held_on": timezone.localdate()}
    if meeting is not None:
        statuses = dict(meeting.attendance.values_list("member_id", "status"))
        initial = MeetingForm.initial_of(meeting)
    if meeting is None and (kind := request.GET.get("type")) in MeetingType.values:
        initial["meeting_type"] = kind
    form = MeetingForm(request.POST or None, roster=roster, statuses=statuses, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    actor=request.user,
                    organization=org,
                    attendance=form.cleaned_data["attendance"],
                    **form.service_fields(),
                )
                saved = _("三会一课记录已保存")
            else:
                services.meeting_update(
                    actor=request.user,
                    meeting=meeting,
                    attendance=form.cleaned_data["attendance"] or [],
                    **form.service_fields(),
                )
                saved = _("三会一课记录已修改")
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            return redirect_after_save(request, meeting, saved)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/meetings/meeting_form.html",
        {"form": form, "org": org, "meeting": meeting, "roster": roster},
        status=status,
    )


@permission_required("activities.add_meeting")
def meeting_create(request: HttpRequest) -> HttpResponse:
    """A secretary of one org goes straight to the form; whoever records for several picks the org first."""
    orgs = _writable_orgs(request.user)
    own = sorted(authz.secretary_org_ids(request.user))
    org_id = request.GET.get("org") or (str(own[0]) if len(own) == 1 else "")
    if org_id.isdigit():
        org = get_object_or_404(orgs, pk=int(org_id))
        return _form_page(request, org, None)
    pick = OrgPickForm(request.GET or None, orgs=orgs)
    return render(request, "activities/meetings/meeting_pick_org.html", {"form": pick})


@permission_required("activities.change_meeting")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "activities.change_meeting", meeting):
        raise Http404
    return _form_page(request, meeting.organization, meeting)


@require_POST
@permission_required("activities.delete_meeting")
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "activities.delete_meeting", meeting):
        raise Http404
    services.meeting_delete(actor=request.user, meeting=meeting)
    messages.success(request, _("三会一课记录已删除"))
    return redirect("meetings:meeting_list")


# --------------------------------------------------------------------------- the check


@permission_required("activities.view_meeting")
def meeting_check(request: HttpRequest) -> HttpResponse:
    """Org × quarter (支委会: × month) for a year: which branches held the meetings the rules ask for."""
    today = timezone.localdate()
    form = CheckForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or year_param(None, today)
    meeting_type = data.get("meeting_type") or MeetingType.GENERAL
    orgs = selectors.checked_organizations(request.user)
    if name := (data.get("org") or "").strip():
        orgs = orgs.filter(Q(name__icontains=name) | Q(short_name__icontains=name))
    periods = selectors.check_periods(meeting_type, year)
    if request.GET.get("format") == "xlsx":
        rows = selectors.meeting_check(orgs, year, types=(meeting_type,), today=today)
        return xlsx_response(
            filename=_("三会一课检查-%(y)s-%(t)s.xlsx") % {"y": year, "t": MeetingType(meeting_type).label},
            sheet_title=str(MeetingType(meeting_type).label),
            header=[_("党组织"), *[p.label for p in periods], _("未开")],
            rows=(
                [
                    row.organization.name,
                    *[cell.count or _status_label(cell.status) for cell in row.cells[meeting_type]],
                    row.missing(),
                ]
                for row in rows
            ),
        )
    page = paginate(request, orgs, CHECK_PAGE)
    rows = selectors.meeting_check(page.object_list, year, types=(meeting_type,), today=today)
    for row in rows:
        for cell in row.cells[meeting_type]:
            cell.label = _status_label(cell.status)
    return render(
        request,
        "activities/meetings/meeting_check.html",
        {
            "form": form,
            "page": page,
            "rows": [(row, row.cells[meeting_type]) for row in rows],
            "periods": periods,
            "year": year,
            "meeting_type": meeting_type,
            "type_label": MeetingType(meeting_type).label,
            "types": [(code, label) for code, label in MeetingType.choices if code in selectors.RULES],
            "rule": selectors.RULES[meeting_type],
            "query": query_without_page(request),
            "status_labels": {k: _status_label(k) for k in STATUS_LABELS},
        },
    )


# --------------------------------------------------------------------------- 免查


@permission_required("activities.view_meetingexemption")
def exemption_list(request: HttpRequest) -> HttpResponse:
    may_add = authz.may(request.user, "activities.add_meetingexemption")
    form = None
    if may_add:
        orgs = Organization.objects.filter(authz.staff_scope(request.user).q(""), is_active=True)
        form = ExemptionForm(request.POST or None, orgs=orgs)
        if request.method == "POST" and form.is_valid():
            try:
                services.exemption_create(actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as error:
                show_error(form, error)
            else:
                messages.success(request, _("免查已登记"))
                return redirect("meetings:exemption_list")
    elif request.method == "POST":
        raise Http404
    page = paginate(request, selectors.exemptions_visible_to(request.user))
    return render(
        request,
        "activities/meetings/exemption_list.html",
        {"page": page, "form": form, "query": query_without_page(request)},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("activities.change_meetingexemption")
def exemption_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = get_object_or_404(selectors.exemptions_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "activities.change_meetingexemption", exemption):
        raise Http404
    orgs = Organization.objects.filter(authz.staff_scope(request.user).q(""), is_active=True)
    form = ExemptionForm(request.POST or None, instance=exemption, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        exemption.refresh_from_db()
        try:
            services.exemption_update(actor=request.user, exemption=exemption, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("免查已修改"))
            return redirect("meetings:exemption_list")
    return render(
        request,
        "activities/meetings/exemption_form.html",
        {"form": form, "exemption": exemption},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required("activities.delete_meetingexemption")
def exemption_delete(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = get_object_or_404(selectors.exemptions_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "activities.delete_meetingexemption", exemption):
        raise Http404
    services.exemption_delete(actor=request.user, exemption=exemption)
    messages.success(request, _("免查已删除"))
    return redirect("meetings:exemption_list")
