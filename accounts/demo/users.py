"""Demo logins: one per role, one secretary per grassroots org, all with the password Demo#2026."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from accounts.identity.services import demo_accounts_mark
from accounts.models import Member, Role, RoleAssignment, SecretaryRole, SecretaryTerm, User
from accounts.services.roles import ADMIN_SITE_ROLES

from .orgs import DemoOrgs

# Meets the password policy (8+ characters, 4 character classes); demo accounts never expire.
DEMO_PASSWORD = "Demo#2026"


@dataclass
class DemoUsers:
    """The demo logins that callers (the ledger builder, the command's summary) need by name."""

    staff: User
    secretaries: list[User]
    member: User


def build_users(
    *, orgs: DemoOrgs, secretaries: dict[int, Member], members: dict[int, list[Member]]
) -> DemoUsers:
    """Create every demo login. The password is hashed once: PBKDF2 per user would take seconds."""
    password = make_password(DEMO_PASSWORD)
    first_org = orgs.grassroots[0]
    member_person = next(m for m in members[first_org.pk] if not m.party_post)

    # (username, display name, role, org the role covers or None, linked member or None)
    logins: list[tuple[str, str, str, object, Member | None]] = [
        ("staff", "工委组织科干部", Role.COMMITTEE_STAFF, None, None),
        ("reviewer", "党员代表（评议人）", Role.REVIEWER, None, None),
        ("report", "报表系统", Role.REPORTING, None, None),
        ("sysadmin", "系统管理员", Role.SYSTEM_ADMIN, None, None),
        ("secadmin", "安全管理员", Role.SECURITY_ADMIN, None, None),
        ("auditadmin", "审计管理员", Role.AUDIT_ADMIN, None, None),
        ("member01", member_person.name, Role.MEMBER, first_org, member_person),
    ]
    for number, org in enumerate(orgs.grassroots, start=1):
        person = secretaries[org.pk]
        logins.append(
            (f"sec{number:02d}", f"{person.name}（{org.short_name}书记）", Role.SECRETARY, org, person)
        )
    users = [
        User(
            username=username,
            display_name=display,
            password=password,
            member=person,
            is_staff=role in ADMIN_SITE_ROLES,
        )
        for username, display, role, _org, person in logins
    ]
    for row in users:
        row.full_clean(exclude=["password", "member"], validate_unique=False)
    bulk_create_with_history(users, User, batch_size=200, default_change_reason="演示数据")
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    # A secretary's role comes from their term of office, as it will for every secretary after them.
    terms = {
        t.member_id: t
        for t in SecretaryTerm.objects.filter(role=SecretaryRole.SECRETARY, member__in=secretaries.values())
    }
    assignments = []
    for username, _display, role, org, person in logins:
        term = terms.get(person.pk) if role == Role.SECRETARY else None
        assignments.append(
            RoleAssignment(
                user=by_name[username],
                role=role,
                organization=org if role in (Role.SECRETARY, Role.MEMBER) else None,
                term=term,
                starts_on=term.started_on if term else None,
            )
        )
    bulk_create_with_history(assignments, RoleAssignment, batch_size=200, default_change_reason="演示数据")
    # The only place that marks demo accounts: exempt from the first-login change, expiry and TOTP.
    demo_accounts_mark(by_name.values())
    secretary_users = [by_name[login[0]] for login in logins if login[2] == Role.SECRETARY]
    return DemoUsers(
        staff=by_name["staff"],
        secretaries=secretary_users,
        member=by_name["member01"],
    )
