"""The admin's 导入 for the record kinds: django-import-export's upload → preview → confirm screens over
the one import engine (same rules as the command and the portal pages)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.audit.models import AuditEvent
from accounts.models import Role, SecretaryTerm
from activities.models import Vetting
from tests.activities.imports.test_kinds import TERM_HEADERS, VETTING_HEADERS, _vetting_row
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every kind of this issue has the admin's import on its model's list.
ADMIN_IMPORTS = {
    "secretary_term": "admin:accounts_secretaryterm_import",
    "vetting": "admin:activities_vetting_import",
    "appointment_talk": "admin:activities_appointmenttalk_import",
    "bulletin": "admin:activities_bulletin_import",
    "reminder_talk": "admin:activities_remindertalk_import",
    "debrief": "admin:activities_debrief_import",
}


def _upload(client, url_name, path):
    return client.post(
        reverse(url_name),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(path.name, path.read_bytes())},
    )


def _confirm(client, kind, response):
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(reverse(ADMIN_IMPORTS[kind].replace("_import", "_process_import")), data)


@pytest.mark.parametrize("kind", sorted(ADMIN_IMPORTS))
def test_each_kind_offers_the_import_with_its_template_to_committee_staff(kind, staff_client):
    response = staff_client.get(reverse(ADMIN_IMPORTS[kind]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("activities:import_template", args=[kind]) in html


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_the_separated_admin_roles_cannot_import_records(role, client):
    client.force_login(UserFactory(username="admin-role", role=role, is_staff=True))
    assert client.get(reverse(ADMIN_IMPORTS["vetting"])).status_code == 403


def test_a_vetting_file_is_previewed_then_written_on_confirm_and_audited_once(
    staff_client, org_a, workbook, private_root, django_capture_on_commit_callbacks
):
    MemberFactory(organization=org_a, name="李四")
    path = workbook(VETTING_HEADERS, [_vetting_row()], title="审批前考察情况表")
    preview = _upload(staff_client, ADMIN_IMPORTS["vetting"], path)
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert "李四" in preview.content.decode()
    assert not Vetting.objects.exists()  # the preview was a dry run

    with django_capture_on_commit_callbacks(execute=True):
        done = _confirm(staff_client, "vetting", preview)
    assert done.status_code == 302
    vetting = Vetting.objects.get()
    assert vetting.candidate.name == "李四"
    assert SecretaryTerm.objects.get().member == vetting.candidate  # approving made the term
    event = AuditEvent.objects.get(action="import")
    assert event.rows == 1 and event.detail["kind"] == "vetting"
    assert event.detail["file"] == path.name


def test_a_misread_cell_is_named_on_the_upload_form_and_nothing_is_written(
    staff_client, org_a, workbook, private_root
):
    path = workbook(TERM_HEADERS, [["市税务局党支部", "张三", "书记", "去年春天", None, None]])
    response = _upload(staff_client, ADMIN_IMPORTS["secretary_term"], path)
    html = response.content.decode()
    assert not response.context.get("confirm_form")
    assert "第2行" in html and "D列" in html
    assert not SecretaryTerm.objects.exists()


def test_a_row_the_service_refuses_blocks_the_confirm_and_names_its_row(
    staff_client, org_a, workbook, private_root
):
    MemberFactory(organization=org_a, name="李四")
    MemberFactory(organization=org_a, name="陈七")
    path = workbook(VETTING_HEADERS, [_vetting_row(), _vetting_row(候选人="陈七")])
    response = _upload(staff_client, ADMIN_IMPORTS["vetting"], path)
    html = response.content.decode()
    assert not response.context.get("confirm_form")
    assert "第3行" in html and "不能接替" in html
    assert not Vetting.objects.exists() and not SecretaryTerm.objects.exists()
