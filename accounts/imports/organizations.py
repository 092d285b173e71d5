"""Import and export of the org tree (党组织信息表), keyed by the org's full name."""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from accounts.models import Organization, OrgKind, Unit
from accounts.services import organization_create, organization_update, unit_get_or_create
from partybuild.legacy_excel import normalize_text

from .common import ROW, LegacyDateWidget, LegacyResource, LegacyXLSX, OrganizationIndex, TextWidget

NAME, PARENT, KIND, UNIT = "党组织名称", "上级党组织", "组织类别", "所在单位"

ORGANIZATION_SYNONYMS: dict[str, list[str]] = {
    "序号": ["序号"],
    NAME: ["党组织名称", "名称", "组织名称", "党组织全称"],
    PARENT: ["上级党组织", "上级组织", "上级党组织名称", "所属上级党组织"],
    KIND: ["组织类别", "党总支类别", "党组织类别", "组织类型"],
    "简称": ["简称", "党组织简称"],
    UNIT: ["所在单位", "所属单位", "单位名称"],
    "成立时间": ["成立时间", "成立日期"],
    "编号": ["编号", "党组织编号", "组织编号"],
    "联系电话": ["联系电话", "电话", "办公电话"],
    "邮箱": ["邮箱", "电子邮箱", "电子邮件", "email"],
}

# Legacy wording of each kind; anything else is refused with the list of accepted words.
KIND_BY_TEXT: dict[str, str] = {
    "工委": OrgKind.COMMITTEE,
    "机关工委": OrgKind.COMMITTEE,
    "工作委员会": OrgKind.COMMITTEE,
    "工委科室": OrgKind.COMMITTEE_OFFICE,
    "科室": OrgKind.COMMITTEE_OFFICE,
    "机关党委": OrgKind.ORGAN_COMMITTEE,
    "分党委": OrgKind.ORGAN_COMMITTEE,
    "党委": OrgKind.ORGAN_COMMITTEE,
    "党总支": OrgKind.GENERAL_BRANCH,
    "总支": OrgKind.GENERAL_BRANCH,
    "党支部": OrgKind.BRANCH,
    "支部": OrgKind.BRANCH,
}
KIND_BY_TEXT.update({label: value for value, label in OrgKind.choices})
KIND_BY_TEXT.update({value: value for value in OrgKind.values})


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value).replace(" ", "")
        if text in KIND_BY_TEXT:
            return KIND_BY_TEXT[text]
        accepted = "工委、工委科室、机关党委（分党委/党委）、党总支、党支部（支部）"
        if not text:
            raise ValueError(_("组织类别为空；请填写：%(accepted)s") % {"accepted": accepted})
        raise ValueError(
            _("组织类别“%(value)s”无法识别；请改为：%(accepted)s") % {"value": value, "accepted": accepted}
        )

    def render(self, value, obj=None, **kwargs):
        return OrgKind(value).label if value else ""


class UnitWidget(widgets.Widget):
    """A unit by name; a unit not seen before is created (legacy files are the unit register too)."""

    def clean(self, value, row=None, **kwargs) -> Unit | None:
        text = normalize_text(value)
        return unit_get_or_create(name=text) if text else None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class OrganizationResource(LegacyResource):
    """党组织信息表: parent by full name, short name or alias; parents may come after children."""

    SYNONYMS = ORGANIZATION_SYNONYMS
    REQUIRED = {NAME, KIND}
    audit_action = "import.organizations"

    name = fields.Field(attribute="name", column_name=NAME, widget=TextWidget())
    parent = fields.Field(attribute="import_parent", column_name=PARENT, readonly=True)
    kind = fields.Field(attribute="kind", column_name=KIND, widget=KindWidget())
    short_name = fields.Field(attribute="short_name", column_name="简称", widget=TextWidget())
    unit = fields.Field(attribute="unit", column_name=UNIT, widget=UnitWidget())
    founded_on = fields.Field(attribute="founded_on", column_name="成立时间", widget=LegacyDateWidget())
    code = fields.Field(attribute="code", column_name="编号", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="邮箱", widget=TextWidget())

    class Meta:
        model = Organization
        fields = ("name", "parent", "kind", "short_name", "unit", "founded_on", "code", "phone", "email")
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    @classmethod
    def prepare_dataset(cls, dataset: tablib.Dataset) -> tablib.Dataset:
        """Reorder rows so each parent in the file comes before its children (a stable topological order)."""
        headers = dataset.headers
        rows = list(dataset)
        name_at, short_at, parent_at = headers.index(NAME), headers.index("简称"), headers.index(PARENT)
        row_by_key: dict[str, int] = {}
        for i, row in enumerate(rows):
            for key in (row[name_at], row[short_at]):
                if key:
                    row_by_key.setdefault(normalize_text(key), i)

        def parent_row(i: int) -> int | None:
            parent = rows[i][parent_at]
            return row_by_key.get(normalize_text(parent)) if parent else None

        order: list[int] = []
        placed: set[int] = set()
        for start in range(len(rows)):
            chain: list[int] = []
            current: int | None = start
            while current is not None and current not in placed and current not in chain:
                chain.append(current)
                current = parent_row(current)
            for i in reversed(chain):  # a cycle is placed as found; its rows then fail on the parent
                placed.add(i)
                order.append(i)
        ordered = tablib.Dataset(*[rows[i] for i in order], headers=headers)
        ordered.legacy_columns = getattr(dataset, "legacy_columns", {})
        return ordered

    # ------------------------------------------------------------ import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.index = OrganizationIndex()
        self.rows_by_name = {
            normalize_text(row[NAME]): row[ROW] for row in dataset.dict if row.get(NAME) is not None
        }
        for row in dataset.dict:
            if row.get("简称"):
                self.rows_by_name.setdefault(normalize_text(row["简称"]), row[ROW])
        self.seen: dict[str, Any] = {}

    def get_instance(self, instance_loader, row):
        return self.index.by_name.get(normalize_text(row.get(NAME)))

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.import_parent = None if new else self.index.parent_of(instance)

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key = normalize_text(row.get(NAME))
        if not key:
            errors.setdefault("name", []).append(ValidationError(_("党组织名称为空；请填写党组织全称")))
        elif key in self.seen:
            errors.setdefault("name", []).append(
                ValidationError(
                    _("党组织“%(name)s”在第%(row)s行已出现过；同一党组织只能填一行")
                    % {"name": row[NAME], "row": self.seen[key]}
                )
            )
        self.seen.setdefault(key, row.get(ROW))
        try:
            self._resolve_parent(instance, row)
        except ValueError as exc:
            errors.setdefault("import_parent", []).append(ValidationError(str(exc)))
        if errors:
            raise ValidationError(errors)

    def _resolve_parent(self, instance: Organization, row: dict) -> None:
        text = normalize_text(row.get(PARENT))
        if not text:
            if instance.pk is None and instance.kind != OrgKind.COMMITTEE:
                raise ValueError(_("上级党组织为空；只有工委可以没有上级，请填写上级党组织的全称或简称"))
            return  # an existing org keeps its place when the cell is left empty
        parent = self.index.find(text)
        if parent is None:
            if text in self.rows_by_name:
                raise ValueError(
                    _(
                        "上级党组织“%(name)s”在本文件第%(row)s行，但那一行没有导入成功"
                        "（先改正那一行的错误；也可能是上下级关系填成了循环）"
                    )
                    % {"name": text, "row": self.rows_by_name[text]}
                )
            raise ValueError(
                _(
                    "找不到上级党组织“%(name)s”%(suggestions)s。"
                    "请填写系统中已有党组织的全称、简称或别名，或在本文件中增加该党组织"
                )
                % {"name": text, "suggestions": self.index.suggestions(text)}
            )
        if instance.pk is not None and parent.path.startswith(instance.path):
            raise ValueError(_("上级党组织“%(name)s”是本组织自己或其下级，请改正") % {"name": text})
        instance.import_parent = parent

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # The tree columns are set by treebeard on save; names are the import key, checked above.
            instance.full_clean(exclude=[*errors, "path", "depth", "numchild"], validate_unique=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        values = {f: getattr(instance, f) for f in ("short_name", "kind", "unit", "code", "founded_on")}
        values |= {"phone": instance.phone, "email": instance.email}
        if is_create:
            saved = organization_create(
                actor=None, name=instance.name, parent=instance.import_parent, **values
            )
        else:
            saved = organization_update(
                actor=None, organization=instance, parent=instance.import_parent, **values
            )
        instance.pk, instance.path, instance.depth = saved.pk, saved.path, saved.depth
        self.index.add(instance)

    # ------------------------------------------------------------ export

    def get_queryset(self):
        return Organization.objects.select_related("unit").order_by("path")

    def before_export(self, queryset, **kwargs):
        self.names_by_path = dict(Organization.objects.values_list("path", "name"))

    def dehydrate_parent(self, organization: Organization) -> str:
        if organization.depth <= 1:
            return ""
        return self.names_by_path.get(organization.path[: -Organization.steplen], "")


class OrganizationXLSX(LegacyXLSX):
    resource_class = OrganizationResource
