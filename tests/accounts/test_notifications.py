"""The in-app inbox where secretaries read overdue reminders."""

import pytest
from django.urls import reverse

from accounts.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminder(secretary_a):
    return Notification.objects.create(
        user=secretary_a, title="任务已逾期：开展主题党日活动", body="截止 2020-02-29", url="/ledger/my/"
    )


def test_it_shows_the_unread_count_in_the_menu_and_the_reminder_in_the_inbox(client, secretary_a, reminder):
    client.force_login(secretary_a)

    home = client.get(reverse("home")).content.decode()
    inbox = client.get(reverse("notification_list")).content.decode()

    assert "data-unread>1<" in home
    assert "任务已逾期：开展主题党日活动" in inbox


def test_it_never_shows_another_users_notifications(client, secretary_b, reminder):
    client.force_login(secretary_b)

    inbox = client.get(reverse("notification_list")).content.decode()
    opened = client.post(reverse("notification_open", args=[reminder.pk]))

    assert "开展主题党日活动" not in inbox
    assert opened.status_code == 404
    reminder.refresh_from_db()
    assert reminder.read_at is None


def test_opening_a_reminder_marks_it_read_and_goes_to_the_task(client, secretary_a, reminder):
    client.force_login(secretary_a)

    response = client.post(reverse("notification_open", args=[reminder.pk]))

    assert response.status_code == 302 and response.url == "/ledger/my/"
    reminder.refresh_from_db()
    assert reminder.read_at is not None
    assert "没有未读通知" in client.get(reverse("notification_list")).content.decode()


def test_it_does_not_follow_a_link_that_leaves_the_portal(client, secretary_a):
    notice = Notification.objects.create(user=secretary_a, title="外部链接", url="https://example.com/")
    client.force_login(secretary_a)

    response = client.post(reverse("notification_open", args=[notice.pk]))

    assert response.url == reverse("notification_list")


def test_mark_all_read_empties_the_unread_list(client, secretary_a, reminder):
    Notification.objects.create(user=secretary_a, title="第二条提醒")
    client.force_login(secretary_a)

    client.post(reverse("notification_read_all"))

    assert not Notification.objects.filter(user=secretary_a, read_at__isnull=True).exists()


def test_the_inbox_runs_a_constant_number_of_queries(client, secretary_a, django_assert_max_num_queries):
    Notification.objects.bulk_create(Notification(user=secretary_a, title=f"提醒{i}") for i in range(30))
    client.force_login(secretary_a)

    with django_assert_max_num_queries(8):
        assert client.get(reverse("notification_list")).status_code == 200
