"""述职评议 in a real browser: five reviewers on phone-sized pages score two secretaries while the session
screen (a projector-sized page) shows the progress without reloading; one reviewer reloads mid-way;
after staff close the round, the screen shows the right scores, ranks and grades."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from activities import services
from activities.models import DebriefKind, Score
from tests.activities.scoring_world import make_reviewers, make_session

pytestmark = pytest.mark.integration
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
# (工作实绩 0–10 ×60, 作风建设 0–5 ×40) per reviewer: 王芳 gets 100, 94, 80, 74, 20 → drop 100 and 20 →
# 82.67 (较好, 2nd); 李强 gets 94 from everyone → 94.00 (好, 1st).
FIRST = [(10, 5), (9, 5), (8, 4), (7, 4), (2, 1)]
SECOND = [(9, 5)] * 5


def _context_as(browser, live_server, user, **options):
    """A browser context already logged in as `user` (the session cookie of a test client's login)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _score(page, subject, criteria, values) -> None:
    card = page.locator(f"#subject-{subject.pk}")
    for criterion, value in zip(criteria, values, strict=True):
        card.locator(f"input[name=c_{criterion['id']}]").fill(str(value))
    card.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#subject-{subject.pk} [data-scored]").count() == 1


def test_five_reviewers_score_two_secretaries_while_the_screen_follows(
    browser, live_server, transactional_db, committee_staff, org_a, org_b, tmp_path
):
    session = make_session(committee_staff, kind=DebriefKind.TO_COMMITTEE, held_on=date(2019, 12, 20))
    first = services.debrief_add(
        actor=committee_staff, session=session, organization=org_a, person_name="王芳"
    )
    second = services.debrief_add(
        actor=committee_staff, session=session, organization=org_b, person_name="李强"
    )
    reviewers = make_reviewers(5)
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=reviewers)
    round = session.round
    criteria = round.criteria

    screen = _context_as(
        browser, live_server, committee_staff, viewport={"width": 1920, "height": 1080}
    ).new_page()
    screen.goto(f"{live_server.url}/activities/scoring/{round.pk}/screen/")
    assert screen.locator(".pb-screen-qr svg").count() == 1
    screen.evaluate("window.__sameScreen = true")  # gone if the page were reloaded

    phones = []
    for reviewer in reviewers:
        page = _context_as(browser, live_server, reviewer, **PHONE).new_page()
        page.goto(f"{live_server.url}/activities/scoring/{round.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        phones.append(page)

    for page, values in zip(phones, FIRST, strict=True):
        _score(page, first.subject, criteria, values)
    # The third reviewer reloads mid-way: what they scored is still there, and nothing is doubled.
    phones[2].reload()
    assert phones[2].locator(f"#subject-{first.subject.pk} [data-scored]").inner_text() == "已评 80.00 分"
    expect(screen.locator("[data-score-count]")).to_have_text("5", timeout=15000)
    for page, values in zip(phones, SECOND, strict=True):
        _score(page, second.subject, criteria, values)
    phones[4].locator(f"#subject-{second.subject.pk} button[type=submit]").click()  # a second tap: an update
    phones[4].wait_for_load_state("networkidle")

    expect(screen.locator("[data-raters-done]")).to_have_text("5", timeout=15000)
    assert screen.evaluate("window.__sameScreen") is True
    assert screen.locator("td.pb-scored").count() == 10
    screen.screenshot(path=str(tmp_path / "screen-progress.png"))
    assert Score.objects.filter(round=round).count() == 10

    screen.goto(f"{live_server.url}/activities/scoring/{round.pk}/close/")
    screen.get_by_role("button", name="确认结束评分").click()
    screen.wait_for_load_state("networkidle")
    rows = {
        row.locator("td").nth(1).inner_text(): (
            row.locator("[data-rank]").inner_text(),
            row.locator("[data-score]").inner_text(),
            row.locator("[data-grade]").inner_text(),
        )
        for row in screen.locator("[data-result]").all()
    }
    assert rows == {
        "李强（市财政局党支部）": ("1", "94.00", "好"),
        "王芳（市税务局党支部）": ("2", "82.67", "较好"),
    }
    screen.screenshot(path=str(tmp_path / "screen-results.png"))

    # After close a phone can no longer score.
    phones[0].reload()
    assert "评分已结束" in phones[0].content()
