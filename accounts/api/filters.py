"""Query-string filters for the organization and member resources."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Member, MemberClass, MemberStatus, Organization, OrgKind, PartyStanding
from partybuild.api.fields import IdFilter


def _path_of(org_id: int) -> str | None:
    # One small query; the result is intersected with the user's scope by the caller's queryset.
    return Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()


class OrganizationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label=_("组织类别"))
    parent = IdFilter(method="filter_parent", label=_("上级党组织 id（直接下级）"))
    subtree = IdFilter(method="filter_subtree", label=_("党组织 id（含本级及所有下级）"))
    unit = django_filters.CharFilter(field_name="unit__name", label=_("所在单位名称"))
    is_active = django_filters.BooleanFilter(label=_("是否有效"))

    class Meta:
        model = Organization
        fields = ["kind", "parent", "subtree", "unit", "is_active"]

    def filter_parent(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = _path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(path__startswith=path, depth=len(path) // Organization.steplen + 1)

    def filter_subtree(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = _path_of(int(value))
        return queryset.none() if path is None else queryset.filter(path__startswith=path)


class MemberFilterSet(django_filters.FilterSet):
    organization = IdFilter(field_name="organization_id", label=_("所在党组织 id"))
    subtree = IdFilter(method="filter_subtree", label=_("党组织 id（含所有下级组织的党员）"))
    member_class = django_filters.ChoiceFilter(choices=MemberClass.choices, label=_("党员类别"))
    standing = django_filters.ChoiceFilter(choices=PartyStanding.choices, label=_("党籍状态"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label=_("状态"))

    class Meta:
        model = Member
        fields = ["organization", "subtree", "member_class", "standing", "status"]

    def filter_subtree(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = _path_of(int(value))
        return queryset.none() if path is None else queryset.filter(organization__path__startswith=path)
