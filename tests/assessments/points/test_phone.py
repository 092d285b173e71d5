"""Member points on a phone (390×844, touch) in a real browser: the party member logs in, sees their
quarter's points on the home card, opens the card with its breakdown; the secretary's ranking is cards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.services import points as services
from tests.e2e.conftest import _static_files_by_their_own_names, browser  # noqa: F401  (the fixtures)
from tests.e2e.test_phone import PASSWORD, PHONE, _login_cookie, _shots
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


def test_a_member_sees_their_points_card_on_a_phone(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    schemes,
    fake_sources,
    member,
    secretary_a,
    org_a,
    tmp_path,
):
    MemberFactory.create_batch(3, organization=org_a)
    fake_sources["fake_meetings"].counts[member.member_id] = 4
    services.points_compute(year=2020, quarter=1)
    shots = _shots(tmp_path)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", member.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    card = page.locator("[data-home=points]")
    assert card.is_visible() and "8" in card.inner_text()
    card.get_by_text("积分卡").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots / "points-card.png"), full_page=True)
    assert page.locator("[data-points-card] [data-total]").inner_text() == "8"
    assert page.locator("[data-code=meeting]").is_visible()
    assert _fits(page)

    secretary = browser.new_context(**PHONE)
    _login_cookie(secretary, live_server, secretary_a)
    ranking = secretary.new_page()
    ranking.goto(f"{live_server.url}{reverse('points:ranking')}?period=2020-Q1")
    ranking.wait_for_load_state("networkidle")
    ranking.screenshot(path=str(shots / "points-ranking.png"), full_page=True)
    assert ranking.locator("tr[data-points]").count() == 4
    assert _fits(ranking)
    context.close()
    secretary.close()
