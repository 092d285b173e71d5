"""Demo logins: one per role, one secretary per grassroots org, all with the password Demo#2026."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from simple_history.utils import bulk_create_with_history

from accounts.identity.services import demo_accounts_mark
from accounts.models import Member, Role, User
from accounts.roles import role_groups_sync

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
    office = orgs.offices[-1]
    member_person = next(m for m in members[first_org.pk] if not m.party_post)

    def user(username: str, role: str, display: str, **fields) -> User:
        return User(username=username, role=role, display_name=display, password=password, **fields)

    users = [
        user("admin", Role.COMMITTEE_STAFF, "超级管理员", is_staff=True, is_superuser=True),
        user("staff", Role.COMMITTEE_STAFF, "工委组织科干部", is_staff=True, organization=office),
        user("reviewer", Role.REVIEWER, "党员代表（评议人）"),
        user("report", Role.REPORTING, "报表系统"),
        user("sysadmin", Role.SYSTEM_ADMIN, "系统管理员", is_staff=True),
        user("secadmin", Role.SECURITY_ADMIN, "安全管理员", is_staff=True),
        user("auditadmin", Role.AUDIT_ADMIN, "审计管理员", is_staff=True),
        user(
            "member01",
            Role.MEMBER,
            member_person.name,
            organization=first_org,
            member=member_person,
        ),
    ]
    for number, org in enumerate(orgs.grassroots, start=1):
        person = secretaries[org.pk]
        users.append(
            user(
                f"sec{number:02d}",
                Role.SECRETARY,
                f"{person.name}（{org.short_name}书记）",
                organization=org,
                member=person,
            )
        )
    for row in users:
        row.full_clean(exclude=["password", "organization", "member"], validate_unique=False)
    bulk_create_with_history(users, User, batch_size=200, default_change_reason="演示数据")
    by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    role_groups_sync()
    # The only place that marks demo accounts: exempt from the first-login change, expiry and TOTP.
    demo_accounts_mark(by_name.values())
    secretary_users = sorted(
        (u for u in by_name.values() if u.role == Role.SECRETARY), key=lambda u: u.username
    )
    return DemoUsers(
        staff=by_name["staff"],
        secretaries=secretary_users,
        member=by_name["member01"],
    )
