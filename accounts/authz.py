"""Who may do what: the one module services, selectors, views, the API, the admin and the menu ask.

A user's roles are their role assignments in force today (`grants`), loaded once per user object.
Three kinds of answers come from here:
- predicates (`is_committee_staff`, `is_secretary_of` …) for the odd check in code;
- permissions (`may(user, "ledger.review_record", record)`), the rules registered in
  `accounts/permissions/` — the role × resource × action matrix that `tests/golden/` pins;
- scopes (`business_scope(user)`), the orgs whose data a user reaches, as a Q for querysets.

The bootstrap superuser (`createsuperuser`, then `disable_superusers`) may set up users and roles
and nothing else: business data is reached through role assignments only.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ADMIN_ROLES, Organization, Role, RoleAssignment


@dataclass(frozen=True)
class Grant:
    """One role assignment in force: the role, the org it covers (None: all) and an optional object."""

    role: str
    organization_id: int | None
    org_path: str | None
    scope_type_id: int | None = None
    scope_id: int | None = None


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def grants(user) -> tuple[Grant, ...]:
    """The user's role assignments in force today: one query per user object, then cached on it."""
    if not _active(user):
        return ()
    cached = getattr(user, "_authz_grants", None)
    if cached is None:
        today = timezone.localdate()
        rows = (
            RoleAssignment.objects.filter(user_id=user.pk)
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .values_list("role", "organization_id", "organization__path", "scope_type_id", "scope_id")
        )
        cached = tuple(Grant(*row) for row in rows)
        user._authz_grants = cached
    return cached


def forget_grants(user) -> None:
    """After a role change: the next question reloads the assignments."""
    user.__dict__.pop("_authz_grants", None)


def roles_of(user) -> set[str]:
    return {grant.role for grant in grants(user)}


def has_role(user, *roles: str) -> bool:
    return any(grant.role in roles for grant in grants(user))


# --- scopes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgScope:
    """Orgs a user reaches: all of them, or the subtrees under some paths (nothing when empty)."""

    everything: bool = False
    paths: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.paths

    def q(self, field: str = "organization") -> Q:
        """Rows whose `field` org is in scope; `field=""` filters Organization itself."""
        if self.everything:
            return Q()
        prefix = f"{field}__" if field else ""
        if not self.paths:
            return Q(**{f"{prefix}pk__in": []})
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{prefix}path__startswith": path})
        return condition

    def covers(self, org: Organization | None) -> bool:
        if org is None:
            return self.everything
        return self.everything or any(org.path.startswith(path) for path in self.paths)


def _scope_of(user, roles: tuple[str, ...]) -> OrgScope:
    paths = set()
    for grant in grants(user):
        if grant.role not in roles or grant.scope_type_id is not None:
            continue
        if grant.org_path is None:
            return OrgScope(everything=True)
        paths.add(grant.org_path)
    # A path under another one adds nothing; fewer LIKE terms make shorter SQL.
    kept = tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))
    return OrgScope(paths=kept)


def business_scope(user) -> OrgScope:
    """The orgs whose business data (roster, ledger) a user reads: staff and reporting all (or the
    subtree their assignment names), a secretary their org and the orgs below it."""
    return _scope_of(user, (Role.COMMITTEE_STAFF, Role.REPORTING, Role.SECRETARY))


def staff_scope(user) -> OrgScope:
    """The orgs a committee staff member acts for (reviews, plans, closes)."""
    return _scope_of(user, (Role.COMMITTEE_STAFF,))


def secretary_scope(user) -> OrgScope:
    """The orgs a secretary writes for: their own and the orgs below it."""
    return _scope_of(user, (Role.SECRETARY,))


def write_scope(user) -> OrgScope:
    """Where a user may submit and edit records: committee staff everywhere they act, a secretary
    in their subtree; reporting and members never."""
    staff, secretary = staff_scope(user), secretary_scope(user)
    if staff.everything or secretary.everything:
        return OrgScope(everything=True)
    return OrgScope(paths=tuple(sorted(set(staff.paths) | set(secretary.paths))))


def member_org_ids(user) -> set[int]:
    return {g.organization_id for g in grants(user) if g.role == Role.MEMBER and g.organization_id}


def secretary_org_ids(user) -> set[int]:
    """The orgs a user is secretary of (not the ones below): their own org's home and reminders."""
    return {g.organization_id for g in grants(user) if g.role == Role.SECRETARY and g.organization_id}


# --- predicates -----------------------------------------------------------------------------------


@rules.predicate
def is_committee_staff(user) -> bool:
    return has_role(user, Role.COMMITTEE_STAFF)


@rules.predicate
def is_reporting(user) -> bool:
    return has_role(user, Role.REPORTING)


@rules.predicate
def is_secretary(user) -> bool:
    return has_role(user, Role.SECRETARY)


@rules.predicate
def is_party_member(user) -> bool:
    return has_role(user, Role.MEMBER)


@rules.predicate
def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


@rules.predicate
def is_bootstrap_superuser(user) -> bool:
    """The account `createsuperuser` made for first setup, until `disable_superusers` ends it."""
    return _active(user) and user.is_superuser


@rules.predicate
def is_system_admin(user) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


@rules.predicate
def is_security_admin(user) -> bool:
    return has_role(user, Role.SECURITY_ADMIN)


@rules.predicate
def is_audit_admin(user) -> bool:
    return has_role(user, Role.AUDIT_ADMIN)


@rules.predicate
def holds_admin_role(user) -> bool:
    """One of the three separated admin roles (系统/安全/审计管理员)."""
    return has_role(user, *ADMIN_ROLES)


def is_secretary_of(user, org: Organization) -> bool:
    return secretary_scope(user).covers(org)


def reads_every_org(user) -> bool:
    return business_scope(user).everything


def is_read_only(user) -> bool:
    """Reads business data but writes none: the reporting client (unless it also holds a writing role)."""
    return is_reporting(user) and write_scope(user).is_empty


def has_business_access(user) -> bool:
    return not business_scope(user).is_empty


def uses_admin_site(user) -> bool:
    """Committee staff keep business tables there; the admin roles their own; nobody else."""
    return is_committee_staff(user) or holds_admin_role(user) or is_bootstrap_superuser(user)


def needs_totp(user) -> bool:
    """Committee staff and the admin roles log in with a second factor (TOTP)."""
    return is_committee_staff(user) or holds_admin_role(user) or is_bootstrap_superuser(user)


def idle_timeout_seconds(user) -> int:
    """30 minutes of inactivity end a session; 15 for the admin roles."""
    return 15 * 60 if holds_admin_role(user) or is_bootstrap_superuser(user) else 30 * 60


def may_read_audit(user) -> bool:
    """Only the audit admin browses and exports the audit trail."""
    return is_audit_admin(user)


def may_manage_users(user) -> bool:
    """The system admin creates and disables accounts (no business data, no rights to itself)."""
    return is_system_admin(user) or is_bootstrap_superuser(user)


def may_unlock(user) -> bool:
    """The security admin unlocks accounts and sets policies."""
    return is_security_admin(user) or is_bootstrap_superuser(user)


def may_grant_roles(user) -> bool:
    """The security admin assigns roles (never to themselves: see accounts.services_roles)."""
    return is_security_admin(user) or is_bootstrap_superuser(user)


# --- permissions ----------------------------------------------------------------------------------


def may(user, permission: str, obj=None) -> bool:
    """The answer of the matrix for `permission` (e.g. "ledger.review_record") on `obj` (or in general).

    Asks the rules registry directly, so a superuser flag never short-cuts business permissions.
    """
    return rules.has_perm(permission, user, obj)


_VERBS = {
    "view": _("查看"),
    "add": _("新增"),
    "change": _("修改"),
    "delete": _("删除"),
    "export": _("导出"),
    "import": _("导入"),
    "review": _("审核"),
}


def refusal(permission: str) -> str:
    """A Chinese refusal that names what was refused: "您的角色不能新增党组织。"."""
    app_label, _sep, codename = permission.partition(".")
    verb, _sep, model_name = codename.partition("_")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return gettext("您的角色没有执行该操作的权限。")
    action = _VERBS.get(verb)
    if action is None:
        return gettext("您的角色没有执行该操作的权限。")
    return gettext("您的角色不能%(action)s%(what)s。") % {"action": action, "what": model._meta.verbose_name}


def role_labels(user) -> list[str]:
    """What the user menu shows: the names of the user's roles."""
    names = dict(Role.choices)
    return sorted({str(names.get(grant.role, grant.role)) for grant in grants(user)})


def role_names(user) -> list[str]:
    """The user's roles as people read them (the audit trail records them with every event)."""
    if not (user is not None and user.is_authenticated):
        return []
    names = role_labels(user)
    if user.is_superuser:
        names.append(gettext("超级用户"))
    return names


def may_reset_second_factor(user) -> bool:
    """The security admin resets someone's TOTP (a lost phone); they enrol again at their next login."""
    return is_security_admin(user)
