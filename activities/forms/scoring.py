"""Forms of the 述职评议 and live-scoring pages (the services validate the rules; these the input)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from accounts.widgets import OrganizationSearchSelect

from ..models import DebriefKind, ScoringTemplate


class _Styled:
    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class DebriefSessionForm(_Styled, forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200, initial=_("年度党组织书记抓党建述职评议会"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    held_on = forms.DateField(label=_("述职日期"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=DebriefKind.choices,
        help_text=_("向工委述职由受邀评议人登录评分；向党员述职和半年测评由党员代表凭座位码评分"),
    )
    venue = forms.CharField(label=_("地点"), max_length=200, required=False)
    template = forms.ModelChoiceField(label=_("评分模板"), queryset=ScoringTemplate.objects.none())

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["template"].initial = templates.first()
        self.style()


class DebriefAddForm(_Styled, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        widget=OrganizationSearchSelect(active_only=True),
    )
    person_name = forms.CharField(label=_("述职书记"), max_length=50)
    report_text = forms.CharField(
        label=_("述职报告"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.style()


class DebriefEditForm(_Styled, forms.Form):
    report_text = forms.CharField(
        label=_("述职报告"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    report_file = forms.FileField(
        label=_("述职报告文件"),
        required=False,
        help_text=_("PDF、Word 或图片，不超过 10 MB；不上传则保留原文件"),
    )
    head_comment = forms.CharField(
        label=_("工委书记点评"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_report_file(self):
        upload = self.cleaned_data.get("report_file")
        if upload and upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("文件超过 10 MB，请压缩后再上传"))
        allowed = (".pdf", ".doc", ".docx", ".jpg", ".jpeg", ".png")
        if upload and not upload.name.lower().endswith(allowed):
            raise forms.ValidationError(_("只接受 PDF、Word（doc/docx）或图片（jpg/png）文件"))
        return upload


class InviteForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("邀请评议人"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = candidates


class SeatsForm(_Styled, forms.Form):
    count = forms.IntegerField(label=_("增加座位数"), min_value=1, max_value=300, initial=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class SeatCodeForm(_Styled, forms.Form):
    code = forms.CharField(
        label=_("座位码"),
        max_length=20,
        help_text=_("座位卡上的 8 位字母数字，不区分大小写"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
