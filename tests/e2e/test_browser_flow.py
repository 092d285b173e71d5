"""A secretary on a phone and committee staff at a desk, in a real browser (Debian's Chromium).

Runs with the integration tests in CI (.ci/run installs chromium). It also proves the pages load
nothing from the internet: every request that leaves 127.0.0.1 fails the test.
"""

from base64 import b32decode
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from django_otp.oath import TOTP

from ledger import services
from ledger.models import Record, RecordState, Recurrence

pytestmark = pytest.mark.integration

PASSWORD = "pass-12345"  # tests.factories.UserFactory's password
# A 1×1 PNG: the evidence photo the secretary uploads.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5f0a3a10000000049454e44ae426082"
)


def _offline_context(browser, live_server, outside: list, **options):
    context = browser.new_context(locale="zh-CN", **options)
    host = urlparse(live_server.url).hostname

    def guard(route):
        if urlparse(route.request.url).hostname != host:
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    return context


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _enrol_totp(page, screenshot):
    """Committee staff's first login: type the shown secret into an "app", confirm, keep the codes."""
    assert "/account/otp/enrol/" in page.url
    assert page.locator("[data-qr] svg").count() == 1
    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    page.fill("#id_code", f"{TOTP(b32decode(secret)).token():06d}")
    page.screenshot(path=screenshot)
    page.get_by_role("button", name="完成绑定").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-recovery-codes] li").count() == 10
    page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_load_state("networkidle")


def test_a_secretary_submits_on_a_phone_and_staff_accept_it(
    browser, live_server, transactional_db, secretary_a, committee_staff, org_a, tmp_path
):
    year = timezone.localdate().year
    plan = services.plan_create(year=year, title=f"{year}年台账", by=committee_staff)
    item = services.item_create(plan=plan, title="组织生活", by=committee_staff)
    services.task_create(
        item=item,
        title="开展主题党日活动",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a],
    )
    photo = tmp_path / "活动照片.png"
    photo.write_bytes(PNG)
    outside: list[str] = []

    phone = _offline_context(
        browser, live_server, outside, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    _log_in(page, live_server, secretary_a.username)
    page.goto(f"{live_server.url}/ledger/my/")
    assert "开展主题党日活动" in page.content()
    page.get_by_role("link", name="提交记录").first.click()
    page.fill("textarea[name=content]", "在社区开展主题党日，学习党章并清扫街巷。")
    page.fill("input[name=participants]", "18")
    page.set_input_files("input[type=file]", str(photo))
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / "secretary-phone.png"))
    phone.close()

    record = Record.objects.get(assignment__organization=org_a)
    assert record.state == RecordState.SUBMITTED
    assert record.attachments.get().original_name == "活动照片.png"

    desk = _offline_context(browser, live_server, outside, viewport={"width": 1366, "height": 900})
    page = desk.new_page()
    _log_in(page, live_server, committee_staff.username)
    _enrol_totp(page, str(tmp_path / "staff-totp-enrol.png"))
    page.goto(f"{live_server.url}/ledger/records/{record.pk}/")
    page.get_by_label("通过").check()
    page.get_by_role("button", name="提交审核结果").click()
    page.wait_for_load_state("networkidle")
    desk.close()

    record.refresh_from_db()
    assert record.state == RecordState.ACCEPTED
    assert outside == [], f"pages asked the internet for: {outside}"
