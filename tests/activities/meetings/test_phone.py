"""三会一课 on a phone (390×844, touch) in a real browser: the secretary records a meeting picking each
member's attendance from the roster, and the list, the check grid and the form fit the screen."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from activities.models import Meeting, MeetingType
from activities.services.meetings import exemption_create, meeting_create
from tests.e2e.conftest import _static_files_by_their_own_names, browser  # noqa: F401  (the fixtures)
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def _login_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _overflow(page) -> list[str]:
    problems = []
    if page.evaluate("document.documentElement.scrollWidth") > page.evaluate("window.innerWidth"):
        problems.append("horizontal scroll")
    outside = page.evaluate(
        """() => [...document.querySelectorAll('main .btn, main button')]
            .filter(el => el.offsetParent !== null).filter(el => {
                const r = el.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth })
            .map(el => el.textContent.trim())"""
    )
    return problems + [f"button outside: {label}" for label in outside]


def test_a_secretary_records_a_meeting_on_a_phone_and_the_pages_fit(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    secretary_a,
    committee_staff,
    org_a,
    org_b,
    tmp_path,
):
    roster = [
        MemberFactory(organization=org_a, name=name) for name in ("李明", "王红", "赵强", "孙丽", "周杰")
    ]
    year = timezone.localdate().year
    meeting_create(
        actor=committee_staff,
        organization=org_b,
        meeting_type=MeetingType.GENERAL,
        held_on=date(year, 1, 8),
        expected_count=9,
        present_count=8,
        agenda="学习贯彻党的路线方针政策" * 3,
    )
    exemption_create(
        actor=committee_staff,
        organization=org_b,
        meeting_type="",
        starts_on=date(year, 4, 1),
        ends_on=date(year, 6, 30),
        reason="换届",
    )
    context = browser.new_context(**PHONE)
    _login_cookie(context, live_server, secretary_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/activities/meetings/new/")
    assert _overflow(page) == []
    page.select_option("#id_meeting_type", MeetingType.COMMITTEE)
    page.fill("#id_held_on", f"{year}-01-09")
    page.fill("#id_host", "李明")
    page.click(f'label[for="id_att_{roster[1].pk}_1"]')  # 王红: 请假
    page.click(f'label[for="id_att_{roster[4].pk}_2"]')  # 周杰: 缺席
    page.fill("#id_agenda", "研究发展党员")
    page.screenshot(path=str(tmp_path / "meeting-form.png"), full_page=True)
    page.click("button[type=submit]:has-text('保存')")
    page.wait_for_url("**/activities/meetings/*/")
    meeting = Meeting.objects.get(organization=org_a)
    assert (meeting.expected_count, meeting.present_count, meeting.leave_count) == (5, 3, 1)
    assert page.locator("[data-attendance=present]").count() == 3
    staff = browser.new_context(**PHONE)
    _login_cookie(staff, live_server, committee_staff)
    problems = []
    for ctx, path in (
        (context, "/activities/meetings/"),
        (context, "/activities/meetings/check/"),
        (staff, "/activities/meetings/"),
        (staff, "/activities/meetings/check/"),
        (staff, "/activities/meetings/check/?meeting_type=committee"),
        (staff, "/activities/meetings/exemptions/"),
    ):
        view = ctx.new_page()
        assert view.goto(f"{live_server.url}{path}").status == 200
        view.screenshot(path=str(tmp_path / f"meetings{path.replace('/', '-')}.png"), full_page=True)
        problems += [f"{path}: {p}" for p in _overflow(view)]
        view.close()
    assert problems == []
