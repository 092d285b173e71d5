"""The 实绩档案 list's filters: the year (default this year), an org or person, a completeness flag."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from ledger.forms import BootstrapMixin

FLAG_CHOICES = [
    ("", gettext_lazy("全部")),
    ("no_talk", gettext_lazy("未任职谈话")),
    ("no_debrief", gettext_lazy("本年未述职")),
    ("open_items", gettext_lazy("有未销号整改")),
    ("complete", gettext_lazy("档案齐全")),
]


class ArchiveFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=gettext_lazy("党组织或姓名"), required=False, max_length=50)
    flag = forms.ChoiceField(label=gettext_lazy("完整性"), required=False, choices=FLAG_CHOICES)
