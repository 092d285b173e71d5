"""The people who log in, the roles they hold, and their in-app notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .orgs import Organization
from .people import Member


class Role(models.TextChoices):
    COMMITTEE_STAFF = "staff", _("工委干部")
    SECRETARY = "secretary", _("支部书记/党务干部")
    MEMBER = "member", _("党员")
    REVIEWER = "reviewer", _("评议人")
    REPORTING = "reporting", _("报表客户端(只读)")
    SYSTEM_ADMIN = "sysadmin", _("系统管理员")
    SECURITY_ADMIN = "secadmin", _("安全管理员")
    AUDIT_ADMIN = "auditadmin", _("审计管理员")


# The three separated admin roles (三员): they hold no business data and no other role.
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# Roles that only make sense inside one org (and the orgs below it).
ORG_SCOPED_ROLES = (Role.SECRETARY, Role.MEMBER)


class User(AbstractUser):
    """Someone who logs in. What they may do comes from their role assignments (accounts.authz)."""

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


class RoleAssignment(models.Model):
    """One role a user holds: everywhere, over one org and the orgs below it, or for one object.

    A secretary's assignment usually comes from their term of office (`term`): it starts and ends
    with the term. `scope_type`/`scope_id` limit a role to one object, e.g. a reviewer invited to
    one debrief session.
    """

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("范围：党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("本组织及下级组织；工委干部和报表客户端留空表示全部组织"),
    )
    scope_type = models.ForeignKey(
        ContentType, verbose_name=_("范围：对象类型"), null=True, blank=True, on_delete=models.PROTECT
    )
    scope_id = models.PositiveBigIntegerField(_("范围：对象编号"), null=True, blank=True)
    term = models.ForeignKey(
        "accounts.SecretaryTerm",
        verbose_name=_("来自任职"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    starts_on = models.DateField(_("生效日期"), null=True, blank=True)
    ends_on = models.DateField(_("失效日期"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("授予人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["user_id", "role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id__isnull=True)
                | models.Q(scope_type__isnull=False, scope_id__isnull=False),
                name="role_assignment_scope_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="role_assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"], name="role_assignment_user_role")]

    def __str__(self) -> str:
        where = f" · {self.organization}" if self.organization_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"


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
