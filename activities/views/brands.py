"""一支部一品牌 pages: the list (cards, year/status filters, Excel), a brand's yearly history, the
application form, edit, staff's review and the yearly re-check (有进有出)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import authz
from accounts.audit import audit_log
from accounts.decorators import permission_required
from ledger.views.common import paginate, query_without_page, xlsx_response
from partybuild.exceptions import DomainError
from partybuild.periods import YEAR_MAX, YEAR_MIN

from ..forms.brands import BrandFilterForm, BrandForm, BrandReviewForm, RecheckFilterForm, RecheckForm
from ..models import BrandStatus
from ..selectors import brands as selectors
from ..services import brands as services
from .common import show_error

BRAND_FIELDS = ("name", "slogan", "work_tie", "description")
RECHECK_PAGE = 50
RECHECK_CHOICES = (("", _lazy("未复核")), ("keep", _lazy("保留")), ("exit", _lazy("退出")))
RECHECK_DECISIONS = (
    (selectors.PENDING, _lazy("未复核")),
    (selectors.KEEP, _lazy("保留")),
    (selectors.EXIT, _lazy("退出")),
)


def _filtered(request):
    form = BrandFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.brands_visible_to(request.user)
    year, status = filters.get("year"), filters.get("status") or ""
    if year:
        rows = selectors.brands_in_year(rows, year, status)
    elif status:
        rows = rows.filter(latest_status=status)
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(
            Q(name__icontains=q)
            | Q(slogan__icontains=q)
            | Q(organization__name__icontains=q)
            | Q(organization__short_name__icontains=q)
        )
    return form, filters, rows.order_by("organization__path", "name", "pk")


@permission_required("activities.view_brand")
def brand_list(request: HttpRequest) -> HttpResponse:
    form, filters, rows = _filtered(request)
    if request.GET.get("export") == "xlsx":
        rows = list(rows)
        audit_log("export.activities_brands", rows=len(rows), detail={"year": filters.get("year") or ""})
        return xlsx_response(
            filename=_("党建品牌.xlsx"),
            sheet_title=_("党建品牌"),
            header=[_("党组织"), _("品牌名称"), _("品牌口号"), _("年度"), _("状态"), _("累计认定年数")],
            rows=(
                [
                    b.organization.name,
                    b.name,
                    b.slogan,
                    filters.get("year") or b.latest_year or "",
                    str(BrandStatus(getattr(b, "year_status", None) or b.latest_status).label)
                    if (getattr(b, "year_status", None) or b.latest_status)
                    else "",
                    b.years_recognised,
                ]
                for b in rows
            ),
        )
    page = paginate(request, rows)
    for brand in page.object_list:
        brand.shown_status = getattr(brand, "year_status", None) or brand.latest_status
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    this_year = timezone.localdate().year
    return render(
        request,
        "activities/brands/brand_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "export_query": params.urlencode(),
            "may_add": authz.may(request.user, "activities.add_brand"),
            "may_review": authz.may(request.user, "activities.review_brand"),
            "recheck_year": this_year,
        },
    )


def _brand(request, pk: int, permission: str = "activities.view_brand"):
    brand = get_object_or_404(selectors.brands_visible_to(request.user), pk=pk)
    if not authz.may(request.user, permission, brand):
        raise PermissionDenied(authz.refusal(permission))
    return brand


@permission_required("activities.view_brand")
def brand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    brand = _brand(request, pk)
    return render(
        request,
        "activities/brands/brand_detail.html",
        {
            "brand": brand,
            "history": selectors.brand_history(brand),
            "may_change": authz.may(request.user, "activities.change_brand", brand),
            "may_review": authz.may(request.user, "activities.review_brand", brand),
        },
    )


@permission_required("activities.add_brand")
def brand_apply(request: HttpRequest) -> HttpResponse:
    form = BrandForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            brand = services.brand_apply(
                actor=request.user,
                organization=data["organization"],
                year=data["year"],
                **{k: data[k] for k in BRAND_FIELDS},
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("品牌已申报：%(name)s") % {"name": brand.name})
            return redirect("brands:brand_detail", pk=brand.pk)
    return render(request, "activities/brands/brand_form.html", {"form": form})


@permission_required("activities.change_brand")
def brand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    brand = _brand(request, pk, "activities.change_brand")
    initial = {k: getattr(brand, k) for k in BRAND_FIELDS}
    form = BrandForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_update(actor=request.user, brand=brand, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(request, _("品牌已保存"))
            return redirect("brands:brand_detail", pk=brand.pk)
    return render(request, "activities/brands/brand_form.html", {"form": form, "brand": brand})


@permission_required("activities.review_brand")
def brand_review(request: HttpRequest, pk: int) -> HttpResponse:
    brand = _brand(request, pk, "activities.review_brand")
    year = brand.latest_year or timezone.localdate().year
    form = BrandReviewForm(request.POST or None, initial={"year": year, "status": BrandStatus.RECOGNISED})
    if request.method == "POST" and form.is_valid():
        try:
            row = services.brand_review(actor=request.user, brand=brand, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("%(year)s年度：%(name)s %(status)s")
                % {"year": row.year, "name": brand.name, "status": row.get_status_display()},
            )
            return redirect("brands:brand_detail", pk=brand.pk)
    return render(
        request,
        "activities/brands/brand_review.html",
        {"form": form, "brand": brand, "history": selectors.brand_history(brand)},
    )


@permission_required("activities.review_brand")
def brand_recheck(request: HttpRequest, year: int) -> HttpResponse:
    """年度复核: last year's recognised brands in the user's staff scope, 50 a page, found by name and by
    decision; keep or exit each row (or the page's blank rows at once); the counts are the whole year's."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    filters = RecheckFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    decision, q = chosen.get("decision") or "", (chosen.get("q") or "").strip()
    page = paginate(request, selectors.recheck_rows(request.user, year, decision, q), RECHECK_PAGE)
    brands = list(page.object_list)
    initial = {}
    for brand in brands:
        if brand.decision_status in (BrandStatus.RECOGNISED, BrandStatus.EXITED):
            initial[f"decision_{brand.pk}"] = (
                "keep" if brand.decision_status == BrandStatus.RECOGNISED else "exit"
            )
        initial[f"note_{brand.pk}"] = brand.decision_note or ""
    form = RecheckForm(request.POST or None, brands=brands, initial=initial)
    if request.method == "POST" and form.is_valid():
        decisions, notes = form.decisions()
        try:
            counts = services.brand_recheck(
                actor=request.user,
                year=year,
                decisions=decisions,
                notes=notes,
                finish=form.cleaned_data["finish"],
            )
        except (DomainError, ValidationError) as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                _("%(year)s年度复核已保存：保留 %(kept)s 个，退出 %(exited)s 个") % {"year": year, **counts},
            )
            return redirect(request.get_full_path())
    counts = selectors.recheck_counts(request.user, year)
    params = request.GET.copy()
    for key in ("page", "decision"):
        params.pop(key, None)
    return render(
        request,
        "activities/brands/brand_recheck.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query_without_page(request),
            # Each row's choice and note as values: 50 rows of radio widgets rendered by Django's form
            # renderer cost more than the page's queries.
            "rows": [
                (b, form[b.decision_field].value() or "", form[b.note_field].value() or "") for b in brands
            ],
            "choices": RECHECK_CHOICES,
            "year": year,
            "counts": counts,
            "decision": decision,
            "q": q,
            # The tabs: each decision with the whole year's count, keeping the search.
            "tabs": [
                (key, label, counts[key if key else "total"])
                for key, label in (("", _("全部")), *RECHECK_DECISIONS)
            ],
            "tab_query": params.urlencode(),
        },
    )
