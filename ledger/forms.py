"""Forms of the ledger's portal pages. They check input and shape it; the services do the writing."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrgGroupRule
from accounts.selectors import organizations_visible_to
from accounts.widgets import OrganizationSearchSelect, OrganizationSearchSelectMultiple
from partybuild.api.fields import YearFormField
from partybuild.exceptions import DomainError
from partybuild.periods import (
    HALF,
    MONTH,
    QUARTER,
    YEAR,
    YEAR_MAX,
    YEAR_MIN,
    Period,
    periods_of_year,
    year_label,
)
from partybuild.storage import size_text

from .models import ActivityKind, Attachment, Item, Recurrence, Status, TaskLevel
from .selectors import plans_visible_to
from .services import attachment_validate, attachments_check_request

# Shown in the file picker's accept= and next to the field; the service checks content, not names.
ATTACHMENT_ACCEPT = ".jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx"


def attachment_hint() -> str:
    return _(
        "可上传多个文件：图片（jpg/png/gif/webp）、PDF、Word、Excel；每个不超过 %(each)s，"
        "每次最多 %(count)d 个、合计不超过 %(total)s"
    ) % {
        "each": size_text(settings.UPLOAD_MAX_BYTES),
        "count": settings.EVIDENCE_MAX_FILES,
        "total": size_text(settings.EVIDENCE_MAX_REQUEST_BYTES),
    }


ATTACHMENT_HINT = lazy(attachment_hint, str)()


class BootstrapMixin:
    """Give every widget Bootstrap's class so templates can render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one field name; each is validated by ledger.services.attachment_validate."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecordForm(BootstrapMixin, forms.Form):
    content = forms.CharField(
        label=_("完成情况"),
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("写明做了什么、何时、何地、效果如何")}),
        help_text=_("写明做了什么、何时、何地、效果如何"),
        error_messages={"required": _("请填写完成情况")},
    )
    done_on = forms.DateField(
        label=_("完成日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写完成日期"), "invalid": _("完成日期格式不正确，应为 年-月-日")},
    )
    participants = forms.IntegerField(
        label=_("参与人数"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("参与人数不能小于 0"), "invalid": _("参与人数应为整数")},
    )
    attachments = MultipleFileField(label=_("佐证材料"), help_text=ATTACHMENT_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The phone's date picker offers no day after today (the rule below, checked before sending).
        self.fields["done_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("完成日期不能晚于今天，请填写实际完成的日期"))
        return done_on

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        try:
            attachments_check_request(files)  # before reading any of them
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        errors = []
        for upload in files:
            try:
                attachment_validate(upload)
            except DomainError as error:
                errors.append(error.message)
        if errors:
            raise forms.ValidationError(errors)
        return files


class RecordEditForm(RecordForm):
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("删除已上传的材料"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_attachments"].queryset = record.attachments.all()
        self.fields["remove_attachments"].label_from_instance = lambda a: a.original_name


DECISIONS = [("accept", _("通过")), ("return", _("退回修改"))]
RETURN_NEEDS_COMMENT = _("退回时必须填写审核意见，写明需要补充或修改的内容")


class ReviewForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", RETURN_NEEDS_COMMENT)
        return data


class BulkReviewForm(ReviewForm):
    records = forms.ModelMultipleChoiceField(
        queryset=None, error_messages={"required": _("请至少勾选一条记录")}
    )

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records still waiting in the reviewer's own queue can be chosen.
        self.fields["records"].queryset = queue
        self.fields["records"].error_messages["invalid_choice"] = _(
            "所选记录 %(value)s 已不在待审核队列中，请刷新页面后重试"
        )


class PlanForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"))
    title = forms.CharField(label=_("标题"), max_length=200)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("工作项目"), max_length=200)
    seq = forms.IntegerField(label=_("序号"), required=False, min_value=0, help_text=_("留空则排在最后"))


class TaskForm(BootstrapMixin, forms.Form):
    seq = forms.IntegerField(label=_("序号"), required=False, min_value=0, help_text=_("留空则排在最后"))
    title = forms.CharField(label=_("具体任务"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.CharField(
        label=_("完成效果/标准"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recurrence = forms.ChoiceField(label=_("周期"), choices=Recurrence.choices, initial=Recurrence.NONE)
    deadline = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=DateInput(),
        help_text=_("一次性任务留空则为当年 12 月 31 日"),
        error_messages={"invalid": _("完成时限格式不正确，应为 年-月-日")},
    )
    deadline_text = forms.CharField(label=_("完成时限(原文)"), max_length=60, required=False)
    weight = forms.DecimalField(label=_("分值权重"), max_digits=6, decimal_places=2, min_value=0, initial=1)
    level = forms.ChoiceField(label=_("责任层级"), choices=TaskLevel.choices, required=False)
    evidence_expected = forms.CharField(label=_("佐证材料要求"), max_length=300, required=False)
    activity_kind = forms.ChoiceField(
        label=_("对应活动"),
        choices=ActivityKind.choices,
        required=False,
        help_text=_("登记该类活动后，系统会提示用它填报本任务（一次录入、多处统计）"),
    )
    responsible_groups = forms.ModelMultipleChoiceField(
        label=_("责任组织称谓"),
        queryset=OrgGroupRule.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("如“各基层党支部”，自动包含符合条件的全部组织"),
    )
    responsible_orgs = forms.ModelMultipleChoiceField(
        label=_("责任组织"),
        queryset=Organization.objects.none(),
        required=False,
        widget=OrganizationSearchSelectMultiple(active_only=True),
        help_text=_("输入名称搜索并点选，可选多个；点 × 移除"),
    )
    responsible_text = forms.CharField(label=_("责任单位(原文)"), max_length=500, required=False)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    # A task naming more orgs than this one by one (an imported city-wide ledger) keeps its list as it
    # is: a form of 20,000 chosen options would be megabytes for a phone. Group phrases still change.
    LISTED_ORGS_LIMIT = 200

    def __init__(self, *args, user, listed_orgs: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_orgs = listed_orgs if listed_orgs > self.LISTED_ORGS_LIMIT else 0
        if self.kept_orgs:
            del self.fields["responsible_orgs"]
            return
        self.fields["responsible_orgs"].queryset = (
            organizations_visible_to(user).filter(is_active=True).order_by("path")
        )
        # Legacy ledgers use full names, short names and unit names: show both names so search finds either.
        self.fields["responsible_orgs"].label_from_instance = lambda org: (
            f"{org.name}（{org.short_name}）" if org.short_name else org.name
        )

    def clean(self):
        data = super().clean()
        if self.kept_orgs:
            return data
        if not data.get("responsible_orgs") and not data.get("responsible_groups"):
            self.add_error(
                "responsible_orgs", _("请至少选择一个责任组织或责任组织称谓，否则任务不会分解到任何组织")
            )
        return data


def period_choices(year: int, *, with_months: bool = False) -> list[tuple[str, str]]:
    kinds = [MONTH, QUARTER, HALF] if with_months else [QUARTER, HALF]
    choices = [(p.code, p.label) for kind in kinds for p in periods_of_year(year, kind)]
    return choices + [(Period(year, YEAR).code, year_label(year))]


class AssignmentFilterForm(BootstrapMixin, forms.Form):
    period = forms.ChoiceField(label=_("期间"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Status.choices]
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("全部期间")), *period_choices(year, with_months=True)]


REVIEW_SORTS = [
    ("oldest", _("最早提交在前")),
    ("newest", _("最新提交在前")),
    ("org", _("按党组织")),
    ("task", _("按工作项目和任务")),
]


def period_suggestions(years) -> list[str]:
    """The labels people read (2026年7月, 2026年第3季度 …), offered while typing a period."""
    return [label for year in years for _code, label in period_choices(year, with_months=True)]


class ReviewFilterForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("党组织"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部党组织"),
        widget=OrganizationSearchSelect(),
    )
    item = forms.ModelChoiceField(
        label=_("工作项目"), queryset=Item.objects.none(), required=False, empty_label=_("全部项目")
    )
    period = forms.CharField(
        label=_("期间"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"list": "period-suggestions", "autocomplete": "off"}),
        help_text=_("可输入 2026年7月、2026年第3季度、2026年上半年 或 2026年"),
    )
    sort = forms.ChoiceField(label=_("排序"), choices=REVIEW_SORTS, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["period"].widget.attrs["placeholder"] = _("期间，如 %(example)s") % {
            "example": f"{year}年7月"
        }
        self.fields["organization"].queryset = organizations_visible_to(user).order_by("path")
        self.fields["item"].queryset = (
            Item.objects.filter(plan__in=plans_visible_to(user))
            .select_related("plan")
            .order_by("-plan__year", "seq")
        )
        self.fields["item"].label_from_instance = lambda item: f"{item.plan.year} · {item.title}"

    def clean_period(self) -> Period | None:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            period = Period.parse_human(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        if not YEAR_MIN <= period.year <= YEAR_MAX:
            raise forms.ValidationError(
                _("年份应在 %(min)d 到 %(max)d 之间") % {"min": YEAR_MIN, "max": YEAR_MAX}
            )
        return period


class OverdueFilterForm(BootstrapMixin, forms.Form):
    """The overdue list's filters; the bulletin draft and the Excel file follow the same filters."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    org = forms.CharField(
        label=_("党组织"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("党组织名称或简称")}),
    )
    item = forms.ModelChoiceField(
        label=_("工作项目"), queryset=Item.objects.none(), required=False, empty_label=_("全部项目")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        plans = plans_visible_to(user)
        years = plans.order_by("-year").values_list("year", flat=True)
        self.fields["year"].choices = [("", _("全部年度")), *((year, f"{year}") for year in years)]
        items = Item.objects.filter(plan__in=plans).select_related("plan").order_by("-plan__year", "seq")
        year = self.data.get("year") if self.is_bound else None
        if year and str(year).isdigit():
            items = items.filter(plan__year=int(year))
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: f"{item.plan.year} · {item.title}"


GROUPINGS = [("item", _("按工作项目")), ("org", _("按党组织")), ("period", _("按期间"))]


class SummaryForm(BootstrapMixin, forms.Form):
    year = YearFormField(label=_("年度"))
    period = forms.ChoiceField(label=_("期间"), required=False)
    by = forms.ChoiceField(label=_("分组"), choices=GROUPINGS, required=False)
    # By org: whose child orgs are listed (drilling down from the committee one level at a time).
    under = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("全年"))] + [
            (code, label) for code, label in period_choices(year) if not code.endswith("-Y")
        ]


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("重新打开的原因"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("重新打开已关闭的季度必须填写原因")},
    )
