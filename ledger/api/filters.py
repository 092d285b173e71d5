"""Query-string filters for the ledger resources: year, period, organization, status, item, plan.

`organization` means that org and the orgs below it (CONTRACT.md); `organization_exact` the org alone.
"""

from __future__ import annotations

from datetime import date

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter, org_path_of
from ledger.models import Assignment, Item, Plan, PlanState, Record, RecordState, Recurrence, Status, Task
from partybuild.api.fields import IdFilter, YearFilter


class PlanFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))
    state = django_filters.ChoiceFilter(choices=PlanState.choices, label=_("状态（进行中/已归档）"))

    class Meta:
        model = Plan
        fields = ["year", "state"]


class ItemFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id", label=_("年度台账 id"))
    year = YearFilter(field_name="plan__year", label=_("年度"))

    class Meta:
        model = Item
        fields = ["plan", "year"]


class TaskFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="item__plan_id", label=_("年度台账 id"))
    year = YearFilter(field_name="item__plan__year", label=_("年度"))
    item = IdFilter(field_name="item_id", label=_("工作项目 id"))
    recurrence = django_filters.ChoiceFilter(choices=Recurrence.choices, label=_("周期"))
    organization = OrgSubtreeFilter(method="filter_organization")
    organization_exact = OrgExactFilter(method="filter_organization_exact")

    class Meta:
        model = Task
        fields = ["plan", "year", "item", "recurrence", "organization", "organization_exact"]

    def filter_organization(self, queryset, name, value):
        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(
            pk__in=Assignment.objects.filter(organization__path__startswith=path).values("task_id")
        )

    def filter_organization_exact(self, queryset, name, value):
        return queryset.filter(pk__in=Assignment.objects.filter(organization_id=value).values("task_id"))


class AssignmentYearFilter(YearFilter):
    """The plan's year; said also as a range of period starts (always inside the plan's year), so the
    list is read along its index (period_start, due_date, …) from that year's first row."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(
            task__item__plan__year=value,
            period_start__gte=date(value, 1, 1),
            period_start__lte=date(value, 12, 31),
        )


class AssignmentFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="task__item__plan_id", label=_("年度台账 id"))
    year = AssignmentYearFilter(label=_("年度"))
    item = IdFilter(field_name="task__item_id", label=_("工作项目 id"))
    task = IdFilter(field_name="task_id", label=_("任务 id"))
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    period = django_filters.CharFilter(label=_("期间代码，如 2020-M03"))
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        label=_("状态：逾期（overdue）= 截止日期已过且未提交或被退回未重新提交；returned 仅指尚未到期的退回"),
    )
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("截止日期不早于"))
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("截止日期不晚于")
    )

    class Meta:
        model = Assignment
        fields = ["plan", "year", "item", "task", "organization", "organization_exact", "period", "status"]


class RecordFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="assignment__task__item__plan_id", label=_("年度台账 id"))
    year = YearFilter(field_name="assignment__task__item__plan__year", label=_("年度"))
    item = IdFilter(field_name="assignment__task__item_id", label=_("工作项目 id"))
    assignment = IdFilter(field_name="assignment_id", label=_("任务分解 id"))
    organization = OrgSubtreeFilter(field_name="assignment__organization")
    organization_exact = OrgExactFilter(field_name="assignment__organization_id")
    period = django_filters.CharFilter(field_name="assignment__period", label=_("期间代码"))
    status = django_filters.ChoiceFilter(field_name="state", choices=RecordState.choices, label=_("记录状态"))

    class Meta:
        model = Record
        fields = [
            "plan",
            "year",
            "item",
            "assignment",
            "organization",
            "organization_exact",
            "period",
            "status",
        ]
