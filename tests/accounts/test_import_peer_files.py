"""Files from a peer system (owip), taken as they are: its org list, its branch list and its roster.

The samples are in tests/fixtures/ (written by tests/fixtures/make_peer_samples.py).
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accounts.imports.common import legacy_import
from accounts.imports.members import MemberResource
from accounts.imports.organizations import OrganizationResource
from accounts.models import Member, Organization, OrgKind, PartyStanding
from partybuild.legacy_excel import ImportFailed
from tests.accounts.excel_helpers import ORG_HEADER, SAMPLES, make_workbook
from tests.fixtures.make_peer_samples import MEMBERS, write_members

pytestmark = pytest.mark.django_db

PEER_ORGS = SAMPLES / "peer_organizations.xlsx"
PEER_BRANCHES = SAMPLES / "peer_branches.xlsx"
PEER_MEMBERS = SAMPLES / "peer_members.xlsx"


def parent_of(org: Organization) -> Organization:
    return Organization.objects.get(path=org.path[: -Organization.steplen])


def test_an_org_list_without_a_parent_column_hangs_its_orgs_under_the_committee(root_org, capsys):
    call_command("import_organizations", str(PEER_ORGS))

    chemistry = Organization.objects.get(name="中共化学学院委员会")
    assert parent_of(chemistry) == root_org
    assert (chemistry.kind, chemistry.short_name, chemistry.code) == (
        OrgKind.ORGAN_COMMITTEE,
        "化学学院党委",
        "001",
    )
    assert chemistry.founded_on == date(1969, 1, 1)
    direct = Organization.objects.get(name="中共后勤集团直属党支部委员会")
    assert (parent_of(direct), direct.kind) == (root_org, OrgKind.BRANCH)
    assert "新增 3、更新 0、未变 0" in capsys.readouterr().out


def test_the_parent_given_on_the_command_line_takes_the_orgs_without_one(root_org, organ_committee, capsys):
    call_command("import_organizations", str(PEER_ORGS), "--parent", organ_committee.short_name)

    for name in ("中共化学学院委员会", "中共物理学院委员会", "中共后勤集团直属党支部委员会"):
        assert parent_of(Organization.objects.get(name=name)) == organ_committee


def test_an_unknown_parent_on_the_command_line_is_refused_before_anything_is_read(root_org):
    with pytest.raises(CommandError, match="找不到上级党组织“化学学院”"):
        call_command("import_organizations", str(PEER_ORGS), "--parent", "化学学院")
    assert Organization.objects.count() == 1


def test_without_a_committee_to_hang_them_under_the_user_is_asked_for_a_parent(db):
    with pytest.raises(ImportFailed) as caught:
        legacy_import(OrganizationResource(), PEER_ORGS)
    assert "系统中也没有唯一的工委可作为上级" in str(caught.value.problems[0])
    assert "--parent" in str(caught.value.problems[0])
    assert Organization.objects.count() == 0


def test_an_empty_parent_cell_in_a_file_that_has_the_column_goes_under_the_given_parent(
    tmp_path, root_org, org_a
):
    path = make_workbook(tmp_path / "o.xlsx", {"表": [ORG_HEADER, [1, "中共壬局支部委员会", None, "党支部"]]})
    legacy_import(OrganizationResource(parent=org_a), path)
    assert parent_of(Organization.objects.get(name="中共壬局支部委员会")) == org_a


def test_a_branch_list_headed_branch_name_needs_no_category_column(root_org):
    call_command("import_organizations", str(PEER_ORGS))

    call_command("import_organizations", str(PEER_BRANCHES))

    first = Organization.objects.get(name="中共化学学院教工第一支部委员会")
    assert (first.kind, parent_of(first).name) == (OrgKind.BRANCH, "中共化学学院委员会")
    graduate = Organization.objects.get(name="中共化学学院研究生支部委员会")
    assert parent_of(graduate).name == "中共化学学院委员会"
    assert parent_of(Organization.objects.get(short_name="物理教工支部")).name == "中共物理学院委员会"


def test_a_branch_list_naming_an_unknown_parent_names_it(root_org, capsys):
    with pytest.raises(CommandError):
        call_command("import_organizations", str(PEER_BRANCHES))  # the 二级党委 were never imported
    err = capsys.readouterr().err
    assert "党支部/第2行/所属分党委: 找不到上级党组织“化学学院党委”" in err
    assert Organization.objects.count() == 1


def test_a_list_without_a_category_column_and_not_of_branches_is_still_refused(tmp_path, root_org):
    path = make_workbook(
        tmp_path / "o.xlsx", {"表": [["名称", "所属分党委"], ["中共甲局委员会", "市直机关工委"]]}
    )
    with pytest.raises(ImportFailed) as caught:
        legacy_import(OrganizationResource(), path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row) == ("表", 1)
    assert "缺少必需的列“组织类别”" in problem.message and "党支部名称" in problem.message


@pytest.fixture
def peer_tree(root_org):
    call_command("import_organizations", str(PEER_ORGS))
    call_command("import_organizations", str(PEER_BRANCHES))


def test_a_roster_with_the_templates_instruction_note_imports_only_the_members(peer_tree, capsys):
    call_command("import_members", str(PEER_MEMBERS))

    assert sorted(Member.objects.values_list("name", flat=True)) == ["刘晓雨", "王建国", "赵强", "陈立"]
    assert not Member.objects.filter(name__startswith="注意").exists()
    assert "新增 4、更新 0、未变 0" in capsys.readouterr().out
    wang = Member.objects.get(name="王建国")
    assert (wang.staff_no, wang.organization.name) == ("T2001", "中共化学学院教工第一支部委员会")
    assert (wang.joined_on, wang.full_member_on, wang.party_post) == (
        date(1995, 6, 1),
        date(1996, 6, 1),
        "支部书记",
    )
    assert Member.objects.get(name="刘晓雨").standing == PartyStanding.PROBATIONARY


def test_a_member_of_a_direct_branch_is_placed_by_its_column_of_the_upper_org(peer_tree):
    call_command("import_members", str(PEER_MEMBERS))

    assert Member.objects.get(name="赵强").organization.name == "中共后勤集团直属党支部委员会"


def test_an_unknown_branch_in_a_peer_roster_is_an_error_naming_it(peer_tree, tmp_path, capsys):
    rows = [*MEMBERS, [6, "T2003", "孙悦", "001", "化学学院党委", "00109", "化学教工九支部", "正式党员"]]
    path = write_members(tmp_path / "roster.xlsx", rows=rows)

    with pytest.raises(CommandError, match="共1处问题"):
        call_command("import_members", str(path))

    assert "党员信息/第7行/所在党支部: 找不到党组织“化学教工九支部”" in capsys.readouterr().err
    assert Member.objects.count() == 0


def test_a_branch_name_two_upper_orgs_share_is_told_apart_by_the_upper_org(peer_tree, tmp_path):
    chemistry = Organization.objects.get(name="中共化学学院委员会")
    physics = Organization.objects.get(name="中共物理学院委员会")
    for upper, name in ((chemistry, "中共化学学院退休支部委员会"), (physics, "中共物理学院退休支部委员会")):
        Organization.objects.add_child(
            upper, instance=Organization(name=name, short_name="退休支部", kind="branch")
        )
    rows = [[2, "R1", "钱老", "002", "物理学院党委", "00209", "退休支部", "正式党员"]]

    legacy_import(MemberResource(), write_members(tmp_path / "roster.xlsx", rows=rows))

    assert Member.objects.get(name="钱老").organization.name == "中共物理学院退休支部委员会"


# ------------------------------------------------------------------ the admin's upload form


@pytest.fixture
def admin_client(client, committee_staff):
    committee_staff.is_staff = True
    committee_staff.save(update_fields=["is_staff"])
    client.force_login(committee_staff)
    return client


def _upload(client, path, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(path.name, path.read_bytes())}
    return client.post(reverse("admin:accounts_organization_import"), {**data, **extra})


@pytest.mark.urls("tests.accounts.admin_urls")
def test_the_admin_import_takes_a_parent_for_the_orgs_the_file_leaves_without_one(
    admin_client, organ_committee
):
    from django.urls import reverse

    response = _upload(admin_client, PEER_ORGS, parent=organ_committee.short_name)
    assert response.status_code == 200
    form = response.context["confirm_form"]
    assert form is not None and form["parent"].value() == organ_committee.name
    assert not Organization.objects.filter(name="中共化学学院委员会").exists()  # a preview only

    data = {name: form[name].value() for name in form.fields}
    admin_client.post(reverse("admin:accounts_organization_process_import"), data)

    assert parent_of(Organization.objects.get(name="中共化学学院委员会")) == organ_committee


@pytest.mark.urls("tests.accounts.admin_urls")
def test_the_admin_import_names_a_parent_it_cannot_find(admin_client, root_org):
    response = _upload(admin_client, PEER_ORGS, parent="化学学院")
    assert not response.context.get("confirm_form")
    assert "找不到上级党组织“化学学院”" in response.content.decode()
