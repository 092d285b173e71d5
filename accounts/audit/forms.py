"""Filters of the audit pages (date range, actor, action, result, address; admin log: user and kind)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .labels import ACTION_GROUPS
from .models import Result

_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
_TEXT = forms.TextInput(attrs={"class": "form-control form-control-sm"})
_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


def local_day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class DateRangeForm(forms.Form):
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=_DATE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期不能晚于结束日期；请调换两个日期"))
        return data

    def time_range(self, field: str):
        """(field__gte, field__lt) lookups for whole local days, both ends inclusive."""
        lookups = {}
        if self.cleaned_data.get("date_from"):
            lookups[f"{field}__gte"] = local_day_start(self.cleaned_data["date_from"])
        if self.cleaned_data.get("date_to"):
            lookups[f"{field}__lt"] = local_day_start(self.cleaned_data["date_to"] + timedelta(days=1))
        return lookups


class AuditEventFilterForm(DateRangeForm):
    actor = forms.CharField(label=_("用户名"), required=False, max_length=150, widget=_TEXT)
    action = forms.ChoiceField(label=_("操作"), required=False, choices=ACTION_GROUPS, widget=_SELECT)
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部结果")), *Result.choices], widget=_SELECT
    )
    address = forms.CharField(label=_("客户端地址"), required=False, max_length=64, widget=_TEXT)


ADMIN_ACTION_CHOICES = [("", _("全部")), (ADDITION, _("新增")), (CHANGE, _("修改")), (DELETION, _("删除"))]


class AdminLogFilterForm(DateRangeForm):
    user = forms.CharField(label=_("用户名"), required=False, max_length=150, widget=_TEXT)
    action_flag = forms.TypedChoiceField(
        label=_("操作"),
        required=False,
        choices=ADMIN_ACTION_CHOICES,
        coerce=int,
        empty_value=None,
        widget=_SELECT,
    )
