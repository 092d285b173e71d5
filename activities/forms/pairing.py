"""Forms of the 扶贫结对 pages: filters, a household, a pairing, a visit (phone first: few fields)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.selectors import organizations_visible_to
from accounts.widgets import OrganizationSearchSelect
from ledger.forms import BootstrapMixin, DateInput, MultipleFileField

from ..models import Household, Pairing

CAUSES = (
    "因病",
    "因残",
    "因学",
    "因灾",
    "缺劳力",
    "缺技术",
    "缺资金",
    "缺土地",
    "交通条件落后",
    "自身发展动力不足",
)


class HouseholdFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("户主、村或致贫原因"), required=False, max_length=50)
    # Typed, not chosen: a city has a thousand villages, and a select box of them made the page slow.
    village = forms.CharField(label=_("村(社区)全称"), required=False, max_length=100)
    active = forms.ChoiceField(
        label=_("结对"), required=False, choices=[("", _("全部")), ("1", _("有结对的"))]
    )


class PairingFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("党员、户主或村"), required=False, max_length=50)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("active", _("结对中")), ("ended", _("已结束"))],
    )


class VisitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("党员、户主或内容"), required=False, max_length=50)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), required=False, min_value=1, max_value=12)


class HouseholdForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Household
        fields = ["head_name", "village", "people", "cause", "organization", "notes"]
        widgets = {
            "cause": forms.TextInput(attrs={"list": "pb-causes"}),
            "organization": OrganizationSearchSelect(active_only=True),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "people": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PairingForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("党组织"), queryset=Organization.objects.none(), widget=OrganizationSearchSelect()
    )
    member_name = forms.CharField(label=_("党员姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号"), required=False, max_length=30, help_text=_("仅当该组织有同名党员时需要")
    )
    started_on = forms.DateField(label=_("结对时间"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user)


class PairingEndForm(BootstrapMixin, forms.Form):
    ended_on = forms.DateField(label=_("结束时间"), widget=DateInput())


class PairingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Pairing) -> str:
        return f"{obj.member.name} → {obj.household.head_name}（{obj.household.village}）"


class VisitForm(BootstrapMixin, forms.Form):
    pairing = PairingChoiceField(
        label=_("结对（党员 → 帮扶户）"), queryset=Pairing.objects.none(), empty_label=_("请选择")
    )
    visited_on = forms.DateField(
        label=_("走访日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写走访日期"), "invalid": _("走访日期格式不正确，应为 年-月-日")},
    )
    content = forms.CharField(
        label=_("走访内容"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("做了什么：宣讲政策、帮助生产、送去物资……")}
        ),
    )
    funds = forms.DecimalField(
        label=_("投入资金(元)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    goods = forms.DecimalField(
        label=_("物资折价(元)"),
        required=False,
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    files = MultipleFileField(label=_("照片"))

    def __init__(self, *args, pairings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"].queryset = pairings

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "visited_on": data["visited_on"],
            "content": data["content"],
            "funds": data["funds"] or Decimal(0),
            "goods": data["goods"] or Decimal(0),
        }


class YearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100)
