"""records/: secretaries submit and edit their own; staff review one by one or in bulk."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Notification
from ledger import services
from ledger.models import Record, RecordState
from tests.ledger.api.conftest import BASE
from tests.ledger.conftest import queries_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_secretary_submits_a_record_with_files(secretary_a_api, assignment_a):
    response = secretary_a_api.post(
        f"{BASE}/records/",
        {
            "assignment": assignment_a.pk,
            "content": "开展主题党日",
            "done_on": "2020-03-05",
            "participants": 15,
            "files": [SimpleUploadedFile("照片1.png", PNG), SimpleUploadedFile("照片2.png", PNG)],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.data
    assert response.data["state"] == "submitted"
    assert [a["original_name"] for a in response.data["attachments"]] == ["照片1.png", "照片2.png"]
    assert response.data["period"] == "2020-M03"


def test_a_bad_file_is_refused_with_its_name(secretary_a_api, assignment_a):
    response = secretary_a_api.post(
        f"{BASE}/records/",
        {
            "assignment": assignment_a.pk,
            "content": "x",
            "done_on": "2020-03-05",
            "files": [SimpleUploadedFile("脚本.exe", b"MZ")],
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "脚本.exe" in response.data["files"][0]
    assert not Record.objects.exists()


def test_a_secretary_cannot_submit_for_another_orgs_assignment(secretary_a_api, assignment_b):
    response = secretary_a_api.post(
        f"{BASE}/records/",
        {"assignment": assignment_b.pk, "content": "x", "done_on": "2020-03-05"},
        format="json",
    )
    assert response.status_code == 400
    assert "不属于您的组织" in response.data["assignment"][0]


def test_a_secretary_gets_404_for_another_orgs_record(secretary_a_api, record_a, record_b):
    assert secretary_a_api.get(f"{BASE}/records/{record_b.pk}/").status_code == 404
    assert (
        secretary_a_api.patch(f"{BASE}/records/{record_b.pk}/", {"content": "改"}, format="json").status_code
        == 404
    )
    assert [r["id"] for r in secretary_a_api.get(f"{BASE}/records/").data["results"]] == [record_a.pk]


def test_a_secretary_edits_their_record_while_not_reviewed(secretary_a_api, record_a):
    response = secretary_a_api.patch(f"{BASE}/records/{record_a.pk}/", {"content": "补充内容"}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["content"] == "补充内容"
    assert response.data["participants"] == 12


def test_an_accepted_record_cannot_be_edited(secretary_a_api, record_a, committee_staff):
    services.record_review(record=record_a, user=committee_staff, accept=True)
    response = secretary_a_api.patch(f"{BASE}/records/{record_a.pk}/", {"content": "改"}, format="json")
    assert response.status_code == 403
    assert "已审核通过" in response.data["detail"]


def test_staff_returns_a_record_with_a_reason(staff_api, record_a):
    response = staff_api.post(
        f"{BASE}/records/{record_a.pk}/review/", {"accept": False, "comment": "缺少签到表"}, format="json"
    )
    assert response.status_code == 200, response.data
    assert (response.data["state"], response.data["review_comment"]) == ("returned", "缺少签到表")


def test_returning_without_a_reason_is_refused(staff_api, record_a):
    response = staff_api.post(f"{BASE}/records/{record_a.pk}/review/", {"accept": False}, format="json")
    assert response.status_code == 400
    assert "审核意见" in response.data["comment"][0]


def test_a_secretary_cannot_review_their_own_record(secretary_a_api, record_a):
    response = secretary_a_api.post(f"{BASE}/records/{record_a.pk}/review/", {"accept": True}, format="json")
    assert response.status_code == 403


def test_staff_accepts_records_in_bulk(staff_api, record_a, record_b):
    response = staff_api.post(
        f"{BASE}/records/bulk-review/", {"ids": [record_a.pk, record_b.pk], "accept": True}, format="json"
    )
    assert response.status_code == 200, response.data
    assert response.data == {"reviewed": 2}
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.ACCEPTED}


def test_the_reporting_client_cannot_review(reporting_client, record_a):
    from tests.conftest import api_as

    response = api_as(reporting_client).post(
        f"{BASE}/records/bulk-review/", {"ids": [record_a.pk], "accept": True}, format="json"
    )
    assert response.status_code == 403


def test_a_closed_quarter_refuses_submission_through_the_api(secretary_a_api, assignment_a, committee_staff):
    services.period_close(period="2020-Q1", user=committee_staff)
    response = secretary_a_api.post(
        f"{BASE}/records/",
        {"assignment": assignment_a.pk, "content": "x", "done_on": "2020-03-05"},
        format="json",
    )
    assert response.status_code == 403
    assert "2020年第1季度" in response.data["detail"]
    assert not Notification.objects.exists()


def test_the_record_list_runs_as_many_queries_for_10_records_as_for_1(
    staff_api, task_monthly, org_a, secretary_a
):
    def submit(count):
        for assignment in task_monthly.assignments.filter(organization=org_a, record__isnull=True)[:count]:
            services.record_submit(
                assignment=assignment,
                user=secretary_a,
                content="x",
                done_on=assignment.period_start,
                files=[SimpleUploadedFile("p.png", PNG)],
            )

    submit(1)
    small, few = queries_of(lambda: staff_api.get(f"{BASE}/records/"))
    submit(9)
    large, many = queries_of(lambda: staff_api.get(f"{BASE}/records/"))
    assert (small.data["count"], large.data["count"]) == (1, 10)
    assert many == few
