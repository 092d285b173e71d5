"""Import and export of the org tree (党组织信息表), keyed by the org's full name.

Files from other systems are taken as they are: an org list with no 上级党组织 column (a peer
system's list of its 二级党委) hangs its orgs under the committee, or under the `parent` the user
names; a list headed 党支部名称 with no 组织类别 column is a list of branches.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from accounts.models import Organization, OrgKind, Unit
from accounts.names import OrganizationNames, name_key
from accounts.services import organization_create, organization_update, unit_get_or_create
from partybuild.legacy_excel import ImportFailed, ImportProblem, normalize_header, normalize_text

from .common import ROW, SHEET, LegacyDateWidget, LegacyResource, LegacyXLSX, TextWidget

NAME, PARENT, KIND, UNIT = "党组织名称", "上级党组织", "组织类别", "所在单位"

# A list whose name column is headed like this lists branches only; it needs no 组织类别 column.
BRANCH_NAME_HEADERS = ("党支部名称", "支部名称", "党支部全称")

ORGANIZATION_SYNONYMS: dict[str, list[str]] = {
    "序号": ["序号"],
    NAME: ["党组织名称", "名称", "组织名称", "党组织全称", *BRANCH_NAME_HEADERS],
    PARENT: [
        "上级党组织",
        "上级组织",
        "上级党组织名称",
        "所属上级党组织",
        "所属分党委",
        "所在分党委",
        "所属党委",
        "所属二级党委",
        "所属党总支",
    ],
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
    "二级党委": OrgKind.ORGAN_COMMITTEE,
    "基层党委": OrgKind.ORGAN_COMMITTEE,
    "党委": OrgKind.ORGAN_COMMITTEE,
    "党总支": OrgKind.GENERAL_BRANCH,
    "党总支部": OrgKind.GENERAL_BRANCH,
    "直属党总支": OrgKind.GENERAL_BRANCH,
    "总支": OrgKind.GENERAL_BRANCH,
    "党支部": OrgKind.BRANCH,
    "直属党支部": OrgKind.BRANCH,
    "支部": OrgKind.BRANCH,
}
KIND_BY_TEXT.update({label: value for value, label in OrgKind.choices})
KIND_BY_TEXT.update({value: value for value in OrgKind.values})


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize_text(value).replace(" ", "")
        if text in KIND_BY_TEXT:
            return KIND_BY_TEXT[text]
        accepted = "工委、工委科室、机关党委（分党委/二级党委/党委）、党总支、党支部（支部）"
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
    """党组织信息表: parent by full name, short name, alias or unit; parents may come after children.

    `parent` (the command's --parent, the admin form's 上级党组织) is where a new org whose row names
    no parent goes; without it, the committee (the one root org of kind 工委) when the file has no
    上级党组织 column at all.
    """

    SYNONYMS = ORGANIZATION_SYNONYMS
    REQUIRED = {NAME}
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

    def __init__(self, parent: Organization | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parent = parent

    @classmethod
    def prepare_dataset(cls, dataset: tablib.Dataset) -> tablib.Dataset:
        """Fill in what a sheet's headers imply, then order the rows so that each parent in the file
        comes before its children (a stable topological order), committees first."""
        dataset = cls._imply_kinds(dataset)
        headers = dataset.headers
        rows = list(dataset)
        name_at, short_at, parent_at = headers.index(NAME), headers.index("简称"), headers.index(PARENT)
        kind_at = headers.index(KIND)
        # A committee has no parent; listed first, it is there for the orgs a file hangs under it.
        rows.sort(
            key=lambda row: KIND_BY_TEXT.get(normalize_text(row[kind_at]).replace(" ", "")) != "committee"
        )
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

    @staticmethod
    def _imply_kinds(dataset: tablib.Dataset) -> tablib.Dataset:
        """A sheet without a 组织类别 column is a list of branches when its name column says so
        (党支部名称); any other sheet without one is refused, naming the column."""
        columns = getattr(dataset, "legacy_columns", {})
        sheets = dict.fromkeys(sheet for sheet, _key in columns)
        branch_sheets, problems = set(), []
        for sheet in sheets:
            if (sheet, KIND) in columns or (sheet, NAME) not in columns:
                continue
            name_column = columns[(sheet, NAME)]
            if normalize_header(name_column.header) in BRANCH_NAME_HEADERS:
                branch_sheets.add(sheet)
                continue
            problems.append(
                ImportProblem(
                    _(
                        "缺少必需的列“组织类别”（可用的列名：%(names)s）；请在表头行补上这一列，"
                        "如本表只列党支部，可把名称列的表头写作“党支部名称”"
                    )
                    % {"names": _("、").join(ORGANIZATION_SYNONYMS[KIND])},
                    sheet=sheet,
                    row=name_column.row,
                )
            )
        if problems:
            raise ImportFailed(problems)
        if not branch_sheets:
            return dataset
        kind_at, sheet_at = dataset.headers.index(KIND), dataset.headers.index(SHEET)
        rows = [list(row) for row in dataset]
        for row in rows:
            if row[sheet_at] in branch_sheets:
                row[kind_at] = OrgKind.BRANCH.value
        implied = tablib.Dataset(*rows, headers=dataset.headers)
        implied.legacy_columns = columns
        return implied

    # ------------------------------------------------------------ import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.names = OrganizationNames.load()
        self.by_path = {org.path: org for org in self.names.full.values()}
        self.rows_by_name = {
            name_key(row[NAME]): row[ROW] for row in dataset.dict if row.get(NAME) is not None
        }
        for row in dataset.dict:
            if row.get("简称"):
                self.rows_by_name.setdefault(name_key(row["简称"]), row[ROW])
        self.seen: dict[str, Any] = {}

    def get_instance(self, instance_loader, row):
        # The full name is the import's key: only an org of exactly that name is the same org.
        return self.names.full.get(name_key(row.get(NAME)))

    def after_init_instance(self, instance, new, row, **kwargs):
        if new or instance.depth <= 1:
            instance.import_parent = None
        else:
            instance.import_parent = self.by_path.get(instance.path[: -Organization.steplen])

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key = name_key(row.get(NAME))
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
            if instance.pk is not None or instance.kind == OrgKind.COMMITTEE:
                return  # an existing org keeps its place; a committee is a root
            instance.import_parent = self._default_parent(row)
            return
        try:
            parent = self.names.resolve(
                text, what=_("上级党组织"), fix=_("，或在本文件中增加该党组织"), active_only=False
            )
        except ValueError:
            if name_key(text) in self.rows_by_name and not self.names.matches(text):
                raise ValueError(
                    _(
                        "上级党组织“%(name)s”在本文件第%(row)s行，但那一行没有导入成功"
                        "（先改正那一行的错误；也可能是上下级关系填成了循环）"
                    )
                    % {"name": text, "row": self.rows_by_name[name_key(text)]}
                ) from None
            raise
        if instance.pk is not None and parent.path.startswith(instance.path):
            raise ValueError(_("上级党组织“%(name)s”是本组织自己或其下级，请改正") % {"name": text})
        instance.import_parent = parent

    def _default_parent(self, row: dict) -> Organization:
        """Where a new org whose row names no parent goes: the parent the user gave, else (for a file
        with no 上级党组织 column, as a peer system's org list is) the committee."""
        if self.parent is not None:
            return self.parent
        if (row.get(SHEET), PARENT) in self.legacy_columns:
            raise ValueError(
                _(
                    "上级党组织为空；只有工委可以没有上级，请填写上级党组织的全称或简称"
                    "（或在导入时指定上级党组织，本文件中未填上级的党组织都放在它下面）"
                )
            )
        committees = [o for o in self.names.full.values() if o.depth == 1 and o.kind == OrgKind.COMMITTEE]
        if len(committees) != 1:
            raise ValueError(
                _(
                    "本表没有“上级党组织”列，系统中也没有唯一的工委可作为上级；"
                    "请在导入时指定上级党组织（命令行 --parent，后台导入页的“上级党组织”）"
                )
            )
        return committees[0]

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
        self.names.add(instance)
        self.by_path[instance.path] = instance

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
