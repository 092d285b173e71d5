"""The carrier pages at city scale: the brand re-check a page at a time (filters, the year's counts, bulk
decisions), the volunteer tree a level at a time (counts by grouped queries, 分队 on demand) and an
activity's edit and delete pages, with constant query counts and scoping."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Brand, BrandStatus, BrandYear, TeamTier, VolunteerActivity, VolunteerHours
from activities.selectors import brands as brand_selectors
from activities.services import brands as services
from tests.factories import MemberFactory, make_org

pytestmark = pytest.mark.django_db

RECHECK = "/activities/brands/recheck/2020/"


def _recognised_2019(org, names):
    """Brands recognised in 2019 (so due for the 2020 re-check), written straight in."""
    brands = [Brand.objects.create(organization=org, name=name) for name in names]
    BrandYear.objects.bulk_create(
        BrandYear(brand=b, year=2019, status=BrandStatus.RECOGNISED) for b in brands
    )
    return brands


def _decide(brands, status, year=2020):
    BrandYear.objects.bulk_create(BrandYear(brand=b, year=year, status=status) for b in brands)


def _rows(response) -> list[int]:
    return [brand.pk for brand, _chosen, _note in response.context["rows"]]


def test_the_recheck_pages_fifty_rows_and_filters_by_decision_and_name(staff_client, org_a, org_b):
    brands = _recognised_2019(org_a, [f"品牌{i:02d}" for i in range(53)])
    red = _recognised_2019(org_b, ["红色引擎", "红色税苑"])
    _decide(brands[:3], BrandStatus.RECOGNISED)
    _decide(brands[3:5], BrandStatus.EXITED)
    _decide(brands[5:6], BrandStatus.SUBMITTED)  # applied for again: still to be re-checked

    first = staff_client.get(RECHECK)
    assert len(_rows(first)) == 50
    assert len(_rows(staff_client.get(RECHECK, {"page": 2}))) == 5
    assert first.context["counts"] == {"total": 55, "keep": 3, "exit": 2, "pending": 50}

    assert _rows(staff_client.get(RECHECK, {"decision": "keep"})) == [b.pk for b in brands[:3]]
    assert _rows(staff_client.get(RECHECK, {"decision": "exit"})) == [b.pk for b in brands[3:5]]
    pending = staff_client.get(RECHECK, {"decision": "pending"})
    assert pending.context["page"].paginator.count == 50 and brands[5].pk in _rows(pending)
    found = staff_client.get(RECHECK, {"q": "红色"})
    assert _rows(found) == [b.pk for b in red]
    # The counts stay the whole year's whatever the filter; the tabs keep the search.
    assert found.context["counts"]["total"] == 55
    assert 'href="?q=%E7%BA%A2%E8%89%B2&amp;decision=keep"' in found.content.decode()


def test_the_recheck_counts_only_last_years_recognised_brands_in_the_scope(committee_staff, org_a, org_b):
    kept, gone, waiting = _recognised_2019(org_a, ["甲", "乙", "丙"])
    (other,) = _recognised_2019(org_b, ["丁"])
    refused = Brand.objects.create(organization=org_a, name="戊")
    BrandYear.objects.create(brand=refused, year=2019, status=BrandStatus.EXITED)
    services.brand_recheck(actor=committee_staff, year=2020, decisions={kept.pk: "keep", gone.pk: "exit"})
    counts = brand_selectors.recheck_counts(committee_staff, 2020)
    assert counts == {"total": 4, "keep": 1, "exit": 1, "pending": 2}  # 丙 and 丁 wait; 戊 was not due
    assert waiting and other


def test_the_recheck_page_takes_constant_queries(staff_client, org_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(RECHECK).status_code == 200
        return len(queries)

    _recognised_2019(org_a, [f"少{i}" for i in range(3)])
    few = count()
    _recognised_2019(org_a, [f"多{i}" for i in range(60)])
    assert count() == few


def test_a_bulk_decision_sets_the_pages_blank_rows_and_leaves_other_pages(staff_client, org_a):
    brands = _recognised_2019(org_a, [f"品牌{i:02d}" for i in range(52)])
    page_one = _rows(staff_client.get(RECHECK))
    chosen = page_one[0]
    response = staff_client.post(
        f"{RECHECK}?page=1", {f"decision_{chosen}": "keep", f"note_{chosen}": "特色鲜明", "bulk": "exit"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    status = dict(BrandYear.objects.filter(year=2020).values_list("brand_id", "status"))
    assert status[chosen] == BrandStatus.RECOGNISED
    assert [status.get(pk) for pk in page_one[1:]] == [BrandStatus.EXITED] * 49
    assert {b.pk for b in brands} - set(status) == set(brands[i].pk for i in (50, 51))  # page 2 untouched


def test_finishing_the_recheck_exits_the_undecided_of_every_page(staff_client, org_a):
    brands = _recognised_2019(org_a, [f"品牌{i:02d}" for i in range(52)])
    _decide(brands[:1], BrandStatus.RECOGNISED)
    staff_client.post(RECHECK, {f"decision_{brands[0].pk}": "keep", "finish": "on"})
    status = dict(BrandYear.objects.filter(year=2020).values_list("brand_id", "status"))
    assert status.pop(brands[0].pk) == BrandStatus.RECOGNISED
    assert set(status.values()) == {BrandStatus.EXITED} and len(status) == 51


def test_the_recheck_is_staffs(sec_a_client, org_a):
    _recognised_2019(org_a, ["红色税苑"])
    assert sec_a_client.get(RECHECK).status_code == 403


# ---------------------------------------------------------------- the volunteer tree


def _team(staff, org, tier, parent=None, name=None):
    return services.volunteer_team_create(
        actor=staff,
        organization=org,
        name=name or f"{org.short_name}{tier}",
        tier=tier,
        parent=parent,
        founded_on=date(2019, 1, 1),
    )


def _served(staff, team, people, hours, held_on):
    services.volunteer_members_add(actor=staff, team=team, members=people, joined_on=date(2019, 1, 1))
    return services.volunteer_activity_record(
        actor=staff, team=team, hours={p.pk: Decimal(hours) for p in people}, held_on=held_on, title="劝导"
    )


@pytest.fixture
def corps(committee_staff, root_org):
    return _team(committee_staff, root_org, TeamTier.CORPS, name="志愿服务总队")


def test_the_tree_shows_corps_and_detachments_with_counts_and_squads_on_demand(
    staff_client, committee_staff, corps, org_a
):
    this_year = timezone.localdate().year
    detachment = _team(committee_staff, org_a, TeamTier.DETACHMENT, corps, name="税务支队")
    branch = make_org(org_a, "中共某某科支部委员会", short_name="某某科")
    squad = _team(committee_staff, branch, TeamTier.SQUAD, detachment, name="某某科分队")
    li, wang = (MemberFactory(organization=branch, name=name) for name in ("李明", "王芳"))
    _served(committee_staff, detachment, [li], "2", date(this_year, 1, 5))
    _served(committee_staff, squad, [wang], "3.5", date(this_year, 2, 5))
    _served(committee_staff, squad, [li], "1", date(this_year, 3, 5))  # 李明 on both: counted once
    _served(committee_staff, squad, [wang], "8", date(this_year - 1, 3, 5))  # last year's: not counted

    page = staff_client.get("/activities/volunteers/")
    body = page.content.decode()
    assert f'data-corps="{corps.pk}"' in body and f'data-team="{detachment.pk}"' in body
    assert f'data-team="{squad.pk}"' not in body  # 分队 wait for their 支队's page
    (shown,) = page.context["corps"][0].page_teams
    assert (shown.member_total, shown.subteam_count, shown.hours_total) == (2, 1, Decimal("6.5"))
    assert page.context["corps"][0].subteam_count == 1

    squads = staff_client.get(f"/activities/volunteers/teams/{detachment.pk}/squads/")
    assert f'data-team="{squad.pk}"' in squads.content.decode()
    (row,) = squads.context["page"].object_list
    assert (row.member_total, row.hours_total) == (2, Decimal("4.5"))
    found = staff_client.get("/activities/volunteers/", {"q": "某某科"})
    assert [t.pk for t in found.context["page"].object_list] == [squad.pk]


def test_the_tree_and_the_squads_page_take_constant_queries_as_teams_grow(
    staff_client, committee_staff, corps, root_org
):
    def grow(n):
        for i in range(n):
            org = make_org(root_org, f"中共单位{n}-{i}委员会", short_name=f"单位{n}-{i}")
            detachment = _team(committee_staff, org, TeamTier.DETACHMENT, corps)
            for j in range(2):
                branch = make_org(org, f"中共单位{n}-{i}-{j}支部委员会", short_name=f"支部{n}-{i}-{j}")
                squad = _team(committee_staff, branch, TeamTier.SQUAD, detachment)
                _served(committee_staff, squad, [MemberFactory(organization=branch)], "2", date(2020, 5, 1))
        return detachment

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(url).status_code == 200
        return len(queries)

    last = grow(1)
    few = [count("/activities/volunteers/"), count(f"/activities/volunteers/teams/{last.pk}/squads/")]
    last = grow(5)
    assert [count("/activities/volunteers/"), count(f"/activities/volunteers/teams/{last.pk}/squads/")] == few


def test_a_secretary_sees_their_own_detachment_at_the_top_and_not_another_orgs(
    sec_a_client, sec_b_client, committee_staff, corps, org_a, org_b
):
    own = _team(committee_staff, org_a, TeamTier.DETACHMENT, corps, name="甲支队")
    other = _team(committee_staff, org_b, TeamTier.DETACHMENT, corps, name="乙支队")
    page = sec_a_client.get("/activities/volunteers/")
    assert [t.pk for t in page.context["page"].object_list] == [own.pk]  # its 总队 is the committee's
    assert sec_a_client.get(f"/activities/volunteers/teams/{other.pk}/squads/").status_code == 404
    assert sec_b_client.get(f"/activities/volunteers/teams/{own.pk}/squads/").status_code == 404


# ---------------------------------------------------------------- an activity's edit and delete


@pytest.fixture
def activity(committee_staff, corps, org_a):
    team = _team(committee_staff, org_a, TeamTier.DETACHMENT, corps, name="税务支队")
    li, wang = (MemberFactory(organization=org_a, name=name) for name in ("李明", "王芳"))
    services.volunteer_members_add(
        actor=committee_staff, team=team, members=[wang], joined_on=date(2019, 1, 1)
    )
    return _served(committee_staff, team, [li], "2", date(2020, 5, 4))


def test_the_teams_secretary_corrects_an_activity_and_its_hours(sec_a_client, activity):
    url = f"/activities/volunteers/activities/{activity.pk}/edit/"
    page = sec_a_client.get(url)
    assert page.status_code == 200 and 'value="2' in page.content.decode()
    li = activity.hours.get().member_id
    wang = activity.team.memberships.exclude(member_id=li).get().member_id
    response = sec_a_client.post(
        url, {"held_on": "2020-05-05", "title": "文明交通劝导", f"hours_{li}": "", f"hours_{wang}": "3"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.held_on, activity.title) == (date(2020, 5, 5), "文明交通劝导")
    assert list(activity.hours.values_list("member_id", "hours")) == [(wang, Decimal(3))]


def test_another_orgs_secretary_may_neither_edit_nor_delete_it(sec_b_client, activity):
    assert sec_b_client.get(f"/activities/volunteers/activities/{activity.pk}/edit/").status_code == 404
    assert sec_b_client.post(f"/activities/volunteers/activities/{activity.pk}/delete/").status_code == 404
    assert VolunteerActivity.objects.filter(pk=activity.pk).exists()


def test_deleting_an_activity_asks_first_and_takes_its_hours(sec_a_client, activity):
    page = sec_a_client.get(f"/activities/volunteers/activities/{activity.pk}/edit/").content.decode()
    delete = f'action="/activities/volunteers/activities/{activity.pk}/delete/"'
    assert delete in page and "data-confirm" in page
    assert sec_a_client.get(f"/activities/volunteers/activities/{activity.pk}/delete/").status_code == 405
    response = sec_a_client.post(f"/activities/volunteers/activities/{activity.pk}/delete/")
    assert response.status_code == 302
    assert not VolunteerActivity.objects.filter(pk=activity.pk).exists()
    assert not VolunteerHours.objects.filter(activity_id=activity.pk).exists()


def test_the_activity_list_totals_its_page_and_links_the_edit_page(staff_client, activity):
    page = staff_client.get("/activities/volunteers/activities/", {"year": 2020})
    (row,) = page.context["page"].object_list
    assert (row.participants, row.total_hours) == (1, Decimal(2))
    assert f"/activities/volunteers/activities/{activity.pk}/edit/" in page.content.decode()
