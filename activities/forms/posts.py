"""Forms of 服务监督岗: the post (staff and secretaries), the public feedback form (no account: a honeypot
and length limits), the answer form and the list filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from accounts import authz
from accounts.models import Organization
from accounts.widgets import OrganizationSearchSelect
from ledger.forms import BootstrapMixin

from ..models import FeedbackKind, FeedbackState, ServicePost
from ..models.posts import CONTACT_MAX_CHARS, FEEDBACK_MAX_CHARS
from ..services.posts import ANSWER_MAX_CHARS
from .vetting import DateInput


def _writable_orgs(user):
    return Organization.objects.select_related("unit").filter(authz.write_scope(user).q(""))


class ServicePostForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("党组织"), queryset=Organization.objects.none(), widget=OrganizationSearchSelect()
    )
    member_name = forms.CharField(
        label=gettext_lazy("党员姓名"),
        max_length=50,
        help_text=gettext_lazy("须在该党组织或下级组织的名册上"),
    )
    id_number = forms.CharField(
        label=gettext_lazy("身份证号"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("仅当该组织有同名党员时需要"),
    )
    title = forms.CharField(label=gettext_lazy("岗位名称"), max_length=100)
    duties = forms.CharField(
        label=gettext_lazy("岗位职责"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    pledge = forms.CharField(
        label=gettext_lazy("服务承诺"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(label=gettext_lazy("监督电话"), required=False, max_length=40)
    mailbox = forms.CharField(label=gettext_lazy("监督邮箱"), required=False, max_length=100)
    is_model_post = forms.BooleanField(label=gettext_lazy("命名为示范岗"), required=False)
    model_year = forms.IntegerField(
        label=gettext_lazy("示范岗年度"), required=False, min_value=2000, max_value=2100
    )
    established_on = forms.DateField(label=gettext_lazy("设岗时间"), required=False, widget=DateInput())
    active = forms.BooleanField(label=gettext_lazy("在岗"), required=False, initial=True)
    ended_on = forms.DateField(
        label=gettext_lazy("撤岗时间"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("取消“在岗”时填写，不填则为今天"),
    )

    FIELDS = (
        "title",
        "duties",
        "pledge",
        "phone",
        "mailbox",
        "is_model_post",
        "model_year",
        "established_on",
        "active",
        "ended_on",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _writable_orgs(user)

    @staticmethod
    def initial_of(post: ServicePost) -> dict:
        return {
            "organization": post.organization_id,
            "member_name": post.member.name,
            **{name: getattr(post, name) for name in ServicePostForm.FIELDS},
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class ServicePostFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=gettext_lazy("岗位、姓名或党组织"), required=False, max_length=50)
    org = forms.ModelChoiceField(
        label=gettext_lazy("党组织"),
        queryset=Organization.objects.none(),
        required=False,
        widget=OrganizationSearchSelect(),
    )
    model = forms.ChoiceField(
        label=gettext_lazy("示范岗"),
        required=False,
        choices=[
            ("", gettext_lazy("全部岗位")),
            ("yes", gettext_lazy("仅示范岗")),
            ("no", gettext_lazy("非示范岗")),
        ],
    )
    active = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("在岗")), ("no", gettext_lazy("已撤岗")), ("all", gettext_lazy("全部"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organization.objects.filter(authz.business_scope(user).q(""))


class FeedbackFilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部状态")), *FeedbackState.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        required=False,
        choices=[("", gettext_lazy("全部类型")), *FeedbackKind.choices],
    )
    org = forms.ModelChoiceField(
        label=gettext_lazy("党组织"),
        queryset=Organization.objects.none(),
        required=False,
        widget=OrganizationSearchSelect(),
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _writable_orgs(user)


class PublicFeedbackForm(forms.Form):
    """The public page's form: no account, no personal data required. `website` is a honeypot: hidden
    from people (CSS and aria), filled in by bots; a submission with it is dropped without a word."""

    kind = forms.ChoiceField(
        label=gettext_lazy("您想"),
        choices=FeedbackKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择表扬或投诉/意见")},
    )
    text = forms.CharField(
        label=gettext_lazy("内容"),
        max_length=FEEDBACK_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control", "maxlength": FEEDBACK_MAX_CHARS}),
        error_messages={
            "required": gettext_lazy("请填写评价内容"),
            "max_length": gettext_lazy("内容最多%(limit_value)d字（现有%(show_value)d字）"),
        },
    )
    contact = forms.CharField(
        label=gettext_lazy("联系方式（选填）"),
        required=False,
        max_length=CONTACT_MAX_CHARS,
        help_text=gettext_lazy("希望得到回复时填写电话；不填也可以提交"),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={"max_length": gettext_lazy("联系方式最多%(limit_value)d字")},
    )
    website = forms.CharField(
        required=False,
        label=gettext_lazy("请勿填写此项"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class FeedbackAnswerForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("答复内容"),
        max_length=ANSWER_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("答复不会在公开页面显示；留有联系方式的，请按联系方式回复对方"),
    )
    decision = forms.ChoiceField(
        label=gettext_lazy("处理"),
        choices=[
            ("answer", gettext_lazy("保存答复")),
            ("answer_close", gettext_lazy("答复并办结")),
            ("close", gettext_lazy("办结")),
        ],
        initial="answer_close",
        widget=forms.RadioSelect,
    )
