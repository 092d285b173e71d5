"""Changes through services (every history row) and through the admin (every LogEntry), recorded once each."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.audit.context import AuditContext, bind
from accounts.models import Member, Unit
from tests.factories import UserFactory

from .conftest import events


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_it_records_creates_and_updates_made_through_the_api_services(
    staff_api, committee_staff, org_a, on_commit
):
    with on_commit():
        response = staff_api.post(
            reverse("member-list"),
            {"name": "王五", "organization": org_a.pk},
            format="json",
            REMOTE_ADDR="10.0.0.5",
        )
    assert response.status_code == 201, response.data
    member = Member.objects.get(name="王五")
    with on_commit():
        staff_api.patch(reverse("member-detail", args=[member.pk]), {"phone": "123"}, format="json")
    created, updated = events("object.create").get(object_id=str(member.pk)), events("object.update").get()
    assert (created.actor, created.channel, created.address) == (committee_staff, "api", "10.0.0.5")
    assert (created.object_type.model_class(), created.object_repr) == (Member, "王五")
    assert (updated.actor, updated.object_id, updated.result) == (committee_staff, str(member.pk), "success")


def test_it_records_a_delete_with_the_actor_of_the_context(secretary_a, on_commit):
    unit = services.unit_get_or_create(name="市档案局")
    with bind(AuditContext(channel="task", request_id="t-1", user=secretary_a)), on_commit():
        unit.delete()
    deleted = events("object.delete").get()
    assert (deleted.actor, deleted.channel, deleted.object_repr) == (secretary_a, "task", "市档案局")


def test_a_rolled_back_service_leaves_no_object_event(org_a, on_commit):
    with on_commit(), pytest.raises(ValidationError):
        services.member_create(organization=org_a, name="")
    assert not events("object.create").filter(object_repr="").exists()


def test_it_mirrors_admin_adds_changes_and_deletes_once_each(client, superuser, on_commit):
    client.force_login(superuser)
    with on_commit():
        client.post(reverse("admin:accounts_unit_add"), {"name": "市统计局", "short_name": "", "nature": ""})
    unit = Unit.objects.get(name="市统计局")
    with on_commit():
        client.post(
            reverse("admin:accounts_unit_change", args=[unit.pk]),
            {"name": "市统计局", "short_name": "统计局", "nature": ""},
        )
    with on_commit():
        client.post(reverse("admin:accounts_unit_delete", args=[unit.pk]), {"post": "yes"})
    actions = list(events().exclude(action__startswith="login").values_list("action", "channel", "actor_id"))
    assert actions == [
        ("admin.add", "admin", superuser.pk),
        ("admin.change", "admin", superuser.pk),
        ("admin.delete", "admin", superuser.pk),
    ]
    assert "简称" in events("admin.change").get().detail["message"]


def test_it_mirrors_a_bulk_admin_delete_as_one_event_per_object(client, superuser, on_commit):
    units = [Unit.objects.create(name=f"批量单位{n}") for n in range(3)]
    client.force_login(superuser)
    with on_commit():
        client.post(
            reverse("admin:accounts_unit_changelist"),
            {"action": "delete_selected", "_selected_action": [u.pk for u in units], "post": "yes"},
        )
    assert not Unit.objects.filter(name__startswith="批量单位").exists()
    assert sorted(events("admin.delete").values_list("object_repr", flat=True)) == [u.name for u in units]
    assert not events("object.delete").exists()
