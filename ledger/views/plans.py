"""Committee staff plan the year: plans, items, tasks and each task's progress."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import authz
from accounts.decorators import permission_required
from partybuild.exceptions import DomainError

from .. import selectors, services
from ..editable import TASK_FIELDS
from ..forms import ItemForm, PlanForm, TaskForm
from ..models import Item, Task
from .common import add_domain_error, paginate


@permission_required("ledger.view_plan_progress")
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_visible_to(request.user).annotate(
        item_count=Count("items", distinct=True), task_count=Count("items__tasks", distinct=True)
    )
    return render(request, "ledger/plan_list.html", {"page": paginate(request, plans.order_by("-year"))})


# A task naming more orgs one by one shows how many, not every name (an imported city-wide ledger).
LISTED_ORG_NAMES = 10


@permission_required("ledger.view_plan_progress")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A year's items and tasks; progress per item from the summary tables, never the assignments."""
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    tasks = list(
        selectors.tasks_visible_to(request.user)
        .filter(item__plan=plan)
        .prefetch_related(None)
        .prefetch_related("responsible_groups")
        .annotate(org_count=selectors.responsible_org_count())
        .order_by("item__seq", "item_id", "seq", "pk")
    )
    named = selectors.responsible_org_names(t.pk for t in tasks if t.org_count <= LISTED_ORG_NAMES)
    by_item: dict[int, list[Task]] = {}
    for task in tasks:
        task.org_names = named.get(task.pk, [])
        by_item.setdefault(task.item_id, []).append(task)
    progress = {row["key"]: row for row in selectors.rollup(request.user, year=plan.year, by="item")}
    items = list(plan.items.order_by("seq", "pk"))
    for item in items:
        item.task_list = by_item.get(item.pk, [])
        item.summary = progress.get(item.pk)
    return render(
        request,
        "ledger/plan_detail.html",
        {"plan": plan, "items": items, "can_edit": authz.may(request.user, "ledger.change_plan")},
    )


@permission_required("ledger.change_plan")
@require_POST
def plan_state(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive a year's ledger (归档) or put it back in progress (取消归档)."""
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    archive = request.POST.get("action") == "archive"
    try:
        if archive:
            services.plan_archive(plan=plan, by=request.user)
        else:
            services.plan_unarchive(plan=plan, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if archive:
            messages.success(
                request,
                _("%(year)s年度台账已归档：不再出现在逾期提醒、逾期列表、首页和“我的任务”中，其记录只读")
                % {"year": plan.year},
            )
        else:
            messages.success(request, _("%(year)s年度台账已恢复为进行中") % {"year": plan.year})
    return redirect("ledger:plan_detail", pk=plan.pk)


@permission_required("ledger.change_plan")
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("年度台账已创建，请继续添加工作项目"))
            return redirect("ledger:plan_detail", pk=plan.pk)
    return render(request, "ledger/plan_form.html", {"form": form})


@permission_required("ledger.change_plan")
def item_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=plan_pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_create(plan=plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("工作项目已添加"))
            return redirect("ledger:plan_detail", pk=plan.pk)
    return render(request, "ledger/item_form.html", {"form": form, "plan": plan})


@permission_required("ledger.change_plan")
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related("plan").filter(plan__in=selectors.plans_visible_to(request.user)), pk=pk
    )
    form = ItemForm(request.POST or None, initial={"title": item.title, "seq": item.seq})
    if request.method == "POST" and form.is_valid():
        fields = {key: value for key, value in form.cleaned_data.items() if value is not None}
        try:
            services.item_update(item=item, by=request.user, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("工作项目已修改"))
            return redirect("ledger:plan_detail", pk=item.plan_id)
    return render(request, "ledger/item_form.html", {"form": form, "plan": item.plan, "item": item})


@permission_required("ledger.change_plan")
def task_create(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.select_related("plan").filter(plan__in=selectors.plans_visible_to(request.user)),
        pk=item_pk,
    )
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(item=item, by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            count = task.assignments.count()
            messages.success(request, _("任务已添加，已分解为 %(count)d 项组织任务") % {"count": count})
            return redirect("ledger:plan_detail", pk=item.plan_id)
    return render(request, "ledger/task_form.html", {"form": form, "item": item, "task": None})


@permission_required("ledger.change_plan")
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tasks = selectors.tasks_visible_to(request.user).prefetch_related(None)
    task = get_object_or_404(tasks.select_related("item__plan"), pk=pk)
    initial = {name: getattr(task, name) for name in TASK_FIELDS}
    listed = task.responsible_orgs.count()
    if listed <= TaskForm.LISTED_ORGS_LIMIT:
        initial["responsible_orgs"] = list(task.responsible_orgs.values_list("pk", flat=True))
    initial["responsible_groups"] = list(task.responsible_groups.values_list("pk", flat=True))
    form = TaskForm(request.POST or None, user=request.user, initial=initial, listed_orgs=listed)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            if fields["seq"] is None:
                fields.pop("seq")  # blank keeps the task where it is
            services.task_update(task=task, by=request.user, **fields)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("任务已修改，组织任务已按新设置重新分解"))
            return redirect("ledger:plan_detail", pk=task.item.plan_id)
    return render(request, "ledger/task_form.html", {"form": form, "item": task.item, "task": task})
