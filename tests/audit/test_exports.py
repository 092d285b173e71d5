"""Exports record who exported what and how many rows: members, ledger summary/overdue/plan, admin, audit."""

import pytest
from django.urls import reverse

from accounts.models import Member, Role
from ledger.models import Plan
from tests.conftest import browser_as
from tests.factories import MemberFactory, UserFactory
from tests.ledger.conftest import LEDGER_TODAY

from .conftest import events

ADDRESS = "10.3.3.3"


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: LEDGER_TODAY)


def test_the_member_export_records_the_exporter_and_the_row_count(staff_client, committee_staff, org_a):
    MemberFactory.create_batch(3, organization=org_a)
    response = staff_client.get(reverse("member_export"), {"q": "党员"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    event = events("export.members").get()
    assert (event.actor, event.address, event.rows, event.channel) == (committee_staff, ADDRESS, 3, "page")
    assert event.object_type.model_class() is Member and event.detail["filters"] == {"q": "党员"}


def test_the_ledger_summary_export_is_recorded(staff_client, committee_staff, task_monthly, task_quarterly):
    staff_client.get(reverse("ledger:summary"), {"year": 2020, "by": "item", "export": "xlsx"})
    event = events("export.ledger_summary").get()
    assert (event.actor, event.rows, event.detail["year"], event.detail["by"]) == (
        committee_staff,
        2,
        2020,
        "item",
    )


def test_the_overdue_export_is_recorded(staff_client, committee_staff, task_monthly, fixed_today):
    staff_client.get(reverse("ledger:overdue_list"), {"export": "xlsx"})
    event = events("export.ledger_overdue").get()
    assert (event.actor, event.rows) == (committee_staff, 4)


def test_the_yearly_ledger_export_is_recorded(staff_client, committee_staff, task_monthly, task_quarterly):
    response = staff_client.get(reverse("ledger_imports:export"), {"year": 2020})
    assert response.status_code == 200
    event = events("export.ledger_plan").get()
    assert (event.actor, event.rows, event.detail["year"]) == (committee_staff, 2, 2020)
    assert event.object_type.model_class() is Plan


def test_looking_at_the_summary_page_is_no_export(staff_client, task_monthly):
    staff_client.get(reverse("ledger:summary"), {"year": 2020})
    assert not events().filter(action__startswith="export.").exists()


@pytest.mark.urls("tests.accounts.admin_urls")
def test_the_admin_export_records_the_rows_exported(db, org_a):
    MemberFactory.create_batch(2, organization=org_a)
    root = UserFactory(username="gw", role=Role.COMMITTEE_STAFF, is_staff=True)
    response = browser_as(root).post(
        reverse("admin:accounts_member_export"),
        {"format": "0", "resource": "0", "memberresource_name": "on"},
        REMOTE_ADDR=ADDRESS,
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = events("export.admin").get()
    assert (event.actor, event.rows, event.address, event.channel) == (root, 2, ADDRESS, "admin")
    assert event.object_type.model_class() is Member
