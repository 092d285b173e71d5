"""Forms of the rename, merge and transfer pages. They check input; accounts.services.moves writes."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organization

# Pickers list matches of what the user typed, never every org (a city has 20,000).
CANDIDATES_SHOWN = 20
SHOW_ALL_UP_TO = 30


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control"}, **kwargs)


def _text(label, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.TextInput(attrs={"class": "form-control"}), **kwargs)


def org_candidates(allowed: QuerySet[Organization], q: str) -> list[Organization]:
    """The orgs a picker offers: matches of `q` (name, short name or code), or all of a small scope."""
    q = (q or "").strip()
    if q:
        allowed = allowed.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code=q))
        return list(allowed.order_by("path")[:CANDIDATES_SHOWN])
    few = list(allowed.order_by("path")[: SHOW_ALL_UP_TO + 1])
    return few if len(few) <= SHOW_ALL_UP_TO else []


class OrganizationRenameForm(forms.Form):
    name = _text(_("新的党组织全称"), max_length=120)
    short_name = _text(
        _("新的简称"), max_length=60, required=False, help_text=_("原全称和原简称会自动保留为别名")
    )


class OrganizationMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("并入的党组织"),
        queryset=Organization.objects.none(),
        error_messages={
            "required": _("请先搜索并选择要并入的党组织"),
            "invalid_choice": _("所选党组织不存在、已撤销或不在您的管辖范围内，请重新选择"),
        },
    )
    on_date = forms.DateField(
        label=_("合并日期"),
        widget=_DateInput(),
        error_messages={"required": _("请填写合并日期"), "invalid": _("合并日期格式不正确，应为 年-月-日")},
    )

    def __init__(self, *args, allowed: QuerySet[Organization], **kwargs):
        kwargs.setdefault("initial", {"on_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = allowed


class MergeConfirmForm(OrganizationMergeForm):
    confirmed = forms.BooleanField(
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        label=_("我已核对以上将转移和保留的内容，确认合并（合并后不能撤销）"),
        error_messages={"required": _("请勾选确认后再合并")},
    )


class MemberTransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(
        label=_("转入党组织"),
        queryset=Organization.objects.none(),
        error_messages={
            "required": _("请先搜索并选择转入的党组织"),
            "invalid_choice": _("所选党组织不存在、已撤销或不在您的管辖范围内，请重新选择"),
        },
    )
    on_date = forms.DateField(
        label=_("转接日期"),
        widget=_DateInput(),
        error_messages={"required": _("请填写转接日期"), "invalid": _("转接日期格式不正确，应为 年-月-日")},
    )
    document_no = _text(_("介绍信编号/文号"), max_length=100, required=False)
    reason = _text(_("转接原因"), max_length=200, required=False, help_text=_("如：工作调动、单位合并"))

    def __init__(self, *args, allowed: QuerySet[Organization], **kwargs):
        kwargs.setdefault("initial", {"on_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = allowed
