"""The summary table (AssignmentRollup): equal to the raw grouped scan after every kind of write,
rebuilt from scratch by a command, read by the summaries API with ETag / 304."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import TestCase

from ledger import selectors, services
from ledger.imports.importer import ledger_import_file
from ledger.models import Assignment, AssignmentRollup, Recurrence, TopOrgRollup
from ledger.services.rollup import COUNTS, rollup_counts_by_key, top_org_ids

from .imports.conftest import SAMPLE

SUMMARY = "/api/v1/ledger/summaries/"


def _table() -> dict:
    """The rollup table as {key: counts}, leaving out rows every assignment has left (all zero)."""
    rows = AssignmentRollup.objects.filter(total__gt=0).values(
        "organization_id", "item_id", "period", "due_date", *COUNTS
    )
    return {
        (r["organization_id"], r["item_id"], r["period"], r["due_date"]): tuple(r[c] for c in COUNTS)
        for r in rows
    }


def _top_table() -> dict:
    rows = TopOrgRollup.objects.filter(total__gt=0).values("top_id", "item_id", "period", "due_date", *COUNTS)
    return {
        (r["top_id"], r["item_id"], r["period"], r["due_date"]): tuple(r[c] for c in COUNTS) for r in rows
    }


def _raw_by_top(raw: dict) -> dict:
    """The raw counts summed per top-level org (the committee's child each org lies under)."""
    tops = top_org_ids({key[0] for key in raw})
    summed: dict = {}
    for (org_id, *rest), counts in raw.items():
        key = (tops[org_id], *rest)
        summed[key] = tuple(a + b for a, b in zip(summed.get(key, (0,) * len(COUNTS)), counts, strict=True))
    return summed


def _assert_in_step():
    raw = rollup_counts_by_key(Assignment.objects.all())
    assert raw, "nothing to compare"
    assert _table() == raw
    assert _top_table() == _raw_by_top(raw)


def test_the_table_follows_every_kind_of_service_write(
    ledger_item, committee_staff, secretary_a, secretary_b, org_a, org_b
):
    task = services.task_create(
        item=ledger_item,
        title="开展主题党日活动",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a, org_b],
    )
    _assert_in_step()  # generated

    march_a = task.assignments.get(organization=org_a, period="2020-M03")
    march_b = task.assignments.get(organization=org_b, period="2020-M03")
    jan_a = task.assignments.get(organization=org_a, period="2020-M01")
    record = services.record_submit(
        assignment=march_a, user=secretary_a, content="已开展", done_on=date(2020, 3, 1)
    )
    _assert_in_step()  # submitted
    services.record_update(
        record=record, user=secretary_a, content="已开展，补充说明", done_on=date(2020, 3, 2)
    )
    _assert_in_step()  # edited
    services.record_review(record=record, user=committee_staff, accept=False, comment="请补充照片")
    _assert_in_step()  # returned
    services.record_update(record=record, user=secretary_a, content="已补充照片", done_on=date(2020, 3, 2))
    _assert_in_step()  # resubmitted
    services.record_review(record=record, user=committee_staff, accept=True)
    _assert_in_step()  # accepted

    others = [
        services.record_submit(assignment=a, user=u, content="已完成", done_on=date(2020, 1, 20))
        for a, u in ((march_b, secretary_b), (jan_a, secretary_a))
    ]
    services.records_review_bulk(record_ids=[r.pk for r in others], user=committee_staff, accept=True)
    _assert_in_step()  # bulk review

    services.task_update(
        task=task, by=committee_staff, responsible_orgs=[org_a], recurrence=Recurrence.QUARTERLY
    )
    _assert_in_step()  # pruned (org B's and the months without a record) and regenerated
    services.task_update(task=task, by=committee_staff, deadline=date(2020, 2, 14))
    _assert_in_step()  # re-dated

    services.plan_archive(plan=ledger_item.plan, by=committee_staff)
    _assert_in_step()  # archived: counted as before
    services.plan_unarchive(plan=ledger_item.plan, by=committee_staff)
    _assert_in_step()


def test_the_table_follows_an_import_and_its_assignment_step(orgs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        ledger_import_file(source=SAMPLE, year=2020, user=None)
    assert Assignment.objects.count() == 80
    _assert_in_step()


def test_a_rebuild_gives_the_same_table_and_the_command_prints_its_timing(ledger_tasks, record_a):
    before = _table()
    AssignmentRollup.objects.update(total=0)  # drifted (say, a bulk load written around the services)
    out = StringIO()
    call_command("rebuild_rollup", "--compare", stdout=out)
    assert _table() == before
    text = out.getvalue()
    assert f"{Assignment.objects.count()}条任务分解" in text and "秒" in text and "原始分组扫描用时" in text


def test_a_summary_reads_only_the_tables(ledger_item, committee_staff, org_a):
    from accounts.models import Role
    from tests.factories import UserFactory, make_org

    branch = make_org(org_a, "中共清镇市税务局第一支部委员会")
    branch_secretary = UserFactory(username="sec_branch", role=Role.SECRETARY, organization=branch)
    services.task_create(
        item=ledger_item, title="年度计划", by=committee_staff, responsible_orgs=[org_a, branch]
    )
    # Staff (and a top-level org's secretary) read the per-top-level-org rows; a secretary deeper down
    # reads the per-org rows of their subtree.
    TopOrgRollup.objects.update(accepted=7)
    AssignmentRollup.objects.update(accepted=1)

    [staff_row] = selectors.rollup(committee_staff, year=2020, by="item")
    [branch_row] = selectors.rollup(branch_secretary, year=2020, by="item")

    assert staff_row["total"] == 2 and staff_row["accepted"] == 7
    assert branch_row["total"] == 1 and branch_row["accepted"] == 1


def test_a_secretarys_summary_is_their_subtree(ledger_item, committee_staff, org_a, org_b, secretary_a):
    from tests.factories import make_org

    child = make_org(org_a, "中共清镇市税务局第一支部委员会")
    services.task_create(
        item=ledger_item, title="年度计划", by=committee_staff, responsible_orgs=[org_a, child, org_b]
    )
    rows = selectors.rollup(secretary_a, year=2020, by="org")
    assert sorted(r["key"] for r in rows) == sorted([org_a.pk, child.pk])
    item_rows = selectors.rollup(secretary_a, year=2020, by="item")
    assert [r["total"] for r in item_rows] == [2]


# --------------------------------------------------------------------------- ETag and 304


def test_an_unchanged_summary_is_answered_304_and_a_change_gives_a_new_etag(
    staff_api, assignment_a, secretary_a
):
    first = staff_api.get(SUMMARY, {"year": 2020, "by": "org"})
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first.json()["results"]

    again = staff_api.get(SUMMARY, {"year": 2020, "by": "org"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""

    services.record_submit(
        assignment=assignment_a, user=secretary_a, content="已开展", done_on=date(2020, 3, 1)
    )
    changed = staff_api.get(SUMMARY, {"year": 2020, "by": "org"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert sum(row["submitted"] for row in changed.json()["results"]) == 1


def test_the_etag_differs_by_query_and_by_who_asks(staff_api, secretary_a_api, ledger_tasks):
    by_org = staff_api.get(SUMMARY, {"year": 2020, "by": "org"})
    by_item = staff_api.get(SUMMARY, {"year": 2020, "by": "item"})
    mine = secretary_a_api.get(SUMMARY, {"year": 2020, "by": "org"}, HTTP_IF_NONE_MATCH=by_org["ETag"])
    assert by_org["ETag"] != by_item["ETag"]
    assert mine.status_code == 200 and mine["ETag"] != by_org["ETag"]


@pytest.mark.parametrize("header", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
def test_a_refused_user_gets_no_304(api_client, member, ledger_tasks, staff_api, header):
    etag = staff_api.get(SUMMARY, {"year": 2020})
    api_client.force_authenticate(member)
    value = etag["ETag"] if header == "HTTP_IF_NONE_MATCH" else etag["Last-Modified"]
    assert api_client.get(SUMMARY, {"year": 2020}, **{header: value}).status_code == 403
