from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Notification, Role
from ledger import services
from ledger.models import Assignment
from ledger.tasks import mark_overdue_task
from tests.factories import UserFactory


@pytest.fixture
def one_off_overdue(ledger_item, committee_staff, org_a, org_b):
    """A one-off task due 2020-01-31 for both orgs: overdue on 2020-02-01."""
    return services.task_create(
        item=ledger_item,
        title="报送年度工作计划",
        by=committee_staff,
        deadline=date(2020, 1, 31),
        responsible_orgs=[org_a, org_b],
    )


def test_it_notifies_each_responsible_secretary_of_an_overdue_assignment(
    one_off_overdue, secretary_a, secretary_b
):
    assert services.overdue_mark_and_notify(today=date(2020, 2, 1)) == 2
    notice = Notification.objects.get(user=secretary_a)
    assert "报送年度工作计划" in notice.title
    assert "2020-01-31" in notice.body
    assert Notification.objects.filter(user=secretary_b).count() == 1


def test_it_notifies_each_assignment_only_once(one_off_overdue, secretary_a):
    services.overdue_mark_and_notify(today=date(2020, 2, 1))
    assert services.overdue_mark_and_notify(today=date(2020, 2, 2)) == 0
    assert Notification.objects.filter(user=secretary_a).count() == 1
    assert Assignment.objects.filter(task=one_off_overdue, overdue_notified_at__isnull=False).count() == 1


def test_an_org_without_a_secretary_is_reminded_once_one_is_appointed(one_off_overdue, org_b):
    assert services.overdue_mark_and_notify(today=date(2020, 2, 1)) == 0
    UserFactory(username="sec_b_new", role=Role.SECRETARY, organization=org_b)
    assert services.overdue_mark_and_notify(today=date(2020, 2, 2)) == 1
    assert Notification.objects.get().user.username == "sec_b_new"


def test_it_does_not_notify_before_the_due_date(one_off_overdue, secretary_a):
    assert services.overdue_mark_and_notify(today=date(2020, 1, 31)) == 0
    assert not Notification.objects.exists()


def test_it_skips_assignments_already_submitted(one_off_overdue, org_a, secretary_a, secretary_b):
    services.record_submit(
        assignment=one_off_overdue.assignments.get(organization=org_a),
        user=secretary_a,
        content="已报送",
        done_on=date(2020, 1, 20),
    )
    services.overdue_mark_and_notify(today=date(2020, 2, 1))
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["sec_b"]


def test_it_does_not_notify_other_roles_of_the_org(one_off_overdue, org_a, member):
    services.overdue_mark_and_notify(today=date(2020, 2, 1))
    assert not Notification.objects.filter(user=member).exists()


def test_it_skips_assignments_in_a_closed_quarter(one_off_overdue, committee_staff, secretary_a):
    services.period_close(period="2020-Q1", user=committee_staff)
    assert services.overdue_mark_and_notify(today=date(2020, 4, 1)) == 0


def test_it_emails_only_when_enabled(one_off_overdue, org_a, settings, django_capture_on_commit_callbacks):
    UserFactory(username="sec_mail", role=Role.SECRETARY, organization=org_a, email="sec@example.com")
    settings.PARTYBUILD_EMAIL_NOTIFICATIONS = False
    # E-mail goes out on commit: run those callbacks, or a mail that should not be sent would pass unseen.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_mark_and_notify(today=date(2020, 2, 1)) == 1
    assert Notification.objects.filter(user__username="sec_mail").count() == 1  # the in-app reminder was made
    assert mail.outbox == []


def test_it_emails_the_secretary_when_enabled(
    one_off_overdue, org_a, settings, django_capture_on_commit_callbacks
):
    UserFactory(username="sec_mail", role=Role.SECRETARY, organization=org_a, email="sec@example.com")
    settings.PARTYBUILD_EMAIL_NOTIFICATIONS = True
    with django_capture_on_commit_callbacks(execute=True):
        services.overdue_mark_and_notify(today=date(2020, 2, 1))
    assert [m.to for m in mail.outbox] == [["sec@example.com"]]
    assert "报送年度工作计划" in mail.outbox[0].subject


def test_the_celery_task_runs_the_reminder(one_off_overdue, secretary_a, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2020, 2, 1))
    assert mark_overdue_task.delay().get() == 1
    assert Notification.objects.filter(user=secretary_a).exists()


def test_the_management_command_reports_how_many_were_reminded(one_off_overdue, secretary_a):
    out = StringIO()
    call_command("mark_overdue", "--date", "2020-02-01", stdout=out)
    assert "已提醒 1 项逾期任务" in out.getvalue()


def test_the_management_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("mark_overdue", "--date", "2020/02/01")


def test_the_reminder_names_the_period_as_people_read_it_and_quotes_the_task_once(task_monthly, secretary_a):
    services.overdue_mark_and_notify(today=date(2020, 2, 1))

    notice = Notification.objects.get(user=secretary_a)
    assert notice.title == "台账任务已逾期：开展主题党日活动（2020年1月）"
    assert "任务“开展主题党日活动”（2020年1月）" in notice.body
    assert "2020-M" not in notice.title + notice.body and "““" not in notice.body
