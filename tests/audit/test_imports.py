"""Imports are ONE event each (who, which file, how many rows), whether by command, admin or ledger page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Member, Role
from ledger.models import LedgerImport
from tests.accounts.excel_helpers import MEMBER_SAMPLE, ORG_SAMPLE, make_workbook
from tests.factories import UserFactory

from .conftest import events

LEDGER_SAMPLE = ORG_SAMPLE.with_name("ledger_2020_sample.xlsx")


@pytest.fixture
def sample_orgs(db, on_commit):
    with on_commit():
        call_command("import_organizations", str(ORG_SAMPLE))


def test_the_organization_import_is_one_event_although_each_row_goes_through_a_service(sample_orgs):
    event = events("import.organizations").get()
    assert (event.rows, event.detail["file"], event.channel) == (15, "organizations_sample.xlsx", "command")
    assert event.detail["new"] == 15 and event.detail["os_user"]
    assert not events().filter(action__startswith="object.").exists()


def test_the_bulk_member_import_is_one_event_with_the_row_count(sample_orgs, on_commit):
    with on_commit():
        call_command("import_members", str(MEMBER_SAMPLE))
    assert Member.objects.count() == 60 and Member.history.count() == 60
    event = events("import.members").get()
    assert (event.rows, event.detail["file"], event.result) == (60, "members_sample.xlsx", "success")
    assert event.object_type.model_class() is Member
    assert not events().filter(action__startswith="object.").exists()


def test_a_dry_run_is_no_import_event(sample_orgs, on_commit):
    with on_commit():
        call_command("import_members", str(MEMBER_SAMPLE), "--dry-run")
    assert not events("import.members").exists()


def test_a_failed_import_is_recorded_as_a_failure(tmp_path, org_a, on_commit):
    path = make_workbook(tmp_path / "bad.xlsx", {"党员": [["姓名", "所在党支部"], ["王五", "不存在的支部"]]})
    with on_commit(), pytest.raises(CommandError):
        call_command("import_members", str(path))
    event = events("import.members").get()
    assert (event.result, event.detail["file"], event.detail["problems"]) == ("failure", "bad.xlsx", 1)


@pytest.mark.urls("tests.accounts.admin_urls")
def test_the_admin_import_is_one_event_with_the_uploader_and_file_name(db, client, on_commit):
    root = UserFactory(username="gw", role=Role.COMMITTEE_STAFF, is_staff=True)
    client.force_login(root)
    upload = {
        "format": "0",
        "resource": "0",
        "import_file": SimpleUploadedFile("组织.xlsx", ORG_SAMPLE.read_bytes()),
    }
    preview = client.post(reverse("admin:accounts_organization_import"), upload)
    form = preview.context["confirm_form"]
    with on_commit():
        client.post(
            reverse("admin:accounts_organization_process_import"),
            {name: form[name].value() for name in form.fields},
        )
    event = events("import.organizations").get()
    assert (event.actor, event.channel, event.rows, event.detail["file"]) == (root, "admin", 15, "组织.xlsx")
    assert not events().filter(action__startswith="admin.").exists()
    assert not events().filter(action__startswith="object.").exists()


def test_the_ledger_import_is_one_event(org_a, org_b, organ_committee, committee_staff, on_commit):
    with on_commit():
        call_command("import_ledger", str(LEDGER_SAMPLE), "--year", "2020", "--user", "staff")
    event = events("import.ledger").get()
    assert (event.actor, event.detail["file"], event.detail["year"]) == (
        committee_staff,
        LEDGER_SAMPLE.name,
        2020,
    )
    assert event.rows > 0 and event.detail["tasks_created"] > 0
    assert not events().filter(action__startswith="object.").exists()
    # The follow-up step writes the assignments in bulk: one event, with the count.
    assert events("assignment.generate").get().rows > 0


def test_the_ledger_page_import_is_one_event_with_the_uploaded_name(
    staff_client, committee_staff, org_a, org_b, organ_committee, settings, tmp_path, on_commit
):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("2020年台账.xlsx", LEDGER_SAMPLE.read_bytes())
    staff_client.post(reverse("ledger_imports:list"), {"year": 2020, "file": upload})
    assert not events("import.ledger").exists()  # the preview imports nothing
    ledger_import = LedgerImport.objects.get()
    with on_commit():
        staff_client.post(reverse("ledger_imports:confirm", args=[ledger_import.pk]), REMOTE_ADDR="10.4.4.4")
    event = events("import.ledger").get()
    assert (event.actor, event.address, event.channel) == (committee_staff, "10.4.4.4", "page")
    assert (event.detail["file"], event.rows) == ("2020年台账.xlsx", 10)
