"""Forms of the 通报/通知 and 提醒约谈 pages: they check input and shape it; the services write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.selectors import organizations_visible_to
from accounts.widgets import OrganizationSearchSelect, OrganizationSearchSelectMultiple
from ledger.forms import BootstrapMixin, DateInput, MultipleFileField
from partybuild.api.fields import YearFormField

from ..models import BulletinKind, BulletinMark, BulletinState, RectificationState, ReminderReason

_ORG_HELP = _("输入名称搜索并点选，可选多个；点 × 移除")
# The form's org fields, one per mark; a notice's recipients carry no mark.
MARK_FIELDS = {
    "praise_orgs": BulletinMark.PRAISE,
    "remind_orgs": BulletinMark.REMIND,
    "criticise_orgs": BulletinMark.CRITICISE,
    "notice_orgs": BulletinMark.NONE,
}


def _org_label(org: Organization) -> str:
    return f"{org.name}（{org.short_name}）" if org.short_name else org.name


def _org_field(label) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=False,
        widget=OrganizationSearchSelectMultiple(active_only=True),
        help_text=_ORG_HELP,
    )


class BulletinForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=BulletinKind.choices)
    issued_on = forms.DateField(label=_("日期"), widget=DateInput())
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    praise_orgs = _org_field(_("表扬的党组织"))
    remind_orgs = _org_field(_("提醒的党组织"))
    criticise_orgs = _org_field(_("批评的党组织"))
    notice_orgs = _org_field(_("通知公告的接收党组织"))
    to_all = forms.BooleanField(label=_("发给全部党组织（仅通知公告）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = organizations_visible_to(user).filter(is_active=True).order_by("path")
        for name in MARK_FIELDS:
            self.fields[name].queryset = orgs
            self.fields[name].label_from_instance = _org_label

    def clean(self):
        data = super().clean()
        named = [(org, mark) for name, mark in MARK_FIELDS.items() for org in data.get(name) or []]
        notice = data.get("kind") == BulletinKind.NOTICE
        if notice and any(mark for _org, mark in named):
            self.add_error("notice_orgs", _("通知公告不作表扬、提醒或批评，请把党组织放在“接收党组织”中"))
        if not notice and data.get("notice_orgs"):
            self.add_error("notice_orgs", _("通报和工作提醒请按表扬、提醒、批评选择党组织"))
        data["orgs"] = named
        return data

    @classmethod
    def initial_of(cls, bulletin) -> dict:
        initial = {k: getattr(bulletin, k) for k in ("kind", "issued_on", "title", "body", "to_all")}
        for name, mark in MARK_FIELDS.items():
            initial[name] = [n.organization for n in bulletin.named_orgs.all() if n.mark == mark]
        return initial


class BulletinFilterForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部类型")), *BulletinKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态")), *BulletinState.choices], required=False
    )
    q = forms.CharField(label=_("标题"), required=False, max_length=100)


class ReminderTalkForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        widget=OrganizationSearchSelect(active_only=True),
    )
    secretary_name = forms.CharField(label=_("书记"), max_length=50)
    reason = forms.ChoiceField(label=_("约谈原因"), choices=ReminderReason.choices)
    reason_detail = forms.CharField(
        label=_("具体情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    talked_on = forms.DateField(label=_("约谈日期"), widget=DateInput())
    talked_by = forms.CharField(label=_("约谈人"), max_length=200, help_text=_("多人以“、”分隔"))
    notes = forms.CharField(label=_("约谈情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    items = forms.CharField(
        label=_("整改事项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一项；也可约谈后在详情页逐项添加"),
    )
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_visible_to(user).filter(is_active=True)
        self.fields["organization"].label_from_instance = _org_label

    def clean(self):
        data = super().clean()
        lines = [line.strip() for line in (data.get("items") or "").splitlines() if line.strip()]
        if lines and not data.get("deadline"):
            self.add_error("deadline", _("填写了整改事项，请同时填写整改期限"))
        data["item_list"] = [{"content": line, "deadline": data.get("deadline")} for line in lines]
        return data


class RectificationAddForm(BootstrapMixin, forms.Form):
    content = forms.CharField(label=_("整改事项"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("整改期限"), widget=DateInput())


class LetterForm(BootstrapMixin, forms.Form):
    addressee = forms.CharField(label=_("函告对象"), max_length=200, help_text=_("所在单位党组（党委）"))
    number = forms.CharField(label=_("函告文号"), max_length=100)
    sent_on = forms.DateField(label=_("函告日期"), widget=DateInput())
    body = forms.CharField(label=_("函告内容"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RectificationReportForm(BootstrapMixin, forms.Form):
    report = forms.CharField(
        label=_("整改完成情况"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("写明采取了哪些措施、取得了什么效果")}),
    )
    files = MultipleFileField(label=_("佐证材料"))


class RectificationVerifyForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("核查结果"),
        choices=[("close", _("销号")), ("return", _("退回重新整改"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("核查意见"), required=False, max_length=300)


class RectificationFilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[
            ("", _("全部")),
            ("overdue", _("已逾期")),
            ("unclosed", _("未销号")),
            *RectificationState.choices,
        ],
        required=False,
    )
    org = forms.CharField(label=_("党组织"), required=False, max_length=60)


def default_issued_on():
    return timezone.localdate()
