"""Query-string filters for the six systems' resources: year, organization (its subtree), and per kind."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter
from activities.models import AppointmentTalk, Vetting, VettingConclusion, VettingReason
from partybuild.api.fields import YearFilter


class VettingFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="visited_on__year", label=_("年度（考察日期所在年份）"))
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    conclusion = django_filters.ChoiceFilter(
        choices=[(c, label) for c, label in VettingConclusion.choices if c] + [("pending", _("未作结论"))],
        method="filter_conclusion",
        label=_("考察结论：approved 同意 / rejected 不同意 / deferred 暂缓 / pending 未作结论"),
    )
    reason = django_filters.ChoiceFilter(choices=VettingReason.choices, label=_("考察原因"))

    class Meta:
        model = Vetting
        fields = ["year", "organization", "organization_exact", "conclusion", "reason"]

    def filter_conclusion(self, queryset, name, value):
        return queryset.filter(conclusion="" if value == "pending" else value)


class AppointmentTalkFilterSet(django_filters.FilterSet):
    year = YearFilter(field_name="talked_on__year", label=_("年度（谈话日期所在年份）"))
    organization = OrgSubtreeFilter(field_name="term__organization")
    organization_exact = OrgExactFilter(field_name="term__organization_id")

    class Meta:
        model = AppointmentTalk
        fields = ["year", "organization", "organization_exact"]
