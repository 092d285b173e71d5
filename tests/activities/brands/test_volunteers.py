"""志愿服务 (three tiers, members, activities with hours per member), 学习培训 and 信息报送: services, the
points source, scoping, pages, the read-only REST lists and the annual `volunteers` block."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import InfoPiece, TeamTier, Training, TrainingKind, VolunteerActivity
from activities.selectors.volunteers import member_volunteer_hours
from activities.services import brands as services
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corps(committee_staff, root_org):
    return services.volunteer_team_create(
        actor=committee_staff,
        organization=root_org,
        name="志愿服务总队",
        tier=TeamTier.CORPS,
        founded_on=date(2019, 1, 1),
    )


def _team(staff, org, corps, name=None, **fields):
    return services.volunteer_team_create(
        actor=staff,
        organization=org,
        name=name or f"{org.short_name}支队",
        tier=TeamTier.DETACHMENT,
        parent=corps,
        founded_on=fields.pop("founded_on", date(2019, 1, 1)),
        **fields,
    )


def _staffed(staff, org, corps, *names):
    team = _team(staff, org, corps)
    people = [MemberFactory(organization=org, name=n) for n in names]
    services.volunteer_members_add(actor=staff, team=team, members=people, joined_on=date(2019, 1, 1))
    return team, people


def test_tiers_nest_corps_detachment_squad(committee_staff, corps, org_a):
    detachment = _team(committee_staff, org_a, corps)
    squad = services.volunteer_team_create(
        actor=committee_staff,
        organization=org_a,
        name="分队",
        tier=TeamTier.SQUAD,
        parent=detachment,
        founded_on=date(2019, 2, 1),
    )
    assert squad.parent.parent == corps
    with pytest.raises(ValidationError, match="分队的上级队伍须是支队"):
        services.volunteer_team_create(
            actor=committee_staff,
            organization=org_a,
            name="错层",
            tier=TeamTier.SQUAD,
            parent=corps,
            founded_on=date(2019, 2, 1),
        )


def test_only_members_of_the_teams_org_join_it(committee_staff, corps, org_a, org_b):
    team = _team(committee_staff, org_a, corps)
    with pytest.raises(DomainError, match="不是"):
        services.volunteer_members_add(
            actor=committee_staff,
            team=team,
            members=[MemberFactory(organization=org_b)],
            joined_on=date(2019, 1, 1),
        )


def test_volunteer_hours_add_up_per_member_in_the_range_and_orgs(committee_staff, corps, org_a, org_b):
    team_a, (li, wang) = _staffed(committee_staff, org_a, corps, "李明", "王芳")
    team_b, (zhao,) = _staffed(committee_staff, org_b, corps, "赵六")
    for day, hours in (
        (date(2020, 3, 1), {li.pk: Decimal("2"), wang.pk: Decimal("1.5")}),
        (date(2020, 6, 1), {li.pk: Decimal("3")}),
    ):
        services.volunteer_activity_record(
            actor=committee_staff, team=team_a, hours=hours, held_on=day, title="劝导"
        )
    services.volunteer_activity_record(
        actor=committee_staff,
        team=team_b,
        hours={zhao.pk: Decimal(4)},
        held_on=date(2020, 3, 2),
        title="植树",
    )
    services.volunteer_activity_record(
        actor=committee_staff, team=team_a, hours={li.pk: Decimal(8)}, held_on=date(2021, 1, 2), title="次年"
    )
    with CaptureQueriesContext(connection) as queries:
        everyone = member_volunteer_hours(date(2020, 1, 1), date(2020, 12, 31))
    assert len(queries) == 1
    assert everyone == {li.pk: Decimal("5.0"), wang.pk: Decimal("1.5"), zhao.pk: Decimal("4.0")}
    assert member_volunteer_hours(date(2020, 1, 1), date(2020, 3, 31), [org_a.pk]) == {
        li.pk: Decimal("2.0"),
        wang.pk: Decimal("1.5"),
    }
    assert member_volunteer_hours(date(2022, 1, 1), date(2022, 12, 31)) == {}


def test_an_activity_needs_team_members_and_sane_hours(committee_staff, corps, org_a):
    team, (li,) = _staffed(committee_staff, org_a, corps, "李明")
    outsider = MemberFactory(organization=org_a)
    with pytest.raises(DomainError, match="本队队员"):
        services.volunteer_activity_record(
            actor=committee_staff,
            team=team,
            hours={outsider.pk: Decimal(2)},
            held_on=date(2020, 1, 5),
            title="x",
        )
    with pytest.raises(DomainError, match="0.5 到 24"):
        services.volunteer_activity_record(
            actor=committee_staff, team=team, hours={li.pk: Decimal(30)}, held_on=date(2020, 1, 5), title="x"
        )
    assert not VolunteerActivity.objects.exists()


def test_a_secretary_records_an_activity_on_the_phone_form(
    sec_a_client, secretary_a, committee_staff, corps, org_a
):
    team, (li, wang) = _staffed(committee_staff, org_a, corps, "李明", "王芳")
    page = sec_a_client.get(f"/activities/volunteers/teams/{team.pk}/activity/")
    assert page.status_code == 200 and "王芳" in page.content.decode()
    response = sec_a_client.post(
        f"/activities/volunteers/teams/{team.pk}/activity/",
        {"held_on": "2020-05-04", "title": "文明交通劝导", f"hours_{li.pk}": "2.5", f"hours_{wang.pk}": ""},
    )
    assert response.status_code == 302
    activity = VolunteerActivity.objects.get()
    assert [(h.member_id, h.hours) for h in activity.hours.all()] == [(li.pk, Decimal("2.5"))]
    assert activity.created_by == secretary_a


def test_another_orgs_secretary_cannot_record_for_the_team(
    sec_b_client, secretary_b, committee_staff, corps, org_a
):
    team, (li,) = _staffed(committee_staff, org_a, corps, "李明")
    assert sec_b_client.get(f"/activities/volunteers/teams/{team.pk}/activity/").status_code == 404
    with pytest.raises(PermissionDeniedError):
        services.volunteer_activity_record(
            actor=secretary_b, team=team, hours={li.pk: Decimal(1)}, held_on=date(2020, 1, 1), title="x"
        )


def test_the_tree_and_activity_list_take_constant_queries(staff_client, committee_staff, corps, root_org):
    from tests.factories import make_org

    def fill(n):
        for i in range(n):
            org = make_org(root_org, f"中共志愿{n}-{i}支部委员会", short_name=f"志愿{n}-{i}")
            team, people = _staffed(committee_staff, org, corps, f"甲{n}{i}", f"乙{n}{i}")
            services.volunteer_activity_record(
                actor=committee_staff,
                team=team,
                hours={p.pk: Decimal(2) for p in people},
                held_on=date(2020, 4, 1),
                title=f"活动{n}-{i}",
            )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    urls = ["/activities/volunteers/", "/activities/volunteers/activities/?year=2020"]
    fill(2)
    few = [count(u) for u in urls]
    fill(6)
    assert [count(u) for u in urls] == few


def test_the_annual_account_counts_teams_at_years_end_and_the_years_activities(
    staff_api, secretary_a_api, committee_staff, corps, org_a, org_b
):
    team_a, (li,) = _staffed(committee_staff, org_a, corps, "李明")
    team_b, (zhao,) = _staffed(committee_staff, org_b, corps, "赵六")
    _team(committee_staff, org_b, corps, name="已撤销", dissolved_on=date(2020, 6, 30))
    _team(committee_staff, org_b, corps, name="次年成立", founded_on=date(2021, 3, 1))
    for team, member, day in (
        (team_a, li, date(2020, 2, 1)),
        (team_a, li, date(2020, 9, 1)),
        (team_b, zhao, date(2019, 9, 1)),
    ):
        services.volunteer_activity_record(
            actor=committee_staff, team=team, hours={member.pk: Decimal(2)}, held_on=day, title="服务"
        )
    assert staff_api.get("/api/v1/reports/annual/2020/").json()["volunteers"] == {"teams": 3, "activities": 2}
    assert staff_api.get("/api/v1/activities/volunteer-teams/?year=2020").json()["count"] == 3
    assert secretary_a_api.get("/api/v1/reports/annual/2020/").json()["volunteers"] == {
        "teams": 1,
        "activities": 2,
    }


def test_the_read_only_lists_are_scoped(staff_api, secretary_a_api, committee_staff, corps, org_a, org_b):
    team_a, (li,) = _staffed(committee_staff, org_a, corps, "李明")
    _staffed(committee_staff, org_b, corps, "赵六")
    services.volunteer_activity_record(
        actor=committee_staff, team=team_a, hours={li.pk: Decimal(2)}, held_on=date(2020, 2, 1), title="服务"
    )
    services.training_record(
        actor=committee_staff,
        organization=None,
        kind=TrainingKind.CENTRAL_GROUP,
        title="中心组学习",
        starts_on=date(2020, 3, 1),
        attendance=40,
    )
    services.training_record(
        actor=committee_staff,
        organization=org_b,
        kind=TrainingKind.OTHER,
        title="财政局学习",
        starts_on=date(2020, 3, 2),
    )
    services.info_piece_send(
        actor=committee_staff, organization=org_b, title="B的信息", sent_on=date(2020, 3, 1), channel="city"
    )
    mine = secretary_a_api.get("/api/v1/activities/volunteer-teams/").json()["results"]
    assert [t["name"] for t in mine] == [team_a.name]
    assert secretary_a_api.get("/api/v1/activities/volunteer-activities/?year=2020").json()["count"] == 1
    # the committee-wide session is everyone's; org B's is not org A's
    assert [t["title"] for t in secretary_a_api.get("/api/v1/activities/trainings/").json()["results"]] == [
        "中心组学习"
    ]
    assert staff_api.get("/api/v1/activities/trainings/?year=2020").json()["count"] == 2
    assert secretary_a_api.get("/api/v1/activities/info-pieces/").json()["count"] == 0
    assert staff_api.get("/api/v1/activities/info-pieces/?adopted=false").json()["count"] == 1


def test_a_committee_wide_training_is_staffs_and_attendance_counts_the_roster(
    secretary_a, committee_staff, org_a
):
    with pytest.raises(PermissionDeniedError):
        services.training_record(
            actor=secretary_a,
            organization=None,
            kind=TrainingKind.CLASS,
            title="培训班",
            starts_on=date(2020, 1, 1),
        )
    people = [MemberFactory(organization=org_a) for _ in range(3)]
    training = services.training_record(
        actor=secretary_a,
        organization=org_a,
        attendees=people,
        kind=TrainingKind.OTHER,
        title="支部学习",
        starts_on=date(2020, 1, 1),
    )
    assert training.attendance == 3 and training.attendees.count() == 3
    with pytest.raises(DomainError, match="参加人次"):
        services.training_record(
            actor=secretary_a,
            organization=org_a,
            attendees=people,
            attendance=2,
            kind=TrainingKind.OTHER,
            title="x",
            starts_on=date(2020, 1, 1),
        )
    assert Training.objects.count() == 1


def test_info_adoption_is_recorded_by_staff_with_where_and_when(secretary_a, committee_staff, org_a):
    piece = services.info_piece_send(
        actor=secretary_a,
        organization=org_a,
        title="开展主题党日",
        sent_on=date(2020, 4, 1),
        channel="committee",
    )
    with pytest.raises(PermissionDeniedError):
        services.info_piece_adopt(
            actor=secretary_a, piece=piece, adopted_by="简报", adopted_on=date(2020, 4, 2)
        )
    with pytest.raises(ValidationError):
        services.info_piece_adopt(
            actor=committee_staff, piece=piece, adopted_by="简报", adopted_on=date(2020, 3, 1)
        )
    services.info_piece_adopt(
        actor=committee_staff, piece=piece, adopted_by="工委简报", adopted_on=date(2020, 4, 3)
    )
    piece = InfoPiece.objects.get()
    assert (piece.adopted, piece.adopted_by, piece.adopted_on) == (True, "工委简报", date(2020, 4, 3))


def test_the_info_list_filters_and_exports(staff_client, committee_staff, org_a):
    services.info_piece_send(
        actor=committee_staff, organization=org_a, title="甲信息", sent_on=date(2020, 4, 1), channel="city"
    )
    piece = services.info_piece_send(
        actor=committee_staff, organization=org_a, title="乙信息", sent_on=date(2020, 4, 1), channel="city"
    )
    services.info_piece_adopt(
        actor=committee_staff, piece=piece, adopted_by="市委信息", adopted_on=date(2020, 4, 2)
    )
    page = staff_client.get("/activities/info/?adopted=yes&year=2020").content.decode()
    assert "乙信息" in page and "甲信息" not in page
    assert staff_client.get("/activities/info/?export=xlsx").status_code == 200
    assert staff_client.get("/activities/trainings/?export=xlsx").status_code == 200
    assert staff_client.get("/activities/volunteers/activities/?export=xlsx").status_code == 200


def test_the_training_and_info_lists_take_constant_queries(staff_client, committee_staff, root_org):
    from tests.factories import make_org

    def fill(n):
        for i in range(n):
            org = make_org(root_org, f"中共信息{n}-{i}支部委员会", short_name=f"信息{n}-{i}")
            services.training_record(
                actor=committee_staff,
                organization=org,
                kind=TrainingKind.OTHER,
                title="学习",
                starts_on=date(2020, 3, 1),
            )
            services.info_piece_send(
                actor=committee_staff,
                organization=org,
                title="信息",
                sent_on=date(2020, 3, 1),
                channel="city",
            )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    urls = ["/activities/trainings/?year=2020", "/activities/info/?year=2020"]
    fill(2)
    few = [count(u) for u in urls]
    fill(6)
    assert [count(u) for u in urls] == few


def test_the_brand_import_page_offers_the_template(staff_client):
    assert staff_client.get("/activities/imports/brand/").status_code == 200
    template = staff_client.get("/activities/imports/brand/template/")
    assert template.status_code == 200
