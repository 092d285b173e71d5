"""三员分立 and the services in the ledger's admin: what the issue reproduced is refused over HTTP."""

import pytest
from django.urls import reverse

from accounts.models import Role
from ledger import services as ledger
from ledger.models import PeriodClosure, Record, RecordState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _admin(client, role):
    user = UserFactory(username=f"adm_{role}", role=role, is_staff=True)
    client.force_login(user)
    return user


def test_the_audit_admin_opens_no_ledger_record(client, record_a):
    _admin(client, Role.AUDIT_ADMIN)
    assert client.get(reverse("admin:ledger_record_change", args=[record_a.pk])).status_code in (302, 403)
    assert client.get(reverse("admin:ledger_record_changelist")).status_code == 403


def test_staff_cannot_delete_an_accepted_record_of_a_closed_quarter_or_the_closure(
    client, committee_staff, record_a
):
    ledger.record_review(record=record_a, user=committee_staff, accept=True)
    closure = ledger.period_close(period="2020-Q1", user=committee_staff)
    client.force_login(committee_staff)
    client.post(reverse("admin:ledger_record_delete", args=[record_a.pk]), {"post": "yes"})
    client.post(reverse("admin:ledger_periodclosure_delete", args=[closure.pk]), {"post": "yes"})
    assert Record.objects.get(pk=record_a.pk).state == RecordState.ACCEPTED
    assert PeriodClosure.objects.get(pk=closure.pk).is_closed


def test_staff_edit_plans_only_through_the_portal_services(client, committee_staff, ledger_plan):
    client.force_login(committee_staff)
    response = client.post(
        reverse("admin:ledger_plan_change", args=[ledger_plan.pk]), {"year": 2020, "title": "改掉标题"}
    )
    assert response.status_code == 403
    ledger_plan.refresh_from_db()
    assert ledger_plan.title != "改掉标题"
