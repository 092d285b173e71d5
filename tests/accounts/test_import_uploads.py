"""Admin imports (django-import-export) keep the upload in private storage, not /tmp, only until the import is
over, and their error pages never show a full ID-card number (issue 6, finding 2 and the PII control)."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.admin import MemberAdmin
from accounts.models import Member, Organization, Role
from accounts.services import id_number_mask
from ledger.imports.uploads import import_uploads_purge
from tests.accounts.excel_helpers import MEMBER_HEADER, MEMBER_SAMPLE, ORG_SAMPLE, make_workbook
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.admin_urls")]

VALID_ID = "11010519491231002X"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="gw", role=Role.COMMITTEE_STAFF, is_staff=True))
    return client


@pytest.fixture
def audit_events(monkeypatch):
    events = []
    monkeypatch.setattr(
        "accounts.imports.admin_uploads.audit_log", lambda action, **kw: events.append((action, kw))
    )
    return events


def upload(client, url_name, data, name="file.xlsx"):
    data = data.read_bytes() if hasattr(data, "read_bytes") else data
    return client.post(
        reverse(url_name), {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)}
    )


def confirm(client, url_name, response, **overrides):
    form = response.context["confirm_form"]
    return client.post(reverse(url_name), {**{n: form[n].value() for n in form.fields}, **overrides})


def waiting(private_root):
    folder = private_root / "tmp" / "import-export"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_previewed_upload_waits_in_private_storage_and_is_deleted_after_the_import(
    admin_client, private_root, audit_events
):
    response = upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE, name="党组织.xlsx")
    name = response.context["confirm_form"]["import_file_name"].value()

    assert waiting(private_root) == [name]

    confirm(admin_client, "admin:accounts_organization_process_import", response)

    assert Organization.objects.count() == 15
    assert waiting(private_root) == []
    [(action, event)] = audit_events
    assert action == "import.upload.delete"
    assert event["detail"]["file"] == "党组织.xlsx" and event["detail"]["size"] == ORG_SAMPLE.stat().st_size
    assert len(event["detail"]["sha256"]) == 64


def test_a_refused_file_is_deleted_at_once(admin_client, private_root):
    response = upload(admin_client, "admin:accounts_organization_import", b"a,b\n1,2\n", name="orgs.csv")

    assert "不是 Excel 工作簿（.xlsx）" in response.content.decode()
    assert waiting(private_root) == []


def test_a_preview_with_errors_keeps_nothing(admin_client, private_root, org_a):
    response = upload(admin_client, "admin:accounts_member_import", MEMBER_SAMPLE)

    assert "找不到党组织" in response.content.decode()
    assert waiting(private_root) == []


def test_a_confirm_that_crashes_still_deletes_the_upload(admin_client, private_root, monkeypatch):
    response = upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE)
    assert len(waiting(private_root)) == 1

    def crash(*args, **kwargs):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(MemberAdmin, "process_dataset", crash)
    monkeypatch.setattr("accounts.admin.OrganizationAdmin.process_dataset", crash)
    with pytest.raises(RuntimeError):
        confirm(admin_client, "admin:accounts_organization_process_import", response)

    assert waiting(private_root) == []


def test_the_confirm_form_cannot_name_another_file(admin_client, private_root):
    response = upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE)

    forged = confirm(
        admin_client,
        "admin:accounts_organization_process_import",
        response,
        import_file_name="../../../etc/passwd",
    )

    assert forged.status_code == 400
    assert Organization.objects.count() == 0


def test_an_unconfirmed_preview_is_purged_after_the_time_limit(admin_client, private_root, settings):
    settings.IMPORT_UPLOAD_MAX_AGE_HOURS = 24
    upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE)
    [name] = waiting(private_root)
    path = private_root / "tmp" / "import-export" / name
    import_uploads_purge()
    assert path.exists()

    old = time.time() - 25 * 3600
    os.utime(path, (old, old))
    import_uploads_purge()

    assert waiting(private_root) == []


def _roster(tmp_path, id_number):
    return make_workbook(
        tmp_path / "roster.xlsx",
        {
            "花名册": [
                MEMBER_HEADER,
                [1, "李四", "男", "1949-12-31", "1971-07-01", "不存在的支部", "在职党员", id_number],
            ]
        },
    )


def test_the_member_import_error_page_shows_a_valid_id_number_only_masked(admin_client, org_a, tmp_path):
    response = upload(admin_client, "admin:accounts_member_import", _roster(tmp_path, VALID_ID))

    page = response.content.decode()
    assert "找不到党组织" in page
    assert VALID_ID not in page and VALID_ID[6:14] not in page
    assert id_number_mask(VALID_ID) in page
    assert Member.objects.count() == 0


def test_the_member_import_error_page_hides_a_mistyped_id_number_completely(admin_client, org_a, tmp_path):
    typo = VALID_ID[:17]  # one digit short: still nearly someone's full number

    response = upload(admin_client, "admin:accounts_member_import", _roster(tmp_path, typo))

    page = response.content.decode()
    assert "格式不正确" in page
    assert typo not in page and "*" * 17 in page
