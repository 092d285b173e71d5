"""Forms of the 三会一课 pages: the list's filters (also the API's), the meeting with attendance picked
from the roster (one radio row per member, phone first), the check's year and type, an exemption."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.api.filters import OrgExactFilter, OrgSubtreeFilter
from accounts.models import Member, Organization
from accounts.widgets import OrganizationSearchSelect
from ledger.forms import BootstrapMixin, DateInput
from partybuild.api.fields import YearFilter, YearFormField

from ..models.meetings import Meeting, MeetingAttendanceStatus, MeetingExemption, MeetingType
from ..selectors.meetings import RULES, quarter_months


class _FilterForm(BootstrapMixin, forms.Form):
    pass


class MeetingFilterSet(django_filters.FilterSet):
    """Year, quarter, type, org (subtree by id, or by name) and a search over the text (portal and API)."""

    year = YearFilter(field_name="held_on__year", label=_("年度"))
    quarter = django_filters.ChoiceFilter(
        choices=[(q, _("第%(q)s季度") % {"q": q}) for q in range(1, 5)],
        method="filter_quarter",
        label=_("季度"),
        empty_label=_("全部季度"),
    )
    meeting_type = django_filters.ChoiceFilter(
        choices=MeetingType.choices, label=_("会议类型"), empty_label=_("全部类型")
    )
    organization = OrgSubtreeFilter(field_name="organization")
    organization_exact = OrgExactFilter(field_name="organization_id")
    org = django_filters.CharFilter(method="filter_org", label=_("党组织"))
    q = django_filters.CharFilter(method="filter_q", label=_("搜索"))

    class Meta:
        model = Meeting
        fields = ["year", "quarter", "meeting_type", "organization", "organization_exact", "org", "q"]
        form = _FilterForm

    def filter_quarter(self, queryset, name, value):
        first, last = quarter_months(int(value))
        return queryset.filter(held_on__month__gte=first, held_on__month__lte=last)

    def filter_org(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(organization__name__icontains=value) | Q(organization__short_name__icontains=value)
        )

    def filter_q(self, queryset, name, value):
        value = value.strip()
        # A term without letters that have a case (Chinese, digits) is matched as it is: UPPER() on
        # every row's text (what icontains does) costs about as much as the match itself.
        lookup = "contains" if value.upper() == value.lower() else "icontains"
        return queryset.filter(
            Q(**{f"agenda__{lookup}": value})
            | Q(**{f"content__{lookup}": value})
            | Q(**{f"host__{lookup}": value})
            | Q(**{f"place__{lookup}": value})
        )


PORTAL_FILTERS = ("year", "quarter", "meeting_type", "org", "q")


class OrgPickForm(BootstrapMixin, forms.Form):
    """Step one for a user who records for several orgs: which org held the meeting."""

    org = forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        widget=OrganizationSearchSelect(active_only=True),
    )

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


_TEXT = ("place", "host", "recorder", "outside_attendees", "agenda", "content", "resolutions")
SERVICE_FIELDS = (
    "meeting_type",
    "held_on",
    "held_time",
    "planned_on",
    "planned_time",
    "expected_count",
    "present_count",
    "leave_count",
    *_TEXT,
)


class MeetingForm(BootstrapMixin, forms.Form):
    meeting_type = forms.ChoiceField(label=_("会议类型"), choices=MeetingType.choices)
    held_on = forms.DateField(label=_("实际日期"), widget=DateInput())
    held_time = forms.TimeField(
        label=_("开始时刻"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    planned_on = forms.DateField(label=_("计划日期"), required=False, widget=DateInput())
    planned_time = forms.TimeField(
        label=_("计划时刻"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    host = forms.CharField(label=_("主持人"), required=False, max_length=50)
    recorder = forms.CharField(label=_("记录人"), required=False, max_length=50)
    use_roster = forms.BooleanField(
        label=_("按名册登记出席情况"),
        required=False,
        help_text=_("勾选后，应到、实到、请假人数按下方名册自动计算"),
    )
    expected_count = forms.IntegerField(label=_("应到人数"), min_value=0, required=False)
    present_count = forms.IntegerField(label=_("实到人数"), min_value=0, required=False)
    leave_count = forms.IntegerField(label=_("请假人数"), min_value=0, required=False)
    outside_attendees = forms.CharField(
        label=_("列席人员"), required=False, max_length=300, help_text=_("名册以外的参加人员，多人以“、”分隔")
    )
    agenda = forms.CharField(label=_("会议议题"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label=_("会议内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    resolutions = forms.CharField(
        label=_("会议决议"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, roster: list[Member], statuses: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        statuses = statuses or {}
        for member in roster:
            self.fields[f"att_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=MeetingAttendanceStatus.choices,
                initial=statuses.get(
                    member.pk,
                    MeetingAttendanceStatus.PRESENT if not statuses else MeetingAttendanceStatus.ABSENT,
                ),
                widget=forms.RadioSelect,
                required=False,
            )
        if not self.is_bound and "use_roster" not in self.initial:
            self.initial["use_roster"] = bool(roster)
        for name in ("host", "recorder"):
            self.fields[name].widget.attrs["list"] = "roster-names"

    def attendance_fields(self):
        return [(member, self[f"att_{member.pk}"]) for member in self.roster]

    def clean(self):
        data = super().clean()
        if data.get("use_roster") and self.roster:
            data["attendance"] = [
                (member, data.get(f"att_{member.pk}") or MeetingAttendanceStatus.ABSENT)
                for member in self.roster
            ]
        else:
            data["attendance"] = None
            if data.get("expected_count") is None:
                self.add_error("expected_count", _("不按名册登记时，请填写应到人数"))
            if data.get("present_count") is None:
                self.add_error("present_count", _("不按名册登记时，请填写实到人数"))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {key: data.get(key) for key in SERVICE_FIELDS}
        for key in ("expected_count", "present_count", "leave_count"):
            fields[key] = fields[key] or 0
        for key in _TEXT:
            fields[key] = (fields[key] or "").strip()
        return fields

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict:
        initial = {key: getattr(meeting, key) for key in SERVICE_FIELDS}
        initial["use_roster"] = meeting.attendance.exists()
        return initial


class CheckForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"), required=False)
    meeting_type = forms.ChoiceField(
        label=_("会议类型"),
        choices=[(code, label) for code, label in MeetingType.choices if code in RULES],
        required=False,
    )
    org = forms.CharField(label=_("党组织"), required=False, max_length=60)


class ExemptionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = MeetingExemption
        fields = ["organization", "meeting_type", "starts_on", "ends_on", "reason"]
        widgets = {
            "organization": OrganizationSearchSelect(active_only=True),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = orgs
        self.fields["meeting_type"].choices = [("", _("全部会议类型")), *MeetingType.choices]
