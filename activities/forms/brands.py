"""Forms of the 品牌, 志愿服务, 学习培训 and 信息报送 pages: they check input and shape it; services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import authz
from accounts.models import Member, Organization
from accounts.widgets import OrganizationSearchSelect
from ledger.forms import BootstrapMixin, DateInput

from ..models import BrandStatus, InfoChannel, TeamTier, TrainingKind, VolunteerTeam


def _org_label(org: Organization) -> str:
    return f"{org.name}（{org.short_name}）" if org.short_name else org.name


def writable_orgs(user):
    """The active orgs the user records for (a secretary: their own and the orgs below; staff: theirs)."""
    return Organization.objects.filter(authz.write_scope(user).q(""), is_active=True).order_by("path")


def _org_field(required: bool = True, help_text: str = "") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        required=required,
        widget=OrganizationSearchSelect(active_only=True),
        help_text=help_text,
    )


class _OrgFormMixin:
    def _scope_orgs(self, user) -> None:
        self.fields["organization"].queryset = writable_orgs(user)
        self.fields["organization"].label_from_instance = _org_label


class BrandFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + BrandStatus.choices
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)


class BrandForm(BootstrapMixin, _OrgFormMixin, forms.Form):
    organization = _org_field()
    year = forms.IntegerField(label=_("申报年度"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("品牌名称"), max_length=100)
    slogan = forms.CharField(label=_("品牌口号"), max_length=200, required=False)
    work_tie = forms.CharField(
        label=_("与业务工作的结合"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("品牌简介"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_orgs(user)
        if editing:
            del self.fields["organization"]
            del self.fields["year"]


class BrandReviewForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("审核结果"),
        choices=[(BrandStatus.RECOGNISED, _("认定")), (BrandStatus.EXITED, _("不予认定 / 退出"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审核意见"), max_length=300, required=False)


class RecheckFilterForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("复核结果"),
        required=False,
        choices=[("", _("全部")), ("pending", _("未复核")), ("keep", _("保留")), ("exit", _("退出"))],
    )
    q = forms.CharField(label=_("品牌或党组织"), required=False, max_length=50)


class RecheckForm(forms.Form):
    """One keep/exit choice (and a note) per brand of the page, recognised the year before; fields made
    per brand. `bulk` (keep / exit) decides the page's rows left blank; `finish` closes the re-check."""

    finish = forms.BooleanField(label=_("完成复核：未作决定的品牌一律退出"), required=False)
    bulk = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("keep", _("本页未选的全部保留")), ("exit", _("本页未选的全部退出"))],
    )

    def __init__(self, *args, brands, **kwargs):
        super().__init__(*args, **kwargs)
        self.brands = brands
        choices = [("", _("未复核")), ("keep", _("保留")), ("exit", _("退出"))]
        for brand in brands:
            self.fields[f"decision_{brand.pk}"] = forms.ChoiceField(
                label=brand.name, choices=choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"note_{brand.pk}"] = forms.CharField(label=_("意见"), max_length=300, required=False)
            brand.decision_field = f"decision_{brand.pk}"
            brand.note_field = f"note_{brand.pk}"

    def decisions(self) -> tuple[dict[int, str], dict[int, str]]:
        data = self.cleaned_data
        bulk = data.get("bulk") or ""
        decisions = {b.pk: data.get(f"decision_{b.pk}") or bulk for b in self.brands}
        decisions = {pk: decision for pk, decision in decisions.items() if decision}
        notes = {b.pk: data.get(f"note_{b.pk}", "") for b in self.brands}
        return decisions, notes


class TeamForm(BootstrapMixin, _OrgFormMixin, forms.Form):
    organization = _org_field()
    name = forms.CharField(label=_("队伍名称"), max_length=100)
    tier = forms.ChoiceField(label=_("层级"), choices=TeamTier.choices)
    parent = forms.ModelChoiceField(
        label=_("上级队伍"), queryset=VolunteerTeam.objects.none(), required=False
    )
    founded_on = forms.DateField(label=_("成立日期"), widget=DateInput())

    def __init__(self, *args, user, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_orgs(user)
        self.fields["parent"].queryset = teams.exclude(tier=TeamTier.SQUAD)


class TeamMembersForm(BootstrapMixin, forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("加入的党员"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    joined_on = forms.DateField(label=_("加入日期"), widget=DateInput())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = candidates


class ActivityForm(BootstrapMixin, forms.Form):
    """A team's activity; below the fields, one hours box per team member (blank: did not take part)."""

    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    title = forms.CharField(label=_("活动名称"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    content = forms.CharField(label=_("活动内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, team_members, **kwargs):
        super().__init__(*args, **kwargs)
        self.team_members = list(team_members)
        for member in self.team_members:
            self.fields[f"hours_{member.pk}"] = forms.DecimalField(
                label=member.name,
                required=False,
                min_value=Decimal("0.5"),
                max_value=Decimal(24),
                decimal_places=1,
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "inputmode": "decimal", "placeholder": _("小时")}
                ),
            )
            member.hours_field = self[f"hours_{member.pk}"]

    def hours(self) -> dict[int, Decimal]:
        return {
            m.pk: self.cleaned_data[f"hours_{m.pk}"]
            for m in self.team_members
            if self.cleaned_data.get(f"hours_{m.pk}") is not None
        }

    def clean(self):
        data = super().clean()
        if self.team_members and not any(data.get(f"hours_{m.pk}") is not None for m in self.team_members):
            raise forms.ValidationError(_("请至少为一名参加人员填写服务时长"))
        return data


class TrainingForm(BootstrapMixin, _OrgFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=TrainingKind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    organization = _org_field(required=False, help_text=_("留空表示工委统一组织（仅工委干部）"))
    starts_on = forms.DateField(label=_("开始日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    content = forms.CharField(label=_("学习内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attendance = forms.IntegerField(
        label=_("参加人次"),
        min_value=0,
        required=False,
        help_text=_("从名册选了参加人员可不填，按所选人数计"),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("参加人员（从名册选）"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, roster, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_orgs(user)
        self.fields["attendees"].queryset = roster

    def clean_attendance(self):
        return self.cleaned_data.get("attendance") or 0


class InfoFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    adopted = forms.ChoiceField(
        label=_("采用"), required=False, choices=[("", _("全部")), ("yes", _("已采用")), ("no", _("未采用"))]
    )
    q = forms.CharField(label=_("搜索"), required=False, max_length=50)


class InfoPieceForm(BootstrapMixin, _OrgFormMixin, forms.Form):
    organization = _org_field()
    title = forms.CharField(label=_("标题"), max_length=200)
    sent_on = forms.DateField(label=_("报送日期"), widget=DateInput())
    channel = forms.ChoiceField(label=_("报送渠道"), choices=InfoChannel.choices)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_orgs(user)
        if editing:
            del self.fields["organization"]


class AdoptionForm(BootstrapMixin, forms.Form):
    adopted = forms.BooleanField(label=_("已采用"), required=False)
    adopted_by = forms.CharField(label=_("采用单位或刊物"), max_length=100, required=False)
    adopted_on = forms.DateField(label=_("采用日期"), required=False, widget=DateInput())
