"""The roster export (党员名册): the member list's filters and the file's columns, defined once."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import MEMBER_SORTS, MemberFilterForm
from ..models import Member
from ..selectors import members_visible_to, subtree_q
from .kinds import TableExport, export_kind_register


def members_filtered(user, params) -> tuple[MemberFilterForm, QuerySet[Member]]:
    """The member list and its export share these filters, so the file matches the page."""
    form = MemberFilterForm(params or None, user=user)
    members = members_visible_to(user)
    sort = "org"
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"].strip():
            members = members.filter(Q(name__icontains=q) | Q(staff_no__icontains=q))
        if data["organization"] is not None:
            members = members.filter(subtree_q(data["organization"]))
        for field in ("member_class", "standing", "status"):
            if data[field]:
                members = members.filter(**{field: data[field]})
        sort = data["sort"] or "org"
    return form, members.order_by(*MEMBER_SORTS[sort])


class MemberExport(TableExport):
    """ID numbers only ever appear masked."""

    key = "members"
    label = gettext_lazy("党员名册")
    permission = "accounts.export_member"
    audit_action = "export.members"
    audit_target = Member
    sheet_title = gettext_lazy("党员名册")
    columns = [
        (gettext_lazy("姓名"), lambda m: m.name),
        (gettext_lazy("所在党组织"), lambda m: m.organization.name),
        (gettext_lazy("工号"), lambda m: m.staff_no),
        (gettext_lazy("性别"), lambda m: m.gender),
        (gettext_lazy("民族"), lambda m: m.ethnicity),
        (gettext_lazy("出生日期"), lambda m: m.birth_date),
        (gettext_lazy("学历"), lambda m: m.education),
        (gettext_lazy("入党时间"), lambda m: m.joined_on),
        (gettext_lazy("转正时间"), lambda m: m.full_member_on),
        (gettext_lazy("党籍状态"), lambda m: m.get_standing_display()),
        (gettext_lazy("党员类别"), lambda m: m.get_member_class_display()),
        (gettext_lazy("人员类别(原文)"), lambda m: m.category_label),
        (gettext_lazy("状态"), lambda m: m.get_status_display()),
        (gettext_lazy("联系电话"), lambda m: m.phone),
        (gettext_lazy("党内职务"), lambda m: m.party_post),
        (gettext_lazy("身份证号(脱敏)"), lambda m: m.id_number_masked),
    ]

    def rows(self, user, filters: dict, today: date) -> QuerySet[Member]:
        return members_filtered(user, filters)[1]

    def filename(self, filters: dict, today: date) -> str:
        return _("党员名册") + today.strftime("-%Y%m%d") + ".xlsx"


MEMBERS = export_kind_register(MemberExport())
