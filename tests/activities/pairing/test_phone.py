"""扶贫结对 on a phone (390×844, touch) in a real browser: a secretary records a visit with a photo, and
every pairing list fits the screen (no horizontal overflow, buttons on screen, no one-character columns)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from activities.models import Visit
from activities.services.pairing import household_create, pairing_create, visit_create
from tests.e2e.conftest import _static_files_by_their_own_names  # noqa: F401  (autouse)
from tests.e2e.test_phone import PHONE, WECHAT, _png
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration


def _login_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _world(org_a):
    member = MemberFactory(organization=org_a, name="李明")
    household = household_create(
        actor=None, head_name="王德明", village="红枫湖镇右二村", people=4, cause="因病", organization=org_a
    )
    pairing = pairing_create(actor=None, member=member, household=household, started_on=date(2020, 1, 1))
    visit_create(
        actor=None,
        pairing=pairing,
        visited_on=date(2020, 3, 1),
        content="宣讲扶贫政策，了解家庭收入情况" * 2,
        funds=Decimal("500"),
        goods=Decimal("120.5"),
    )
    return pairing


def test_a_secretary_records_a_visit_with_a_photo_on_a_phone(
    browser,
    live_server,
    transactional_db,
    secretary_a,
    org_a,
    tmp_path,
):
    pairing = _world(org_a)
    photo = tmp_path / "走访照片.png"
    photo.write_bytes(_png(1600, 1200))
    context = browser.new_context(**PHONE, user_agent=WECHAT)
    _login_cookie(context, live_server, secretary_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.locator('[data-home="pairing"] a.btn-pb').click()
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=pairing]", str(pairing.pk))
    page.fill("textarea[name=content]", "送去冬衣和米面油")
    page.fill("input[name=funds]", "200")
    page.fill("input[name=goods]", "80.5")
    page.set_input_files("input[name=files]", str(photo))
    with page.expect_navigation():
        page.locator("[data-save-visit]").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / "visit-saved.png"), full_page=True)
    visit = Visit.objects.get(visited_on=timezone.localdate())
    assert (visit.funds, visit.goods, visit.photos.count()) == (Decimal("200"), Decimal("80.5"), 1)
    assert "送去冬衣和米面油" in page.content()
    context.close()


def test_every_pairing_page_fits_a_phone(
    browser,
    live_server,
    transactional_db,
    secretary_a,
    committee_staff,
    org_a,
    tmp_path,
):
    pairing = _world(org_a)
    problems = []
    for user in (secretary_a, committee_staff):
        context = browser.new_context(**PHONE)
        _login_cookie(context, live_server, user)
        for path in (
            "/activities/households/",
            f"/activities/households/{pairing.household_id}/",
            "/activities/pairings/",
            "/activities/visits/",
            "/activities/visits/new/",
            "/activities/pairings/totals/?year=2020",
        ):
            page = context.new_page()
            response = page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert response.status == 200, (path, response.status)
            if page.evaluate("document.documentElement.scrollWidth") > page.evaluate("window.innerWidth"):
                problems.append(f"{user.username} {path}: wider than the phone")
            outside = page.evaluate(
                """() => [...document.querySelectorAll('main .btn, main button')]
                    .filter(el => el.offsetParent !== null)
                    .filter(el => { const r = el.getBoundingClientRect();
                                    return r.left < 0 || r.right > window.innerWidth; })
                    .map(el => el.textContent.trim())"""
            )
            if outside:
                problems.append(f"{user.username} {path}: buttons outside the screen: {outside}")
            single = page.evaluate(
                """() => [...document.querySelectorAll('main td, main th')]
                    .filter(el => el.offsetParent !== null && el.textContent.trim().length > 4)
                    .filter(el => el.getBoundingClientRect().width < 30)
                    .map(el => el.textContent.trim().slice(0, 12))"""
            )
            if single:
                problems.append(f"{user.username} {path}: one-character columns: {single[:5]}")
            page.close()
        context.close()
    assert problems == []
