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


def test_staff_see_who_submitted_a_record_without_a_link_to_a_user_page_they_may_not_open(
    staff_client, record_a, committee_staff
):
    from ledger import services

    services.record_review(record=record_a, user=committee_staff, accept=True)

    response = staff_client.get(reverse("admin:ledger_record_change", args=[record_a.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert str(record_a.submitted_by) in page and str(committee_staff) in page
    assert "/admin/accounts/user/" not in page
    # The user pages really are closed to them: a link there would have been a dead end.
    assert (
        staff_client.get(reverse("admin:accounts_user_change", args=[committee_staff.pk])).status_code == 403
    )
