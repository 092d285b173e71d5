"""Import and export of the member roster (党员花名册), written in bulk with history rows.

ID-card numbers are never stored: each is reduced to a masked form and a keyed hash (by the same
accounts.services.id_number_read every member write uses), and the hash (else name + branch + birth
date) finds the same person again so re-imports change nothing. Rows are checked one by one with
accounts.services.member_clean, then written by accounts.services.members_import.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.results import Result

from accounts.models import Member, MemberClass, Organization, PartyStanding
from accounts.names import OrganizationNames
from accounts.services import (
    id_number_mask,
    id_number_normalize,
    id_number_read,
    member_clean,
    members_import,
)
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import normalize_text, parse_optional_date

from .common import ROW, LegacyDateWidget, LegacyResource, LegacyXLSX, TextWidget

NAME, ORG, UPPER, CATEGORY, ID_NUMBER, BIRTH, JOINED = (
    "姓名",
    "所在党支部",
    "所在分党委",
    "人员类别",
    "身份证号",
    "出生日期",
    "入党时间",
)

MEMBER_SYNONYMS: dict[str, list[str]] = {
    "序号": ["序号"],
    NAME: ["姓名", "党员姓名"],
    "学工号": ["学工号", "工号", "职工号", "人员编号"],
    "性别": ["性别"],
    "民族": ["民族"],
    BIRTH: ["出生日期", "出生年月"],
    "学历": ["学历", "文化程度", "最高学历"],
    JOINED: ["入党时间", "入党日期"],
    "转正时间": ["转正时间", "转正日期"],
    ORG: ["所在党支部", "所在党组织", "所在支部", "所属党支部", "党支部"],
    # A peer system (owip) names the branch within its 分党委; a 直属党支部's members have only this one.
    UPPER: ["所在分党委", "所属分党委", "所在党委", "所属党委", "所在二级党委", "所在党总支"],
    CATEGORY: ["人员类别", "党员类别"],
    "党籍状态": ["党籍状态", "党员身份"],
    "联系电话": ["联系电话", "手机号码", "手机", "电话"],
    ID_NUMBER: ["身份证号", "身份证号码", "公民身份号码", "身份证"],
    "党内职务": ["党内职务"],
}

CATEGORY_WORDS = "在职党员、离退休党员、年老体弱、流动党员"
_ORG_WHAT = gettext_lazy("党组织")
_ORG_FIX = gettext_lazy("，或先导入党组织信息表")


def member_class_of(text: str) -> str:
    """Tongliao's three classes from the roster's 人员类别 wording."""
    if not text or any(word in text for word in ("在职", "正常")):
        return MemberClass.NORMAL
    if "流动" in text:
        return MemberClass.MOBILE
    if any(word in text for word in ("退休", "年老", "体弱", "老弱", "病")):
        return MemberClass.ELDERLY
    raise ValueError(
        _("人员类别“%(value)s”无法识别；请改为：%(words)s") % {"value": text, "words": CATEGORY_WORDS}
    )


def masked_id(raw: Any) -> str:
    """An ID number as an import page or message may show it: masked by accounts.services.id_number_mask,
    or all stars when it is not a valid number (a typo may still be nearly someone's full number)."""
    text = re.sub(r"\s", "", str(int(raw) if isinstance(raw, float) else raw))
    try:
        return id_number_mask(id_number_normalize(text))
    except DomainError:
        return "*" * len(text)


def masked_message(message: str, raw: Any) -> str:
    """A message about an ID number with the number itself masked, however the message quotes it."""
    for form in {
        str(raw),
        str(int(raw)) if isinstance(raw, float) else str(raw),
        re.sub(r"\s", "", str(raw)),
    }:
        if form:
            message = message.replace(form, masked_id(raw))
    return message


class MaskedIdResult(Result):
    """Import results whose echoed rows (the admin's error table) show the ID number masked."""

    @staticmethod
    def _masked(row: dict) -> dict:
        if row.get(ID_NUMBER) in (None, ""):
            return row
        return {**row, ID_NUMBER: masked_id(row[ID_NUMBER])}

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number, self._masked(row), validation_error)

    def append_failed_row(self, row, error):
        super().append_failed_row(self._masked(row), error)


class MemberClassWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return member_class_of(normalize_text(value).replace(" ", ""))


class StandingWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value).replace(" ", "")
        if not text or text in ("正式", "正式党员"):
            return PartyStanding.FULL
        if text in ("预备", "预备党员"):
            return PartyStanding.PROBATIONARY
        raise ValueError(_("党籍状态“%(value)s”无法识别；请改为：正式党员 或 预备党员") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return PartyStanding(value).label if value else ""


class OrganizationWidget(widgets.Widget):
    """The member's branch, by the rules of accounts.names (full name, short name, alias or unit)."""

    def __init__(self, resource: MemberResource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        return self.resource.branch_of(row or {ORG: value})

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class MemberResource(LegacyResource):
    """党员花名册: one row per member; duplicates found by ID hash, else name + branch + birth date."""

    SYNONYMS = MEMBER_SYNONYMS
    REQUIRED = {NAME, ORG}
    audit_action = "import.members"
    extra_columns = {"id_number": ID_NUMBER, "id_number_masked": ID_NUMBER, "category_label": CATEGORY}

    name = fields.Field(attribute="name", column_name=NAME, widget=TextWidget())
    staff_no = fields.Field(attribute="staff_no", column_name="学工号", widget=TextWidget())
    gender = fields.Field(attribute="gender", column_name="性别", widget=TextWidget())
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=TextWidget())
    birth_date = fields.Field(attribute="birth_date", column_name=BIRTH, widget=LegacyDateWidget())
    education = fields.Field(attribute="education", column_name="学历", widget=TextWidget())
    joined_on = fields.Field(attribute="joined_on", column_name=JOINED, widget=LegacyDateWidget())
    full_member_on = fields.Field(
        attribute="full_member_on", column_name="转正时间", widget=LegacyDateWidget()
    )
    organization = fields.Field(attribute="organization", column_name=ORG)
    member_class = fields.Field(attribute="member_class", column_name=CATEGORY, widget=MemberClassWidget())
    standing = fields.Field(attribute="standing", column_name="党籍状态", widget=StandingWidget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    id_number_masked = fields.Field(attribute="id_number_masked", column_name=ID_NUMBER, readonly=True)
    party_post = fields.Field(attribute="party_post", column_name="党内职务", widget=TextWidget())

    class Meta:
        model = Member
        fields = (
            "name",
            "staff_no",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "joined_on",
            "full_member_on",
            "organization",
            "member_class",
            "standing",
            "phone",
            "id_number_masked",
            "party_post",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        use_bulk = True
        batch_size = 500

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fields["organization"].widget = OrganizationWidget(self)

    @classmethod
    def get_result_class(cls):
        return MaskedIdResult

    # ------------------------------------------------------------ import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.names = OrganizationNames.load()
        self.today = timezone.localdate()
        existing = list(Member.objects.select_related("organization"))
        self.by_hash = {m.id_number_hash: m for m in existing if m.id_number_hash}
        self.by_person = {(m.name, m.organization_id, m.birth_date): m for m in existing}
        self.rows_by_hash: dict[str, Any] = {}
        self.rows_by_person: dict[tuple, Any] = {}

    def before_import_row(self, row, **kwargs):
        """Work out who this row is before loading: ID hash first, else name + branch + birth date."""
        self.current: dict[str, Any] = {"errors": {}}
        raw_id = row.get(ID_NUMBER)
        if raw_id not in (None, ""):
            try:
                number = id_number_read(raw_id, strict=False)
            except DomainError as exc:
                self.current["errors"]["id_number"] = [ValidationError(masked_message(exc.message, raw_id))]
            else:
                # Legacy rosters are imported as they are; a doubtful number is listed for checking.
                if number.problem:
                    self.warn(row, ID_NUMBER, number.problem)
                self.current["masked"], self.current["hash"] = number.masked, number.digest
        try:
            org = self.branch_of(row)
        except ValueError:
            org = None  # reported by the field itself
        try:
            birth = parse_optional_date(row.get(BIRTH))
        except ValueError:
            birth = None  # reported by the field itself
        self.current["person"] = (normalize_text(row.get(NAME)), org.pk if org else None, birth)

    def branch_of(self, row: dict) -> Organization:
        """The branch a row names: 所在党支部 (within 所在分党委 when that tells two apart), or the
        所在分党委 itself when the member belongs to it directly (a 直属党支部)."""
        branch, upper = normalize_text(row.get(ORG)), normalize_text(row.get(UPPER))
        if not branch and not upper:
            raise ValueError(_("所在党支部为空；请填写党支部的全称或简称"))
        if not branch:
            return self.names.resolve(upper, what=_ORG_WHAT, fix=_ORG_FIX)
        parent = self.names.find(upper) if upper else None
        if parent is not None:
            within = [o for o in self.names.matches(branch) if o.path.startswith(parent.path)]
            if len(within) == 1:
                return self.names.resolve(within[0].name, what=_ORG_WHAT)
        return self.names.resolve(branch, what=_ORG_WHAT, fix=_ORG_FIX)

    def get_instance(self, instance_loader, row):
        digest = self.current.get("hash")
        if digest:
            return self.by_hash.get(digest)
        return self.by_person.get(self.current["person"])

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = dict(self.current["errors"])
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        instance.category_label = (
            normalize_text(row.get(CATEGORY)) if CATEGORY in row else instance.category_label
        )
        if not instance.name:
            errors.setdefault("name", []).append(ValidationError(_("姓名为空；请填写党员姓名")))
        digest = self.current.get("hash")
        if digest:
            if digest in self.rows_by_hash:
                errors.setdefault("id_number", []).append(
                    ValidationError(
                        _("身份证号与第%(row)s行相同；同一党员只能填一行")
                        % {"row": self.rows_by_hash[digest]}
                    )
                )
            self.rows_by_hash.setdefault(digest, row.get(ROW))
            instance.id_number_masked, instance.id_number_hash = self.current["masked"], digest
        elif instance.pk is None:
            person = self.current["person"]
            if person in self.rows_by_person and person[1] is not None:
                errors.setdefault("name", []).append(
                    ValidationError(
                        _(
                            "与第%(row)s行的姓名、所在党支部、出生日期都相同；"
                            "同一党员只能填一行，如是不同的人请填写身份证号"
                        )
                        % {"row": self.rows_by_person[person]}
                    )
                )
            self.rows_by_person.setdefault(person, row.get(ROW))
        if errors:
            raise ValidationError(errors)
        self._warn_about_dates(instance, row)

    def _warn_about_dates(self, member: Member, row: dict) -> None:
        # Legacy rosters are imported as they are; odd dates are listed for someone to check.
        joined: date | None = member.joined_on
        if joined and joined > self.today:
            self.warn(row, JOINED, _("入党时间%(joined)s晚于今天，请核对") % {"joined": f"{joined:%Y-%m-%d}"})
        if joined and member.birth_date and joined < member.birth_date:
            self.warn(
                row,
                JOINED,
                _("入党时间%(joined)s早于出生日期%(born)s，请核对")
                % {"joined": f"{joined:%Y-%m-%d}", "born": f"{member.birth_date:%Y-%m-%d}"},
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # The branch comes from the preloaded names and the hash was de-duplicated above,
            # so skip full_clean's per-row queries for them.
            member_clean(instance, exclude=[*errors, "organization", "id_number_hash"], validate_unique=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_data(self, dataset, dry_run=False, **kwargs):
        self.actor = kwargs.get("user")  # the admin's user; None from the command line (the system)
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_write(using_transactions, dry_run, raise_errors, batch_size, result, create=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        self._bulk_write(using_transactions, dry_run, raise_errors, batch_size, result, create=False)

    def _bulk_write(self, using_transactions, dry_run, raise_errors, batch_size, result, *, create: bool):
        instances = self.create_instances if create else self.update_instances
        if instances and (using_transactions or not dry_run):
            try:
                members_import(
                    actor=getattr(self, "actor", None),
                    create=instances if create else (),
                    update=() if create else instances,
                    batch_size=batch_size or 500,
                )
            except Exception as exc:  # reported as an import error, as import-export does
                self.handle_import_error(result, exc, raise_errors)
            finally:
                instances.clear()

    # ------------------------------------------------------------ export

    def get_queryset(self):
        return Member.objects.select_related("organization").order_by("organization__path", "name")

    def dehydrate_member_class(self, member: Member) -> str:
        return member.category_label or member.get_member_class_display()


class MemberXLSX(LegacyXLSX):
    resource_class = MemberResource
