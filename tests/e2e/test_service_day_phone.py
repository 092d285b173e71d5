"""A theme party day recorded on a phone (390×844, touch, WeChat's browser) in a real Chromium: the
secretary picks attendance from the roster, adds a photo, saves, accepts the ledger tasks the day can
fill, and sees them submitted (entered once, counted everywhere). Screenshots go to tmp_path (or to
$PHONE_SCREENSHOTS)."""

import pytest
from django.utils import timezone

from activities.models import AttendanceStatus, ServiceDay
from ledger import services
from ledger.models import ActivityKind, Record, RecordState, Recurrence
from tests.e2e.test_phone import PASSWORD, PHONE, WECHAT, _png, _shots
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration


def _no_horizontal_overflow(page) -> bool:
    # Against the phone's width, not innerWidth: a too-wide element widens a mobile layout viewport.
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"] + 1


def test_a_secretary_records_a_theme_party_day_and_accepts_the_proposed_ledger_tasks(
    browser, live_server, transactional_db, secretary_a, committee_staff, org_a, tmp_path
):
    year = timezone.localdate().year
    plan = services.plan_create(year=year, title=f"{year}年台账", by=committee_staff)
    item = services.item_create(plan=plan, title="组织生活", by=committee_staff)
    for title, recurrence in (("主题党日", Recurrence.MONTHLY), ("党员服务日", Recurrence.MONTHLY)):
        services.task_create(
            item=item,
            title=title,
            by=committee_staff,
            recurrence=recurrence,
            responsible_orgs=[org_a],
            activity_kind=ActivityKind.SERVICE_DAY,
        )
    roster = [MemberFactory(organization=org_a, name=n) for n in ("张伟", "李娜", "王强", "刘洋", "陈静")]
    photo = tmp_path / "主题党日合影.png"
    photo.write_bytes(_png(800, 600))
    shots = _shots(tmp_path)

    context = browser.new_context(**PHONE, user_agent=WECHAT)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", secretary_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    # The home card says this month's day is not held yet and leads to the form.
    card = page.locator("[data-home=service-day]")
    assert card.locator("[data-held=no]").count() == 1
    card.locator("a").tap()
    page.wait_for_load_state("networkidle")

    assert page.input_value("input[name=held_on]") == timezone.localdate().isoformat()
    for member in roster:  # everyone on the roster, present by default
        assert page.locator(f"[data-member='{member.pk}'] [data-present]").is_checked()
    page.locator("label[for=id_theme_0]").tap()  # 学习教育
    page.fill("input[name=place]", "红枫湖镇右七村")
    page.fill("textarea[name=content]", "学习党章，到联系村宣讲惠民政策。")
    page.locator(f"[data-member='{roster[3].pk}'] [data-present]").tap()  # 刘洋 did not come
    page.locator(f"[data-member='{roster[4].pk}'] [data-leave]").tap()  # 陈静 asked for leave
    page.set_input_files("input[name=photos]", str(photo))
    assert _no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "1-service-day-form.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-save]").tap()
    page.wait_for_load_state("networkidle")

    # Saved: the portal proposes this month's open ledger tasks the day fulfils, ticked.
    assert "/ledger/activity-fill/" in page.url
    proposals = page.locator("[data-proposal]")
    assert proposals.count() == 2
    assert _no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "2-proposed-tasks.png"), full_page=True)
    with page.expect_navigation():
        page.locator("[data-fill-confirm]").tap()
    page.wait_for_load_state("networkidle")

    day = ServiceDay.objects.get()
    assert (day.expected, day.present, day.on_leave) == (5, 3, 1)
    assert dict(day.attendance.values_list("member__name", "status"))["陈静"] == AttendanceStatus.ON_LEAVE
    assert day.photos.get().original_name == "主题党日合影.png"
    assert page.url.endswith(f"/activities/service-days/{day.pk}/")
    filled = page.locator("[data-filled] li")
    assert filled.count() == 2
    assert "已提交" in filled.first.inner_text()
    assert _no_horizontal_overflow(page)
    page.screenshot(path=str(shots / "3-service-day.png"), full_page=True)

    records = Record.objects.filter(assignment__organization=org_a)
    assert records.count() == 2
    assert all(r.state == RecordState.SUBMITTED and r.source == day for r in records)

    # The task's page says where its record came from and links back.
    page.goto(live_server.url + page.locator("[data-filled-assignment]").first.get_attribute("href"))
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-activity-fill=service_day]").count() == 1
    page.screenshot(path=str(shots / "4-assignment.png"), full_page=True)

    # The list is cards on the phone; the grid scrolls inside its own box.
    for name, path in (("5-list", "/activities/service-days/"), ("6-grid", "/activities/service-days/grid/")):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert _no_horizontal_overflow(page), path
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    context.close()
