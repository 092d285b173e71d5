from django.urls import reverse

from ledger.models import Record, RecordState


def test_the_admin_action_accepts_records_through_the_service(client, record_a, record_b, committee_staff):
    committee_staff.is_superuser = True
    committee_staff.save()
    client.force_login(committee_staff)
    response = client.post(
        reverse("admin:ledger_record_changelist"),
        {"action": "accept_selected", "_selected_action": [record_a.pk, record_b.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.ACCEPTED}
    assert record_a.history.first().history_user == committee_staff


def test_the_record_changelist_loads(client, record_a, committee_staff):
    committee_staff.is_superuser = True
    committee_staff.save()
    client.force_login(committee_staff)
    response = client.get(reverse("admin:ledger_record_changelist"))
    assert response.status_code == 200
    assert "开展主题党日活动" in response.content.decode()
