"""Evidence is private: random names outside every served path, one permission-checked download view that
verifies the SHA-256 before serving a byte (issue 6, finding 5)."""

import importlib
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from ledger.models import Attachment

from .conftest import PNG

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORED = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(png|pdf|docx)$")


def _submit(client, assignment, *files):
    response = client.post(
        reverse("ledger:record_submit", args=[assignment.pk]),
        {"content": "开展主题党日", "done_on": "2020-03-08", "attachments": list(files)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return list(Attachment.objects.order_by("pk"))


@pytest.fixture
def audit_events(monkeypatch):
    events = []
    monkeypatch.setattr(
        "ledger.services.attachments.audit_log", lambda action, **kw: events.append((action, kw))
    )
    return events


def test_it_stores_evidence_under_a_random_name_in_the_private_root_not_media(
    sec_a_client, assignment_a, private_root, settings
):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("张三 身份证 复印件.png", PNG))

    assert STORED.match(attachment.file.name), attachment.file.name
    assert "张三" not in attachment.file.name
    assert attachment.original_name == "张三 身份证 复印件.png"
    stored = Path(private_root, attachment.file.name)
    assert stored.read_bytes() == PNG
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.png"))


def test_the_stored_extension_comes_from_the_checked_type_not_the_users_name(sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("报告.PDF", PDF))

    assert attachment.file.name.endswith(".pdf") and attachment.content_type == "application/pdf"


def test_a_private_file_has_no_url_to_leak(sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))

    with pytest.raises(ValueError, match="no URL"):
        attachment.file.url  # noqa: B018


def test_there_is_no_media_route_even_with_debug_on(settings, sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))
    settings.DEBUG = True
    import partybuild.urls

    try:
        reloaded = importlib.reload(partybuild.urls)
        assert not any("media" in str(pattern.pattern) for pattern in reloaded.urlpatterns)
        with pytest.raises(Resolver404):
            resolve(f"/media/{attachment.file.name}", urlconf=reloaded)
    finally:
        settings.DEBUG = False
        importlib.reload(partybuild.urls)
    response = sec_a_client.get(f"/media/{attachment.file.name}")
    assert response.status_code == 404
    assert PNG not in response.content


def test_the_owner_downloads_an_image_inline_with_its_original_name(sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("活动 照片.png", PNG))

    response = sec_a_client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"]
        == "inline; filename*=utf-8''%E6%B4%BB%E5%8A%A8%20%E7%85%A7%E7%89%87.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_download_1_saves_an_image_instead_of_showing_it(sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))

    url = reverse("ledger:attachment_download", args=[attachment.pk])
    response = sec_a_client.get(f"{url}?download=1")

    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")


def test_committee_staff_download_any_orgs_evidence_and_another_org_gets_404(
    sec_a_client, sec_b_client, staff_client, assignment_a
):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))
    url = reverse("ledger:attachment_download", args=[attachment.pk])

    assert staff_client.get(url).status_code == 200
    assert sec_b_client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, sec_a_client, assignment_a):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))

    response = client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    assert response.status_code == 302 and "/login/" in response.url


def test_a_tampered_file_is_refused_with_a_chinese_reason_and_an_audit_event(
    sec_a_client, assignment_a, private_root, audit_events
):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("签到表.png", PNG))
    tampered = PNG[:-4] + b"EVIL"
    Path(private_root, attachment.file.name).write_bytes(tampered)

    response = sec_a_client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    page = response.content.decode()
    assert response.status_code == 409
    assert "“签到表.png”未通过完整性校验" in page and "请联系系统管理员" in page
    assert b"EVIL" not in response.content
    [(action, event)] = audit_events
    assert action == "evidence.integrity" and event["result"] == "failure"
    assert event["target"] == attachment and event["detail"]["expected_sha256"] == attachment.sha256


def test_a_file_of_the_same_size_with_other_bytes_is_refused_too(sec_a_client, assignment_a, private_root):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))
    Path(private_root, attachment.file.name).write_bytes(PNG[:-1] + b"\x01")

    response = sec_a_client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    assert response.status_code == 409


def test_a_missing_file_is_a_404_and_an_audit_event(sec_a_client, assignment_a, private_root, audit_events):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))
    Path(private_root, attachment.file.name).unlink()

    response = sec_a_client.get(reverse("ledger:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404
    assert [(a, e["detail"]["reason"]) for a, e in audit_events] == [("evidence.integrity", "missing")]


def test_the_api_points_at_the_download_view_never_at_a_file_path(
    sec_a_client, secretary_a_api, assignment_a
):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))

    data = secretary_a_api.get(f"/api/v1/ledger/records/{attachment.record_id}/").json()

    assert data["attachments"][0]["url"] == reverse("ledger:attachment_download", args=[attachment.pk])
    assert attachment.file.name not in str(data)


def test_the_admin_lists_evidence_without_links_to_files(sec_a_client, client, assignment_a, committee_staff):
    [attachment] = _submit(sec_a_client, assignment_a, SimpleUploadedFile("照片.png", PNG))
    committee_staff.is_superuser = True
    committee_staff.save()
    client.force_login(committee_staff)

    page = client.get(reverse("admin:ledger_record_change", args=[attachment.record_id]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "照片.png" in html and attachment.sha256 in html
    assert attachment.file.name not in html and "/media/" not in html
