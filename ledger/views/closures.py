"""Quarter closing (staff): close a quarter so its records are read-only; reopen with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required
from partybuild.exceptions import DomainError
from partybuild.periods import QUARTER, Period, periods_of_year

from .. import selectors, services
from ..forms import ReopenForm
from ..models import PeriodClosure
from .common import year_param


def _year(request: HttpRequest) -> int:
    return year_param(request.GET.get("year") or request.POST.get("year"), timezone.localdate())


def _quarter(code: str) -> Period:
    try:
        period = Period.parse(code)
    except ValueError as error:
        raise Http404(str(error)) from error
    if period.kind != QUARTER:
        raise Http404(_("只能关闭或重新打开季度（如 2020-Q1）"))
    return period


def _render(request: HttpRequest, year: int, reopen_forms: dict | None = None, status: int = 200):
    closures = {
        c.period: c for c in selectors.closures_visible_to(request.user).filter(period__startswith=f"{year}-")
    }
    reopen_forms = reopen_forms or {}
    quarters = []
    for period in periods_of_year(year, QUARTER):
        closure = closures.get(period.code)
        quarters.append(
            {
                "period": period,
                "closure": closure,
                "is_closed": bool(closure and closure.is_closed),
                "reopen_form": reopen_forms.get(period.code) or ReopenForm(),
            }
        )
    history = (
        PeriodClosure.history.filter(period__startswith=f"{year}-")
        .select_related("changed_by")
        .order_by("-history_date")[:50]
    )
    return render(
        request,
        "ledger/closures.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "quarters": quarters,
            "history": history,
        },
        status=status,
    )


@permission_required("ledger.close_period")
def period_list(request: HttpRequest) -> HttpResponse:
    return _render(request, _year(request))


@permission_required("ledger.close_period")
@require_POST
def period_close(request: HttpRequest, code: str) -> HttpResponse:
    period = _quarter(code)
    try:
        services.period_close(period=period.code, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(label)s已关闭，该季度的记录不能再修改") % {"label": period.label})
    return redirect(f"{reverse('ledger:period_list')}?year={period.year}")


@permission_required("ledger.close_period")
@require_POST
def period_reopen(request: HttpRequest, code: str) -> HttpResponse:
    period = _quarter(code)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.period_reopen(period=period.code, user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error("reason" if error.field in (None, "reason") else None, error.message)
        else:
            messages.success(request, _("%(label)s已重新打开") % {"label": period.label})
            return redirect(f"{reverse('ledger:period_list')}?year={period.year}")
    return _render(request, period.year, {period.code: form}, status=400)
