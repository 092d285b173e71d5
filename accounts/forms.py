"""Search-and-filter forms for the organization and member pages (GET forms, nothing is written)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MemberClass, MemberStatus, OrgKind, PartyStanding
from .selectors import organizations_visible_to
from .widgets import OrganizationSearchSelect

_ANY = [("", _("全部"))]

MEMBER_SORTS = {
    "org": ("organization__path", "name", "id"),
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "joined_on": ("joined_on", "id"),
    "-joined_on": ("-joined_on", "-id"),
    "birth_date": ("birth_date", "id"),
    "-birth_date": ("-birth_date", "-id"),
}


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("组织类别"), required=False, choices=_ANY + OrgKind.choices)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或工号"), required=False, max_length=50)
    organization = forms.ModelChoiceField(
        label=_("党组织（含下级）"),
        required=False,
        queryset=None,
        empty_label=_("全部"),
        widget=OrganizationSearchSelect(attrs={"class": "form-select form-select-sm"}),
    )
    member_class = forms.ChoiceField(label=_("党员类别"), required=False, choices=_ANY + MemberClass.choices)
    standing = forms.ChoiceField(label=_("党籍状态"), required=False, choices=_ANY + PartyStanding.choices)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=_ANY + MemberStatus.choices)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("org", _("按党组织")),
            ("name", _("姓名 ↑")),
            ("-name", _("姓名 ↓")),
            ("joined_on", _("入党时间 ↑")),
            ("-joined_on", _("入党时间 ↓")),
            ("birth_date", _("出生日期 ↑")),
            ("-birth_date", _("出生日期 ↓")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only orgs the user may see validate; the widget renders the chosen one and searches for others.
        self.fields["organization"].queryset = organizations_visible_to(user).order_by("path")
