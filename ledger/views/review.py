"""Committee staff review submitted records: the queue, one record, and bulk accept/return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from partybuild.exceptions import DomainError
from partybuild.periods import HALF, MONTH, QUARTER, YEAR, Period, periods_of_year

from .. import selectors, services
from ..forms import BulkReviewForm, ReviewFilterForm, ReviewForm, period_suggestions
from ..models import RecordState
from .common import add_domain_error, paginate, query_without_page, safe_query
from .secretary import label_periods

# The queue's orders: oldest first unless the reviewer chooses otherwise.
_SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "org": ("organization__path", "submitted_at", "pk"),
    "task": (
        "-assignment__task__item__plan__year",
        "assignment__task__item__seq",
        "assignment__task__seq",
        "assignment__due_date",
        "organization__path",
        "pk",
    ),
}


def codes_within(period: Period) -> list[str]:
    """The period codes that lie inside `period`: 2026年第3季度 → 2026-Q3 and 2026-M07 … 2026-M09."""
    return [
        p.code
        for kind in (MONTH, QUARTER, HALF, YEAR)
        for p in periods_of_year(period.year, kind)
        if period.start <= p.start and p.end <= period.end
    ]


def _filtered_queue(request: HttpRequest):
    form = ReviewFilterForm(request.GET or None, user=request.user)
    queue = selectors.review_queue(request.user)
    sort = "oldest"
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            queue = queue.filter(assignment__organization=data["organization"])
        if data["item"]:
            queue = queue.filter(assignment__task__item=data["item"])
        if data["period"]:
            queue = queue.filter(assignment__period__in=codes_within(data["period"]))
        sort = data["sort"] or "oldest"
    return form, queue.order_by(*_SORTS[sort])


@permission_required("ledger.review_record")
def review_queue(request: HttpRequest) -> HttpResponse:
    form, queue = _filtered_queue(request)
    page = paginate(request, queue.select_related("assignment__task__item", "submitted_by"))
    page.object_list = list(page.object_list)
    label_periods([record.assignment for record in page.object_list])
    today = timezone.localdate()
    period = form.cleaned_data.get("period") if form.is_valid() else None
    return render(
        request,
        "ledger/review_queue.html",
        {
            "filter_form": form,
            "period_value": period.label if period else form["period"].value() or "",
            "period_suggestions": period_suggestions([today.year, today.year - 1]),
            "page": page,
            "query": query_without_page(request),
            "full_query": request.GET.urlencode(),
            "bulk_form": BulkReviewForm(queue=queue),
        },
    )


@login_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Secretaries see their own subtree's records; staff see all and may review a submitted one."""
    record = get_object_or_404(
        selectors.records_visible_to(request.user).select_related("submitted_by", "reviewed_by"), pk=pk
    )
    can_review = record.state == RecordState.SUBMITTED and authz.may(
        request.user, "ledger.review_record", record
    )
    return render(
        request,
        "ledger/record_detail.html",
        {
            "record": record,
            "assignment": label_periods([record.assignment])[0],
            "review_form": ReviewForm() if can_review else None,
            "can_review": can_review,
            # The queue's filters and order, kept through the decision (back to the same list).
            "back_query": safe_query(request.GET.get("from")),
        },
    )


@permission_required("ledger.review_record")
@require_POST
def record_review(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.records_visible_to(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.record_review(
                record=record, user=request.user, accept=accept, comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已通过该记录") if accept else _("已退回该记录，书记会看到审核意见"))
            return _back_to_queue(request.POST.get("next"))
    return render(
        request,
        "ledger/record_detail.html",
        {
            "record": record,
            "assignment": label_periods([record.assignment])[0],
            "review_form": form,
            "can_review": True,
            "back_query": safe_query(request.POST.get("next")),
        },
        status=400,
    )


@permission_required("ledger.review_record")
@require_POST
def review_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkReviewForm(request.POST, queue=selectors.review_queue(request.user))
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            count = services.records_review_bulk(
                record_ids=[record.pk for record in form.cleaned_data["records"]],
                user=request.user,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if accept:
                messages.success(request, _("已批量通过 %(count)d 条记录") % {"count": count})
            else:
                messages.success(request, _("已批量退回 %(count)d 条记录") % {"count": count})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back_to_queue(request.POST.get("next"))


def _back_to_queue(query: str | None) -> HttpResponse:
    """Back to the queue with the reviewer's filters and order; never to an address taken from the form."""
    query = safe_query(query)
    return redirect(reverse("ledger:review_queue") + (f"?{query}" if query else ""))
