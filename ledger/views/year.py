"""Committee staff start a new year from last year's plan (以此为模板新建下一年度)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.decorators import permission_required
from partybuild.api.fields import YEAR_MAX, YEAR_MIN
from partybuild.exceptions import DomainError

from .. import selectors, services
from ..forms import BootstrapMixin
from ..models import Plan
from ..services.year import plan_copy_title
from .common import add_domain_error


class PlanCopyForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("新年度"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "required": gettext_lazy("请填写新年度，如 2027"),
            "invalid": gettext_lazy("年度应为四位数字，如 2027"),
            "min_value": gettext_lazy("年度不能早于 %(limit_value)s"),
            "max_value": gettext_lazy("年度不能晚于 %(limit_value)s"),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("标题"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("留空则沿用原标题并把其中的年份改为新年度"),
    )


def _next_free_year(source: Plan) -> int:
    taken = set(Plan.objects.values_list("year", flat=True))
    year = max(source.year + 1, timezone.localdate().year)
    while year in taken and year < YEAR_MAX:
        year += 1
    return year


@permission_required("ledger.add_plan")
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    year = _next_free_year(source)
    form = PlanCopyForm(request.POST or None, initial={"year": year, "title": plan_copy_title(source, year)})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.plan_copy(
                actor=request.user,
                source_plan=source,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "已按%(source)s年度台账新建%(year)s年度台账：工作项目 %(items)d 项、"
                    "具体任务 %(tasks)d 项、任务分解 %(assignments)d 条。请逐项核对并修改。"
                )
                % {
                    "source": source.year,
                    "year": copy.plan.year,
                    "items": copy.items,
                    "tasks": copy.tasks,
                    "assignments": copy.assignments,
                },
            )
            if copy.replaced or copy.dropped:
                messages.warning(request, _("责任组织有变化，请核对：") + _changes_text(copy))
            return redirect("ledger:plan_detail", pk=copy.plan.pk)
    preview = services.plan_copy_preview(source)
    return render(request, "ledger/plan_copy.html", {"source": source, "form": form, "preview": preview})


def _changes_text(copy) -> str:
    parts = [
        _("“%(old)s”已并入“%(new)s”，改由后者承担") % {"old": old, "new": new}
        for old, new in copy.replaced.items()
    ]
    if copy.dropped:
        parts.append(_("已撤销的组织不再列为责任组织：%(names)s") % {"names": _("、").join(copy.dropped)})
    return _("；").join(parts)
