"""Changes through services (every history row) and through the admin (every LogEntry), recorded once each."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule

from accounts import services
from accounts.audit.context import AuditContext, bind
from accounts.models import Member, Role
from tests.factories import UserFactory

from .conftest import events

# The schedule's page lists the jobs that use it (an inline); an empty one is submitted with it.
NO_INLINES = {"periodictask_set-TOTAL_FORMS": "0", "periodictask_set-INITIAL_FORMS": "0"}


@pytest.fixture
def sysadmin(db):
    """The system admin keeps the scheduled jobs: rows it may add, change and delete in the admin."""
    return UserFactory(username="sys", role=Role.SYSTEM_ADMIN, is_staff=True)


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
        services.member_create(actor=None, organization=org_a, name="")
    assert not events("object.create").filter(object_repr="").exists()


def test_it_mirrors_admin_adds_changes_and_deletes_once_each(client, sysadmin, on_commit):
    client.force_login(sysadmin)
    with on_commit():
        client.post(
            reverse("admin:django_celery_beat_intervalschedule_add"),
            {"every": "5", "period": "minutes", **NO_INLINES},
        )
    interval = IntervalSchedule.objects.get(every=5)
    with on_commit():
        client.post(
            reverse("admin:django_celery_beat_intervalschedule_change", args=[interval.pk]),
            {"every": "10", "period": "minutes", **NO_INLINES},
        )
    with on_commit():
        client.post(
            reverse("admin:django_celery_beat_intervalschedule_delete", args=[interval.pk]), {"post": "yes"}
        )
    actions = list(events().exclude(action__startswith="login").values_list("action", "channel", "actor_id"))
    assert actions == [
        ("admin.add", "admin", sysadmin.pk),
        ("admin.change", "admin", sysadmin.pk),
        ("admin.delete", "admin", sysadmin.pk),
    ]
    every = str(IntervalSchedule._meta.get_field("every").verbose_name)
    assert every in events("admin.change").get().detail["message"]


def test_it_mirrors_a_bulk_admin_delete_as_one_event_per_object(client, sysadmin, on_commit):
    intervals = [IntervalSchedule.objects.create(every=n, period="days") for n in (1, 2, 3)]
    client.force_login(sysadmin)
    with on_commit():
        client.post(
            reverse("admin:django_celery_beat_intervalschedule_changelist"),
            {"action": "delete_selected", "_selected_action": [i.pk for i in intervals], "post": "yes"},
        )
    assert not IntervalSchedule.objects.filter(period="days").exists()
    assert sorted(events("admin.delete").values_list("object_repr", flat=True)) == sorted(
        str(i) for i in intervals
    )
    assert not events("object.delete").exists()
