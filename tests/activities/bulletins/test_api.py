"""REST: /api/v1/activities/bulletins/, reminder-talks/, rectifications/, letters/ — scoped per role;
the reporting client reads published bulletins and counts, never talk reasons."""

from __future__ import annotations

from datetime import date

import pytest

from activities import services
from activities.models import Bulletin, Rectification, RectificationState, ReminderReason
from tests.ledger.conftest import queries_of

from .conftest import make_bulletin, png

pytestmark = pytest.mark.django_db
BASE = "/api/v1/activities"


def test_staff_draft_and_publish_a_bulletin_over_the_api(staff_api, secretary_a, org_a, org_b):
    body = {
        "kind": "reminder",
        "issued_on": "2026-05-06",
        "title": "关于及时报送台账的工作提醒",
        "body": "请按期报送。",
        "orgs": [{"organization": org_a.pk, "mark": "remind"}, {"organization": org_b.pk, "mark": "praise"}],
    }
    created = staff_api.post(f"{BASE}/bulletins/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["number"] is None and created.json()["state"] == "draft"
    pk = created.json()["id"]

    published = staff_api.post(f"{BASE}/bulletins/{pk}/publish/")
    assert published.status_code == 200
    assert (published.json()["number"], published.json()["year"], published.json()["recipients"]) == (
        1,
        2026,
        1,
    )
    again = staff_api.post(f"{BASE}/bulletins/{pk}/publish/")
    assert again.status_code == 400 and "不能重复发布" in again.content.decode()
    receipts = staff_api.get(f"{BASE}/bulletins/{pk}/receipts/").json()
    assert [r["user"] for r in receipts["results"]] == [secretary_a.pk]


def test_a_secretary_reads_their_bulletins_and_marks_them_read(
    committee_staff, secretary_a_api, secretary_b_api, org_a, draft_a
):
    services.bulletin_publish(actor=committee_staff, bulletin=draft_a)
    assert secretary_b_api.get(f"{BASE}/bulletins/{draft_a.pk}/").status_code == 404
    assert secretary_b_api.get(f"{BASE}/bulletins/").json()["count"] == 0
    assert secretary_a_api.get(f"{BASE}/bulletins/{draft_a.pk}/").json()["my_read_at"] is None
    read = secretary_a_api.post(f"{BASE}/bulletins/{draft_a.pk}/read/")
    assert read.status_code == 200 and read.json()["my_read_at"] is not None
    assert secretary_a_api.get(f"{BASE}/bulletins/{draft_a.pk}/receipts/").status_code == 403
    assert secretary_a_api.post(f"{BASE}/bulletins/{draft_a.pk}/publish/").status_code == 403


def test_the_reporting_client_reads_published_bulletins_and_counts_never_talk_reasons(
    committee_staff, api_client, reporting_client, org_a, draft_a, talk_a, item_a, secretary_a
):
    from tests.conftest import api_as

    reporting = api_as(reporting_client)
    published = services.bulletin_publish(
        actor=committee_staff, bulletin=make_bulletin(committee_staff, [org_a])
    )
    listed = reporting.get(f"{BASE}/bulletins/").json()
    assert [row["id"] for row in listed["results"]] == [published.pk]  # the draft is not there
    assert reporting.get(f"{BASE}/reminder-talks/").status_code == 403
    assert reporting.get(f"{BASE}/reminder-talks/{talk_a.pk}/").status_code in (403, 404)
    assert reporting.get(f"{BASE}/rectifications/").status_code == 403
    services.rectification_report(actor=secretary_a, rectification=item_a, report="已整改", files=[png()])
    services.rectification_close(actor=committee_staff, rectification=item_a)
    counts = reporting.get(f"{BASE}/reminder-talks/counts/", {"year": 2026})
    assert counts.json() == {"talks": 1, "rectifications": 2, "closed": 1, "letters": 0}
    assert "整改进度缓慢" not in counts.content.decode()
    assert reporting.get(f"{BASE}/reminder-talks/counts/", {"year": 2025}).json()["talks"] == 0


def test_staff_record_a_talk_with_items_and_the_secretary_reports_one_done(
    staff_api, secretary_a_api, secretary_b_api, org_a, secretary_a
):
    body = {
        "organization": org_a.pk,
        "secretary_name": "李四",
        "reason": ReminderReason.WEAK_LEADERSHIP,
        "talked_on": "2026-03-01",
        "talked_by": "工委书记",
        "items": [{"content": "健全支部工作制度", "deadline": "2026-04-30"}],
    }
    created = staff_api.post(f"{BASE}/reminder-talks/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["items_total"] == 1
    item = Rectification.objects.get()
    assert secretary_b_api.get(f"{BASE}/rectifications/{item.pk}/").status_code == 404
    assert secretary_b_api.get(f"{BASE}/reminder-talks/").json()["count"] == 0

    report = secretary_a_api.post(
        f"{BASE}/rectifications/{item.pk}/report/",
        {"report": "已制定制度", "files": [png()]},
        format="multipart",
    )
    assert report.status_code == 200, report.content
    assert report.json()["state"] == "reported" and len(report.json()["evidence"]) == 1
    assert secretary_a_api.post(f"{BASE}/rectifications/{item.pk}/close/").status_code == 403
    closed = staff_api.post(f"{BASE}/rectifications/{item.pk}/close/", {"note": "核查属实"}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == RectificationState.CLOSED
    letter = staff_api.post(
        f"{BASE}/letters/",
        {
            "talk": created.json()["id"],
            "addressee": "市税务局党组",
            "number": "清机工函〔2026〕1号",
            "sent_on": "2026-06-01",
        },
        format="json",
    )
    assert letter.status_code == 201, letter.content
    assert staff_api.get(f"{BASE}/letters/", {"year": 2026}).json()["count"] == 1


def test_overdue_items_filter_on_the_api(staff_api, talk_a):
    overdue = staff_api.get(f"{BASE}/rectifications/", {"overdue": "true"}).json()
    assert overdue["count"] == 2  # both deadlines (2026年4月、5月) are past in this run's calendar


def _publish_many(staff, orgs, n):
    for i in range(n):
        services.bulletin_publish(actor=staff, bulletin=make_bulletin(staff, orgs, title=f"通报{i}"))


def test_the_api_lists_run_the_same_queries_for_ten_times_the_rows(committee_staff, staff_api, org_a, org_b):
    _publish_many(committee_staff, [org_a, org_b], 2)
    services.reminder_talk_create(
        actor=committee_staff,
        organization=org_a,
        secretary_name="甲",
        reason="duty",
        talked_on=date(2026, 1, 2),
        talked_by="工委",
        items=[{"content": "一", "deadline": date(2026, 2, 1)}],
    )
    urls = [f"{BASE}/bulletins/", f"{BASE}/reminder-talks/", f"{BASE}/rectifications/"]
    few = [queries_of(lambda url=url: staff_api.get(url))[1] for url in urls]
    _publish_many(committee_staff, [org_a, org_b], 18)
    for i in range(9):
        services.reminder_talk_create(
            actor=committee_staff,
            organization=org_b,
            secretary_name=f"乙{i}",
            reason="duty",
            talked_on=date(2026, 1, 3),
            talked_by="工委",
            items=[
                {"content": "一", "deadline": date(2026, 2, 1)},
                {"content": "二", "deadline": date(2026, 2, 2)},
            ],
        )
    many = [queries_of(lambda url=url: staff_api.get(url))[1] for url in urls]
    assert many == few
    assert Bulletin.objects.count() == 20
