"""主题讲坛: registering (alone and jointly), scoping, the org × quarter grid, points sources and the
annual figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import OrgKind
from activities.models import Forum
from activities.selectors import forums as selectors
from activities.services import forums as services
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory, make_org

from .conftest import make_forum

pytestmark = pytest.mark.django_db


def test_it_registers_a_forum_with_members_as_speakers_and_a_guest_by_name(secretary_a, org_a, speaker_a):
    forum = make_forum(secretary_a, org_a, speakers=[speaker_a], names="外请专家")
    assert forum.speaker_names == "王讲、外请专家"
    assert list(forum.speakers.all()) == [speaker_a]
    assert list(forum.organizations.all()) == [org_a]
    assert forum.ledger_activity_kind == "forum"
    assert forum.ledger_activity_date == date(2019, 3, 20)
    assert forum.get_absolute_url() == f"/activities/forums/{forum.pk}/"


def test_a_secretary_registers_only_for_their_own_org(secretary_a, org_b):
    with pytest.raises(PermissionDeniedError):
        make_forum(secretary_a, org_b)
    assert not Forum.objects.exists()


def test_a_speaker_must_be_on_the_rolls_of_the_orgs_holding_it(secretary_a, org_a, speaker_b):
    with pytest.raises(DomainError) as refused:
        make_forum(secretary_a, org_a, speakers=[speaker_b])
    assert "李讲" in refused.value.message


def test_the_same_forum_is_not_registered_twice(secretary_a, org_a):
    make_forum(secretary_a, org_a)
    with pytest.raises(DomainError):
        make_forum(secretary_a, org_a)


def test_a_joint_forum_is_seen_by_each_org_holding_it_and_by_no_other(
    secretary_a, secretary_b, committee_staff, org_a, org_b, root_org, speaker_b
):
    other = make_org(root_org, "中共清镇市教育局支部委员会", short_name="市教育局党支部")
    joint = make_forum(secretary_a, org_a, co_organizations=[org_b], speakers=[speaker_b], names="")
    own = make_forum(secretary_a, org_a, topic="本支部讲坛")
    elsewhere = make_forum(committee_staff, other, topic="别处讲坛")
    assert set(selectors.forums_visible_to(secretary_b)) == {joint}
    assert set(selectors.forums_visible_to(secretary_a)) == {joint, own}
    assert set(selectors.forums_visible_to(committee_staff)) == {joint, own, elsewhere}
    from accounts import authz

    assert authz.may(secretary_b, "activities.view_forum", joint)
    assert not authz.may(secretary_b, "activities.view_forum", own)
    # the co-host reads it but does not correct it: the host's
    assert not authz.may(secretary_b, "activities.change_forum", joint)


def test_the_grid_counts_a_joint_forum_for_each_org_in_one_grouped_query(
    committee_staff, org_a, org_b, root_org
):
    branch_c = make_org(root_org, "中共清镇市教育局支部委员会", short_name="市教育局党支部")
    make_forum(committee_staff, org_a, held_on=date(2019, 2, 1), co_organizations=[org_b], topic="联合")
    make_forum(committee_staff, org_a, held_on=date(2019, 5, 1), topic="二季度")
    make_forum(committee_staff, org_a, held_on=date(2019, 8, 1), topic="三季度")
    make_forum(committee_staff, org_a, held_on=date(2019, 11, 1), topic="四季度")
    make_forum(committee_staff, org_b, held_on=date(2018, 5, 1), topic="去年")
    with CaptureQueriesContext(connection) as queries:
        grid = selectors.forum_grid(committee_staff, 2019)
    by_org = {row["organization"].pk: row for row in grid["rows"]}
    assert by_org[org_a.pk]["quarters"] == [1, 1, 1, 1] and not by_org[org_a.pk]["missing"]
    assert by_org[org_b.pk]["quarters"] == [1, 0, 0, 0] and by_org[org_b.pk]["missing"] == [2, 3, 4]
    assert by_org[branch_c.pk]["total"] == 0
    assert root_org.pk not in by_org  # the committee itself holds no grassroots forum
    assert (grid["complete"], grid["none"]) == (1, 1)
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    # The org × quarter counts (one grouped query) and the summary (one aggregate over the orgs, whose
    # "held in every quarter" is a grouped subquery).
    assert len(grouped) == 2
    # The grant lookups may be cached; org list, counts, the summary's version (three index lookups), summary.
    assert len(queries.captured_queries) <= 6


def test_the_grid_stays_at_the_same_number_of_queries_with_more_orgs(committee_staff, root_org):
    def count() -> int:
        cache.clear()  # the summary is computed again, as after a change
        with CaptureQueriesContext(connection) as queries:
            selectors.forum_grid(committee_staff, 2019)
        return len(queries.captured_queries)

    org = make_org(root_org, "测试支部", kind=OrgKind.BRANCH)
    make_forum(committee_staff, org, topic="讲坛")
    count()  # the user's grants are read once and cached
    first = count()
    for i in range(8):
        org = make_org(root_org, f"测试支部{i}", kind=OrgKind.BRANCH)
        make_forum(committee_staff, org, topic=f"讲坛{i}")
    assert count() == first


def test_a_secretary_sees_only_their_orgs_in_the_grid(secretary_a, committee_staff, org_a, org_b):
    make_forum(committee_staff, org_b)
    grid = selectors.forum_grid(secretary_a, 2019)
    assert [row["organization"] for row in grid["rows"]] == [org_a]


def test_points_sources_count_speeches_and_attendance_per_member_in_range(committee_staff, org_a, org_b):
    a1, a2 = MemberFactory(organization=org_a), MemberFactory(organization=org_a)
    b1 = MemberFactory(organization=org_b)
    make_forum(committee_staff, org_a, speakers=[a1], attendees=[a1, a2], held_on=date(2019, 3, 1))
    make_forum(
        committee_staff,
        org_a,
        co_organizations=[org_b],
        speakers=[a1, b1],
        attendees=[a2, b1],
        held_on=date(2019, 6, 1),
        topic="联合",
    )
    make_forum(committee_staff, org_a, speakers=[a2], attendees=[a2], held_on=date(2019, 9, 1), topic="Q3")
    start, end = date(2019, 1, 1), date(2019, 6, 30)
    assert services.__name__  # the sources read what the services wrote
    assert selectors.member_forum_speeches(start, end) == {a1.pk: 2, b1.pk: 1}
    assert selectors.member_forum_attendance(start, end) == {a1.pk: 1, a2.pk: 2, b1.pk: 1}
    assert selectors.member_forum_attendance(start, end, organization_ids=[org_b.pk]) == {b1.pk: 1}
    with CaptureQueriesContext(connection) as queries:
        selectors.member_forum_speeches(date(2019, 1, 1), date(2019, 12, 31), organization_ids=[org_a.pk])
    assert len(queries.captured_queries) == 1


def test_the_annual_account_counts_a_joint_forum_once_and_sums_attendance(
    staff_api, committee_staff, secretary_b_api, org_a, org_b
):
    make_forum(committee_staff, org_a, co_organizations=[org_b], attendance=30, topic="联合")
    make_forum(committee_staff, org_a, attendance=12, topic="单独")
    make_forum(committee_staff, org_a, attendance=99, held_on=date(2018, 3, 1), topic="去年")
    body = staff_api.get("/api/v1/reports/annual/2019/").json()
    assert body["forums"]["held"] == 2
    assert body["forums"]["attendance"] == 42
    assert isinstance(body["forums"]["attendance"], int)
    assert secretary_b_api.get("/api/v1/reports/annual/2019/").json()["forums"]["held"] == 1
