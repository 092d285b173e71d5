"""The ledger on a phone (390×844, touch) in a real browser (Debian's Chromium).

1. The secretary's minute, in WeChat's in-app browser: from the page after login to a submitted record
   with a photo in at most four taps (the task, the text, the photo, submit) and without scrolling.
   Typing does not count; a tap that opens the camera or the file picker counts once together with the
   choice made there (on a phone that is the camera's shutter). The photo is scaled down in the browser
   before it is sent.
2. Every list page fits the phone: no horizontal overflow and every action button inside the viewport.

Screenshots of each screen go to the test's tmp_path (or to $PHONE_SCREENSHOTS when set).
"""

import os
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ledger import services
from ledger.models import Assignment, Record, RecordState, Recurrence

pytestmark = pytest.mark.integration

PASSWORD = "pass-12345"  # tests.factories.UserFactory's password
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
# WeChat's in-app browser on Android (the secretary opens the link from a WeChat group).
WECHAT = (
    "Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
    "Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230405 MicroMessenger/8.0.35.2360"
)
LONG_ORG = "宁波市某某区机关工委下属第一党总支第三党支部（综合办公室、财务科、人事科联合支部）"


def _png(width: int, height: int) -> bytes:
    """A phone-sized photo (a gradient) written without an image library."""
    row = bytes([0]) + bytes((x * 255 // width) % 256 for x in range(width)) * 3
    raw = b"".join(row for _y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("not a JPEG")


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PHONE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def _this_years_monthly_task(committee_staff, orgs, title="开展主题党日活动"):
    year = timezone.localdate().year
    plan = services.plan_create(year=year, title=f"{year}年台账", by=committee_staff)
    item = services.item_create(plan=plan, title="组织生活", by=committee_staff)
    return services.task_create(
        item=item, title=title, by=committee_staff, recurrence=Recurrence.MONTHLY, responsible_orgs=orgs
    )


def test_a_secretary_submits_a_record_with_a_photo_in_four_taps_without_scrolling(
    browser, live_server, transactional_db, secretary_a, committee_staff, org_a, tmp_path
):
    _this_years_monthly_task(committee_staff, [org_a])
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(_png(3200, 2400))  # a phone photo's size: the browser must scale it
    shots = _shots(tmp_path)
    context = browser.new_context(**PHONE, user_agent=WECHAT)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", secretary_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    taps = 0

    def tap(locator):
        nonlocal taps
        assert _in_view(page, locator), "the next step is below the fold: the secretary would scroll"
        assert page.evaluate("window.scrollY") == 0
        taps += 1
        locator.tap()

    # The home page lists this month's and overdue tasks first, each with its submit button.
    submit_task = page.locator("[data-submit-task]").first
    submit_task.wait_for()
    page.screenshot(path=str(shots / "1-home.png"))
    tap(submit_task)
    page.wait_for_load_state("networkidle")
    assert page.input_value("input[name=done_on]") == timezone.localdate().isoformat()

    tap(page.locator("textarea[name=content]"))
    page.keyboard.type("组织党员学习党章，开展志愿服务。")
    camera = page.locator("[data-pick=camera]")
    assert page.locator("[data-pick=camera] input").get_attribute("capture") == "environment"
    with page.expect_file_chooser() as chooser:
        tap(camera)
    chooser.value.set_files(str(photo))
    page.locator("[data-evidence-list] li").first.wait_for()
    page.screenshot(path=str(shots / "2-record-form.png"))
    with page.expect_navigation():
        tap(page.locator("[data-submit-record]"))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "3-submitted.png"))

    assert taps <= 4
    record = Record.objects.get(assignment__organization=org_a)
    assert record.state == RecordState.SUBMITTED and record.done_on == timezone.localdate()
    attachment = record.attachments.get()
    assert attachment.content_type == "image/jpeg"
    with attachment.file.open("rb") as stored:
        width, height = _jpeg_size(stored.read())
    assert max(width, height) <= 1600 and (width, height) == (1600, 1200)
    context.close()


def _login_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)  # passes the second factor for committee staff (tests/conftest.py)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _fill_the_ledger(committee_staff, secretary_a, org_a, org_b):
    org_b.name = LONG_ORG
    org_b.save(update_fields=["name"])
    title = "组织开展“不忘初心、牢记使命”主题党日活动并报送活动照片和签到表"
    task = _this_years_monthly_task(committee_staff, [org_a, org_b], title=title)
    january = Assignment.objects.get(task=task, organization=org_a, period__endswith="-M01")
    today = timezone.localdate()
    services.record_submit(
        assignment=january,
        user=secretary_a,
        content="在社区开展主题党日，学习党章并清扫街巷。" * 3,
        done_on=min(today, date(today.year, 1, 20)),
        participants=18,
    )


PAGES = [
    ("secretary", "/"),
    ("secretary", "/ledger/my/"),
    ("secretary", "/ledger/my/assignments/"),
    ("staff", "/"),
    ("staff", "/ledger/review/"),
    ("staff", "/ledger/summary/"),
    ("staff", "/ledger/summary/?by=period"),
    ("staff", "/ledger/overdue/"),
    ("staff", "/ledger/plans/"),
    ("staff", "/ledger/periods/"),
    ("staff", "/ledger/summary/?by=org"),
    ("staff", "/organizations/"),
    ("staff", "/members/"),
    ("staff", "/exports/"),
    ("secretary", "/exports/"),
]
# The six systems' lists, by URL name (reversed when the test runs).
NAMED_PAGES = [
    ("staff", "activities:vetting_list"),
    ("staff", "activities:talk_list"),
    ("staff", "activities:talks_due"),
    ("staff", "bulletins:bulletin_list"),
    ("secretary", "bulletins:bulletin_list"),
    ("staff", "bulletins:talk_list"),
    ("staff", "bulletins:rectification_list"),
    ("secretary", "bulletins:my_rectifications"),
    ("staff", "scoring:session_list"),
    ("staff", "archives:archive_list"),
]


def test_every_list_page_fits_a_phone_with_its_buttons_on_screen(
    browser, live_server, transactional_db, secretary_a, committee_staff, org_a, org_b, tmp_path
):
    _fill_the_ledger(committee_staff, secretary_a, org_a, org_b)
    shots = _shots(tmp_path)
    contexts = {}
    for role, user in (("secretary", secretary_a), ("staff", committee_staff)):
        contexts[role] = browser.new_context(**PHONE)
        _login_cookie(contexts[role], live_server, user)
    problems = []
    for role, path in [*PAGES, *((role, reverse(name)) for role, name in NAMED_PAGES)]:
        page = contexts[role].new_page()
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200, (path, response.status)
        name = f"{role}{path.replace('/', '-').replace('?', '-')}".strip("-")
        page.screenshot(path=str(shots / f"list-{name}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        inner = page.evaluate("window.innerWidth")
        if width > inner:
            problems.append(f"{role} {path}: scrollWidth {width} > innerWidth {inner}")
        outside = page.evaluate(
            """() => [...document.querySelectorAll('main .btn, main button, main input[type=submit]')]
                .filter(el => el.offsetParent !== null && !el.closest('[hidden], .pb-lightbox'))
                .map(el => [el.textContent.trim() || el.getAttribute('aria-label'),
                            el.getBoundingClientRect()])
                .filter(([, r]) => r.left < 0 || r.right > window.innerWidth)
                .map(([label, r]) => `${label} (${Math.round(r.left)}–${Math.round(r.right)})`)"""
        )
        if outside:
            problems.append(f"{role} {path}: buttons outside the screen: {outside}")
        single = page.evaluate(
            """() => [...document.querySelectorAll('main td, main th')]
                .filter(el => el.offsetParent !== null && el.textContent.trim().length > 4)
                .filter(el => el.getBoundingClientRect().width < 30)
                .map(el => el.textContent.trim().slice(0, 12))"""
        )
        if single:
            problems.append(f"{role} {path}: one-character columns: {single[:5]}")
        page.close()
    for context in contexts.values():
        context.close()
    assert problems == []


def test_a_file_over_the_limit_is_refused_in_the_browser_before_it_is_sent(
    browser, live_server, transactional_db, secretary_a, committee_staff, org_a, settings, tmp_path
):
    settings.UPLOAD_MAX_BYTES = 200 * 1024
    task = _this_years_monthly_task(committee_staff, [org_a])
    assignment = task.assignments.order_by("due_date").first()
    big = tmp_path / "会议纪要.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (400 * 1024))
    context = browser.new_context(**PHONE)
    _login_cookie(context, live_server, secretary_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/ledger/assignments/{assignment.pk}/submit/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    page.set_input_files("[data-pick=files] input", str(big))

    error = page.locator("[data-evidence-error]")
    error.wait_for()
    assert "会议纪要.pdf" in error.inner_text() and "超过每个文件" in error.inner_text()
    assert page.locator("[data-evidence-list] li").count() == 0
    assert page.evaluate("document.querySelector('[data-pick=files] input').files.length") == 0
    assert posts == []
    page.screenshot(path=str(_shots(tmp_path) / "4-file-too-large.png"))
    context.close()
