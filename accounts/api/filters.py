"""Query-string filters for the organization and member resources."""

from __future__ import annotations

import django_filters
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from accounts.models import Member, MemberClass, MemberStatus, Organization, OrgKind, PartyStanding
from partybuild.api.fields import DB_ID_MAX, IdFilter


def org_path_of(org_id: int) -> str | None:
    # One small query; the result is intersected with the user's scope by the caller's queryset.
    return Organization.objects.filter(pk=org_id).values_list("path", flat=True).first()


SUBTREE_HELP = _("党组织 id：该组织及其所有下级组织")
EXACT_HELP = _("党组织 id：仅该组织本级（不含下级）")
_ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": DB_ID_MAX}


# The schema is given per class (IdFilter's own override would drop the label from the description).
@extend_schema_field({**_ID_SCHEMA, "description": SUBTREE_HELP})
class OrgSubtreeFilter(IdFilter):
    """`?organization=<id>`: rows of that org and of every org below it (CONTRACT.md).

    `field_name` is the path to the row's org (`organization`, `assignment__organization`). The exact
    org alone is an OrgExactFilter on `<field>_id`, offered as `organization_exact`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", SUBTREE_HELP)
        super().__init__(*args, **kwargs)

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        if value in EMPTY_VALUES:
            return queryset
        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(**{f"{self.field_name}__path__startswith": path})


@extend_schema_field({**_ID_SCHEMA, "description": EXACT_HELP})
class OrgExactFilter(IdFilter):
    """`?organization_exact=<id>`: rows of that org alone (`field_name` is `<path to org>_id`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", EXACT_HELP)
        super().__init__(*args, **kwargs)


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
        path = org_path_of(int(value))
        if path is None:
            return queryset.none()
        return queryset.filter(path__startswith=path, depth=len(path) // Organization.steplen + 1)

    def filter_subtree(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = org_path_of(int(value))
        return queryset.none() if path is None else queryset.filter(path__startswith=path)


class MemberFilterSet(django_filters.FilterSet):
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    # The older name of `organization` (kept for clients written before it meant the subtree).
    subtree = IdFilter(method="filter_subtree", label=_("党组织 id（含所有下级组织的党员），同 organization"))
    member_class = django_filters.ChoiceFilter(choices=MemberClass.choices, label=_("党员类别"))
    standing = django_filters.ChoiceFilter(choices=PartyStanding.choices, label=_("党籍状态"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label=_("状态"))

    class Meta:
        model = Member
        fields = ["organization", "organization_exact", "subtree", "member_class", "standing", "status"]

    def filter_subtree(self, queryset: QuerySet, name: str, value) -> QuerySet:
        path = org_path_of(int(value))
        return queryset.none() if path is None else queryset.filter(organization__path__startswith=path)
