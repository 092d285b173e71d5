"""Forms of the member points pages: a scheme's item, a 加分/扣分 by hand, the quarter picker."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberClass
from partybuild.periods import QUARTER, Period, periods_of_year

from ..models import PointItem
from .sources import source_choices


def quarter_choices(year: int) -> list[tuple[str, str]]:
    return [(p.code, p.label) for p in periods_of_year(year, QUARTER)]


class QuarterFilterForm(forms.Form):
    period = forms.CharField(label=_("季度"), required=False)
    member_class = forms.ChoiceField(
        label=_("党员类别"), required=False, choices=[("", _("全部类别")), *MemberClass.choices]
    )

    def clean_period(self) -> str:
        value = self.cleaned_data.get("period") or ""
        if not value:
            return ""
        try:
            period = Period.parse_human(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if period.kind != QUARTER:
            raise forms.ValidationError(_("请选择季度，如 2026年第1季度"))
        return period.code


class PointItemForm(forms.ModelForm):
    source = forms.ChoiceField(label=_("数据来源"))

    class Meta:
        model = PointItem
        fields = ["seq", "code", "label", "source", "points_per_unit", "cap_per_quarter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()
        self.fields["code"].help_text = _("英文字母、数字或下划线，如 meeting；同一方案内不重复")

    def validate_unique(self):
        # The service decides which version the item goes to; uniqueness is checked there.
        pass


class ManualPointForm(forms.Form):
    period = forms.ChoiceField(label=_("季度"))
    item_code = forms.ChoiceField(label=_("积分项目"), required=False)
    points = forms.DecimalField(
        label=_("分值"), max_digits=6, decimal_places=2, help_text=_("加分填正数，扣分填负数")
    )
    reason = forms.CharField(label=_("事由"), max_length=200)

    def __init__(self, *args, year: int, manual_items: list[PointItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = quarter_choices(year)
        self.fields["item_code"].choices = [("", _("其他加减分（不设上限）"))] + [
            (item.code, item.label) for item in manual_items
        ]
