"""Member writes follow one set of rules whether one member is added on a form or a roster is imported."""

import pytest

from accounts.imports.common import legacy_import, resource_dataset
from accounts.imports.members import MemberResource
from accounts.models import Member, MemberStatus
from accounts.services import (
    MEMBER_FIELDS,
    MEMBER_STORED_FIELDS,
    id_number_read,
    member_create,
    members_import,
)
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.legacy_excel import ImportFailed
from tests.accounts.excel_helpers import MEMBER_HEADER, make_workbook

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"
BAD_CHECK_DIGIT = "110105194912310021"


def legacy_dataset(path):
    return resource_dataset(MemberResource, path)


def roster(tmp_path, org, id_number=None):
    row = [1, "李四", "男", "1980-01-01", "2001-07-01", org.name, "在职党员", id_number]
    return make_workbook(tmp_path / "m.xlsx", {"花名册": [MEMBER_HEADER, row]})


def test_the_import_writes_as_the_user_who_imports_and_is_refused_another_orgs_roster(
    tmp_path, org_a, org_b, secretary_a
):
    # A secretary may change their own org's members only: the roster writer asks authz as the form does.
    result = MemberResource().import_data(
        legacy_dataset(roster(tmp_path, org_b)), dry_run=False, user=secretary_a, raise_errors=False
    )

    assert result.has_errors()
    assert "只有工委干部和本组织书记可以新增或修改本组织的党员信息" in str(
        result.base_errors + result.row_errors()
    )
    assert Member.objects.count() == 0


def test_the_import_by_a_secretary_of_their_own_org_is_written(tmp_path, org_a, secretary_a):
    result = MemberResource().import_data(
        legacy_dataset(roster(tmp_path, org_a)), dry_run=False, user=secretary_a, raise_errors=False
    )

    assert not result.has_errors()
    assert Member.objects.get().organization == org_a
    assert Member.history.get().history_type == "+"


def test_one_reading_of_an_id_number_serves_forms_and_imports(tmp_path, org_a):
    member_create(actor=None, organization=org_a, name="王五", id_number=VALID_ID)
    with pytest.raises(DomainError, match="校验位不正确"):
        member_create(actor=None, organization=org_a, name="赵六", id_number=BAD_CHECK_DIGIT)

    report = legacy_import(MemberResource(), roster(tmp_path, org_a, BAD_CHECK_DIGIT))

    # The roster is taken as it is, the doubt listed; both are kept masked and hashed the same way.
    assert report.new == 1 and "校验位不正确" in str(report.warnings[0])
    stored = dict(Member.objects.values_list("name", "id_number_hash"))
    assert stored == {
        "王五": id_number_read(VALID_ID).digest,
        "李四": id_number_read(BAD_CHECK_DIGIT, strict=False).digest,
    }
    assert set(Member.objects.values_list("id_number_masked", flat=True)) == {"110105************"}


def test_the_bulk_writer_refuses_an_unmasked_id_number(org_a):
    member = Member(organization=org_a, name="钱七", id_number_masked=VALID_ID)

    with pytest.raises(DomainError, match="只能保存脱敏形式"):
        members_import(actor=None, create=[member], update=[])
    assert Member.objects.count() == 0


def test_the_bulk_writer_stores_the_fields_a_member_write_may_change(tmp_path, org_a):
    legacy_import(MemberResource(), roster(tmp_path, org_a))
    member = Member.objects.get()
    member.party_post, member.status = "组织委员", MemberStatus.TRANSFERRED

    members_import(actor=None, create=[], update=[member])

    member.refresh_from_db()
    assert (member.party_post, member.status) == ("组织委员", MemberStatus.TRANSFERRED)
    assert set(MEMBER_FIELDS) < set(MEMBER_STORED_FIELDS)


def test_a_dry_run_of_a_refused_roster_writes_nothing_either(tmp_path, org_b, secretary_a):
    with pytest.raises(ImportFailed):
        legacy_import(MemberResource(), roster(tmp_path, org_b, "12345"), dry_run=True)
    with pytest.raises(PermissionDeniedError):
        members_import(actor=secretary_a, create=[Member(organization=org_b, name="周八")], update=[])
    assert Member.objects.count() == 0
