"""Query-string filters for the ledger resources: year, period, organization, status, item, plan."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from ledger.models import Assignment, Item, Plan, Record, RecordState, Recurrence, Status, Task
from partybuild.api.fields import IdFilter, YearFilter


class PlanFilterSet(django_filters.FilterSet):
    year = YearFilter(label=_("年度"))

    class Meta:
        model = Plan
        fields = ["year"]


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
    organization = IdFilter(method="filter_organization", label=_("责任组织 id"))

    class Meta:
        model = Task
        fields = ["plan", "year", "item", "recurrence", "organization"]

    def filter_organization(self, queryset, name, value):
        owed = Assignment.objects.filter(organization_id=value).values("task_id")
        return queryset.filter(pk__in=owed)


class AssignmentFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="task__item__plan_id", label=_("年度台账 id"))
    year = YearFilter(field_name="task__item__plan__year", label=_("年度"))
    item = IdFilter(field_name="task__item_id", label=_("工作项目 id"))
    task = IdFilter(field_name="task_id", label=_("任务 id"))
    organization = IdFilter(field_name="organization_id", label=_("责任组织 id"))
    period = django_filters.CharFilter(label=_("期间代码，如 2020-M03"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状态"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("截止日期不早于"))
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("截止日期不晚于")
    )

    class Meta:
        model = Assignment
        fields = ["plan", "year", "item", "task", "organization", "period", "status"]


class RecordFilterSet(django_filters.FilterSet):
    plan = IdFilter(field_name="assignment__task__item__plan_id", label=_("年度台账 id"))
    year = YearFilter(field_name="assignment__task__item__plan__year", label=_("年度"))
    item = IdFilter(field_name="assignment__task__item_id", label=_("工作项目 id"))
    assignment = IdFilter(field_name="assignment_id", label=_("任务分解 id"))
    organization = IdFilter(field_name="organization_id", label=_("党组织 id"))
    period = django_filters.CharFilter(field_name="assignment__period", label=_("期间代码"))
    status = django_filters.ChoiceFilter(field_name="state", choices=RecordState.choices, label=_("记录状态"))

    class Meta:
        model = Record
        fields = ["plan", "year", "item", "assignment", "organization", "period", "status"]
