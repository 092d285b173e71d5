"""Hostile files against every import path: each is refused with a clear Chinese message and nothing is
written — not a row, not a stored upload.

Import paths: organizations and members (management command and admin), the ledger (command and the
staff page). Evidence uploads: tests/ledger/test_hostile_evidence.py. The light corpus runs in the unit
suite; the full-size zip bomb runs once, on PostgreSQL, with the integration tests.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from accounts.models import Member, Organization, Role
from ledger.models import Assignment, Attachment, Item, LedgerImport, Plan, Record, Task
from tests import hostile
from tests.factories import UserFactory

MODELS = [Organization, Member, Plan, Item, Task, Assignment, LedgerImport, Record, Attachment]
CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")
# The light corpus: small files, each refused before or while reading.
LIGHT = {
    "truncated.xlsx": lambda kind: hostile.truncated_zip(kind),
    "corrupt-entry.xlsx": lambda kind: hostile.corrupt_entry(kind),
    "bad-crc.xlsx": lambda kind: hostile.bad_crc(kind),
    "xxe.xlsx": lambda kind: hostile.xxe(kind),
    "lying-bomb.xlsx": lambda kind: hostile.lying_zip_bomb(8 << 20),
    "setup.exe.xlsx": lambda kind: hostile.EXECUTABLE,
}


def counts() -> list[int]:
    return [model.objects.count() for model in MODELS]


def _command(command: str, path, *args) -> str:
    """The command's refusal and the problems it printed for the operator."""
    printed = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, str(path), *args, stderr=printed)
    return f"{printed.getvalue()}\n{refused.value}"


def refused_by_organization_command(tmp_path, name, data, **_fixtures) -> str:
    (tmp_path / name).write_bytes(data)
    return _command("import_organizations", tmp_path / name)


def refused_by_member_command(tmp_path, name, data, **_fixtures) -> str:
    (tmp_path / name).write_bytes(data)
    return _command("import_members", tmp_path / name)


def refused_by_ledger_command(tmp_path, name, data, **_fixtures) -> str:
    (tmp_path / name).write_bytes(data)
    return _command("import_ledger", tmp_path / name, "--year", "2020")


def refused_by_ledger_page(tmp_path, name, data, staff_client, **_fixtures) -> str:
    response = staff_client.post(
        "/ledger/imports/", {"year": "2020", "file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert response.status_code == 400
    return response.content.decode()


def _admin_upload(url: str, name: str, data: bytes) -> str:
    browser = Client()
    browser.force_login(UserFactory(username="gw_hostile", role=Role.COMMITTEE_STAFF, is_staff=True))
    response = browser.post(
        url, {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(name, data)}, follow=True
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None  # nothing to confirm: refused at the upload
    return response.content.decode()


def refused_by_organization_admin(tmp_path, name, data, **_fixtures) -> str:
    return _admin_upload("/admin/accounts/organization/import/", name, data)


def refused_by_member_admin(tmp_path, name, data, **_fixtures) -> str:
    return _admin_upload("/admin/accounts/member/import/", name, data)


PATHS = {
    "organizations (command)": ("organizations", refused_by_organization_command),
    "members (command)": ("members", refused_by_member_command),
    "ledger (command)": ("ledger", refused_by_ledger_command),
    "ledger (staff page)": ("ledger", refused_by_ledger_page),
    "organizations (admin)": ("organizations", refused_by_organization_admin),
    "members (admin)": ("members", refused_by_member_admin),
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", LIGHT)
def test_every_import_refuses_a_hostile_file_in_chinese_and_writes_nothing(
    db, tmp_path, staff_client, settings, path, name
):
    settings.MEDIA_ROOT = tmp_path / "media"
    kind, refuse = PATHS[path]
    data = LIGHT[name](kind)
    before = counts()
    message = refuse(tmp_path, name, data, staff_client=staff_client)
    assert re.search(r"已损坏|不安全|不是 Excel|非 Excel|超过上限", message), message[:300]
    assert CHINESE.search(message)
    assert "/etc/passwd" not in message and "root:x:" not in message
    assert counts() == before
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.xlsx"))


@override_settings(XLSX_MAX_UNCOMPRESSED_BYTES=4 << 20)
@pytest.mark.parametrize("path", PATHS)
def test_every_import_refuses_a_zip_bomb_before_inflating_it(db, tmp_path, staff_client, path):
    kind, refuse = PATHS[path]
    before = counts()
    message = refuse(tmp_path, "bomb.xlsx", hostile.zip_bomb(8 << 20), staff_client=staff_client)
    assert "解压后" in message and "超过上限" in message
    assert counts() == before


@pytest.mark.integration
@pytest.mark.parametrize("path", ["organizations (command)", "ledger (staff page)"])
def test_a_full_size_zip_bomb_is_refused_at_the_real_limit(db, tmp_path, staff_client, path):
    kind, refuse = PATHS[path]
    before = counts()
    message = refuse(tmp_path, "bomb.xlsx", hostile.zip_bomb(310 << 20), staff_client=staff_client)
    assert "超过上限300MB" in message
    assert counts() == before
