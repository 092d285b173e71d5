"""The admin's import (upload → preview → confirm) accepts legacy workbooks; export is formula-safe."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Member, Organization, Role
from tests.accounts.excel_helpers import MEMBER_SAMPLE, ORG_SAMPLE
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.admin_urls")]


@pytest.fixture
def admin_client(client):
    """Committee staff: the role that imports rosters and org lists in the admin."""
    client.force_login(UserFactory(username="staff", role=Role.COMMITTEE_STAFF, is_staff=True))
    return client


def upload(client, url_name, path, name=None):
    data = path.read_bytes() if hasattr(path, "read_bytes") else path
    return client.post(
        reverse(url_name),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name or "file.xlsx", data)},
    )


def confirm(client, url_name, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse(url_name), data)


def test_the_organization_import_previews_then_writes_on_confirm(admin_client):
    response = upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE)
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert Organization.objects.count() == 0  # the preview was a dry run
    response = confirm(admin_client, "admin:accounts_organization_process_import", response)
    assert response.status_code == 302
    assert Organization.objects.count() == 15


def test_the_member_import_lists_warnings_in_the_preview(admin_client):
    confirm(
        admin_client,
        "admin:accounts_organization_process_import",
        upload(admin_client, "admin:accounts_organization_import", ORG_SAMPLE),
    )
    response = upload(admin_client, "admin:accounts_member_import", MEMBER_SAMPLE)
    content = response.content.decode()
    # Imported as it is, with what to check listed: a future join date, and the sample's made-up
    # ID numbers whose check digits GB 11643 would not give.
    assert "条提醒" in content and "入党时间2027-04-01晚于今天" in content
    assert "身份证号校验位不正确" in content
    confirm(admin_client, "admin:accounts_member_process_import", response)
    assert Member.objects.count() == 60
    assert Member.history.count() == 60


def test_a_wrong_file_gets_the_chinese_reason_on_the_form(admin_client):
    response = upload(admin_client, "admin:accounts_organization_import", b"a,b\n1,2\n", name="orgs.csv")
    assert not response.context.get("confirm_form")
    assert "不是 Excel 工作簿（.xlsx）" in response.content.decode()
    assert Organization.objects.count() == 0


def test_unknown_branches_block_the_confirm_step(admin_client, org_a):
    response = upload(admin_client, "admin:accounts_member_import", MEMBER_SAMPLE)
    assert not response.context.get("confirm_form")
    assert "找不到党组织" in response.content.decode()
    assert Member.objects.count() == 0


def test_the_admin_export_has_chinese_headers(admin_client, org_a):
    response = admin_client.post(
        reverse("admin:accounts_organization_export"),
        {"format": "0", "resource": "0", **{f"organizationresource_{f}": "on" for f in ("name", "kind")}},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]][:2] == ["党组织名称", "组织类别"]
    assert [cell.value for cell in sheet[3]][:2] == [org_a.name, "党支部"]
