"""三员分立 in the admin, over HTTP: what each admin role tried in the issue is refused.

The matrix (tests/authz/) pins what accounts.authz answers; these tests pin that the admin pages ask it.
"""

from datetime import date

import pytest
from axes.models import AccessLog
from django.urls import reverse

from accounts.models import Member, Role, RoleAssignment, User
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin(client, role):
    user = UserFactory(username=f"adm_{role}", role=role, is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_no_admin_role_exports_imports_or_opens_the_roster(client, role, org_a):
    person = MemberFactory(organization=org_a, name="张三")
    _admin(client, role)
    export = client.post(
        reverse("admin:accounts_member_export"), {"format": "0", "resource": "0", "memberresource_name": "on"}
    )
    assert export.status_code == 403
    assert "张三" not in export.content.decode(errors="ignore")
    assert client.get(reverse("admin:accounts_member_import")).status_code == 403
    assert client.get(reverse("admin:accounts_member_change", args=[person.pk])).status_code in (302, 403)
    assert client.get(reverse("admin:accounts_member_changelist")).status_code == 403


def test_the_system_admin_cannot_make_itself_superuser_or_give_itself_roles(client, org_a):
    sysadmin = _admin(client, Role.SYSTEM_ADMIN)
    page = client.get(reverse("admin:accounts_user_change", args=[sysadmin.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="is_staff"' not in page
    client.post(
        reverse("admin:accounts_user_change", args=[sysadmin.pk]),
        {"username": sysadmin.username, "is_active": "on", "is_superuser": "on", "is_staff": "on"},
    )
    sysadmin.refresh_from_db()
    assert not sysadmin.is_superuser
    assert client.get(reverse("admin:accounts_roleassignment_add")).status_code == 403
    assert set(RoleAssignment.objects.filter(user=sysadmin).values_list("role", flat=True)) == {"sysadmin"}


def test_the_system_admin_linking_a_login_to_a_secretary_grants_no_role(client, committee_staff, org_a):
    person = MemberFactory(organization=org_a)
    from accounts import services

    services.secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        member=person,
        person_name=person.name,
        started_on=date(2024, 1, 1),
    )
    _admin(client, Role.SYSTEM_ADMIN)
    login = UserFactory(username="mine")
    response = client.post(
        reverse("admin:accounts_user_change", args=[login.pk]),
        {
            "username": "mine",
            "is_active": "on",
            "member": person.pk,
            # The change page shows the login's roles as a read-only inline: its management form.
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=login.pk).member == person
    assert not RoleAssignment.objects.filter(user=login).exists()


def test_the_security_admin_cannot_delete_login_records(client):
    entry = AccessLog.objects.create(
        username="sec_a", ip_address="10.0.0.1", user_agent="x", path_info="/login/"
    )
    _admin(client, Role.SECURITY_ADMIN)
    assert client.get(reverse("admin:axes_accesslog_change", args=[entry.pk])).status_code == 200
    client.post(reverse("admin:axes_accesslog_delete", args=[entry.pk]), {"post": "yes"})
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_no_api_token_page_exists_in_the_admin(client):
    _admin(client, Role.SYSTEM_ADMIN)
    index = client.get(reverse("admin:index")).content.decode()
    assert "authtoken" not in index and "knox" not in index


def test_a_full_id_number_typed_in_the_admin_is_masked_and_hashed(client, committee_staff, org_a):
    person = MemberFactory(organization=org_a, name="李四")
    client.force_login(committee_staff)
    fields = {
        "organization": org_a.pk,
        "name": "李四",
        "standing": "full",
        "member_class": "normal",
        "status": "active",
        "id_number": "520181198001011206",
    }
    response = client.post(reverse("admin:accounts_member_change", args=[person.pk]), fields)
    assert response.status_code == 302
    person = Member.objects.get(pk=person.pk)
    assert person.id_number_masked == "520181************"
    assert person.id_number_hash and "198001011206" not in str(
        Member.objects.filter(pk=person.pk).values().get()
    )
