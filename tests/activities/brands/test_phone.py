"""On a phone (390×844, touch) in Chromium: a secretary records a volunteer activity with each member's
hours, and the brands, volunteers, trainings and information pages fit the screen (no sideways scroll)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from activities.models import BrandStatus, TeamTier, TrainingKind, VolunteerActivity
from activities.services import brands as services
from tests.e2e.conftest import _static_files_by_their_own_names, browser  # noqa: F401
from tests.factories import MemberFactory

pytestmark = pytest.mark.integration

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


def _login(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_secretary_records_volunteer_hours_on_a_phone_and_the_pages_fit(
    browser,  # noqa: F811
    live_server,
    transactional_db,
    secretary_a,
    committee_staff,
    root_org,
    org_a,
    tmp_path,
):
    corps = services.volunteer_team_create(
        actor=committee_staff,
        organization=root_org,
        name="总队",
        tier=TeamTier.CORPS,
        founded_on=date(2020, 1, 1),
    )
    team = services.volunteer_team_create(
        actor=committee_staff,
        organization=org_a,
        name="市税务局党员志愿服务支队",
        tier=TeamTier.DETACHMENT,
        parent=corps,
        founded_on=date(2020, 1, 1),
    )
    li, wang = MemberFactory(organization=org_a, name="李明"), MemberFactory(organization=org_a, name="王芳")
    services.volunteer_members_add(
        actor=committee_staff, team=team, members=[li, wang], joined_on=date(2020, 1, 1)
    )
    brand = services.brand_apply(
        actor=secretary_a, organization=org_a, year=2020, name="红色税苑", slogan="诚信纳税 服务为先"
    )
    services.brand_review(actor=committee_staff, brand=brand, year=2020, status=BrandStatus.RECOGNISED)
    services.training_record(
        actor=committee_staff,
        organization=org_a,
        kind=TrainingKind.OTHER,
        title="支部集中学习",
        starts_on=date(2020, 3, 1),
    )
    services.info_piece_send(
        actor=secretary_a,
        organization=org_a,
        title="开展主题党日活动",
        sent_on=date(2020, 4, 1),
        channel="committee",
    )

    context = browser.new_context(**PHONE)
    _login(context, live_server, secretary_a)
    page = context.new_page()
    page.goto(f"{live_server.url}/activities/volunteers/teams/{team.pk}/activity/")
    page.fill("#id_title", "文明交通劝导")
    page.fill(f"#id_hours_{li.pk}", "2.5")
    page.screenshot(path=str(tmp_path / "activity_form.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    activity = VolunteerActivity.objects.get()
    assert [(h.member_id, h.hours) for h in activity.hours.all()] == [(li.pk, Decimal("2.5"))]

    problems = []
    for path in (
        "/activities/brands/",
        f"/activities/brands/{brand.pk}/",
        "/activities/volunteers/",
        f"/activities/volunteers/teams/{team.pk}/",
        f"/activities/volunteers/teams/{team.pk}/squads/",
        f"/activities/volunteers/activities/{activity.pk}/edit/",
        "/activities/volunteers/activities/",
        "/activities/trainings/",
        "/activities/info/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.screenshot(path=str(tmp_path / f"{path.strip('/').replace('/', '-')}.png"), full_page=True)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append(f"{path}: scrollWidth {width} > innerWidth {inner}")
    assert problems == []
