"""Role assignments: 三员分立, nobody raises themselves, terms of office drive the secretary role."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import authz, services
from accounts.models import Role, RoleAssignment, User
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(db):
    return UserFactory(username="sec_admin", role=Role.SECURITY_ADMIN, is_staff=True)


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _logged_in(user: User) -> Client:
    """A browser logged in as `user`, which can open the home page."""
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    return client


def _logged_out(client: Client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and reverse("login") in response["Location"]


def test_the_security_admin_grants_a_role_and_the_user_gets_its_rights(secadmin, org_a):
    person = UserFactory(username="li")
    services.role_grant(actor=secadmin, user=person, role=Role.SECRETARY, organization=org_a)
    person = _fresh(person)
    assert authz.is_secretary_of(person, org_a)
    assert authz.may(person, "ledger.add_record", org_a)


def test_nobody_changes_their_own_roles(secadmin):
    with pytest.raises(PermissionDeniedError, match="不能修改自己的角色"):
        services.role_grant(actor=secadmin, user=secadmin, role=Role.COMMITTEE_STAFF)
    assert set(RoleAssignment.objects.filter(user=secadmin).values_list("role", flat=True)) == {"secadmin"}


def test_the_system_admin_cannot_grant_roles(org_a):
    sysadmin = UserFactory(username="sys", role=Role.SYSTEM_ADMIN, is_staff=True)
    other = UserFactory(username="other")
    with pytest.raises(PermissionDeniedError):
        services.role_grant(actor=sysadmin, user=other, role=Role.COMMITTEE_STAFF)
    with pytest.raises(PermissionDeniedError):
        services.role_grant(actor=sysadmin, user=sysadmin, role=Role.SECURITY_ADMIN)


def test_an_admin_role_is_held_alone(secadmin, org_a):
    auditor = UserFactory(username="auditor", role=Role.AUDIT_ADMIN, is_staff=True)
    with pytest.raises(DomainError, match="不能再分配其他角色"):
        services.role_grant(actor=secadmin, user=auditor, role=Role.COMMITTEE_STAFF)
    with pytest.raises(DomainError, match="必须单独设置"):
        services.role_grant(actor=secadmin, user=auditor, role=Role.SYSTEM_ADMIN)
    staff = UserFactory(username="gw", role=Role.COMMITTEE_STAFF, is_staff=True)
    with pytest.raises(DomainError, match="必须单独设置"):
        services.role_grant(actor=secadmin, user=staff, role=Role.AUDIT_ADMIN)


def test_an_org_scoped_role_needs_its_org(secadmin):
    with pytest.raises(DomainError, match="必须指定党组织"):
        services.role_grant(actor=secadmin, user=UserFactory(username="x"), role=Role.SECRETARY)


def test_a_secretary_can_also_be_a_reviewer(secadmin, secretary_a, org_a):
    services.role_grant(actor=secadmin, user=secretary_a, role=Role.REVIEWER)
    person = _fresh(secretary_a)
    assert authz.is_reviewer(person) and authz.is_secretary_of(person, org_a)


def test_granting_and_revoking_keep_the_admin_site_flag_in_step(secadmin):
    person = UserFactory(username="gw2")
    assignment = services.role_grant(actor=secadmin, user=person, role=Role.COMMITTEE_STAFF)
    assert _fresh(person).is_staff
    services.role_revoke(actor=secadmin, assignment=assignment)
    assert not _fresh(person).is_staff


def test_revoking_a_role_ends_the_holders_sessions(secadmin, secretary_a):
    browser = _logged_in(secretary_a)
    assignment = RoleAssignment.objects.get(user=secretary_a)
    services.role_revoke(actor=secadmin, assignment=assignment)
    assert _logged_out(browser)
    assert not authz.has_business_access(_fresh(secretary_a))


def test_a_term_of_office_makes_its_holder_secretary_and_ending_it_revokes(committee_staff, org_a):
    person = MemberFactory(organization=org_a, name="王书记")
    login = UserFactory(username="wang", member=person)
    term = services.secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        member=person,
        person_name=person.name,
        started_on=date(2024, 1, 1),
    )
    assert authz.is_secretary_of(_fresh(login), org_a)
    browser = _logged_in(login)

    services.secretary_term_end(
        actor=committee_staff, term=term, ended_on=timezone.localdate() - timedelta(days=1)
    )
    assert not authz.is_secretary_of(_fresh(login), org_a)
    assert _logged_out(browser)


def test_a_term_that_starts_later_grants_nothing_yet(committee_staff, org_a):
    person = MemberFactory(organization=org_a)
    login = UserFactory(username="future", member=person)
    services.secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        member=person,
        person_name=person.name,
        started_on=timezone.localdate() + timedelta(days=10),
    )
    assert not authz.is_secretary(_fresh(login))


def test_linking_a_login_to_a_member_brings_their_terms_roles(committee_staff, org_a):
    person = MemberFactory(organization=org_a)
    services.secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        member=person,
        person_name=person.name,
        started_on=date(2024, 1, 1),
    )
    login = UserFactory(username="late", member=person)
    services.user_terms_sync(login)
    assert authz.is_secretary_of(_fresh(login), org_a)


def test_only_committee_staff_record_terms(secretary_a, org_a):
    with pytest.raises(PermissionDeniedError):
        services.secretary_term_create(
            actor=secretary_a, organization=org_a, person_name="张", started_on=date(2024, 1, 1)
        )


def test_sync_roles_sets_the_admin_site_flag_from_the_roles_and_can_run_twice():
    staff = UserFactory(username="gw3", role=Role.COMMITTEE_STAFF)
    stray = UserFactory(username="stray", is_staff=True)
    call_command("sync_roles", stdout=StringIO())
    call_command("sync_roles", stdout=StringIO())
    assert _fresh(staff).is_staff and not _fresh(stray).is_staff


def test_disable_superusers_ends_the_first_setup_account():
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    call_command("disable_superusers", stdout=StringIO())
    root = _fresh(root)
    assert not (root.is_superuser or root.is_staff or root.is_active)


def test_the_daily_job_revokes_expired_assignments_and_ends_their_sessions(secretary_a):
    RoleAssignment.objects.filter(user=secretary_a).update(ends_on=timezone.localdate() - timedelta(days=1))
    browser = _logged_in(secretary_a)
    call_command("expire_roles", stdout=StringIO())
    assert not RoleAssignment.objects.filter(user=secretary_a).exists()
    assert _logged_out(browser)
    assert RoleAssignment.history.filter(user_id=secretary_a.pk, history_type="-").exists()
