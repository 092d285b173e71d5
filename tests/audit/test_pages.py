"""The audit pages: only for the audit admin, filtered, paged in constant queries, exported (audited)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.audit import chain
from accounts.audit.context import AuditContext
from accounts.audit.models import AuditEvent
from accounts.audit.writer import snapshot
from accounts.models import Role, Unit
from tests.conftest import browser_as
from tests.factories import UserFactory

from .conftest import events


def _event(action="test.event", *, actor=None, address="10.0.0.1", result="success", days_ago=0):
    fields = snapshot(
        action, context=AuditContext(channel="page", address=address), actor=actor, result=result
    )
    fields["time"] = timezone.now() - timedelta(days=days_ago)
    return chain.append(fields)


@pytest.mark.parametrize(
    "role", [Role.COMMITTEE_STAFF, Role.SECRETARY, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.REPORTING]
)
def test_everybody_but_the_audit_admin_gets_403_and_the_denial_is_recorded(db, role):
    user = UserFactory(username=f"u_{role}", role=role, is_staff=True)
    client = browser_as(user)
    for name in ("audit:event_list", "audit:event_export", "audit:admin_log"):
        assert client.get(reverse(name), REMOTE_ADDR="10.7.7.7").status_code == 403
    denied = events("request.denied")
    assert denied.count() == 3
    assert set(denied.values_list("actor_username", "address")) == {(user.username, "10.7.7.7")}


def test_a_superuser_does_not_read_the_audit_trail_either(db):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert browser_as(root).get(reverse("audit:event_list")).status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get(reverse("audit:event_list")).status_code == 302


def test_the_audit_admin_reads_events_newest_first_in_chinese(audit_client, secretary_a):
    _event("login.failure", result="failure", address="10.1.1.1")
    _event("export.members", actor=secretary_a, address="10.2.2.2")
    response = audit_client.get(reverse("audit:event_list"))
    assert response.status_code == 200
    actions = [event.action for event in response.context["page"]]
    assert actions[:2] == ["export.members", "login.failure"]
    html = response.content.decode()
    assert "导出党员名册" in html and "登录失败" in html and "10.2.2.2" in html
    assert "审计日志" in html and reverse("audit:admin_log") in html  # menu and link to the admin log


def test_it_filters_by_date_actor_action_result_and_address(audit_client, secretary_a, member):
    _event("login.success", actor=secretary_a, address="10.1.0.1", days_ago=10)
    _event("login.failure", result="failure", address="10.2.0.1")
    _event("logout", actor=member, address="192.168.1.9")

    def seqs(**params):
        page = audit_client.get(reverse("audit:event_list"), params).context["page"]
        return {event.action for event in page if not event.action.startswith("test")}

    today = timezone.localdate()
    assert seqs(
        date_from=(today - timedelta(days=11)).isoformat(), date_to=(today - timedelta(days=9)).isoformat()
    ) == {"login.success"}
    assert seqs(actor="sec_") == {"login.success"}
    assert seqs(action="login") == {"login.success", "login.failure"}
    assert seqs(result="failure") == {"login.failure"}
    assert seqs(address="192.168.") == {"logout"}


def test_a_reversed_date_range_is_explained(audit_client):
    response = audit_client.get(
        reverse("audit:event_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "开始日期不能晚于结束日期" in response.content.decode()


def test_the_list_costs_the_same_queries_for_10x_the_rows(
    audit_client, secretary_a, django_assert_max_num_queries
):
    for _n in range(5):
        _event(actor=secretary_a)
    audit_client.get(reverse("audit:event_list"))  # warm caches (content types, session)
    with django_assert_max_num_queries(12) as few:
        audit_client.get(reverse("audit:event_list"))
    for _n in range(45):
        _event(actor=secretary_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = audit_client.get(reverse("audit:event_list"))
    assert len(response.context["page"]) == 50


def test_the_export_holds_the_filtered_events_and_is_itself_audited(audit_client, audit_admin):
    _event("login.failure", result="failure", address="10.5.5.5")
    _event("login.success", address="10.6.6.6")
    response = audit_client.get(reverse("audit:event_export"), {"result": "failure"}, REMOTE_ADDR="10.9.9.9")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "时间（北京时间）", "时间（UTC）")
    assert [(row[7], row[5]) for row in rows[1:]] == [("登录失败", "10.5.5.5")]
    export = events("export.audit").get()
    assert (export.actor, export.rows, export.address, export.detail["filters"]) == (
        audit_admin,
        1,
        "10.9.9.9",
        {"result": "failure"},
    )


def test_the_export_refuses_more_rows_than_the_cap(audit_client, settings):
    settings.AUDIT_EXPORT_MAX_ROWS = 1
    _event()
    _event()
    response = audit_client.get(reverse("audit:event_export"), follow=True)
    assert "超过单次导出上限 1 条" in response.content.decode()
    assert not events("export.audit").exists()


def test_the_admin_log_page_shows_who_changed_what_in_chinese(
    audit_client, committee_staff, django_assert_max_num_queries
):
    unit = Unit.objects.create(name="市审计局")
    content_type = ContentType.objects.get_for_model(Unit)
    for n in range(3):
        LogEntry.objects.create(
            user=committee_staff,
            content_type=content_type,
            object_id=str(unit.pk),
            object_repr=f"市审计局{n}",
            action_flag=CHANGE,
            change_message='[{"changed": {"fields": ["Short name"]}}]',
        )
    audit_client.get(reverse("audit:admin_log"))
    with django_assert_max_num_queries(12):
        response = audit_client.get(reverse("audit:admin_log"), {"user": "staff"})
    html = response.content.decode()
    assert "修改" in html and "市审计局2" in html and "staff" in html and "单位" in html


def test_the_django_admin_shows_the_audit_table_read_only_even_to_superusers(audit_client, db):
    event = _event()
    changelist = reverse("admin:audit_auditevent_changelist")
    assert audit_client.get(changelist).status_code == 200
    assert audit_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        audit_client.post(
            reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    root = browser_as(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert root.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert (
        root.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
