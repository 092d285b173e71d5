"""Every number of a result opens down to its records: each count of the explanation links to the list
of exactly the records it counted (the lists' drill-down filters), for staff and for the secretary of the
org, never showing an org's records to a reader outside it; the dashboard's bars and cells drill down too.

The small world: branches X, Y, Z in 2025-Q1 (as of 2025-04-10), real sources everywhere.
- X's ledger: four tasks due 2025-01-31 — T1 on time, T2 late (submitted 2 Feb), T3 returned, T4 missing
  — and T1 again due 2025-04-30 (after the period); Y owes T1 (missing).
- X's talks: 10 Feb (two items: one open, one closed) and 5 Mar (one item reported, not yet closed);
  X on 3 Apr (after the period) and Y on 10 Feb. → talks 2, items not closed 2.
- Bulletins (published unless said): 1 Feb praises X and reminds Y; 1 Mar criticises X; a draft
  criticising X; 3 Apr reminds X. → X praise 1, remind 0, criticise 1.
- Debriefs: 20 Mar X scored 90 (Y too); 21 Mar only Y. → X debriefs 1.
- Service days: X 5 Jan, 20 Jan, 2 Mar, 1 Apr; Y 1 Feb. → X's list in Q1: 3 days.
- Forums: X with Y on 1 Feb, X alone 1 Mar, X 2 Apr. → X's list in Q1: 2 forums.
- Meetings: X committee 10 Jan and general 1 Feb, X 2 Apr, Y 10 Jan. → X's list in Q1: 2 meetings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from activities.models import (
    Bulletin,
    BulletinOrg,
    Debrief,
    DebriefSession,
    Forum,
    Rectification,
    ReminderTalk,
    ServiceDay,
)
from activities.models.meetings import Meeting
from assessments.models import AssessmentResult
from assessments.scheme import compute, selectors, services, tree
from tests.conftest import api_as
from tests.factories import UserFactory

from .conftest import YEAR

# What each component's counts are, and which of them list records (all of them, here).
LEAVES = {
    "ledger": {"due", "on_time", "late", "returned", "missing"},
    "service_days": {"ratio"},
    "forums": {"ratio"},
    "meetings": {"ratio"},
    "debrief": {"debriefs"},
    "reminders": {"talks", "open_rectifications"},
    "bulletins": {"praise", "remind", "criticise"},
    "points": {"points_index"},
}
# The records of X behind each ratio (the list shows them; the ratio is made of them).
CARRIER_RECORDS = {"service_days": 3, "forums": 2, "meetings": 2}


def _ledger(x, y, ledger_builder):
    t1, t2, t3, t4 = (ledger_builder.task(1) for _ in range(4))
    due = date(YEAR, 1, 31)
    ledger_builder.owe(x, t1, due, "accepted", date(YEAR, 1, 20))
    ledger_builder.owe(x, t2, due, "accepted", date(YEAR, 2, 2))
    ledger_builder.owe(x, t3, due, "returned", date(YEAR, 1, 25))
    ledger_builder.owe(x, t4, due)
    ledger_builder.owe(x, t1, date(YEAR, 4, 30))
    ledger_builder.owe(y, t1, due)


def _six_systems(x, y):
    talks = [
        ReminderTalk.objects.create(
            organization=org, secretary_name="书记", reason="duty", talked_on=day, talked_by="工委书记"
        )
        for org, day in (
            (x, date(YEAR, 2, 10)),
            (x, date(YEAR, 3, 5)),
            (x, date(YEAR, 4, 3)),
            (y, date(YEAR, 2, 10)),
        )
    ]
    for talk, state in ((talks[0], "open"), (talks[0], "closed"), (talks[1], "reported"), (talks[2], "open")):
        Rectification.objects.create(talk=talk, content="整改", deadline=date(YEAR, 6, 30), state=state)
    Rectification.objects.create(talk=talks[3], content="整改", deadline=date(YEAR, 6, 30))

    def bulletin(day, marks, state="published"):
        row = Bulletin.objects.create(issued_on=day, title=f"通报{day}")
        Bulletin.objects.filter(pk=row.pk).update(state=state)
        for org, mark in marks:
            BulletinOrg.objects.create(bulletin=row, organization=org, mark=mark)

    bulletin(date(YEAR, 2, 1), [(x, "praise"), (y, "remind")])
    bulletin(date(YEAR, 3, 1), [(x, "criticise")])
    bulletin(date(YEAR, 3, 15), [(x, "criticise")], state="draft")
    bulletin(date(YEAR, 4, 3), [(x, "remind")])
    both = DebriefSession.objects.create(year=YEAR, held_on=date(YEAR, 3, 20), kind="committee", title="述职")
    Debrief.objects.create(session=both, organization=x, person_name="甲", recorded_score=Decimal(90))
    Debrief.objects.create(session=both, organization=y, person_name="乙", recorded_score=Decimal(80))
    only_y = DebriefSession.objects.create(year=YEAR, held_on=date(YEAR, 3, 21), kind="committee", title="补")
    Debrief.objects.create(session=only_y, organization=y, person_name="乙", recorded_score=Decimal(85))


def _carriers(x, y):
    for org, day in (
        (x, date(YEAR, 1, 5)),
        (x, date(YEAR, 1, 20)),
        (x, date(YEAR, 3, 2)),
        (x, date(YEAR, 4, 1)),
        (y, date(YEAR, 2, 1)),
    ):
        ServiceDay.objects.create(organization=org, held_on=day, theme="study")
    for host, orgs, day in (
        (y, [x, y], date(YEAR, 2, 1)),
        (x, [x], date(YEAR, 3, 1)),
        (x, [x], date(YEAR, 4, 2)),
    ):
        Forum.objects.create(organization=host, held_on=day, topic="讲坛", attendance=10).organizations.set(
            orgs
        )
    for org, kind, day in (
        (x, "committee", date(YEAR, 1, 10)),
        (x, "general", date(YEAR, 2, 1)),
        (x, "general", date(YEAR, 4, 2)),
        (y, "committee", date(YEAR, 1, 10)),
    ):
        Meeting.objects.create(organization=org, meeting_type=kind, held_on=day)


@pytest.fixture
def world(three_orgs, ledger_builder, committee_staff):
    x, y, _z = three_orgs
    _ledger(x, y, ledger_builder)
    _six_systems(x, y)
    _carriers(x, y)
    run = services.assessment_run_start(actor=None, year=YEAR, period="2025-Q1", as_of=date(YEAR, 4, 10))
    run = compute.compute_run_inline(run)
    services.assessment_run_publish(actor=committee_staff, run=run)
    return {org: AssessmentResult.objects.get(run=run, organization=org) for org in three_orgs}


@pytest.fixture
def secretary_x(three_orgs):
    return UserFactory(username="sec_x", role=Role.SECRETARY, organization=three_orgs[0])


def _components(tree: dict) -> dict[str, dict]:
    return {c["key"]: c for index in tree["indices"] for c in index["components"]}


def _listed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"]


def _pks(page) -> list[int]:
    return sorted(row.pk for row in page.object_list)


def test_each_count_links_to_the_list_of_exactly_the_records_it_counted(
    client, world, three_orgs, committee_staff
):
    x = three_orgs[0]
    client.force_login(committee_staff)
    components = _components(selectors.explanation_for(committee_staff, world[x]))
    assert {key: set(c["records_urls"]) for key, c in components.items()} == LEAVES
    ledger = components["ledger"]["detail"]
    assert (ledger["due"], ledger["on_time"], ledger["late"], ledger["returned"], ledger["missing"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    for key, component in components.items():
        for leaf, url in component["records_urls"].items():
            query = parse_qs(urlsplit(url).query)
            assert url.startswith("/") and (query.get("organization") or query.get("org")) == [str(x.pk)]
            if leaf == "points_index":
                assert client.get(url).status_code == 200
                continue
            page = _listed(client, url)
            expected = CARRIER_RECORDS[key] if leaf == "ratio" else component["detail"][leaf]
            assert page.paginator.count == expected, (key, leaf)
    # Not only as many: the very records the explanation lists by id.
    for outcome in ("late", "returned", "missing"):
        page = _listed(client, components["ledger"]["records_urls"][outcome])
        assert _pks(page) == sorted(ledger["assignment_ids"][outcome])
    # The list says what it shows: the org, the dates, the outcome and how many.
    shown = client.get(components["ledger"]["records_urls"]["late"]).content.decode()
    assert "data-drill-down" in shown and "逾期完成" in shown and "共 1 条" in shown and x.name in shown
    page = _listed(client, components["reminders"]["records_urls"]["talks"])
    assert _pks(page) == sorted(components["reminders"]["detail"]["talk_ids"])
    page = _listed(client, components["bulletins"]["records_urls"]["criticise"])
    assert _pks(page) == components["bulletins"]["detail"]["bulletin_ids"]["criticise"]


def test_the_result_page_shows_each_count_as_a_link_to_its_records(
    client, world, three_orgs, committee_staff
):
    x = three_orgs[0]
    client.force_login(committee_staff)
    page = client.get(reverse("scheme:result_detail", kwargs={"pk": world[x].pk})).content.decode()
    urls = _components(selectors.explanation_for(committee_staff, world[x]))
    assert 'data-records="ledger.late"' in page and 'data-records="reminders.open_rectifications"' in page
    assert urls["ledger"]["records_urls"]["late"].replace("&", "&amp;") in page
    assert 'data-records="bulletins.remind"' not in page  # a zero has nothing behind it to list


def test_the_explain_api_carries_the_same_links(world, three_orgs, committee_staff):
    x = three_orgs[0]
    body = api_as(committee_staff).get(f"/api/v1/assessments/summaries/{world[x].pk}/explain/").json()
    components = _components(body["explanation"])
    assert components == _components(selectors.explanation_for(committee_staff, world[x]))
    assert all("records" not in c for c in components.values())  # the stored targets stay inside


def test_results_computed_before_the_links_still_render_without_them(
    client, world, three_orgs, committee_staff
):
    x = three_orgs[0]
    # Such a result stored its whole tree, without the targets.
    old = tree.expand(services.spec_of(world[x].run.scheme), world[x], world[x].run)
    for index in old["indices"]:
        for component in index["components"]:
            component.pop("records")
    AssessmentResult.objects.filter(pk=world[x].pk).update(explanation=old)
    client.force_login(committee_staff)
    response = client.get(reverse("scheme:result_detail", kwargs={"pk": world[x].pk}))
    assert response.status_code == 200 and "data-records=" not in response.content.decode()
    assert "逾期完成" in response.content.decode()
    body = api_as(committee_staff).get(f"/api/v1/assessments/summaries/{world[x].pk}/explain/").json()
    assert all(c["records_urls"] == {} for c in _components(body["explanation"]).values())


def test_the_secretary_follows_the_links_of_their_result_to_their_records(
    client, world, three_orgs, secretary_x
):
    x = three_orgs[0]
    client.force_login(secretary_x)
    page = client.get(reverse("scheme:result_detail", kwargs={"pk": world[x].pk}))
    assert page.status_code == 200 and 'data-records="ledger.missing"' in page.content.decode()
    components = _components(selectors.explanation_for(secretary_x, world[x]))
    # The sessions list is staff's (述职评议会 are organised there): no link the secretary could not open.
    assert "debriefs" not in components["debrief"]["records_urls"]
    for key, component in components.items():
        for leaf, url in component["records_urls"].items():
            if leaf == "points_index":
                assert client.get(url).status_code == 200
                continue
            expected = CARRIER_RECORDS[key] if leaf == "ratio" else component["detail"][leaf]
            assert _listed(client, url).paginator.count == expected, (key, leaf)


def test_a_link_built_for_another_org_shows_the_secretary_nothing_of_it(
    client, world, three_orgs, secretary_x, committee_staff
):
    y = three_orgs[1]
    client.force_login(secretary_x)
    components = _components(selectors.explanation_for(committee_staff, world[y]))
    followed = 0
    for component in components.values():
        for leaf, url in component["records_urls"].items():
            response = client.get(url)
            if leaf == "points_index" or response.status_code in (403, 404):
                assert response.status_code in (403, 404), url
                continue
            assert response.status_code == 200
            assert response.context["page"].paginator.count == 0, url
            assert "中共示例Y支部委员会" not in response.content.decode()
            followed += 1
    # Among them the bulletin that names X and Y: X's secretary reads it, but not through Y's link.
    assert followed >= 10


def test_the_lists_ignore_bad_drill_down_values(client, world, committee_staff):
    client.force_login(committee_staff)
    bad = {
        "organization": "abc",
        "from": "2025-13-01",
        "to": "yesterday",
        "outcome": "x",
        "item": "-1",
        "mark": "?",
    }
    for name in (
        "ledger:my_assignments",
        "bulletins:talk_list",
        "bulletins:rectification_list",
        "bulletins:bulletin_list",
        "scoring:session_list",
        "days:service_day_list",
        "forums:forum_list",
        "meetings:meeting_list",
    ):
        whole = client.get(reverse(name), {"year": YEAR, "state": ""}).context["page"].paginator.count
        response = client.get(reverse(name), {"year": YEAR, "state": "", **bad})
        assert response.status_code == 200, name
        assert response.context["page"].paginator.count == whole, name


def test_the_dashboard_carries_where_each_bar_and_cell_drills_down_to(
    client, world, three_orgs, committee_staff
):
    from ledger.services.rollup import rollup_rebuild

    rollup_rebuild()
    client.force_login(committee_staff)
    chart = client.get(reverse("scheme:dashboard"), {"year": YEAR}).context["chart"]
    results = {r.pk: r for r in world.values()}
    for pk, url in zip(chart["ranking"]["ids"], chart["ranking"]["urls"], strict=True):
        assert url == reverse("scheme:result_detail", kwargs={"pk": pk})
    assert len(chart["heat"]["urls"]) == len(chart["heat"]["cells"]) == 3
    opened = {int(url.rstrip("/").rsplit("/", 1)[1]) for url in chart["heat"]["urls"]}
    assert opened == set(results)
    assert chart["items"]["names"] == ["基层组织建设"]
    (url,) = chart["items"]["urls"]
    page = _listed(client, url)
    assert page.paginator.count == chart["items"]["totals"][0] == 5  # due in 2025-Q1, every org
    assert "item=" in url and "from=2025-01-01" in url and "to=2025-03-31" in url


def test_a_result_stores_its_counts_and_its_reader_gets_the_tree_in_their_language(
    world, three_orgs, committee_staff
):
    """What a chunk stores is what the numbers are made of (values, counts, ids); labels, weights and
    links are the reader's, so an English reader reads English names of the same stored result."""
    stored = world[three_orgs[0]].explanation
    assert set(stored) == {"components"}
    assert all(set(part) == {"value", "detail"} for part in stored["components"].values())
    with translation.override("en"):
        english = selectors.explanation_for(committee_staff, world[three_orgs[0]])
    with translation.override("zh-hans"):
        chinese = selectors.explanation_for(committee_staff, world[three_orgs[0]])
    assert [i["label"] for i in english["indices"]] != [i["label"] for i in chinese["indices"]]
    assert _components(english)["ledger"]["label"] != _components(chinese)["ledger"]["label"]
    for key, component in _components(english).items():
        assert component["detail"] == stored["components"][key]["detail"]
        assert component["detail"] == _components(chinese)[key]["detail"]
