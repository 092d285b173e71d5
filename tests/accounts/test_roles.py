"""The separated admin roles get their admin-site permissions without any manual set-up."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sync_roles_gives_each_admin_role_only_its_own_duties():
    sysadmin = UserFactory(username="sys", role=Role.SYSTEM_ADMIN, is_staff=True)
    auditor = UserFactory(username="audit", role=Role.AUDIT_ADMIN, is_staff=True)
    staff = UserFactory(username="gw", role=Role.COMMITTEE_STAFF, is_staff=True)

    call_command("sync_roles", stdout=StringIO())

    assert sysadmin.has_perm("accounts.change_user")
    assert not sysadmin.has_perm("accounts.view_member")
    assert auditor.has_perm("ledger.view_record")
    assert not auditor.has_perm("ledger.change_record")
    assert staff.has_perm("ledger.change_task")
    assert not staff.has_perm("accounts.change_user")


def test_sync_roles_can_run_twice_without_duplicating_groups():
    call_command("sync_roles", stdout=StringIO())
    call_command("sync_roles", stdout=StringIO())

    assert Group.objects.filter(name="审计管理员").count() == 1
