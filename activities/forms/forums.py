"""Forms of the 主题讲坛 and 评选 pages: they check input and shape it; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import authz
from accounts.models import Member, Organization
from accounts.selectors import organizations_visible_to
from accounts.widgets import OrganizationSearchSelect, OrganizationSearchSelectMultiple
from ledger.forms import BootstrapMixin, DateInput
from partybuild.api.fields import YearFormField

from ..models import CandidateStage, RaterKind, ScoringTemplate, SelectionKind


def _org_label(org: Organization) -> str:
    return f"{org.name}（{org.short_name}）" if org.short_name else org.name


def roster_of(org: Organization | None):
    """The members a form may pick: those of `org` and the orgs below it (never a whole city)."""
    if org is None:
        return Member.objects.none()
    return (
        Member.objects.filter(organization__path__startswith=org.path)
        .select_related("organization")
        .order_by("organization__path", "name")
    )


class ForumFilterForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全部"))] + [(q, _("第%(q)s季度") % {"q": q}) for q in range(1, 5)],
    )
    q = forms.CharField(label=_("题目或主讲人"), required=False, max_length=100)


class ForumForm(BootstrapMixin, forms.Form):
    """A forum of one org (its roster offered for speakers and attendees), with co-hosts when joint."""

    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    topic = forms.CharField(label=_("题目"), max_length=200)
    speakers = forms.ModelMultipleChoiceField(
        label=_("主讲党员"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("从本组织名册中勾选"),
    )
    speaker_names = forms.CharField(
        label=_("其他主讲人"),
        max_length=200,
        required=False,
        help_text=_("不在名册中的主讲人，多人以“、”分隔"),
    )
    attendance = forms.IntegerField(label=_("参加人数"), min_value=0, max_value=100000)
    attendees = forms.ModelMultipleChoiceField(
        label=_("参加党员（可选）"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_organizations = forms.ModelMultipleChoiceField(
        label=_("联合举办的党组织"),
        queryset=Organization.objects.none(),
        required=False,
        widget=OrganizationSearchSelectMultiple(active_only=True),
        help_text=_("联合举办时选择其他党组织；输入名称搜索"),
    )
    venue = forms.CharField(label=_("地点"), max_length=200, required=False)
    content = forms.CharField(label=_("主要内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        roster = roster_of(organization)
        self.fields["speakers"].queryset = roster
        self.fields["attendees"].queryset = roster
        self.fields["co_organizations"].queryset = (
            organizations_visible_to(user).filter(is_active=True).exclude(pk=organization.pk).order_by("path")
        )
        self.fields["co_organizations"].label_from_instance = _org_label

    def clean(self):
        data = super().clean()
        if not data.get("speakers") and not (data.get("speaker_names") or "").strip():
            self.add_error("speakers", _("请勾选主讲党员或填写其他主讲人"))
        return data


class OrgPickForm(BootstrapMixin, forms.Form):
    """Which org a new forum (or nomination) is for: the user's own when they write for one org."""

    org = forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        widget=OrganizationSearchSelect(active_only=True),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organization.objects.filter(
            authz.write_scope(user).q(""), is_active=True
        ).order_by("path")
        self.fields["org"].label_from_instance = _org_label


class SelectionForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"))
    name = forms.CharField(
        label=_("评选名称"), max_length=200, help_text=_("如：2019年上半年“我是党员”主题讲坛")
    )
    kind = forms.ChoiceField(
        label=_("评选类型"),
        choices=[("", _("按名称判断"))] + list(SelectionKind.choices),
        required=False,
    )
    categories = forms.CharField(
        label=_("类别"), required=False, help_text=_("多个类别以“、”分隔；双十佳不填时为科室窗口、个人标兵")
    )
    nominate_from = forms.DateField(label=_("推荐开始日期"), widget=DateInput(), required=False)
    nominate_until = forms.DateField(label=_("推荐截止日期"), widget=DateInput(), required=False)
    description = forms.CharField(
        label=_("评选说明"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class NominateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("人选名称"),
        max_length=100,
        required=False,
        help_text=_("姓名，或科室、窗口名称；选了党员可不填"),
    )
    member = forms.ModelChoiceField(label=_("党员（可选）"), queryset=Member.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("类别"), queryset=None, required=False)
    deeds = forms.CharField(
        label=_("推荐理由（主要事迹）"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, selection, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = roster_of(organization)
        categories = selection.categories.all()
        self.fields["category"].queryset = categories
        if not categories:
            del self.fields["category"]
        else:
            self.fields["category"].required = True


class PromoteForm(forms.Form):
    """Move the ticked candidates one stage on."""

    to_stage = forms.ChoiceField(
        label=_("确定为"), choices=[(CandidateStage.SELECTED, _("入选")), (CandidateStage.AWARDED, _("表彰"))]
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("人选"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = candidates


class PromoteTopForm(BootstrapMixin, forms.Form):
    top = forms.IntegerField(label=_("每个类别前几名"), min_value=1, max_value=500)


class RoundOpenForm(BootstrapMixin, forms.Form):
    template = forms.ModelChoiceField(label=_("评分模板"), queryset=ScoringTemplate.objects.none())
    rater_kind = forms.ChoiceField(label=_("评分方式"), choices=RaterKind.choices)
    stage = forms.ChoiceField(
        label=_("参评人选"),
        choices=[(CandidateStage.NOMINATED, _("推荐人选")), (CandidateStage.SELECTED, _("入选人选"))],
    )
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=None, required=False, empty_label=_("全部类别")
    )

    def __init__(self, *args, selection, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["category"].queryset = selection.categories.all()
