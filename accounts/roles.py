"""Admin-site permission groups for the roles: the 等保 separation of duties.

Committee staff keep the business data; the system admin accounts, rule tables and schedules; the
security admin lockouts; the audit admin reads history and the admin log. `manage.py sync_roles`
(run by `make run` and by the web container after migrating) creates the groups and puts every
staff user of a role in its group.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from .models import Role, User

BUSINESS_APPS = ("accounts", "ledger", "assessments", "activities")

ROLE_GROUPS: dict[str, tuple[str, Q]] = {
    Role.COMMITTEE_STAFF: (
        "工委干部",
        Q(content_type__app_label__in=BUSINESS_APPS) & ~Q(content_type__model="user"),
    ),
    Role.SYSTEM_ADMIN: (
        "系统管理员",
        Q(content_type__app_label__in=("auth", "django_celery_beat", "authtoken"))
        | Q(content_type__app_label="accounts", content_type__model__in=("user", "orggrouprule")),
    ),
    Role.SECURITY_ADMIN: (
        "安全管理员",
        Q(content_type__app_label="axes")
        | Q(content_type__app_label="accounts", content_type__model="user", codename__startswith="view_"),
    ),
    Role.AUDIT_ADMIN: (
        "审计管理员",
        Q(codename__startswith="view_")
        & (
            Q(content_type__app_label__in=(*BUSINESS_APPS, "admin", "axes"))
            | Q(content_type__model="logentry")
        ),
    ),
}


@transaction.atomic
def role_groups_sync() -> dict[str, Group]:
    """Create or refresh each role's group and its permissions; add the role's staff users to it."""
    groups = {}
    for role, (name, permissions) in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(permissions))
        group.user_set.add(*User.objects.filter(role=role, is_staff=True))
        groups[role] = group
    return groups
