"""Forms of the 党员服务日 pages: they check input and shape it; the services write."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import GRASSROOTS_KINDS
from ledger.forms import BootstrapMixin, DateInput, MultipleFileField
from partybuild.periods import YEAR_MAX, YEAR_MIN

from ..models import AttendanceStatus, ServiceDay, ServiceDayTheme

PHOTO_HINT = _("可多选；手机上可直接拍照。支持 jpg、png、gif、webp，也可上传 pdf、Word、Excel")


class ServiceDayForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(
        label=_("日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写日期"), "invalid": _("日期格式不正确，应为 年-月-日")},
    )
    place = forms.CharField(label=_("联系村(社区)"), max_length=120, required=False)
    theme = forms.ChoiceField(
        label=_("主题"),
        choices=ServiceDayTheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择主题")},
    )
    theme_text = forms.CharField(
        label=_("自选主题"), max_length=100, required=False, help_text=_("主题为“自选”时填写")
    )
    content = forms.CharField(
        label=_("主要内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("如：政策宣讲、矛盾调解、收集群众诉求")}),
    )
    photos = MultipleFileField(label=_("活动照片"), help_text=PHOTO_HINT)

    def __init__(self, *args, roster=(), attendance=None, **kwargs):
        """`roster`: the members to pick from; `attendance`: member id → status already recorded."""
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        self.recorded = dict(attendance or {})
        self.fields["held_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["photos"].widget.attrs["accept"] = "image/*,.pdf,.doc,.docx,.xls,.xlsx"

    def clean(self):
        data = super().clean()
        if data.get("theme") == ServiceDayTheme.CUSTOM and not (data.get("theme_text") or "").strip():
            self.add_error("theme_text", _("主题为“自选”时，请填写自选主题"))
        return data

    def attendance(self) -> dict[int, str]:
        """Member id → status from the roster checkboxes: ticked 出席 = present, 请假 = on leave (wins over
        present), neither = expected but absent."""
        present = set(self.data.getlist("present"))
        leave = set(self.data.getlist("leave"))
        result = {}
        for member in self.roster:
            key = str(member.pk)
            if key in leave:
                result[member.pk] = AttendanceStatus.ON_LEAVE
            elif key in present:
                result[member.pk] = AttendanceStatus.PRESENT
            else:
                result[member.pk] = AttendanceStatus.EXPECTED
        return result

    def roster_rows(self) -> list[dict]:
        """What the template draws: each member with whether 出席 / 请假 are ticked."""
        if self.is_bound:
            chosen = self.attendance()
        elif self.recorded:
            chosen = self.recorded
        else:
            chosen = {m.pk: AttendanceStatus.PRESENT for m in self.roster}
        return [
            {
                "member": m,
                "present": chosen.get(m.pk) == AttendanceStatus.PRESENT,
                "leave": chosen.get(m.pk) == AttendanceStatus.ON_LEAVE,
            }
            for m in self.roster
        ]


class ServiceDayFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="held_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    month = django_filters.ChoiceFilter(
        label=_("月份"),
        field_name="held_on",
        lookup_expr="month",
        choices=[(m, _("%(m)s月") % {"m": m}) for m in range(1, 13)],
        empty_label=_("全部"),
    )
    org = django_filters.CharFilter(label=_("党组织"), method="filter_org")
    theme = django_filters.ChoiceFilter(
        label=_("主题"), choices=ServiceDayTheme.choices, empty_label=_("全部")
    )

    class Meta:
        model = ServiceDay
        fields: list[str] = []

    def filter_org(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(organization__name__icontains=value) | Q(organization__short_name__icontains=value)
        )

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        return form


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)


class GridFilterForm(BootstrapMixin, forms.Form):
    """The filters of an org × period grid (service days, forums): year, org name, kind, only the orgs
    with a period missed. Also read back from an export job's saved filters."""

    year = forms.IntegerField(label=_("年度"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)
    org = forms.CharField(label=_("党组织"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("组织类型"), required=False)
    missing = forms.BooleanField(label=_("只看有月份未开展的"), required=False)

    def __init__(self, *args, missing_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型")), *[(k.value, k.label) for k in GRASSROOTS_KINDS]]
        if missing_label:
            self.fields["missing"].label = missing_label
        self.fields["org"].widget.attrs["placeholder"] = _("名称或简称")
        self.fields["missing"].widget.attrs["class"] = "form-check-input"

    def values(self, today) -> dict:
        """The cleaned filters (this year when none or an invalid one is given)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("year") or today.year,
            "q": (data.get("org") or "").strip(),
            "kind": data.get("kind") or "",
            "missing": bool(data.get("missing")),
        }
