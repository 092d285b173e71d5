import pytest

from accounts.models import OrgGroupRule
from accounts.services import organization_update
from ledger.imports.responsible import ResponsibleResolver
from tests.factories import UnitFactory, make_org


@pytest.fixture
def resolver(orgs):
    return ResponsibleResolver.load()


@pytest.mark.parametrize(
    "name", ["中共清镇市税务局支部委员会", "市税务局党支部", "市税务局", " 市税务局党支部 "]
)
def test_it_finds_an_org_by_full_name_short_name_or_unit(name, orgs, resolver):
    assert resolver.resolve(name).org_ids == (orgs["a"].pk,)


def test_it_finds_an_org_by_an_alias(orgs):
    organization_update(actor=None, organization=orgs["b"], aliases=["财政局支部"])

    assert ResponsibleResolver.load().resolve("财政局支部").org_ids == (orgs["b"].pk,)


def test_a_unit_name_stands_for_the_units_top_org(orgs, root_org):
    unit = UnitFactory(name="市委办")
    top = make_org(root_org, "中共市委办机关委员会", kind="organ_committee", unit=unit)
    make_org(top, "中共市委办第一支部委员会", unit=unit)

    assert ResponsibleResolver.load().resolve("市委办").org_ids == (top.pk,)


def test_a_group_phrase_becomes_a_responsible_group(resolver, orgs):
    result = resolver.resolve("各基层党支部")

    assert result.group_ids == (OrgGroupRule.objects.get(phrase="各基层党支部").pk,)
    assert result.org_ids == ()


@pytest.mark.parametrize("separator", ["、", "，", ",", ";", "；", " "])
def test_it_splits_several_units_on_every_usual_separator(separator, orgs, resolver):
    result = resolver.resolve(f"市税务局{separator}市财政局党支部{separator}各党组(党委)")

    assert result.org_ids == (orgs["a"].pk, orgs["b"].pk)
    assert result.group_labels == ("各党组(党委)",)


def test_an_unknown_name_is_an_error_listing_the_closest_names(resolver):
    with pytest.raises(ValueError) as caught:
        resolver.resolve("市税物局")

    message = str(caught.value)
    assert "找不到责任单位“市税物局”" in message
    assert "相近的名称：市税务局" in message


def test_an_empty_cell_is_an_error(resolver):
    with pytest.raises(ValueError, match="责任单位为空"):
        resolver.resolve("  ")


def test_a_short_name_shared_by_two_orgs_is_an_error_naming_both(orgs):
    organization_update(actor=None, organization=orgs["b"], short_name="市税务局党支部")

    with pytest.raises(
        ValueError, match="对应多个党组织（中共清镇市税务局支部委员会、中共清镇市财政局支部委员会）"
    ):
        ResponsibleResolver.load().resolve("市税务局党支部")
