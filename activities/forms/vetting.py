"""Forms of the six systems' portal pages. They check and shape input; activities.services writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Member, Organization, SecretaryRole
from accounts.names import name_key
from accounts.selectors import organizations_visible_to
from accounts.services.people import id_number_read
from accounts.widgets import OrganizationSearchSelect
from ledger.forms import BootstrapMixin
from partybuild.exceptions import DomainError

from ..models import AppointmentTalk, VettingConclusion, VettingReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VettingFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=gettext_lazy("党组织或候选人"), required=False, max_length=50)
    conclusion = forms.ChoiceField(
        label=gettext_lazy("考察结论"),
        required=False,
        choices=[("", gettext_lazy("全部结论")), ("pending", gettext_lazy("未作结论"))]
        + [(c, label) for c, label in VettingConclusion.choices if c],
    )


class SearchForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=gettext_lazy("党组织或姓名"), required=False, max_length=50)


def member_named(org: Organization, name: str, id_number: str = "") -> Member:
    """The one member called `name` in `org` or below (the 身份证号 decides between namesakes)."""
    same = [
        m
        for m in Member.objects.filter(
            organization__path__startswith=org.path, name__contains=name.strip()[:50]
        )
        if name_key(m.name) == name_key(name)
    ]
    if id_number:
        digest = id_number_read(id_number).digest
        same = [m for m in same if m.id_number_hash == digest]
    if not same:
        raise DomainError(
            _("在“%(org)s”及其下级组织的党员中找不到“%(name)s”；请核对姓名，或先在党员名册中登记此人")
            % {"org": org.name, "name": name},
            field="candidate_name",
        )
    if len(same) > 1:
        raise DomainError(
            _("“%(org)s”及其下级组织有%(n)s名党员叫“%(name)s”；请填写此人的身份证号")
            % {"org": org.name, "n": len(same), "name": name},
            field="id_number",
        )
    return same[0]


class VettingForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("党组织"), queryset=Organization.objects.none(), widget=OrganizationSearchSelect()
    )
    candidate_name = forms.CharField(label=gettext_lazy("候选人姓名"), max_length=50)
    id_number = forms.CharField(
        label=gettext_lazy("候选人身份证号"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("仅当该组织有同名党员时需要"),
    )
    proposed_role = forms.ChoiceField(label=gettext_lazy("拟任职务"), choices=SecretaryRole.choices)
    reason = forms.ChoiceField(
        label=gettext_lazy("考察原因"), choices=[("", "—")] + list(VettingReason.choices), required=False
    )
    visited_on = forms.DateField(label=gettext_lazy("考察日期"), widget=DateInput())
    team_members = forms.CharField(
        label=gettext_lazy("考察组成员"), max_length=300, help_text=gettext_lazy("多人以“、”分隔")
    )
    interviewed_count = forms.IntegerField(label=gettext_lazy("谈话人数"), min_value=0, initial=0)
    interviewed_members = forms.IntegerField(label=gettext_lazy("其中党员"), min_value=0, initial=0)
    interviewed_public = forms.IntegerField(label=gettext_lazy("其中群众"), min_value=0, initial=0)
    interviewed_leaders = forms.IntegerField(label=gettext_lazy("其中领导干部"), min_value=0, initial=0)
    finding_morality = forms.CharField(
        label=gettext_lazy("德"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_ability = forms.CharField(
        label=gettext_lazy("能"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_diligence = forms.CharField(
        label=gettext_lazy("勤"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_performance = forms.CharField(
        label=gettext_lazy("绩"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_integrity = forms.CharField(
        label=gettext_lazy("廉"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user)
        if fixed:  # approved: who, where and which post stay as approved
            for name in ("organization", "candidate_name", "id_number", "proposed_role"):
                self.fields[name].disabled = True

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("organization", "candidate_name", "id_number"):
            data.pop(name, None)
        return data


class ConcludeForm(BootstrapMixin, forms.Form):
    conclusion = forms.ChoiceField(
        label=gettext_lazy("考察结论"),
        choices=[(c, label) for c, label in VettingConclusion.choices if c],
        widget=forms.RadioSelect,
    )
    approval_document = forms.CharField(label=gettext_lazy("批复文号"), max_length=100, required=False)
    approved_on = forms.DateField(
        label=gettext_lazy("批复日期"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("同意时，任职从批复日期开始（不填则从考察日期开始）"),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("我已核对：选择“同意”将生成书记任职，并结束该职务现任者的任职，提交后不能撤回"),
    )


class TalkForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = AppointmentTalk
        fields = ["talked_on", "talked_by", "plan", "pledge"]
        widgets = {
            "talked_on": DateInput(),
            "plan": forms.Textarea(attrs={"rows": 3}),
            "pledge": forms.Textarea(attrs={"rows": 3}),
        }


class ImportUploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
