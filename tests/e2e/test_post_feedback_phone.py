"""服务监督岗 on a phone (390×844, touch) in a real browser (Debian's Chromium): a visitor opens the URL a
printed plate's QR code holds, leaves a complaint without logging in, and the org's secretary logs in,
finds it from the home card and answers it. Screenshots go to tmp_path (or $PHONE_SCREENSHOTS)."""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client

from activities.models import Feedback, FeedbackKind, FeedbackState
from activities.services.posts import service_post_create
from activities.views.posts import qr_svg
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration

PASSWORD = "pass-12345"  # tests.factories.UserFactory's password
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PHONE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _plate_url(browser, live_server, committee_staff, post, shots: Path) -> str:
    """What the printed plate's QR code holds, read from the staff's plates page."""
    client = Client()
    client.force_login(committee_staff)  # passes the second factor (tests/conftest.py)
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/activities/posts/plates/?org={post.organization_id}")
    plate = page.locator(f"[data-plate='{post.pk}']")
    url = plate.get_attribute("data-url")
    # The QR code drawn on the plate is the code of exactly that URL.
    drawn = plate.locator("svg path").get_attribute("d")
    assert drawn and drawn == re.search(r' d="([^"]+)"', str(qr_svg(url))).group(1)
    page.emulate_media(media="print")
    page.locator("[data-plates]").screenshot(path=str(shots / "0-plates-print.png"))
    context.close()
    return url


def test_a_visitor_complains_from_a_plate_and_the_secretary_answers_on_a_phone(
    browser, live_server, transactional_db, committee_staff, secretary_a, org_a, tmp_path
):
    post = service_post_create(
        actor=committee_staff,
        organization=org_a,
        member=MemberFactory(organization=org_a, name="周敏"),
        title="办税服务窗口",
        pledge="首问负责、一次告知、限时办结",
        phone="0851-82511234",
        established_on=date(2024, 3, 1),
    )
    for name, title, model in (
        ("李娜", "纳税咨询岗", 2026),
        ("王强", "综合服务岗", None),
        ("陈静", "政策咨询岗", None),
    ):
        service_post_create(
            actor=committee_staff,
            organization=org_a,
            member=MemberFactory(organization=org_a, name=name),
            title=title,
            phone="0851-82519876",
            is_model_post=model is not None,
            model_year=model,
        )
    shots = _shots(tmp_path)
    url = _plate_url(browser, live_server, committee_staff, post, shots)
    assert url.startswith(live_server.url) and post.public_code in url

    # The visitor: no account, a phone, straight from the QR code.
    visitor = browser.new_context(**PHONE)
    page = visitor.new_page()
    page.goto(url)
    assert "办税服务窗口" in page.content() and "周敏" in page.content()
    assert _fits(page)
    page.screenshot(path=str(shots / "1-public-page.png"), full_page=True)
    page.locator("input[name=kind][value=complaint]").tap()
    page.locator("textarea[name=text]").tap()
    page.keyboard.type("中午十二点窗口无人，等了四十分钟。")
    with page.expect_navigation():
        page.locator("button[type=submit]").tap()
    assert "感谢您的评价" in page.content()
    assert "中午十二点窗口无人" not in page.content()  # nothing anybody left is shown back
    page.screenshot(path=str(shots / "2-thanks.png"), full_page=True)
    visitor.close()
    item = Feedback.objects.get()
    assert (item.post_id, item.kind, item.state) == (post.pk, FeedbackKind.COMPLAINT, FeedbackState.OPEN)

    # The secretary: logs in on a phone, the home card says one item waits, answers and closes it.
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", secretary_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    card = page.locator("[data-home=feedback]")
    assert "1 条群众评价待处理" in card.inner_text()
    with page.expect_navigation():
        card.locator("a").tap()
    row = page.locator(f"[data-feedback='{item.pk}']")
    assert "中午十二点窗口无人" in row.inner_text()
    assert _fits(page)
    page.screenshot(path=str(shots / "3-feedback-list.png"), full_page=True)
    with page.expect_navigation():
        row.locator("a", has_text="答复/办结").tap()
    page.locator("textarea[name=answer]").tap()
    page.keyboard.type("已安排中午轮岗值守，感谢监督。")
    assert page.locator("input[name=decision][value=answer_close]").is_checked()
    with page.expect_navigation():
        page.locator("[data-answer-form] button[type=submit]").tap()
    page.screenshot(path=str(shots / "4-answered.png"), full_page=True)
    context.close()

    item.refresh_from_db()
    assert item.state == FeedbackState.CLOSED
    assert item.answer == "已安排中午轮岗值守，感谢监督。" and item.answered_by == secretary_a
