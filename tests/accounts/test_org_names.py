"""One set of rules for naming an org (accounts.names), whoever asks: org and member imports, the ledger."""

import pytest
from django.core.management import call_command

from accounts.imports.common import legacy_import
from accounts.imports.members import MemberResource
from accounts.models import Member, Organization
from accounts.names import OrganizationNames
from accounts.services import organization_update
from ledger.imports.responsible import ResponsibleResolver
from partybuild.legacy_excel import ImportFailed
from tests.accounts.excel_helpers import MEMBER_HEADER, make_workbook
from tests.factories import UnitFactory, make_org

pytestmark = pytest.mark.django_db


def test_a_full_name_wins_over_another_orgs_short_name(org_a, org_b):
    organization_update(actor=None, organization=org_b, short_name=org_a.name)
    names = OrganizationNames.load()

    assert names.resolve(org_a.name, what="党组织") == org_a
    # …in the ledger too, which used to call this ambiguous.
    assert ResponsibleResolver.load().resolve(org_a.name).org_ids == (org_a.pk,)


def test_a_retired_orgs_name_kept_as_another_orgs_alias_means_that_org(org_a, org_b):
    organization_update(actor=None, organization=org_b, is_active=False)
    organization_update(actor=None, organization=org_a, aliases=[org_b.name])

    assert OrganizationNames.load().resolve(org_b.name, what="党组织") == org_a
    assert ResponsibleResolver.load().resolve(org_b.name).org_ids == (org_a.pk,)


def test_a_retired_orgs_name_nobody_took_over_is_still_refused_as_retired(org_a, org_b):
    organization_update(actor=None, organization=org_b, is_active=False)

    with pytest.raises(ValueError, match="已撤销"):
        OrganizationNames.load().resolve(org_b.name, what="党组织")


def test_a_short_name_two_orgs_share_is_ambiguous_everywhere(tmp_path, org_a, org_b, capsys):
    organization_update(actor=None, organization=org_b, short_name=org_a.short_name)

    with pytest.raises(ValueError, match="对应多个党组织"):
        OrganizationNames.load().resolve(org_a.short_name, what="党组织")
    # The member import used to put the member in whichever org came first in the tree.
    row = [1, "李四", "男", "1980-01-01", "2001-07-01", org_a.short_name, "在职党员", None]
    path = make_workbook(tmp_path / "m.xlsx", {"花名册": [MEMBER_HEADER, row]})
    with pytest.raises(ImportFailed) as caught:
        legacy_import(MemberResource(), path)
    assert "对应多个党组织" in caught.value.problems[0].message
    assert Member.objects.count() == 0


def test_a_unit_name_stands_for_the_units_top_org_in_the_member_import_too(tmp_path, root_org):
    unit = UnitFactory(name="市委办")
    top = make_org(root_org, "中共市委办机关委员会", kind="organ_committee", unit=unit)
    make_org(top, "中共市委办第一支部委员会", unit=unit)
    row = [1, "李四", "男", "1980-01-01", "2001-07-01", "市委办", "在职党员", None]

    legacy_import(MemberResource(), make_workbook(tmp_path / "m.xlsx", {"花名册": [MEMBER_HEADER, row]}))

    assert Member.objects.get(name="李四").organization == top
    assert ResponsibleResolver.load().resolve("市委办").org_ids == (top.pk,)


def test_names_are_compared_without_spaces_or_full_width_letters(org_a):
    names = OrganizationNames.load()

    assert names.find(" 市税务局 党支部 ") == org_a
    assert names.find("中共清镇市税务局支部委员会") == org_a


def test_a_retired_org_is_named_as_retired_not_unknown(org_a):
    organization_update(actor=None, organization=org_a, is_active=False)
    names = OrganizationNames.load()

    with pytest.raises(ValueError, match="已撤销"):
        names.resolve("市税务局党支部", what="所在党支部")
    assert names.resolve("市税务局党支部", what="上级党组织", active_only=False) == org_a


def test_an_unknown_name_offers_each_close_org_once_with_its_full_name(org_a, org_b):
    with pytest.raises(ValueError) as caught:
        OrganizationNames.load().resolve("市税物局", what="责任单位", fix="，或先添加")

    message = str(caught.value)
    assert message.startswith("找不到责任单位“市税物局”（相近的名称：市税务局（中共清镇市税务局支部委员会）")
    assert message.count("中共清镇市税务局支部委员会") == 1
    assert message.endswith("请填写系统中已有党组织的全称、简称、别名或单位名称，或先添加")


def test_the_org_import_finds_a_parent_by_its_unit_name(tmp_path, root_org):
    unit = UnitFactory(name="市委办")
    make_org(root_org, "中共市委办机关委员会", kind="organ_committee", unit=unit)
    header = ["党组织名称", "上级党组织", "组织类别"]
    path = make_workbook(
        tmp_path / "o.xlsx", {"表": [header, ["中共市委办第二支部委员会", "市委办", "党支部"]]}
    )

    call_command("import_organizations", str(path))

    child = Organization.objects.get(name="中共市委办第二支部委员会")
    assert Organization.objects.get(path=child.path[: -Organization.steplen]).name == "中共市委办机关委员会"
