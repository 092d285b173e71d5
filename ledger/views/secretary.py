"""A secretary's pages (often on a phone): what is due, what was returned, and the record form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import authz
from accounts.decorators import permission_required
from partybuild.exceptions import ConflictError, DomainError
from partybuild.periods import period_label
from partybuild.storage import size_text

from .. import selectors, services
from ..forms import ATTACHMENT_ACCEPT, AssignmentFilterForm, RecordEditForm, RecordForm
from ..models import Item, PlanState, RecordState, Status
from ..querysets import OUTCOMES
from .common import DrillDown, add_domain_error, paginate, query_without_page, year_param

# Sections of "我的任务", in the order a secretary should act on them.
SECTIONS = [
    (Status.RETURNED, gettext_lazy("被退回，需修改后重新提交")),
    (Status.OVERDUE, gettext_lazy("已逾期")),
    (Status.NOT_STARTED, gettext_lazy("本月待办")),
    (Status.SUBMITTED, gettext_lazy("已提交，等待审核")),
    (Status.ACCEPTED, gettext_lazy("本月已通过")),
]


def with_latest_record(assignments):
    """Annotate each assignment with its record's id, state and review comment (the same query)."""
    return assignments.annotate(
        latest_record_id=F("record__id"),
        latest_record_state=F("record__state"),
        latest_comment=F("record__review_comment"),
    )


def label_periods(assignments) -> list:
    """Attach a readable period label (2020年3月) without touching the database."""
    rows = list(assignments)
    for row in rows:
        row.period_label = period_label(row.period)
    return rows


def with_actions(assignments, today) -> list:
    """Label each row's period, count its days overdue and mark it locked when its quarter is closed.

    `assignments` must carry `in_closed_quarter` (AssignmentQuerySet.with_closed_quarter).
    """
    rows = label_periods(assignments)
    for row in rows:
        row.days_overdue = (today - row.due_date).days if row.status == Status.OVERDUE else 0
        # A closed quarter is read-only: show why instead of a button the service would refuse.
        row.locked = row.in_closed_quarter
    return rows


MY_TASKS_PAGE_SIZE = 30


@permission_required("ledger.submit_own_tasks")
def my_tasks(request: HttpRequest) -> HttpResponse:
    """This month's and overdue tasks, section by section (SECTIONS' order), 30 cards a page.

    An organ committee's secretary owes hundreds of tasks across the orgs below; each section's
    header carries its full count (one grouped query), the page only its own cards.
    """
    today = timezone.localdate()
    due = selectors.assignments_due_for_secretary(request.user, today=today)
    rank = Case(*(When(status=status, then=Value(n)) for n, (status, _title) in enumerate(SECTIONS)))
    ordered = (
        with_latest_record(due)
        .with_closed_quarter()
        .alias(section=rank)
        .order_by("section", "due_date", "task__item__seq", "task__seq", "pk")
    )
    page = paginate(request, ordered, MY_TASKS_PAGE_SIZE)
    counts = dict(due.order_by().values_list("status").annotate(n=Count("pk")))
    rows = with_actions(page.object_list, today)
    sections = [
        {
            "status": status,
            "title": title,
            "rows": [r for r in rows if r.status == status],
            "count": counts.get(status, 0),
        }
        for status, title in SECTIONS
    ]
    return render(
        request,
        "ledger/my_tasks.html",
        {
            "sections": [s for s in sections if s["rows"]],
            "total": page.paginator.count,
            "page": page,
            "query": query_without_page(request),
            "today": today,
        },
    )


# How an assignment ended up (ledger.querysets.OUTCOMES), as an assessment's explanation names it.
OUTCOME_LABELS = {
    "on_time": gettext_lazy("按时完成"),
    "late": gettext_lazy("逾期完成"),
    "returned": gettext_lazy("被退回"),
    "missing": gettext_lazy("未完成"),
}


def _drilled(request: HttpRequest, assignments):
    """The drill-down filters (an assessment's counts, a dashboard's item bars): DrillDown's org and due
    dates, `?outcome=` (OUTCOMES) and `?item=<id>`; with what the page says it shows."""
    drill = DrillDown.of(request)
    assignments = drill.apply(assignments, day="due_date", organization="organization_id")
    labels = []
    outcome = request.GET.get("outcome", "")
    if outcome in OUTCOMES:
        assignments = assignments.with_outcome(outcome)
        labels.append(OUTCOME_LABELS[outcome])
    item = request.GET.get("item", "")
    if item.isdigit() and len(item) <= 18:
        assignments = assignments.filter(task__item_id=int(item))
        labels.append(Item.objects.filter(pk=int(item)).values_list("title", flat=True).first() or "—")
    context = drill.context(request, day_label=_("截止日期"), extra=labels, clears=("outcome", "item"))
    return assignments, context


@permission_required("ledger.view_assignment")
def my_assignments(request: HttpRequest) -> HttpResponse:
    """All of the org's assignments for a year, filterable by period and status (and by the drill-down
    filters of a link to exactly some of them), paginated."""
    today = timezone.localdate()
    year = year_param(request.GET.get("year"), today)
    form = AssignmentFilterForm(request.GET or None, year=year)
    assignments = selectors.assignments_visible_to(request.user, today=today).filter(due_date__year=year)
    if form.is_valid():
        if form.cleaned_data["period"]:
            assignments = assignments.filter(period=form.cleaned_data["period"])
        if form.cleaned_data["status"]:
            assignments = assignments.filter(status=form.cleaned_data["status"])
    assignments, drill = _drilled(request, assignments)
    page = paginate(request, assignments.order_by("due_date", "organization__path", "task__seq", "pk"))
    page.object_list = label_periods(page.object_list)
    return render(
        request,
        "ledger/my_assignments.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "years": range(today.year + 1, today.year - 5, -1),
            "query": query_without_page(request),
            "drill": drill,
        },
    )


def _visible_assignment(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.assignments_visible_to(request.user), pk=pk)


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    # One record per assignment; kept as a list for the page's history of it.
    records = list(
        selectors.records_visible_to(request.user)
        .filter(assignment=assignment)
        .select_related("submitted_by", "reviewed_by")
    )
    latest = records[0] if records else None
    can_write = authz.may(request.user, "ledger.change_record", assignment) and (
        assignment.task.item.plan.state == PlanState.ACTIVE
    )
    return render(
        request,
        "ledger/assignment_detail.html",
        {
            "assignment": assignment,
            "period_label": label_periods([assignment])[0].period_label,
            "records": records,
            "latest": latest,
            "can_submit": can_write and latest is None,
            "can_edit": can_write
            and latest is not None
            and latest.state in (RecordState.SUBMITTED, RecordState.RETURNED),
        },
    )


def _evidence_context(request: HttpRequest, form, assignment, record=None, **extra) -> dict:
    """What the record form needs besides the form: the limits its script checks before sending, and
    the names of files a refused POST carried (a browser cannot keep them: they must be chosen again)."""
    dropped = [upload.name for upload in request.FILES.getlist("attachments")] if form.is_bound else []
    return {
        "form": form,
        "assignment": assignment,
        "record": record,
        "accept": ATTACHMENT_ACCEPT,
        "max_bytes": settings.UPLOAD_MAX_BYTES,
        "max_bytes_text": size_text(settings.UPLOAD_MAX_BYTES),
        "max_files": settings.EVIDENCE_MAX_FILES,
        "max_total": settings.EVIDENCE_MAX_REQUEST_BYTES,
        "dropped_files": dropped,
        "period_label": label_periods([assignment])[0].period_label,
        **extra,
    }


def _existing_record(request: HttpRequest, assignment):
    return (
        selectors.records_visible_to(request.user)
        .filter(assignment=assignment)
        .order_by("-submitted_at", "-pk")
        .first()
    )


@login_required
def record_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's compact form: the text, a photo, submit; the completion date defaults to today.

    A task that already has its record shows that record (linked) instead of a second form.
    """
    assignment = _visible_assignment(request, pk)
    if not authz.may(request.user, "ledger.add_record", assignment):
        raise PermissionDenied(_("只读账号不能提交台账记录"))
    existing = _existing_record(request, assignment)
    form = RecordForm(request.POST or None, request.FILES or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            services.record_submit(
                assignment=assignment,
                user=request.user,
                content=form.cleaned_data["content"],
                done_on=form.cleaned_data["done_on"],
                participants=form.cleaned_data["participants"],
                files=form.cleaned_data["attachments"],
            )
        except ConflictError as error:
            # Submitted meanwhile (another tab, a colleague): point at that record.
            add_domain_error(form, error)
            existing = _existing_record(request, assignment)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("记录已提交，等待工委审核"))
            return redirect("ledger:assignment_detail", pk=assignment.pk)
    existing_editable = existing is not None and authz.may(request.user, "ledger.change_record", existing)
    status = 409 if request.method == "POST" and existing is not None else 200
    context = _evidence_context(
        request,
        form,
        assignment,
        existing=existing,
        existing_editable=existing_editable
        and existing.state in (RecordState.SUBMITTED, RecordState.RETURNED),
    )
    return render(request, "ledger/record_form.html", context, status=status)


@login_required
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.records_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "ledger.change_record", record):
        raise PermissionDenied(_("只读账号不能修改台账记录"))
    initial = {"content": record.content, "done_on": record.done_on, "participants": record.participants}
    form = RecordEditForm(request.POST or None, request.FILES or None, record=record, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(
                record=record,
                user=request.user,
                content=form.cleaned_data["content"],
                done_on=form.cleaned_data["done_on"],
                participants=form.cleaned_data["participants"],
                files=form.cleaned_data["attachments"],
                remove_attachment_ids=[a.pk for a in form.cleaned_data["remove_attachments"]],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("记录已修改并重新提交，等待工委审核"))
            return redirect("ledger:assignment_detail", pk=record.assignment_id)
    return render(
        request, "ledger/record_form.html", _evidence_context(request, form, record.assignment, record)
    )
