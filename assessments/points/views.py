"""Portal pages of member points (党员积分), under /assessments/points/ (namespace `points`): a member's
own card, a branch's ranking per quarter, the staff's schemes, 加分/扣分 by hand. Thin: forms check,
services write, selectors read (already scoped)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from accounts.models import Member, MemberClass, Organization
from activities.views.common import show_error
from ledger.views.common import paginate, query_without_page, xlsx_response
from partybuild.exceptions import DomainError
from partybuild.periods import QUARTER, YEAR_MAX, YEAR_MIN, Period, parse_year, quarter_of

from ..models import MemberPoints, PointItem, PointScheme
from ..selectors import points as selectors
from ..services import points as services
from .forms import ManualPointForm, PointItemForm, QuarterFilterForm
from .sources import available, source_label


def _year(request: HttpRequest) -> int:
    try:
        return parse_year(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def _period(request: HttpRequest, form: QuarterFilterForm) -> Period:
    """The quarter asked for, else the last finished quarter (this one in its first month's absence)."""
    code = form.cleaned_data.get("period") if form.is_valid() else ""
    if code:
        return Period.parse(code)
    today = timezone.localdate()
    current = quarter_of(today)
    if current.index > 1:
        return Period(current.year, QUARTER, current.index - 1)
    return Period(current.year - 1, QUARTER, 4) if current.year > YEAR_MIN else current


def _quarters_around(period: Period) -> list[Period]:
    return [Period(period.year, QUARTER, i) for i in range(1, 5)]


def _card_context(request: HttpRequest, row: MemberPoints | None, member: Member | None, year: int) -> dict:
    quarters = list(selectors.member_quarters(request.user, member.pk, year)) if member else []
    manual = selectors.manual_points_of(request.user, member.pk, row.period) if row else []
    return {
        "row": row,
        "member": member,
        "year": year,
        "quarters": quarters,
        "manual": manual,
        "years": [y for y in (year - 1, year + 1) if YEAR_MIN <= y <= YEAR_MAX],
        "may_give": member is not None and authz.may(request.user, "assessments.add_manualpoint", member),
    }


@permission_required("assessments.view_memberpoints")
def my_points(request: HttpRequest) -> HttpResponse:
    """The member's own card: their quarter's total, rank in the branch and class, and what made it."""
    member = Member.objects.select_related("organization").filter(pk=request.user.member_id).first()
    year = _year(request)
    row = None
    if member is not None and not request.GET.get("year"):
        # Without a year asked for: the year of the member's latest points (in January, last year's).
        latest = selectors.points_visible_to(request.user).filter(member_id=member.pk).first()
        year = latest.year if latest else year
    if member is not None:
        rows = selectors.member_quarters(request.user, member.pk, year)
        wanted = request.GET.get("period", "")
        row = (rows.filter(period=wanted).first() if wanted else None) or rows.first()
    return render(request, "assessments/points/card.html", {**_card_context(request, row, member, year)})


@permission_required("assessments.view_memberpoints")
def member_card(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(selectors.points_visible_to(request.user), pk=pk)
    context = _card_context(request, row, row.member, row.year)
    return render(request, "assessments/points/card.html", {**context, "other_member": True})


@permission_required("assessments.view_pointranking")
def ranking(request: HttpRequest) -> HttpResponse:
    """A branch's ranking for a quarter, class by class (secretary: own org; staff: any org, or the list
    of orgs to pick one from)."""
    form = QuarterFilterForm(request.GET or None)
    period = _period(request, form)
    member_class = form.cleaned_data.get("member_class", "") if form.is_valid() else ""
    scope = authz.write_scope(request.user)
    org_id = request.GET.get("org", "")
    org = None
    if org_id.isdigit():
        org = get_object_or_404(Organization.objects.filter(scope.q("")), pk=int(org_id))
    elif not scope.everything:
        # A branch secretary goes straight to their branch; a 机关党委's secretary picks among the orgs
        # of their subtree that have points (their own org when it is the only one).
        summaries = list(selectors.org_summaries(request.user, period.code)[:2])
        if len(summaries) <= 1:
            own = sorted(authz.secretary_org_ids(request.user))
            ids = [row["organization_id"] for row in summaries] or own
            org = Organization.objects.filter(pk__in=ids).order_by("path").first() if ids else None
    context = {
        "form": form,
        "period": period,
        "quarters": _quarters_around(period),
        "member_class": member_class,
        "classes": MemberClass.choices,
        "org": org,
        "query": query_without_page(request),
        "may_compute": authz.may(request.user, "assessments.compute_memberpoints"),
    }
    if org is None:
        page = paginate(request, selectors.org_summaries(request.user, period.code))
        return render(request, "assessments/points/ranking_orgs.html", {**context, "page": page})
    rows = selectors.ranking(request.user, org, period.code, member_class)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename=f"{org.name}{period.label}党员积分排名.xlsx",
            sheet_title=period.label,
            header=[_("党员类别"), _("排名"), _("姓名"), _("积分")],
            rows=(
                (r.get_member_class_display(), r.rank, r.member.name, float(r.total))
                for r in rows.iterator(chunk_size=2000)
            ),
        )
    page = paginate(request, rows, per_page=100)
    context["may_give"] = authz.may(request.user, "assessments.add_manualpoint", org)
    return render(request, "assessments/points/ranking.html", {**context, "page": page})


@require_POST
@permission_required("assessments.compute_memberpoints")
def compute(request: HttpRequest) -> HttpResponse:
    """Staff queue a quarter's computation (the Celery job; in-process in local mode)."""
    from .tasks import compute_points_task

    form = QuarterFilterForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["period"]:
        messages.error(request, _("请选择要计算的季度"))
        return redirect("points:ranking")
    period = Period.parse(form.cleaned_data["period"])
    transaction.on_commit(lambda: compute_points_task.delay(period.year, period.index))
    messages.success(request, _("已开始计算%(p)s党员积分，稍后刷新本页查看") % {"p": period.label})
    return redirect(f"{redirect('points:ranking').url}?period={period.code}")


# --------------------------------------------------------------------------------------- schemes


@permission_required("assessments.view_pointscheme")
def scheme_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    schemes = selectors.schemes_of_year(year)
    for scheme in schemes:
        for item in scheme.items.all():
            item.source_label = source_label(item.source)
            item.source_available = available(item.source)
    return render(
        request,
        "assessments/points/scheme_list.html",
        {
            "year": year,
            "schemes": schemes,
            "missing": [
                label
                for value, label in MemberClass.choices
                if value not in {s.member_class for s in schemes}
            ],
            "may_change": authz.may(request.user, "assessments.change_pointscheme"),
            "may_add": authz.may(request.user, "assessments.add_pointscheme"),
        },
    )


@require_POST
@permission_required("assessments.add_pointscheme")
def scheme_prepare(request: HttpRequest) -> HttpResponse:
    """Start a year's schemes as copies of the year before (a class with none stays without)."""
    try:
        year = parse_year(request.POST.get("year", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("points:scheme_list")
    made = services.schemes_for_year(actor=request.user, year=year)
    if made:
        messages.success(request, _("%(y)d年积分方案已就绪（%(n)d 类党员）") % {"y": year, "n": len(made)})
    else:
        messages.error(request, _("之前的年度没有积分方案可以沿用，请在后台新建"))
    return redirect(f"{redirect('points:scheme_list').url}?year={year}")


def _scheme_page(request: HttpRequest, scheme: PointScheme) -> HttpResponse:
    return redirect(f"{redirect('points:scheme_list').url}?year={scheme.year}#scheme-{scheme.member_class}")


@permission_required("assessments.change_pointscheme")
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(PointScheme, pk=pk)
    form = PointItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.point_item_save(actor=request.user, scheme=scheme, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("积分项目已添加"))
            return _scheme_page(request, item.scheme)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "assessments/points/item_form.html", {"form": form, "scheme": scheme}, status=status
    )


@permission_required("assessments.change_pointscheme")
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PointItem.objects.select_related("scheme"), pk=pk)
    form = PointItemForm(request.POST or None, instance=item)
    if request.method == "POST" and request.POST.get("remove"):
        target = services.point_item_remove(actor=request.user, scheme=item.scheme, code=item.code)
        messages.success(request, _("积分项目已删除"))
        return _scheme_page(request, target)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            saved = services.point_item_save(actor=request.user, scheme=item.scheme, code=item.code, **fields)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            if saved.scheme_id != item.scheme_id:
                messages.success(
                    request, _("该方案已用于计算积分，修改已存为新版本 v%(v)d") % {"v": saved.scheme.version}
                )
            else:
                messages.success(request, _("积分项目已修改"))
            return _scheme_page(request, saved.scheme)
    form.fields["code"].disabled = True
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/points/item_form.html",
        {"form": form, "scheme": item.scheme, "item": item},
        status=status,
    )


# --------------------------------------------------------------------------------------- by hand


@permission_required("assessments.add_manualpoint")
def manual_add(request: HttpRequest) -> HttpResponse:
    """加分/扣分 for one member (reached from the ranking or the member's card: ?member=<id>)."""
    member_id = request.GET.get("member", "")
    if not member_id.isdigit():
        messages.info(request, _("请在支部积分排名中选择要加减分的党员"))
        return redirect("points:ranking")
    member = get_object_or_404(
        Member.objects.select_related("organization").filter(
            authz.write_scope(request.user).q("organization")
        ),
        pk=int(member_id),
    )
    year = _year(request)
    scheme = services.scheme_current(year, member.member_class)
    manual_items = [i for i in scheme.items.all() if i.source == "manual"] if scheme else []
    initial = {"period": request.GET.get("period") or quarter_of(timezone.localdate()).code}
    form = ManualPointForm(request.POST or None, year=year, manual_items=manual_items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_point_add(actor=request.user, member=member, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("已为%(name)s登记加减分，积分已重新计算") % {"name": member.name})
            org, period = member.organization_id, form.cleaned_data["period"]
            return redirect(f"{redirect('points:ranking').url}?org={org}&period={period}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessments/points/manual_form.html",
        {"form": form, "member": member, "year": year},
        status=status,
    )


@permission_required("assessments.view_manualpoint")
def manual_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.manual_points_visible_to(request.user).order_by("-given_at", "-pk")
    form = QuarterFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["period"]:
        rows = rows.filter(period=form.cleaned_data["period"])
    if name := request.GET.get("q", "").strip():
        rows = rows.filter(member__name__icontains=name)
    page = paginate(request, rows)
    return render(
        request,
        "assessments/points/manual_list.html",
        {
            "page": page,
            "form": form,
            "q": name,
            "query": query_without_page(request),
            "may_withdraw": authz.may(request.user, "assessments.add_manualpoint"),
        },
    )


@require_POST
@permission_required("assessments.delete_manualpoint")
def manual_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(selectors.manual_points_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "assessments.delete_manualpoint", row):
        raise Http404
    services.manual_point_withdraw(actor=request.user, manual_point=row)
    messages.success(request, _("已撤销该加减分，积分已重新计算"))
    return redirect("points:manual_list")
