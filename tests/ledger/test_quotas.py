"""Quotas (issue 6, finding 9): files and bytes per submission, evidence bytes per org per year, and a hard
cap on the request body — each refused in Chinese with the limit, what was sent and what to do, before
anything is stored, on the portal form and the API alike."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger import services
from ledger.models import Assignment, Attachment, Record, RecordState
from partybuild.exceptions import DomainError

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # 72 bytes


def photos(n: int, size: int = len(PNG)) -> list[SimpleUploadedFile]:
    body = PNG + b"\x00" * (size - len(PNG))
    return [SimpleUploadedFile(f"照片{i}.png", body, content_type="image/png") for i in range(n)]


def portal_submit(client, assignment, files):
    return client.post(
        reverse("ledger:record_submit", args=[assignment.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": files},
    )


def api_submit(api, assignment, files):
    return api.post(
        "/api/v1/ledger/records/",
        {"assignment": assignment.pk, "content": "开展主题党日", "done_on": "2020-03-08", "files": files},
        format="multipart",
    )


def stored_files(root: Path) -> list[Path]:
    return [p for p in (root / "evidence").rglob("*") if p.is_file()] if (root / "evidence").exists() else []


def assert_nothing_written(assignment, root):
    assert not Record.objects.filter(assignment=assignment).exists()
    assert not Attachment.objects.exists() and stored_files(root) == []
    assert Assignment.objects.with_status().get(pk=assignment.pk).record_state == RecordState.NONE


def test_the_portal_refuses_more_files_than_one_submission_may_carry(
    settings, sec_a_client, assignment_a, private_root
):
    settings.EVIDENCE_MAX_FILES = 2

    response = portal_submit(sec_a_client, assignment_a, photos(3))

    page = response.content.decode()
    assert response.status_code == 200
    assert "本次提交附带了 3 个文件，超过每次最多 2 个的上限，未保存任何内容" in page
    assert "分批补充" in page
    assert_nothing_written(assignment_a, private_root)


def test_the_api_refuses_more_files_than_one_submission_may_carry(
    settings, secretary_a_api, assignment_a, private_root
):
    settings.EVIDENCE_MAX_FILES = 2

    response = api_submit(secretary_a_api, assignment_a, photos(3))

    assert response.status_code == 400
    assert "本次提交附带了 3 个文件，超过每次最多 2 个的上限" in response.json()["files"][0]
    assert_nothing_written(assignment_a, private_root)


def test_the_portal_refuses_a_submission_over_the_byte_limit(
    settings, sec_a_client, assignment_a, private_root
):
    settings.EVIDENCE_MAX_REQUEST_BYTES = 2048

    response = portal_submit(sec_a_client, assignment_a, photos(2, size=1536))

    page = response.content.decode()
    assert "本次提交的文件共 3 KB，超过每次 2 KB 的上限，未保存任何内容" in page
    assert "请压缩图片或减少文件后重新提交" in page
    assert_nothing_written(assignment_a, private_root)


def test_the_api_refuses_a_submission_over_the_byte_limit(
    settings, secretary_a_api, assignment_a, private_root
):
    settings.EVIDENCE_MAX_REQUEST_BYTES = 2048

    response = api_submit(secretary_a_api, assignment_a, photos(2, size=1536))

    assert response.status_code == 400
    assert "本次提交的文件共 3 KB，超过每次 2 KB 的上限" in response.json()["files"][0]
    assert_nothing_written(assignment_a, private_root)


@pytest.fixture
def march_and_april(task_monthly, org_a):
    return [
        Assignment.objects.get(task=task_monthly, organization=org_a, period=p)
        for p in ("2020-M03", "2020-M04")
    ]


def test_an_org_cannot_store_more_evidence_in_a_year_than_its_quota_on_the_portal(
    settings, sec_a_client, sec_b_client, march_and_april, assignment_b, private_root
):
    settings.EVIDENCE_ORG_YEAR_BYTES = 3 * 1024
    march, april = march_and_april
    assert portal_submit(sec_a_client, march, photos(1, size=2048)).status_code == 302

    response = portal_submit(sec_a_client, april, photos(1, size=2048))

    page = response.content.decode()
    assert "已上传佐证材料 2 KB，本次 2 KB，合计将超过每个党组织每年 3 KB 的上限，未保存任何内容" in page
    assert not Record.objects.filter(assignment=april).exists()
    assert len(stored_files(private_root)) == 1
    # Another org's quota is its own.
    assert portal_submit(sec_b_client, assignment_b, photos(1, size=2048)).status_code == 302


def test_an_org_cannot_store_more_evidence_in_a_year_than_its_quota_through_the_api(
    settings, secretary_a_api, march_and_april, private_root
):
    settings.EVIDENCE_ORG_YEAR_BYTES = 3 * 1024
    march, april = march_and_april
    assert api_submit(secretary_a_api, march, photos(1, size=2048)).status_code == 201

    response = api_submit(secretary_a_api, april, photos(1, size=2048))

    assert response.status_code == 400
    assert "合计将超过每个党组织每年 3 KB 的上限" in response.json()["files"][0]
    assert not Record.objects.filter(assignment=april).exists()


def test_evidence_removed_from_a_record_still_counts_because_storage_keeps_it(
    settings, secretary_a, march_and_april
):
    settings.EVIDENCE_ORG_YEAR_BYTES = 3 * 1024
    march, _april = march_and_april
    record = services.record_submit(
        assignment=march, user=secretary_a, content="做了", done_on=march.period_start, files=photos(1, 2048)
    )
    kwargs = {"record": record, "user": secretary_a, "content": "做了", "done_on": march.period_start}
    services.record_update(**kwargs, remove_attachment_ids=[record.attachments.get().pk])

    with pytest.raises(DomainError) as refused:
        services.record_update(**kwargs, files=photos(1, 2048))

    assert "已上传佐证材料 2 KB，本次 2 KB" in refused.value.message
    assert record.attachments.count() == 0


def test_a_body_over_the_request_cap_is_refused_unread_on_the_portal(
    settings, sec_a_client, assignment_a, private_root
):
    settings.UPLOAD_REQUEST_MAX_BYTES = 4096

    response = portal_submit(sec_a_client, assignment_a, photos(2, size=4096))

    page = response.content.decode()
    assert response.status_code == 413
    assert "超过每次提交 4 KB 的上限，未保存任何内容" in page and "请压缩图片或减少文件数量" in page
    assert_nothing_written(assignment_a, private_root)


def test_a_body_over_the_request_cap_is_refused_unread_by_the_api(
    settings, secretary_a_api, assignment_a, private_root
):
    settings.UPLOAD_REQUEST_MAX_BYTES = 4096

    response = api_submit(secretary_a_api, assignment_a, photos(2, size=4096))

    assert response.status_code == 413
    assert "超过每次提交 4 KB 的上限" in response.json()["detail"]
    assert_nothing_written(assignment_a, private_root)


def test_djangos_file_count_cap_sits_just_above_ours_and_answers_400_not_500(
    sec_a_client, assignment_a, private_root
):
    cap = django_settings.DATA_UPLOAD_MAX_NUMBER_FILES
    assert django_settings.EVIDENCE_MAX_FILES < cap <= 100

    response = portal_submit(sec_a_client, assignment_a, photos(cap + 1, size=80))

    assert response.status_code == 400
    assert_nothing_written(assignment_a, private_root)
