"""Each role's home shows what that role does, and the menu offers "我的任务" only to those with tasks."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _home(user) -> tuple[str, dict]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), response.context


def test_a_party_member_sees_their_own_details_and_no_branch_work(member, org_a):
    page, context = _home(member)

    assert 'data-home="member"' in page
    assert "张三" in page and "市税务局党支部" in page
    # Their points card stands where a "coming later" note used to be.
    assert "将在系统后续版本中显示在这里" not in page
    # No branch counts, no ledger loading, nothing to submit.
    assert context["stats"] is None and not context["show_ledger_cards"]
    assert reverse("ledger:home_cards") not in page
    assert "提交" not in page and "在册党员" not in page


def test_the_reviewer_is_told_where_review_tasks_will_appear(reviewer):
    page, context = _home(reviewer)

    assert "评议任务会在这里出现" in page
    assert context["stats"] is None and reverse("ledger:home_cards") not in page


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (Role.SYSTEM_ADMIN, ["用户账号", "定时任务"], ["重置两步验证", "审计日志"]),
        (Role.SECURITY_ADMIN, ["角色分配", "登录锁定", "重置两步验证"], ["审计日志", "定时任务"]),
        (Role.AUDIT_ADMIN, ["审计日志", "后台操作记录"], ["角色分配", "用户账号"]),
    ],
)
def test_an_admin_role_sees_links_to_its_own_duties_only(role, shown, hidden):
    page, context = _home(UserFactory(username=f"admin_{role}", role=role, is_staff=True))

    labels = [duty["label"] for duty in context["admin_duties"]]
    assert all(label in labels for label in shown), labels
    assert not any(label in labels for label in hidden), labels
    assert 'data-home="admin"' in page and reverse("ledger:home_cards") not in page


def test_business_roles_get_no_admin_duties(staff_client, sec_a_client):
    for client in (staff_client, sec_a_client):
        assert client.get(reverse("home")).context["admin_duties"] == []


@pytest.mark.parametrize(
    ("role", "has_tasks"),
    [
        (Role.SECRETARY, True),
        (Role.COMMITTEE_STAFF, False),
        (Role.MEMBER, False),
        (Role.REVIEWER, False),
        (Role.REPORTING, False),
        (Role.SYSTEM_ADMIN, False),
        (Role.SECURITY_ADMIN, False),
        (Role.AUDIT_ADMIN, False),
    ],
)
def test_only_a_role_with_tasks_finds_my_tasks_in_the_menu(org_a, role, has_tasks):
    organization = org_a if role in (Role.SECRETARY, Role.MEMBER) else None
    user = UserFactory(username=f"menu_{role}", role=role, organization=organization, is_staff=True)

    page, context = _home(user)

    labels = [item["label"] for item in context["nav_items"]]
    assert ("我的任务" in labels) is has_tasks
    assert (f'href="{reverse("ledger:my_tasks")}"' in page) is has_tasks


def test_the_unread_count_shows_on_the_collapsed_phone_bar(sec_a_client, secretary_a):
    from accounts.notifications import notification_send

    notification_send(user=secretary_a, title="台账任务已逾期")
    notification_send(user=secretary_a, title="台账任务已逾期（二）")

    page = sec_a_client.get(reverse("home")).content.decode()
    bar = page.split('<button class="navbar-toggler"')[0]  # what a phone shows before opening the menu

    assert '<span class="badge rounded-pill text-bg-warning" data-unread-collapsed>2</span>' in bar
    assert 'class="pb-bell d-lg-none' in bar and "通知（2 条未读）" in bar
