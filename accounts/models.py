"""Organizations, units, members, secretaries and the people who log in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node


class Unit(models.Model):
    """A government unit (单位), e.g. 市税务局; an org belongs to one."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    nature = models.CharField(
        _("单位属性"), max_length=30, blank=True, help_text=_("如：行政机关、事业单位、企业")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("工委")
    COMMITTEE_OFFICE = "office", _("工委科室")
    ORGAN_COMMITTEE = "organ_committee", _("机关党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")


GRASSROOTS_KINDS = (OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)


class Organization(MP_Node):
    """A party organization in the tree 工委 → 工委科室 / 机关党委 → 党总支 → 党支部.

    A materialized path (treebeard) makes "this org and everything under it" one indexed
    `path LIKE 'prefix%'` query, which every scoping rule uses.
    """

    name = models.CharField(_("党组织名称"), max_length=120, unique=True)
    short_name = models.CharField(_("简称"), max_length=60, blank=True, db_index=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True, help_text=_("历史台账里出现过的其他写法"))
    kind = models.CharField(_("组织类别"), max_length=20, choices=OrgKind.choices, db_index=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    code = models.CharField(_("编号"), max_length=30, blank=True)
    founded_on = models.DateField(_("成立时间"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords()

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS


class OrgGroupRule(models.Model):
    """A fixed phrase in legacy ledgers (各基层党支部 …) and the orgs it stands for, kept as data."""

    phrase = models.CharField(_("称谓"), max_length=60, unique=True)
    kinds = models.JSONField(
        _("包含的组织类别"), default=list, help_text=_('组织类别代码列表，如 ["branch"]')
    )
    unit_required = models.BooleanField(_("仅限有所在单位的组织"), default=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织称谓规则")
        verbose_name_plural = _("组织称谓规则")
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class MemberClass(models.TextChoices):
    """Tongliao 三位一体: each class is scored and ranked in its own way."""

    NORMAL = "normal", _("正常参加活动")
    ELDERLY = "elderly", _("年老体弱")
    MOBILE = "mobile", _("流动党员")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在册")
    TRANSFERRED = "transferred", _("已转出")
    DECEASED = "deceased", _("已去世")
    LEFT = "left", _("已出党")


class PartyStanding(models.TextChoices):
    FULL = "full", _("正式党员")
    PROBATIONARY = "probationary", _("预备党员")


class Member(models.Model):
    """A party member (党员) on a branch's roster."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("所在党组织"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    staff_no = models.CharField(_("工号"), max_length=40, blank=True)
    gender = models.CharField(_("性别"), max_length=4, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    education = models.CharField(_("学历"), max_length=30, blank=True)
    joined_on = models.DateField(_("入党时间"), null=True, blank=True)
    full_member_on = models.DateField(_("转正时间"), null=True, blank=True)
    standing = models.CharField(
        _("党籍状态"), max_length=20, choices=PartyStanding.choices, default=PartyStanding.FULL
    )
    member_class = models.CharField(
        _("党员类别"), max_length=20, choices=MemberClass.choices, default=MemberClass.NORMAL, db_index=True
    )
    category_label = models.CharField(_("人员类别(原文)"), max_length=30, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    party_post = models.CharField(_("党内职务"), max_length=60, blank=True)
    # Never the full ID-card number: a masked form to show, a keyed hash to find duplicates.
    id_number_masked = models.CharField(_("身份证号(脱敏)"), max_length=24, blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        ordering = ["organization_id", "name"]

    def __str__(self) -> str:
        return self.name


class SecretaryRole(models.TextChoices):
    SECRETARY = "secretary", _("书记")
    DEPUTY = "deputy", _("副书记")


class SecretaryTerm(models.Model):
    """A term of office of a secretary or deputy secretary of one organization."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="secretary_terms"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    person_name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(
        _("职务"), max_length=20, choices=SecretaryRole.choices, default=SecretaryRole.SECRETARY
    )
    started_on = models.DateField(_("任职时间"))
    ended_on = models.DateField(_("离任时间"), null=True, blank=True)
    approval_document = models.CharField(_("批复文号"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("书记任职")
        verbose_name_plural = _("书记任职")
        ordering = ["organization_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="secretary_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_role_display()} {self.person_name}"


class Role(models.TextChoices):
    COMMITTEE_STAFF = "staff", _("工委干部")
    SECRETARY = "secretary", _("支部书记/党务干部")
    MEMBER = "member", _("党员")
    REVIEWER = "reviewer", _("评议人")
    REPORTING = "reporting", _("报表客户端(只读)")
    SYSTEM_ADMIN = "sysadmin", _("系统管理员")
    SECURITY_ADMIN = "secadmin", _("安全管理员")
    AUDIT_ADMIN = "auditadmin", _("审计管理员")


# Roles that read every organization's business data.
ALL_ORG_READ_ROLES = (Role.COMMITTEE_STAFF, Role.REPORTING)
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


class User(AbstractUser):
    """Someone who logs in: committee staff, a secretary, a member, a reviewer, a client or an admin."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所属党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("书记、党务干部和党员只能看到本组织（及下级组织）的数据"),
    )
    member = models.OneToOneField(
        Member,
        verbose_name=_("对应党员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    display_name = models.CharField(_("显示名称"), max_length=50, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def sees_all_orgs(self) -> bool:
        """Committee staff, the read-only reporting client and the bootstrap superuser read everything."""
        return self.is_superuser or self.role in ALL_ORG_READ_ROLES

    @property
    def is_committee_staff(self) -> bool:
        return self.is_superuser or self.role == Role.COMMITTEE_STAFF

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.REPORTING and not self.is_superuser


class Notification(models.Model):
    """An in-app message to one user, e.g. a reminder about an overdue ledger task."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.title
